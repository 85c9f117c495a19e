//! Transfer to another operator (on shift, speaking the language, with room) or to a
//! group (back to the queue for it), with an internal note only staff see. The form
//! keeps what was typed when the server refuses.

use super::Live;
use crate::error::AppError;
use crate::i18n::*;
use crate::ui::error_text::error_text;
use crate::ui::state_switch::state_name;
use crate::workspace::model::{TransferRequest, TransferTo, MAX_NOTE_CHARS};
use crate::workspace::{transfer_conversation, transfer_options};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

#[component]
pub fn TransferPanel(conversation_id: i64, on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let live = expect_context::<Live>();
    let options = Resource::new(move || conversation_id, transfer_options);
    let to_group = RwSignal::new(false);
    let operator = RwSignal::new(String::new());
    let group = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let sending = RwSignal::new(false);
    let navigate = use_navigate();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let chosen = if to_group.get_untracked() { group } else { operator };
        let Ok(target) = chosen.get_untracked().parse::<i64>() else {
            error.set(Some(AppError::Invalid));
            return;
        };
        let text = note.get_untracked();
        let request = TransferRequest {
            conversation_id,
            to: if to_group.get_untracked() {
                TransferTo::Group(target)
            } else {
                TransferTo::Operator(target)
            },
            note: (!text.trim().is_empty()).then_some(text),
        };
        sending.set(true);
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match transfer_conversation(request).await {
                Ok(()) => {
                    error.set(None);
                    on_done.run(());
                    // It has left the operator's hands: back to the list.
                    navigate("/workspace", Default::default());
                    live.reload();
                }
                Err(e) => {
                    error.set(Some(e));
                    options.refetch();
                }
            }
            sending.set(false);
        });
    };
    view! {
        <form class="pane-panel transfer-panel" data-testid="transfer-panel" on:submit=submit>
            <h3>{t!(i18n, transfer_title)}</h3>
            <fieldset class="choice">
                <label>
                    <input type="radio" name="transfer_to" checked=move || !to_group.get() on:change=move |_| to_group.set(false) />
                    {t!(i18n, transfer_to_operator)}
                </label>
                <label>
                    <input type="radio" name="transfer_to" checked=move || to_group.get() on:change=move |_| to_group.set(true) />
                    {t!(i18n, transfer_to_group)}
                </label>
            </fieldset>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match options.await {
                        Err(e) => view! { <p class="error" role="alert">{error_text(i18n, &e)}</p> }.into_any(),
                        Ok(o) => {
                            let no_operators = o.operators.is_empty();
                            let no_groups = o.groups.is_empty();
                            let operators = o.operators.into_iter().map(|t| {
                                let full = t.is_full();
                                let label = format!(
                                    "{} — {} · {}/{} · {}{}",
                                    t.display_name,
                                    state_name(i18n, &t.state),
                                    t.load,
                                    t.capacity,
                                    t.languages.join(", "),
                                    if full { format!(" · {}", t_string!(i18n, transfer_full)) } else { String::new() },
                                );
                                view! { <option value=t.id.to_string() disabled=full>{label}</option> }
                            }).collect_view();
                            let groups = o.groups.into_iter().map(|g| view! {
                                <option value=g.id.to_string()>{g.name}</option>
                            }).collect_view();
                            view! {
                                <label class="field" class:hidden=move || to_group.get()>
                                    <span>{t!(i18n, transfer_operator_label)}</span>
                                    <select name="operator" bind:value=operator>
                                        <option value="">"—"</option>
                                        {operators}
                                    </select>
                                </label>
                                <Show when=move || no_operators && !to_group.get()>
                                    <p class="hint">{t!(i18n, transfer_no_operators)}</p>
                                </Show>
                                <label class="field" class:hidden=move || !to_group.get()>
                                    <span>{t!(i18n, transfer_group_label)}</span>
                                    <select name="group" bind:value=group>
                                        <option value="">"—"</option>
                                        {groups}
                                    </select>
                                </label>
                                <Show when=move || no_groups && to_group.get()>
                                    <p class="hint">{t!(i18n, transfer_no_groups)}</p>
                                </Show>
                            }
                            .into_any()
                        }
                    }
                })}
            </Suspense>
            <label class="field">
                <span>{t!(i18n, transfer_note_label)}</span>
                <textarea name="note" rows="2" maxlength=MAX_NOTE_CHARS.to_string() bind:value=note></textarea>
            </label>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{error_text(i18n, &e)}</p> })}
            <div class="buttons">
                <button type="submit" disabled=move || sending.get()>{t!(i18n, transfer_button)}</button>
                <button type="button" class="secondary" on:click=move |_| on_done.run(())>{t!(i18n, cancel_button)}</button>
            </div>
        </form>
    }
}
