//! `/admin/staff`: staff accounts. Everyone with `users.view` sees the list; holders of
//! `users.manage` create, edit, block, unblock and delete accounts and reset passwords.

use super::guarded::Guarded;
use super::layout::Layout;
use super::live_marker::LiveMarker;
use super::staff::account_form::{AccountForm, Editing};
use super::staff::staff_table::StaffTable;
use crate::admin::{list_roles, list_staff};
use crate::i18n::*;
use crate::model::CurrentUser;
use crate::permission::Permission;
use leptos::prelude::*;

#[component]
pub fn StaffPage() -> impl IntoView {
    view! { <Guarded any_of=&[Permission::UsersView, Permission::UsersManage] page=staff_page /> }
}

fn staff_page(user: CurrentUser) -> AnyView {
    let manage = user.can(Permission::UsersManage);
    let me = user.id;
    view! { <Layout user><StaffAdmin manage me /></Layout> }.into_any()
}

/// A one-time password to hand over, and whose it is.
#[derive(Clone, Debug, PartialEq)]
pub struct OneTime {
    pub login: String,
    pub password: String,
}

#[component]
fn StaffAdmin(manage: bool, me: i64) -> impl IntoView {
    let i18n = use_i18n();
    let staff = Resource::new(|| (), |_| list_staff());
    let roles = Resource::new(
        || (),
        move |_| async move {
            if manage {
                list_roles().await.unwrap_or_default()
            } else {
                Vec::new()
            }
        },
    );
    let editing: RwSignal<Option<Editing>> = RwSignal::new(None);
    let one_time: RwSignal<Option<OneTime>> = RwSignal::new(None);
    let reload = Callback::new(move |()| staff.refetch());
    view! {
        <main class="page wide settings">
            <div class="page-head">
                <h1>{t!(i18n, staff_title)}</h1>
                <Show when=move || manage>
                    <button type="button" data-testid="new-account" on:click=move |_| {
                        one_time.set(None);
                        editing.set(Some(Editing::New));
                    }>{t!(i18n, account_new)}</button>
                </Show>
            </div>
            {move || one_time.get().map(|o| view! {
                <div class="notice one-time" role="status" data-testid="one-time">
                    <p>{t!(i18n, account_one_time_for)}" "<strong>{o.login.clone()}</strong></p>
                    <code data-testid="one-time-password">{o.password.clone()}</code>
                    <p class="hint">{t!(i18n, account_one_time_hint)}</p>
                </div>
            })}
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    let all_roles = roles.await;
                    view! {
                        {move || editing.get().map(|e| view! {
                            <AccountForm editing=e roles=all_roles.clone() me editing_signal=editing one_time reload />
                        })}
                    }
                })}
            </Transition>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match staff.await {
                        Ok(rows) => view! { <StaffTable rows manage me editing one_time reload /> }.into_any(),
                        Err(e) => view! {
                            <p class="error" role="alert">{super::error_text::error_text(i18n, &e)}</p>
                        }
                        .into_any(),
                    }
                })}
            </Transition>
            <LiveMarker />
        </main>
    }
}

/// A built-in role's translated name; a custom role's own name.
pub fn role_name(i18n: leptos_i18n::I18nContext<Locale>, code: &str, name: &str) -> String {
    match code {
        "operator" => t_string!(i18n, role_operator).to_string(),
        "supervisor" => t_string!(i18n, role_supervisor).to_string(),
        "administrator" => t_string!(i18n, role_administrator).to_string(),
        "auditor" => t_string!(i18n, role_auditor).to_string(),
        _ => name.to_owned(),
    }
}
