use super::Rights;
use crate::error::AppError;
use crate::i18n::*;
use crate::replies::model::{CannedReply, DraftProblem, ReplyDraft, MAX_TITLE_CHARS};
use crate::replies::{create_reply, update_reply};
use crate::ui::error_text::error_text;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Why the last save failed: a problem found before sending, or the server's answer.
#[derive(Clone, Debug, PartialEq)]
enum Failure {
    Draft(DraftProblem),
    Server(AppError),
}

/// Adds a reply (`initial` none) or edits one. On a failure the form keeps what was typed.
#[component]
pub fn ReplyForm(
    initial: Option<CannedReply>,
    rights: Rights,
    /// After a successful save.
    on_saved: Callback<()>,
    /// Shown as a "Cancel" button when given (editing).
    on_cancel: Option<Callback<()>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = initial.as_ref().map(|r| r.id);
    let title = RwSignal::new(initial.as_ref().map(|r| r.title.clone()).unwrap_or_default());
    let body = RwSignal::new(initial.as_ref().map(|r| r.body.clone()).unwrap_or_default());
    // Someone who may only write shared replies (a supervisor) writes shared ones.
    let shared = RwSignal::new(initial.as_ref().map_or(!rights.own, |r| r.shared));
    let failure = RwSignal::new(None::<Failure>);
    let saving = RwSignal::new(false);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let draft = ReplyDraft {
            title: title.get_untracked(),
            body: body.get_untracked(),
            shared: shared.get_untracked(),
        };
        if let Err(problem) = draft.check() {
            failure.set(Some(Failure::Draft(problem)));
            return;
        }
        saving.set(true);
        spawn_local(async move {
            let ReplyDraft {
                title: t,
                body: b,
                shared: s,
            } = draft;
            let result = match id {
                Some(id) => update_reply(id, t, b, s).await,
                None => create_reply(t, b, s).await,
            };
            saving.set(false);
            match result {
                Ok(_) => {
                    failure.set(None);
                    if id.is_none() {
                        title.set(String::new());
                        body.set(String::new());
                    }
                    on_saved.run(());
                }
                Err(e) => failure.set(Some(Failure::Server(e))),
            }
        });
    };
    let message = move || {
        failure.get().map(|f| {
            let text = match f {
                Failure::Draft(DraftProblem::TitleMissing) => {
                    t_string!(i18n, replies_err_title_missing).to_string()
                }
                Failure::Draft(DraftProblem::TitleTooLong) => {
                    t_string!(i18n, replies_err_title_too_long).to_string()
                }
                Failure::Draft(DraftProblem::BodyMissing) => {
                    t_string!(i18n, replies_err_body_missing).to_string()
                }
                Failure::Draft(DraftProblem::BodyTooLong) => {
                    t_string!(i18n, replies_err_body_too_long).to_string()
                }
                Failure::Server(AppError::Duplicate) => t_string!(i18n, replies_err_duplicate).to_string(),
                Failure::Server(e) => error_text(i18n, &e),
            };
            view! { <p class="error" role="alert">{text}</p> }
        })
    };
    // Only someone who may write both kinds chooses.
    let chooses = rights.own && rights.share;
    view! {
        <form class="reply-form" on:submit=on_submit>
            <label>
                <span>{t!(i18n, replies_field_title)}</span>
                <input type="text" name="title" maxlength=MAX_TITLE_CHARS.to_string() bind:value=title />
            </label>
            <label>
                <span>{t!(i18n, replies_field_body)}</span>
                <textarea name="body" rows="4" bind:value=body></textarea>
            </label>
            <Show when=move || chooses>
                <label class="check">
                    <input type="checkbox" name="shared" bind:checked=shared />
                    {t!(i18n, replies_field_shared)}
                </label>
            </Show>
            {message}
            <div class="form-actions">
                <button type="submit" disabled=move || saving.get()>
                    {move || if id.is_some() { t_string!(i18n, save_button) } else { t_string!(i18n, replies_add) }}
                </button>
                {on_cancel.map(|cancel| view! {
                    <button type="button" class="secondary" on:click=move |_| cancel.run(())>{t!(i18n, replies_cancel)}</button>
                })}
            </div>
        </form>
    }
}
