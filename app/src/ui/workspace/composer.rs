use super::emoji_picker::EmojiButton;
use super::reply_picker::{RepliesButton, ReplyPicker, ReplyPopup};
use super::Live;
use crate::chat::send_reply;
use crate::error::AppError;
use crate::i18n::*;
use crate::ui::error_text::error_text;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The reply box. Enter sends, Shift+Enter starts a new line. The text stays in
/// the box until the server has stored it, so a failure loses nothing.
#[component]
pub fn Composer() -> impl IntoView {
    let i18n = use_i18n();
    let live = expect_context::<Live>();
    let draft = RwSignal::new(String::new());
    let sending = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    // The id of the draft being sent; kept across retries so a retry can't double it.
    let client_id = StoredValue::new(None::<String>);
    let textarea = NodeRef::<leptos::html::Textarea>::new();
    let picker = ReplyPicker::new(textarea);

    let send = move || {
        let Some(conversation_id) = live.selected.get_untracked() else {
            return;
        };
        if sending.get_untracked() {
            return;
        }
        let body = draft.get_untracked();
        if let Err(problem) = protocol::check_body(&body) {
            error.set(Some(AppError::BadMessage(problem)));
            return;
        }
        let id = client_id.get_value().unwrap_or_else(super::new_client_id);
        client_id.set_value(Some(id.clone()));
        sending.set(true);
        spawn_local(async move {
            match send_reply(conversation_id, id, body).await {
                Ok(_) => {
                    draft.set(String::new());
                    client_id.set_value(None);
                    error.set(None);
                    live.last_typing.set_value(0.0);
                    live.conversation.refetch();
                }
                Err(e) => error.set(Some(e)),
            }
            sending.set(false);
        });
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if picker.on_keydown(&ev) {
            return;
        }
        if ev.key() == "Enter" && !ev.shift_key() {
            ev.prevent_default();
            send();
        }
    };
    let on_input = move |ev| {
        draft.set(event_target_value(&ev));
        client_id.set_value(None);
        picker.on_input();
        if let Some(id) = live.selected.get_untracked() {
            live.typing.run(id);
        }
    };
    view! {
        <form class="composer" on:submit=move |ev| { ev.prevent_default(); send(); }>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{error_text(i18n, &e)}</p> })}
            <ReplyPopup picker />
            <textarea
                node_ref=textarea
                on:blur=move |_| picker.on_blur()
                name="body"
                rows="3"
                aria-label=move || t_string!(i18n, reply_placeholder)
                placeholder=move || t_string!(i18n, reply_placeholder)
                prop:value=move || draft.get()
                on:input=on_input
                on:keydown=on_keydown
            ></textarea>
            <span class="composer-tools">
                <EmojiButton textarea />
                <RepliesButton picker />
                <super::attach_button::AttachButton />
            </span>
            <button type="submit" disabled=move || sending.get()>{t!(i18n, send_button)}</button>
        </form>
    }
}
