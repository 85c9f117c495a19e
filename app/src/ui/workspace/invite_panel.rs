//! A supervisor invites another employee (an expert) into the open conversation: the
//! expert finds it in their list, reads it live and writes internal notes; the customer
//! never learns of it.

use crate::assistant::{expert_candidates, invite_expert};
use crate::error::AppError;
use crate::i18n::*;
use crate::ui::error_text::error_text;
use leptos::prelude::*;

#[component]
pub fn InvitePanel(conversation_id: i64, on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let live = expect_context::<super::Live>();
    let candidates = LocalResource::new(move || expert_candidates(conversation_id));
    let chosen = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(user_id) = chosen.get_untracked().parse::<i64>() else {
            error.set(Some(AppError::Invalid));
            return;
        };
        leptos::task::spawn_local(async move {
            match invite_expert(conversation_id, user_id).await {
                Ok(()) => {
                    error.set(None);
                    on_done.run(());
                    live.conversation.refetch();
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <form class="pane-panel invite-panel" data-testid="invite-panel" on:submit=submit>
            <h3>{t!(i18n, invite_title)}</h3>
            <p class="hint">{t!(i18n, invite_hint)}</p>
            <label>
                {t!(i18n, invite_employee)}
                <select aria-label=move || t_string!(i18n, invite_employee) on:change=move |ev| chosen.set(event_target_value(&ev)) prop:value=move || chosen.get()>
                    <option value="">"—"</option>
                    {move || {
                        candidates
                            .get()
                            .and_then(Result::ok)
                            .unwrap_or_default()
                            .into_iter()
                            .map(|c| view! { <option value=c.id.to_string()>{c.name}</option> })
                            .collect_view()
                    }}
                </select>
            </label>
            <div class="buttons">
                <button type="submit">{t!(i18n, invite_button)}</button>
                <button type="button" class="secondary" on:click=move |_| on_done.run(())>{t!(i18n, cancel_button)}</button>
            </div>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{error_text(i18n, &e)}</p> })}
        </form>
    }
}
