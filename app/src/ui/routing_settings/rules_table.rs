use super::{number, submit, SaveStatus, Status};
use crate::i18n::*;
use crate::model::PriorityRule;
use crate::settings::{delete_rule, save_rule};
use leptos::prelude::*;

/// Attribute rules: a conversation whose attribute has the value gains the weight.
#[component]
pub fn RulesTable(rules: Vec<PriorityRule>, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let attribute = RwSignal::new(String::new());
    let value = RwSignal::new(String::new());
    let weight = RwSignal::new("0".to_owned());
    let added: Status = RwSignal::new(None);
    let on_add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let parsed = number(&weight.get_untracked()).map(|w| {
            (
                attribute.get_untracked().trim().to_owned(),
                value.get_untracked(),
                w,
            )
        });
        submit(added, parsed, move |(a, v, w)| async move {
            save_rule(a, v, w).await?;
            reload.run(());
            Ok(())
        });
    };
    let empty = rules.is_empty();
    view! {
        <section aria-labelledby="rules-title">
            <h2 id="rules-title">{t!(i18n, rules_title)}</h2>
            <p class="hint">{t!(i18n, rules_hint)}</p>
            <table class="grid" data-testid="rules">
                <thead>
                    <tr>
                        <th>{t!(i18n, col_attribute)}</th>
                        <th>{t!(i18n, col_value)}</th>
                        <th>{t!(i18n, col_weight)}</th>
                        <th></th>
                    </tr>
                </thead>
                <tbody>
                    {rules
                        .into_iter()
                        .map(|r| {
                            let status: Status = RwSignal::new(None);
                            let id = r.id;
                            let on_delete = move |_| {
                                submit(status, Some(id), move |id| async move {
                                    delete_rule(id).await?;
                                    reload.run(());
                                    Ok(())
                                });
                            };
                            view! {
                                <tr>
                                    <td><code>{r.attribute}</code></td>
                                    <td>{r.value}</td>
                                    <td>{r.weight}</td>
                                    <td>
                                        <button type="button" on:click=on_delete>{t!(i18n, delete_button)}</button>
                                        <SaveStatus status />
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
            <Show when=move || empty>
                <p class="empty">{t!(i18n, rules_empty)}</p>
            </Show>
            <form class="settings-form inline" on:submit=on_add>
                <label>{t!(i18n, col_attribute)}<input type="text" maxlength="40" bind:value=attribute /></label>
                <label>{t!(i18n, col_value)}<input type="text" maxlength="200" bind:value=value /></label>
                <label>{t!(i18n, col_weight)}<input type="number" bind:value=weight /></label>
                <button type="submit">{t!(i18n, add_rule)}</button>
                <SaveStatus status=added />
            </form>
        </section>
    }
}
