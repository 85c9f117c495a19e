use super::super::routing_settings::{SaveStatus, Status};
use super::super::staff_page::{role_name, OneTime};
use crate::admin::model::{AccountDraft, RoleView, StaffRow};
use crate::admin::save_account;
use crate::i18n::*;
use leptos::prelude::*;

/// What the form edits.
#[derive(Clone, Debug, PartialEq)]
pub enum Editing {
    New,
    Existing(StaffRow),
}

/// The zones offered (the product's markets first); an account's own zone is kept.
const ZONES: [&str; 7] = [
    "Asia/Tashkent",
    "Asia/Samarkand",
    "Asia/Almaty",
    "Asia/Aqtobe",
    "Asia/Oral",
    "Europe/Moscow",
    "UTC",
];

/// Creates an account or changes one: login, name, zone, roles, forced password change.
#[component]
pub fn AccountForm(
    editing: Editing,
    roles: Vec<RoleView>,
    me: i64,
    editing_signal: RwSignal<Option<Editing>>,
    one_time: RwSignal<Option<OneTime>>,
    reload: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let existing = match &editing {
        Editing::New => None,
        Editing::Existing(row) => Some(row.clone()),
    };
    let id = existing.as_ref().map(|r| r.id);
    let own = id == Some(me);
    let login = RwSignal::new(existing.as_ref().map(|r| r.login.clone()).unwrap_or_default());
    let name = RwSignal::new(
        existing
            .as_ref()
            .map(|r| r.display_name.clone())
            .unwrap_or_default(),
    );
    let zone = RwSignal::new(
        existing
            .as_ref()
            .map(|r| r.time_zone.clone())
            .unwrap_or_else(|| ZONES[0].to_owned()),
    );
    let chosen = RwSignal::new(
        existing
            .as_ref()
            .map(|r| r.roles.iter().map(|x| x.id).collect::<Vec<_>>())
            .unwrap_or_default(),
    );
    let must_change = RwSignal::new(existing.as_ref().is_some_and(|r| r.must_change_password));
    let status: Status = RwSignal::new(None);
    let mut zones: Vec<String> = ZONES.iter().map(|z| (*z).to_owned()).collect();
    if !zones.contains(&zone.get_untracked()) {
        zones.push(zone.get_untracked());
    }
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let draft = AccountDraft {
            id,
            login: login.get_untracked(),
            display_name: name.get_untracked(),
            time_zone: zone.get_untracked(),
            role_ids: chosen.get_untracked(),
            must_change_password: must_change.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            match save_account(draft.clone()).await {
                Ok(saved) => {
                    status.set(Some(Ok(())));
                    if let Some(password) = saved.one_time_password {
                        one_time.set(Some(OneTime {
                            login: draft.login.trim().to_owned(),
                            password,
                        }));
                    }
                    editing_signal.set(None);
                    reload.run(());
                }
                Err(e) => status.set(Some(Err(e))),
            }
        });
    };
    view! {
        <form class="settings-form panel" data-testid="account-form" on:submit=on_submit>
            <h2>{move || if id.is_some() { t_string!(i18n, account_edit_title) } else { t_string!(i18n, account_new) }}</h2>
            <label>{t!(i18n, col_login)}
                <input type="text" name="login" required maxlength="64" autocomplete="off" bind:value=login />
            </label>
            <label>{t!(i18n, col_name)}
                <input type="text" name="display_name" required maxlength="200" bind:value=name />
            </label>
            <label>{t!(i18n, account_time_zone)}
                <select name="time_zone" on:change=move |ev| zone.set(event_target_value(&ev))>
                    {zones
                        .into_iter()
                        .map(|z| {
                            let selected = z == zone.get_untracked();
                            view! { <option value=z.clone() selected=selected>{z.clone()}</option> }
                        })
                        .collect_view()}
                </select>
            </label>
            <fieldset class="checks" disabled=own>
                <legend>{t!(i18n, col_roles)}</legend>
                {roles
                    .into_iter()
                    .map(|r| {
                        let role_id = r.role.id;
                        let code = r.role.code.clone();
                        let label_name = r.role.name.clone();
                        view! {
                            <label class="check">
                                <input
                                    type="checkbox"
                                    data-role=code.clone()
                                    prop:checked=move || chosen.get().contains(&role_id)
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        chosen.update(|c| {
                                            c.retain(|x| *x != role_id);
                                            if on {
                                                c.push(role_id);
                                            }
                                        });
                                    }
                                />
                                {move || role_name(i18n, &code, &label_name)}
                            </label>
                        }
                    })
                    .collect_view()}
                <Show when=move || own>
                    <p class="hint">{t!(i18n, account_own_roles_hint)}</p>
                </Show>
            </fieldset>
            <Show when=move || id.is_some()>
                <label class="check">
                    <input type="checkbox" name="must_change" bind:checked=must_change />
                    {t!(i18n, account_must_change)}
                </label>
            </Show>
            <div class="actions">
                <button type="submit">{t!(i18n, save_button)}</button>
                <button type="button" class="secondary" on:click=move |_| editing_signal.set(None)>
                    {t!(i18n, cancel_button)}
                </button>
                <SaveStatus status />
            </div>
        </form>
    }
}
