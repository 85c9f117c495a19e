//! "Write to the customer" (TS 9.4): from a closed conversation, the operator starts a
//! new one with its customer through the customer's channel. When the customer has a
//! conversation open already, the error offers to open it instead.

use super::Live;
use crate::error::AppError;
use crate::i18n::*;
use crate::ui::error_text::error_text;
use crate::workspace::model::OutboundRequest;
use crate::workspace::start_outbound;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

#[component]
pub fn OutboundForm(from_conversation: i64, on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let live = expect_context::<Live>();
    let navigate = use_navigate();
    let body = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let sending = RwSignal::new(false);
    // Kept across retries of the same text, so a retry can't start two conversations.
    let client_id = StoredValue::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sending.get_untracked() {
            return;
        }
        let text = body.get_untracked();
        if let Err(problem) = protocol::check_body(&text) {
            error.set(Some(AppError::BadMessage(problem)));
            return;
        }
        let id = client_id.get_value().unwrap_or_else(super::new_client_id);
        client_id.set_value(Some(id.clone()));
        sending.set(true);
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            let request = OutboundRequest {
                from_conversation,
                client_id: id,
                body: text,
            };
            match start_outbound(request).await {
                Ok(conversation) => {
                    body.set(String::new());
                    client_id.set_value(None);
                    error.set(None);
                    on_done.run(());
                    navigate(&format!("/workspace?c={conversation}"), Default::default());
                    live.snapshot.refetch();
                }
                Err(e) => error.set(Some(e)),
            }
            sending.set(false);
        });
    };
    let open_link = move || match error.get() {
        Some(AppError::CustomerHasOpenConversation { conversation_id }) => Some(view! {
            <a class="open-existing" href=format!("/workspace?c={conversation_id}")>{t!(i18n, open_existing)}</a>
        }),
        _ => None,
    };
    view! {
        <form class="pane-panel outbound-panel" data-testid="outbound-panel" on:submit=submit>
            <label class="field">
                <span>{t!(i18n, outbound_button)}</span>
                <textarea
                    name="body"
                    rows="3"
                    placeholder=move || t_string!(i18n, outbound_placeholder)
                    bind:value=body
                    on:input=move |_| client_id.set_value(None)
                ></textarea>
            </label>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{error_text(i18n, &e)} " " {open_link}</p> })}
            <div class="buttons">
                <button type="submit" disabled=move || sending.get()>{t!(i18n, outbound_send)}</button>
                <button type="button" class="secondary" on:click=move |_| on_done.run(())>{t!(i18n, cancel_button)}</button>
            </div>
        </form>
    }
}
