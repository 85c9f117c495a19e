use super::reply_form::ReplyForm;
use super::Rights;
use crate::error::AppError;
use crate::i18n::*;
use crate::replies::delete_reply;
use crate::replies::model::CannedReply;
use crate::ui::error_text::error_text;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// One reply: title, text, who changed it last; edited in place, deleted after a confirmation.
#[component]
pub fn ReplyItem(
    reply: CannedReply,
    /// The user may change this one.
    editable: bool,
    rights: Rights,
    /// The user's UTC offset, for the time of the last change.
    offset: i32,
    reload: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let editing = RwSignal::new(false);
    let confirming = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let id = reply.id;
    let on_delete = move |_| {
        spawn_local(async move {
            match delete_reply(id).await {
                Ok(()) => reload.run(()),
                Err(e) => {
                    confirming.set(false);
                    error.set(Some(e));
                }
            }
        });
    };
    let saved = Callback::new(move |()| {
        editing.set(false);
        reload.run(());
    });
    let changed = format!(
        "{}{}",
        crate::time::date_time(&reply.updated_at, offset),
        reply
            .updated_by
            .as_deref()
            .map(|who| format!(" · {who}"))
            .unwrap_or_default()
    );
    let shown = reply.clone();
    view! {
        <li class="reply-item" data-reply-id=id>
            <Show
                when=move || editing.get()
                fallback=move || {
                    let r = shown.clone();
                    let changed = changed.clone();
                    view! {
                        <div class="reply-head">
                            <strong class="reply-title">{r.title.clone()}</strong>
                            <span class="meta">{t!(i18n, replies_changed)} " " {changed}</span>
                        </div>
                        // Text only: never parsed as HTML.
                        <p class="reply-text">{r.body.clone()}</p>
                        {move || error.get().map(|e| view! { <p class="error" role="alert">{error_text(i18n, &e)}</p> })}
                        <Show when=move || editable>
                            <div class="actions">
                                <Show
                                    when=move || confirming.get()
                                    fallback=move || view! {
                                        <button type="button" class="secondary" on:click=move |_| { error.set(None); editing.set(true) }>
                                            {t!(i18n, replies_edit)}
                                        </button>
                                        <button type="button" class="danger" on:click=move |_| confirming.set(true)>
                                            {t!(i18n, delete_button)}
                                        </button>
                                    }
                                >
                                    <span class="confirm" role="alert">{t!(i18n, replies_confirm_delete)}</span>
                                    <button type="button" class="danger" on:click=on_delete>{t!(i18n, replies_confirm_yes)}</button>
                                    <button type="button" class="secondary" on:click=move |_| confirming.set(false)>
                                        {t!(i18n, replies_cancel)}
                                    </button>
                                </Show>
                            </div>
                        </Show>
                    }
                }
            >
                <ReplyForm
                    initial=Some(reply.clone())
                    rights
                    on_saved=saved
                    on_cancel=Some(Callback::new(move |()| editing.set(false)))
                />
            </Show>
        </li>
    }
}
