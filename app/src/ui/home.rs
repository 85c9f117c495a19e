use super::guarded::Guarded;
use crate::permission::Permission;
use leptos::prelude::*;
use leptos_router::components::Redirect;

/// `/` sends each user to the first page their permissions open.
#[component]
pub fn Home() -> impl IntoView {
    view! { <Guarded any_of=&Permission::ALL page=home_for /> }
}

fn home_for(user: crate::model::CurrentUser) -> AnyView {
    let to = if user.can(Permission::ConversationsHandle) || user.can(Permission::ConversationsViewAll) {
        "/workspace"
    } else if user.can(Permission::UsersManage) {
        "/admin/staff"
    } else if user.can(Permission::AuditView) {
        "/admin/audit"
    } else if user.can(Permission::UsersView) {
        "/admin/staff"
    } else if user.can(Permission::ReportsView) {
        "/supervision/dashboard"
    } else {
        "/news"
    };
    view! { <Redirect path=to /> }.into_any()
}
