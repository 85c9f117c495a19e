//! Internal notes on the open conversation (TS 9.7): a supervisor, its operator or an
//! invited expert writes; staff see the note among the messages; the customer never
//! learns of it (no message, no typing notice). What was typed stays when refused.

use super::Live;
use crate::assistant::add_internal_note;
use crate::error::AppError;
use crate::i18n::*;
use crate::ui::error_text::error_text;
use crate::workspace::model::MAX_NOTE_CHARS;
use leptos::prelude::*;

#[component]
pub fn InternalNoteForm(conversation_id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let live = expect_context::<Live>();
    let note = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let sending = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = note.get_untracked();
        if text.trim().is_empty() || text.chars().count() > MAX_NOTE_CHARS {
            error.set(Some(AppError::Invalid));
            return;
        }
        sending.set(true);
        leptos::task::spawn_local(async move {
            match add_internal_note(conversation_id, text).await {
                Ok(()) => {
                    note.set(String::new());
                    error.set(None);
                    live.conversation.refetch();
                }
                Err(e) => error.set(Some(e)),
            }
            sending.set(false);
        });
    };
    view! {
        <form class="internal-note-form" data-testid="internal-note-form" on:submit=submit>
            <label>
                <span>{t!(i18n, internal_note_label)}</span>
                <textarea
                    name="note"
                    rows="2"
                    maxlength=MAX_NOTE_CHARS.to_string()
                    prop:value=move || note.get()
                    on:input=move |ev| note.set(event_target_value(&ev))
                ></textarea>
            </label>
            <button type="submit" disabled=move || sending.get()>{t!(i18n, internal_note_button)}</button>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{error_text(i18n, &e)}</p> })}
        </form>
    }
}
