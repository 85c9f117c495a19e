use crate::customer_card::add_customer_note;
use crate::customer_card::model::{CustomerNote, NOTE_MAX};
use crate::error::AppError;
use crate::i18n::*;
use crate::ui::error_text::error_text;
use leptos::prelude::*;

/// Notes about the customer, newest first, and a box to add one.
#[component]
pub fn Notes(customer_id: i64, notes: Vec<CustomerNote>, offset: i32) -> impl IntoView {
    let i18n = use_i18n();
    let list = RwSignal::new(notes);
    let draft = RwSignal::new(String::new());
    let failed = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = draft.get_untracked();
        if body.trim().is_empty() {
            failed.set(Some(AppError::Invalid));
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            match add_customer_note(customer_id, body).await {
                Ok(note) => {
                    list.update(|l| l.insert(0, note));
                    draft.set(String::new());
                    failed.set(None);
                }
                // The draft stays for another try.
                Err(e) => failed.set(Some(e)),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="card-section" aria-labelledby="card-notes-title">
            <h4 id="card-notes-title">{t!(i18n, card_notes)}</h4>
            <form class="card-form" on:submit=on_submit>
                <textarea
                    rows="2"
                    maxlength={NOTE_MAX.to_string()}
                    aria-label=move || t_string!(i18n, card_note_placeholder)
                    placeholder=move || t_string!(i18n, card_note_placeholder)
                    bind:value=draft
                ></textarea>
                {move || failed.get().map(|e| view! { <p class="error" role="alert">{error_text(i18n, &e)}</p> })}
                <button type="submit" disabled=move || busy.get()>{t!(i18n, card_add_note)}</button>
            </form>
            <Show when=move || list.with(Vec::is_empty)>
                <p class="empty">{t!(i18n, card_notes_empty)}</p>
            </Show>
            <ul class="notes" data-testid="card-notes">
                <For each=move || list.get() key=|n| n.id let:note>
                    <li class="note">
                        <p class="body">{note.body.clone()}</p>
                        <span class="meta">
                            {note.author.clone().unwrap_or_default()} " · "
                            <time>{crate::time::date_time(&note.created_at, offset)}</time>
                        </span>
                    </li>
                </For>
            </ul>
        </section>
    }
}
