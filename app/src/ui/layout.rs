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
    let sees_staff = user.can(Permission::UsersView);
    let has_state = user.can(Permission::PresenceOwn);
    let supervises = user.can(Permission::ConversationsViewAll);
    let routes = user.can(Permission::SettingsRouting);
    let replies = user.can(Permission::ConversationsHandle) || user.can(Permission::RepliesShared);
    view! {
        <header class="topbar">
            <a class="brand" href="/">{t!(i18n, app_name)}</a>
            <nav>
                <Show when=move || works>
                    <a href="/workspace">{t!(i18n, nav_workspace)}</a>
                </Show>
                <Show when=move || replies><a href="/replies">{t!(i18n, nav_replies)}</a></Show>
                <Show when=move || supervises>
                    <a href="/supervision/queue">{t!(i18n, nav_queue)}</a>
                </Show>
                <Show when=move || sees_staff>
                    <a href="/admin/staff">{t!(i18n, nav_staff)}</a>
                </Show>
                <Show when=move || routes>
                    <a href="/settings/routing">{t!(i18n, nav_routing)}</a>
                </Show>
            </nav>
            <span class="spacer"></span>
            <Show when=move || has_state>
                <StateSwitch />
            </Show>
            <LanguageSwitch />
            <span class="who" title=user.login.clone()>{user.display_name.clone()}</span>
            <ActionForm action=sign_out attr:class="sign-out">
                <button type="submit">{t!(i18n, sign_out)}</button>
            </ActionForm>
        </header>
        {children()}
    }
}
