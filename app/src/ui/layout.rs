use super::language_switch::LanguageSwitch;
use super::state_switch::StateSwitch;
use crate::auth::SignOut;
use crate::i18n::*;
use crate::model::CurrentUser;
use crate::permission::Permission;
use leptos::prelude::*;

/// Header with navigation, language switch and sign-out around a staff page.
#[component]
pub fn Layout(user: CurrentUser, children: Children) -> impl IntoView {
    let i18n = use_i18n();
    let sign_out = ServerAction::<SignOut>::new();
    let works = user.can(Permission::ConversationsHandle) || user.can(Permission::ConversationsViewAll);
    let sees_staff = user.can(Permission::UsersView) || user.can(Permission::UsersManage);
    let has_state = user.can(Permission::PresenceOwn);
    let supervises = user.can(Permission::ConversationsViewAll);
    let routes = user.can(Permission::SettingsRouting);
    let workspace_settings = user.can(Permission::SettingsWorkspace);
    let replies = user.can(Permission::ConversationsHandle) || user.can(Permission::RepliesShared);
    view! {
        <header class="topbar">
            <a class="brand" href="/">{t!(i18n, app_name)}</a>
            <nav>
                <Show when=move || works>
                    <a href="/workspace">{t!(i18n, nav_workspace)}</a>
                </Show>
                <Show when=move || works><a href="/history">{t!(i18n, nav_history)}</a></Show>
                <Show when=move || replies><a href="/replies">{t!(i18n, nav_replies)}</a></Show>
                <Show when=move || supervises>
                    <a href="/supervision/queue">{t!(i18n, nav_queue)}</a>
                </Show>
                <Show when=move || sees_staff>
                    <a href="/admin/staff">{t!(i18n, nav_staff)}</a>
                </Show>
                {user.can(Permission::RolesManage).then(|| view! { <a href="/admin/roles">{t!(i18n, nav_roles)}</a> })}
                {user.can(Permission::AuditView).then(|| view! { <a href="/admin/audit">{t!(i18n, nav_audit)}</a> })}
                {user.can(Permission::LicensesManage).then(|| view! { <a href="/admin/license">{t!(i18n, nav_license)}</a> })}
                {user.can(Permission::ChannelsManage).then(|| view! { <a href="/admin/channels">{t!(i18n, nav_channels)}</a> })}
                {user.can(Permission::ApiManage).then(|| view! { <a href="/admin/api">{t!(i18n, nav_api)}</a> })}
                <Show when=move || routes>
                    <a href="/settings/routing">{t!(i18n, nav_routing)}</a>
                </Show>
                <Show when={ let topics = user.can(Permission::SettingsTopics); move || topics }><a href="/settings/topics">{t!(i18n, nav_topics)}</a></Show>
                <super::news::nav_link::NewsNavLink />
                {user.can(Permission::ConversationsHandle).then(|| view! { <a href="/me/stats">{t!(i18n, nav_my_stats)}</a> })}
                {user.can(Permission::ReportsView).then(|| view! {
                    <a href="/supervision/dashboard">{t!(i18n, nav_dashboard)}</a>
                    <a href="/reports/conversations">{t!(i18n, nav_reports)}</a>
                })}
                {(!user.can(Permission::ReportsView) && user.can(Permission::SettingsReports))
                    .then(|| view! { <a href="/reports/kpi">{t!(i18n, kpi_title)}</a> })}
                {user.can(Permission::SettingsSecurity).then(|| view! { <a href="/settings/security">{t!(i18n, nav_security)}</a> })}
                <Show when=move || workspace_settings>
                    <a href="/settings/workspace">{t!(i18n, nav_workspace_settings)}</a>
                </Show>
            </nav>
            <span class="spacer"></span>
            <Show when=move || has_state>
                <StateSwitch />
            </Show>
            <LanguageSwitch />
            <a class="who" href="/account/two-factor" title=user.login.clone()>{user.display_name.clone()}</a>
            <ActionForm action=sign_out attr:class="sign-out">
                <button type="submit">{t!(i18n, sign_out)}</button>
            </ActionForm>
        </header>
        {children()}
    }
}
