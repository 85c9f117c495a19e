use super::super::error_text::error_text;
use super::super::staff_page::{role_name, OneTime};
use super::account_form::Editing;
use crate::admin::model::StaffRow;
use crate::admin::{delete_account, reset_password, set_account_blocked};
use crate::error::AppError;
use crate::i18n::*;
use crate::security::reset_two_factor;
use leptos::prelude::*;

/// The accounts with their roles and state; managers get the actions.
#[component]
pub fn StaffTable(
    rows: Vec<StaffRow>,
    manage: bool,
    me: i64,
    editing: RwSignal<Option<Editing>>,
    one_time: RwSignal<Option<OneTime>>,
    reload: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let error: RwSignal<Option<AppError>> = RwSignal::new(None);
    view! {
        {move || error.get().map(|e| view! { <p class="error" role="alert">{error_text(i18n, &e)}</p> })}
        <table class="grid" data-testid="staff">
            <thead>
                <tr>
                    <th>{t!(i18n, col_login)}</th>
                    <th>{t!(i18n, col_name)}</th>
                    <th>{t!(i18n, col_roles)}</th>
                    <th>{t!(i18n, col_state)}</th>
                    <Show when=move || manage><th>{t!(i18n, col_actions)}</th></Show>
                </tr>
            </thead>
            <tbody>
                {rows
                    .into_iter()
                    .map(|row| view! { <StaffRowView row manage me editing one_time error reload /> })
                    .collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn StaffRowView(
    row: StaffRow,
    manage: bool,
    me: i64,
    editing: RwSignal<Option<Editing>>,
    one_time: RwSignal<Option<OneTime>>,
    error: RwSignal<Option<AppError>>,
    reload: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = row.id;
    let blocked = row.blocked;
    let locked = row.locked;
    let must_change = row.must_change_password;
    let two_factor = row.two_factor;
    let own = id == me;
    let login = row.login.clone();
    let roles = row.roles.clone();
    let confirm_delete = RwSignal::new(false);
    let run = move |f: std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), AppError>>>>| {
        leptos::task::spawn_local(async move {
            match f.await {
                Ok(()) => {
                    error.set(None);
                    reload.run(());
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let edit_row = StoredValue::new(row.clone());
    let reset_login = StoredValue::new(login.clone());
    view! {
        <tr data-login=login.clone()>
            <td>{login.clone()}</td>
            <td>{row.display_name.clone()}</td>
            <td>{move || roles.iter().map(|r| role_name(i18n, &r.code, &r.name)).collect::<Vec<_>>().join(", ")}</td>
            <td class="account-state">
                {move || {
                    let mut words = vec![if blocked {
                        t_string!(i18n, account_blocked).to_string()
                    } else {
                        t_string!(i18n, account_active).to_string()
                    }];
                    if locked {
                        words.push(t_string!(i18n, account_locked).to_string());
                    }
                    if must_change {
                        words.push(t_string!(i18n, account_password_due).to_string());
                    }
                    if two_factor {
                        words.push("2FA".to_owned());
                    }
                    words.join(" · ")
                }}
            </td>
            <Show when=move || manage>
                <td class="row-actions">
                    <button type="button" data-action="edit" on:click=move |_| {
                        one_time.set(None);
                        editing.set(Some(Editing::Existing(edit_row.get_value())));
                    }>{t!(i18n, account_edit)}</button>
                    <Show when=move || !own>
                        <button type="button" data-action="block" on:click=move |_| {
                            run(Box::pin(set_account_blocked(id, !blocked)))
                        }>
                            {move || if blocked { t_string!(i18n, account_unblock) } else { t_string!(i18n, account_block) }}
                        </button>
                        <button type="button" data-action="reset" on:click=move |_| {
                            let login = reset_login.get_value();
                            leptos::task::spawn_local(async move {
                                match reset_password(id).await {
                                    Ok(password) => {
                                        error.set(None);
                                        one_time.set(Some(OneTime { login, password }));
                                        reload.run(());
                                    }
                                    Err(e) => error.set(Some(e)),
                                }
                            });
                        }>{t!(i18n, account_reset_password)}</button>
                        <Show when=move || two_factor>
                            <button type="button" data-action="reset-2fa" on:click=move |_| {
                                run(Box::pin(reset_two_factor(id)))
                            }>{t!(i18n, account_reset_totp)}</button>
                        </Show>
                        <Show
                            when=move || confirm_delete.get()
                            fallback=move || view! {
                                <button type="button" class="danger" data-action="delete" on:click=move |_| confirm_delete.set(true)>
                                    {t!(i18n, account_delete)}
                                </button>
                            }
                        >
                            <button type="button" class="danger" data-action="confirm-delete" on:click=move |_| {
                                run(Box::pin(delete_account(id)))
                            }>{t!(i18n, account_delete_confirm)}</button>
                        </Show>
                    </Show>
                </td>
            </Show>
        </tr>
    }
}
