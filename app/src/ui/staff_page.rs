use super::guarded::Guarded;
use super::layout::Layout;
use crate::admin::list_staff;
use crate::i18n::*;
use crate::model::CurrentUser;
use crate::permission::Permission;
use leptos::prelude::*;

/// The list of staff accounts (administration).
#[component]
pub fn StaffPage() -> impl IntoView {
    view! { <Guarded any_of=&[Permission::UsersView] page=staff_page /> }
}

fn staff_page(user: CurrentUser) -> AnyView {
    view! { <Layout user><StaffTable /></Layout> }.into_any()
}

#[component]
fn StaffTable() -> impl IntoView {
    let i18n = use_i18n();
    let staff = Resource::new(|| (), |_| list_staff());
    view! {
        <main class="page">
            <h1>{t!(i18n, staff_title)}</h1>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    let rows = staff.await.unwrap_or_default();
                    view! {
                        <table class="grid">
                            <thead>
                                <tr>
                                    <th>{t!(i18n, col_login)}</th>
                                    <th>{t!(i18n, col_name)}</th>
                                    <th>{t!(i18n, col_roles)}</th>
                                    <th>{t!(i18n, col_state)}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {rows
                                    .into_iter()
                                    .map(|row| {
                                        let blocked = row.blocked;
                                        view! {
                                            <tr>
                                                <td>{row.login}</td>
                                                <td>{row.display_name}</td>
                                                <td>{move || row.roles.iter().map(|code| role_name(i18n, code)).collect::<Vec<_>>().join(", ")}</td>
                                                <td>
                                                    {move || if blocked {
                                                        t_string!(i18n, account_blocked)
                                                    } else {
                                                        t_string!(i18n, account_active)
                                                    }}
                                                </td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    }
                })}
            </Transition>
        </main>
    }
}

/// A built-in role's translated name; a custom role's own name.
fn role_name(i18n: leptos_i18n::I18nContext<Locale>, code: &str) -> String {
    match code {
        "operator" => t_string!(i18n, role_operator).to_string(),
        "supervisor" => t_string!(i18n, role_supervisor).to_string(),
        "administrator" => t_string!(i18n, role_administrator).to_string(),
        other => other.to_owned(),
    }
}
