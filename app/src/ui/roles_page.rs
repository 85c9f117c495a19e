//! `/admin/roles`: roles and their permissions (`roles.manage`). Built-in roles are
//! shown read-only; custom roles are created, edited and deleted — except a role the
//! editor holds (nobody grants themselves a permission).

use super::error_text::error_text;
use super::guarded::Guarded;
use super::layout::Layout;
use super::live_marker::LiveMarker;
use super::routing_settings::{SaveStatus, Status};
use super::staff_page::role_name;
use crate::admin::model::{RoleDraft, RoleView};
use crate::admin::{delete_role, list_roles, save_role};
use crate::error::AppError;
use crate::i18n::*;
use crate::model::CurrentUser;
use crate::permission::Permission;
use leptos::prelude::*;

#[component]
pub fn RolesPage() -> impl IntoView {
    view! { <Guarded any_of=&[Permission::RolesManage] page=roles_page /> }
}

fn roles_page(user: CurrentUser) -> AnyView {
    view! { <Layout user><Roles /></Layout> }.into_any()
}

#[component]
fn Roles() -> impl IntoView {
    let i18n = use_i18n();
    let roles = Resource::new(|| (), |_| list_roles());
    let editing: RwSignal<Option<RoleDraft>> = RwSignal::new(None);
    let error: RwSignal<Option<AppError>> = RwSignal::new(None);
    let reload = Callback::new(move |()| roles.refetch());
    view! {
        <main class="page wide settings">
            <div class="page-head">
                <h1>{t!(i18n, roles_title)}</h1>
                <button type="button" data-testid="new-role" on:click=move |_| editing.set(Some(RoleDraft::default()))>
                    {t!(i18n, role_new)}
                </button>
            </div>
            <p class="hint">{t!(i18n, roles_separation_hint)}</p>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{error_text(i18n, &e)}</p> })}
            {move || editing.get().map(|draft| view! { <RoleForm draft editing reload /> })}
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match roles.await {
                        Ok(list) => view! {
                            <table class="grid" data-testid="roles">
                                <thead>
                                    <tr>
                                        <th>{t!(i18n, col_role)}</th>
                                        <th>{t!(i18n, col_permissions)}</th>
                                        <th>{t!(i18n, col_members)}</th>
                                        <th>{t!(i18n, col_actions)}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {list.into_iter().map(|r| view! { <RoleRow role=r editing error reload /> }).collect_view()}
                                </tbody>
                            </table>
                        }
                        .into_any(),
                        Err(e) => view! { <p class="error" role="alert">{error_text(i18n, &e)}</p> }.into_any(),
                    }
                })}
            </Transition>
            <LiveMarker />
        </main>
    }
}

#[component]
fn RoleRow(
    role: RoleView,
    editing: RwSignal<Option<RoleDraft>>,
    error: RwSignal<Option<AppError>>,
    reload: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = role.role.id;
    let editable = !role.role.built_in && !role.held_by_viewer;
    let code = role.role.code.clone();
    let name = role.role.name.clone();
    let permissions = role.permissions.clone();
    let draft = RoleDraft {
        id: Some(id),
        name: role.role.name.clone(),
        description: role.description.clone(),
        permissions: role.permissions.clone(),
    };
    let confirm = RwSignal::new(false);
    let code_attr = code.clone();
    let on_delete = move |_| {
        leptos::task::spawn_local(async move {
            match delete_role(id).await {
                Ok(()) => {
                    error.set(None);
                    reload.run(());
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <tr data-role=code_attr>
            <td>
                <strong>{move || role_name(i18n, &code, &name)}</strong>
                // Built-in roles are explained by their (translated) permissions.
                {(!role.role.built_in).then(|| view! { <div class="hint">{role.description.clone()}</div> })}
                {role.held_by_viewer.then(|| view! { <div class="hint">{t!(i18n, role_held_by_you)}</div> })}
            </td>
            <td>
                <ul class="permission-list">
                    {permissions.into_iter().map(|p| view! { <li title=p.code()>{move || permission_name(i18n, p)}</li> }).collect_view()}
                </ul>
            </td>
            <td>{role.members}</td>
            <td class="row-actions">
                <Show when=move || editable>
                    <button type="button" data-action="edit" on:click={
                        let draft = draft.clone();
                        move |_| editing.set(Some(draft.clone()))
                    }>{t!(i18n, account_edit)}</button>
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
                </Show>
            </td>
        </tr>
    }
}

#[component]
fn RoleForm(draft: RoleDraft, editing: RwSignal<Option<RoleDraft>>, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let id = draft.id;
    let name = RwSignal::new(draft.name);
    let description = RwSignal::new(draft.description);
    let chosen = RwSignal::new(draft.permissions);
    let status: Status = RwSignal::new(None);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let draft = RoleDraft {
            id,
            name: name.get_untracked(),
            description: description.get_untracked(),
            permissions: chosen.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            match save_role(draft).await {
                Ok(_) => {
                    status.set(Some(Ok(())));
                    editing.set(None);
                    reload.run(());
                }
                Err(e) => status.set(Some(Err(e))),
            }
        });
    };
    view! {
        <form class="settings-form panel" data-testid="role-form" on:submit=on_submit>
            <h2>{move || if id.is_some() { t_string!(i18n, role_edit_title) } else { t_string!(i18n, role_new) }}</h2>
            <label>{t!(i18n, col_name)}<input type="text" name="name" required maxlength="100" bind:value=name /></label>
            <label>{t!(i18n, role_description)}<input type="text" name="description" maxlength="500" bind:value=description /></label>
            <fieldset class="checks permissions">
                <legend>{t!(i18n, col_permissions)}</legend>
                {Permission::ALL
                    .into_iter()
                    .map(|p| view! {
                        <label class="check">
                            <input
                                type="checkbox"
                                data-permission=p.code()
                                prop:checked=move || chosen.get().contains(&p)
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    chosen.update(|c| {
                                        c.retain(|x| *x != p);
                                        if on {
                                            c.push(p);
                                        }
                                    });
                                }
                            />
                            {move || permission_name(i18n, p)}
                            " "<code>{p.code()}</code>
                        </label>
                    })
                    .collect_view()}
            </fieldset>
            <div class="actions">
                <button type="submit">{t!(i18n, save_button)}</button>
                <button type="button" class="secondary" on:click=move |_| editing.set(None)>{t!(i18n, cancel_button)}</button>
                <SaveStatus status />
            </div>
        </form>
    }
}

/// What a permission allows, in the interface language.
pub fn permission_name(i18n: leptos_i18n::I18nContext<Locale>, p: Permission) -> String {
    match p {
        Permission::ConversationsHandle => t_string!(i18n, perm_conversations_handle),
        Permission::ConversationsViewAll => t_string!(i18n, perm_conversations_view_all),
        Permission::UsersView => t_string!(i18n, perm_users_view),
        Permission::PresenceOwn => t_string!(i18n, perm_presence_own),
        Permission::SettingsRouting => t_string!(i18n, perm_settings_routing),
        Permission::OperatorsEndWork => t_string!(i18n, perm_operators_end_work),
        Permission::SettingsTopics => t_string!(i18n, perm_settings_topics),
        Permission::SettingsWorkspace => t_string!(i18n, perm_settings_workspace),
        Permission::NewsPublish => t_string!(i18n, perm_news_publish),
        Permission::RepliesShared => t_string!(i18n, perm_replies_shared),
        Permission::ReportsView => t_string!(i18n, perm_reports_view),
        Permission::ReportsExport => t_string!(i18n, perm_reports_export),
        Permission::ConversationsQuality => t_string!(i18n, perm_conversations_quality),
        Permission::SettingsReports => t_string!(i18n, perm_settings_reports),
        Permission::ConversationsWhisper => t_string!(i18n, perm_conversations_whisper),
        Permission::UsersManage => t_string!(i18n, perm_users_manage),
        Permission::RolesManage => t_string!(i18n, perm_roles_manage),
        Permission::AuditView => t_string!(i18n, perm_audit_view),
        Permission::SettingsSecurity => t_string!(i18n, perm_settings_security),
        Permission::LicensesManage => t_string!(i18n, perm_licenses_manage),
        Permission::ChannelsManage => t_string!(i18n, perm_channels_manage),
        Permission::ApiManage => t_string!(i18n, perm_api_manage),
        Permission::CustomersMerge => t_string!(i18n, perm_customers_merge),
    }
    .to_string()
}
