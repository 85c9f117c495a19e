use super::{number, submit, SaveStatus, Status};
use crate::i18n::*;
use crate::model::{OperatorGroup, OperatorSkills, LANGUAGE_SKILLS};
use crate::settings::{add_group, delete_group, rename_group, save_operator_skills};
use leptos::prelude::*;

/// Each operator's language skills, capacity and groups; and new groups.
#[component]
pub fn OperatorsTable(
    operators: Vec<OperatorSkills>,
    groups: Vec<OperatorGroup>,
    reload: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let group_name = RwSignal::new(String::new());
    let added: Status = RwSignal::new(None);
    let on_add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        submit(added, Some(group_name.get_untracked()), move |name| async move {
            add_group(name).await?;
            reload.run(());
            Ok(())
        });
    };
    view! {
        <section aria-labelledby="operators-title">
            <h2 id="operators-title">{t!(i18n, operators_title)}</h2>
            <table class="grid" data-testid="operators">
                <thead>
                    <tr>
                        <th>{t!(i18n, col_name)}</th>
                        <th>{t!(i18n, col_languages)}</th>
                        <th>{t!(i18n, col_capacity)}</th>
                        <th>{t!(i18n, col_groups)}</th>
                        <th></th>
                    </tr>
                </thead>
                <tbody>
                    {operators
                        .into_iter()
                        .map(|o| view! { <OperatorRow operator=o groups=groups.clone() /> })
                        .collect_view()}
                </tbody>
            </table>
            <h3>{t!(i18n, col_groups)}</h3>
            <ul class="groups" data-testid="groups">
                {groups.into_iter().map(|g| view! { <GroupItem group=g reload /> }).collect_view()}
            </ul>
            <form class="settings-form inline" on:submit=on_add>
                <label>{t!(i18n, new_group)}<input type="text" maxlength="100" bind:value=group_name /></label>
                <button type="submit">{t!(i18n, add_group)}</button>
                <SaveStatus status=added />
            </form>
        </section>
    }
}

/// A group (for routing and news): renamed or deleted here.
#[component]
fn GroupItem(group: OperatorGroup, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let id = group.id;
    let name = RwSignal::new(group.name.clone());
    let status: Status = RwSignal::new(None);
    let confirm = RwSignal::new(false);
    let on_rename = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        submit(status, Some(name.get_untracked()), move |n| async move {
            rename_group(id, n).await?;
            reload.run(());
            Ok(())
        });
    };
    let on_delete = move |_| {
        submit(status, Some(()), move |()| async move {
            delete_group(id).await?;
            reload.run(());
            Ok(())
        });
    };
    view! {
        <li data-group=group.name.clone()>
            <form class="settings-form inline" on:submit=on_rename>
                <input type="text" maxlength="100" aria-label=move || t_string!(i18n, col_name) bind:value=name />
                <button type="submit" class="secondary">{t!(i18n, save_button)}</button>
                <Show
                    when=move || confirm.get()
                    fallback=move || view! {
                        <button type="button" class="danger" data-action="delete" on:click=move |_| confirm.set(true)>
                            {t!(i18n, account_delete)}
                        </button>
                    }
                >
                    <button type="button" class="danger" data-action="confirm-delete" on:click=on_delete>
                        {t!(i18n, account_delete_confirm)}
                    </button>
                </Show>
                <SaveStatus status />
            </form>
        </li>
    }
}

#[component]
fn OperatorRow(operator: OperatorSkills, groups: Vec<OperatorGroup>) -> impl IntoView {
    let i18n = use_i18n();
    let languages = RwSignal::new(operator.languages.clone());
    let member_of = RwSignal::new(operator.groups.clone());
    let capacity = RwSignal::new(operator.capacity.to_string());
    let status: Status = RwSignal::new(None);
    let shown = operator.clone();
    let on_save = move |_| {
        let parsed = number(&capacity.get_untracked()).map(|capacity| OperatorSkills {
            languages: languages.get_untracked(),
            groups: member_of.get_untracked(),
            capacity,
            ..operator.clone()
        });
        submit(status, parsed, save_operator_skills);
    };
    let name = shown.display_name.clone();
    view! {
        <tr data-operator=shown.login.clone()>
            <td title=shown.login.clone()>{shown.display_name.clone()}</td>
            <td class="checks">
                {LANGUAGE_SKILLS
                    .into_iter()
                    .map(|code| {
                        let has = move || languages.with(|l| l.iter().any(|x| x == code));
                        let toggle = move |_| languages.update(|l| {
                            if let Some(i) = l.iter().position(|x| x == code) {
                                l.remove(i);
                            } else {
                                l.push(code.to_owned());
                            }
                        });
                        view! {
                            <label>
                                <input type="checkbox" name=format!("language-{code}") prop:checked=has on:change=toggle />
                                {move || skill_name(i18n, code)}
                            </label>
                        }
                    })
                    .collect_view()}
            </td>
            <td><input type="number" min="0" max="50" aria-label=name bind:value=capacity /></td>
            <td class="checks">
                {groups
                    .into_iter()
                    .map(|g| {
                        let id = g.id;
                        let has = move || member_of.with(|m| m.contains(&id));
                        let toggle = move |_| member_of.update(|m| {
                            if let Some(i) = m.iter().position(|x| *x == id) {
                                m.remove(i);
                            } else {
                                m.push(id);
                            }
                        });
                        view! {
                            <label><input type="checkbox" prop:checked=has on:change=toggle />{g.name}</label>
                        }
                    })
                    .collect_view()}
            </td>
            <td>
                <button type="button" on:click=on_save>{t!(i18n, save_button)}</button>
                <SaveStatus status />
            </td>
        </tr>
    }
}

/// A language skill's translated name (`uz` covers both scripts).
fn skill_name(i18n: leptos_i18n::I18nContext<Locale>, code: &str) -> String {
    match code {
        "ru" => t_string!(i18n, skill_ru).to_string(),
        "uz" => t_string!(i18n, skill_uz).to_string(),
        "kk" => t_string!(i18n, skill_kk).to_string(),
        "en" => t_string!(i18n, skill_en).to_string(),
        other => other.to_owned(),
    }
}
