use super::super::state_switch::state_name;
use super::{optional_number, submit, SaveStatus, Status};
use crate::i18n::*;
use crate::model::OperatorState;
use crate::settings::save_state;
use leptos::prelude::*;

/// Operator states with their recommended durations; custom ones are added (or
/// changed, by code) here.
#[component]
pub fn StatesTable(states: Vec<OperatorState>, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let code = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let receives = RwSignal::new(false);
    let minutes = RwSignal::new(String::new());
    let status: Status = RwSignal::new(None);
    let on_add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let parsed = optional_number(&minutes.get_untracked()).map(|m| {
            (
                code.get_untracked().trim().to_owned(),
                name.get_untracked(),
                receives.get_untracked(),
                m,
            )
        });
        submit(status, parsed, move |(c, n, r, m)| async move {
            save_state(c, n, r, m).await?;
            reload.run(());
            Ok(())
        });
    };
    view! {
        <section aria-labelledby="states-title">
            <h2 id="states-title">{t!(i18n, states_title)}</h2>
            <table class="grid" data-testid="states">
                <thead>
                    <tr>
                        <th>{t!(i18n, col_state)}</th>
                        <th>{t!(i18n, col_code)}</th>
                        <th>{t!(i18n, col_receives_chats)}</th>
                        <th>{t!(i18n, col_recommended)}</th>
                    </tr>
                </thead>
                <tbody>
                    {states
                        .into_iter()
                        .map(|s| {
                            let receives = s.receives_chats;
                            let minutes = s.recommended_minutes.map(|m| m.to_string()).unwrap_or_else(|| "—".into());
                            let code = s.code.clone();
                            view! {
                                <tr>
                                    <td>{move || state_name(i18n, &s)}</td>
                                    <td><code>{code}</code></td>
                                    <td>{move || if receives { t_string!(i18n, yes) } else { t_string!(i18n, no) }}</td>
                                    <td>{minutes}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
            <form class="settings-form inline" on:submit=on_add>
                <label>{t!(i18n, col_code)}<input type="text" maxlength="40" bind:value=code /></label>
                <label>{t!(i18n, col_name)}<input type="text" maxlength="100" bind:value=name /></label>
                <label class="check"><input type="checkbox" bind:checked=receives />{t!(i18n, col_receives_chats)}</label>
                <label>{t!(i18n, col_recommended)}<input type="number" min="0" max="1440" bind:value=minutes /></label>
                <button type="submit">{t!(i18n, save_state)}</button>
                <SaveStatus status />
            </form>
        </section>
    }
}
