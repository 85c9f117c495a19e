//! `/settings/security` (`settings.security`): password policy and expiry, lockout,
//! session idle timeout, the roles that must sign in with a second factor, and the IP
//! allowlists for administration and the API. Every change is journalled.

use super::error_text::error_text;
use super::guarded::Guarded;
use super::layout::Layout;
use super::live_marker::LiveMarker;
use super::routing_settings::{number, optional_number, submit, SaveStatus, Status};
use super::staff_page::role_name;
use crate::admin::list_roles;
use crate::admin::model::RoleView;
use crate::i18n::*;
use crate::model::CurrentUser;
use crate::permission::Permission;
use crate::security::model::SecuritySettings;
use crate::security::{save_security_settings, security_settings};
use leptos::prelude::*;

#[component]
pub fn SecurityPage() -> impl IntoView {
    view! { <Guarded any_of=&[Permission::SettingsSecurity] page=security_page /> }
}

fn security_page(user: CurrentUser) -> AnyView {
    view! { <Layout user><Security /></Layout> }.into_any()
}

#[component]
fn Security() -> impl IntoView {
    let i18n = use_i18n();
    let settings = Resource::new(|| (), |_| security_settings());
    let roles = Resource::new(|| (), |_| async move { list_roles().await.unwrap_or_default() });
    view! {
        <main class="page wide settings">
            <h1>{t!(i18n, security_title)}</h1>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    let roles = roles.await;
                    match settings.await {
                        Ok(s) => view! { <SecurityForm settings=s roles /> }.into_any(),
                        Err(e) => view! { <p class="error" role="alert">{error_text(i18n, &e)}</p> }.into_any(),
                    }
                })}
            </Transition>
            <LiveMarker />
        </main>
    }
}

#[component]
fn SecurityForm(settings: SecuritySettings, roles: Vec<RoleView>) -> impl IntoView {
    let i18n = use_i18n();
    let min_length = RwSignal::new(settings.password_min_length.to_string());
    let upper = RwSignal::new(settings.password_upper);
    let lower = RwSignal::new(settings.password_lower);
    let digit = RwSignal::new(settings.password_digit);
    let symbol = RwSignal::new(settings.password_symbol);
    let max_age = RwSignal::new(
        settings
            .password_max_age_days
            .map(|d| d.to_string())
            .unwrap_or_default(),
    );
    let attempts = RwSignal::new(settings.lockout_attempts.to_string());
    let lock_minutes = RwSignal::new(settings.lockout_minutes.to_string());
    let idle = RwSignal::new(settings.session_idle_minutes.to_string());
    let totp_roles = RwSignal::new(settings.totp_roles.clone());
    let admin_list = RwSignal::new(settings.admin_allowlist.clone());
    let api_list = RwSignal::new(settings.api_allowlist.clone());
    let status: Status = RwSignal::new(None);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let parsed = (|| {
            Some(SecuritySettings {
                password_min_length: number(&min_length.get_untracked())?,
                password_upper: upper.get_untracked(),
                password_lower: lower.get_untracked(),
                password_digit: digit.get_untracked(),
                password_symbol: symbol.get_untracked(),
                password_max_age_days: optional_number(&max_age.get_untracked())?,
                lockout_attempts: number(&attempts.get_untracked())?,
                lockout_minutes: number(&lock_minutes.get_untracked())?,
                session_idle_minutes: number(&idle.get_untracked())?,
                totp_roles: totp_roles.get_untracked(),
                admin_allowlist: admin_list.get_untracked(),
                api_allowlist: api_list.get_untracked(),
            })
        })();
        submit(status, parsed, save_security_settings);
    };
    view! {
        <form class="settings-form panel" data-testid="security-form" on:submit=on_submit>
            <fieldset>
                <legend>{t!(i18n, security_password)}</legend>
                <label>{t!(i18n, security_min_length)}<input type="number" name="min_length" min="8" max="128" bind:value=min_length /></label>
                <label class="check"><input type="checkbox" bind:checked=upper />{t!(i18n, security_upper)}</label>
                <label class="check"><input type="checkbox" bind:checked=lower />{t!(i18n, security_lower)}</label>
                <label class="check"><input type="checkbox" bind:checked=digit />{t!(i18n, security_digit)}</label>
                <label class="check"><input type="checkbox" bind:checked=symbol />{t!(i18n, security_symbol)}</label>
                <label>{t!(i18n, security_max_age)}<input type="number" name="max_age" min="1" max="3650" bind:value=max_age /></label>
                <p class="hint">{t!(i18n, security_max_age_hint)}</p>
            </fieldset>
            <fieldset>
                <legend>{t!(i18n, security_sign_in)}</legend>
                <label>{t!(i18n, security_attempts)}<input type="number" name="attempts" min="3" max="20" bind:value=attempts /></label>
                <label>{t!(i18n, security_lock_minutes)}<input type="number" name="lock_minutes" min="1" max="1440" bind:value=lock_minutes /></label>
                <label>{t!(i18n, security_idle)}<input type="number" name="idle" min="5" max="720" bind:value=idle /></label>
            </fieldset>
            <fieldset class="checks">
                <legend>{t!(i18n, security_totp_roles)}</legend>
                {roles
                    .into_iter()
                    .map(|r| {
                        let code = r.role.code.clone();
                        let toggle_code = code.clone();
                        let checked_code = code.clone();
                        let name = r.role.name.clone();
                        view! {
                            <label class="check">
                                <input
                                    type="checkbox"
                                    data-role=code.clone()
                                    prop:checked=move || totp_roles.get().contains(&checked_code)
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        let code = toggle_code.clone();
                                        totp_roles.update(|list| {
                                            list.retain(|c| *c != code);
                                            if on {
                                                list.push(code);
                                            }
                                        });
                                    }
                                />
                                {move || role_name(i18n, &code, &name)}
                            </label>
                        }
                    })
                    .collect_view()}
            </fieldset>
            <fieldset>
                <legend>{t!(i18n, security_allowlists)}</legend>
                <p class="hint">{t!(i18n, security_allowlist_hint)}</p>
                <label>{t!(i18n, security_admin_allowlist)}<textarea name="admin_allowlist" rows="4" bind:value=admin_list></textarea></label>
                <label>{t!(i18n, security_api_allowlist)}<textarea name="api_allowlist" rows="4" bind:value=api_list></textarea></label>
            </fieldset>
            <div class="actions">
                <button type="submit">{t!(i18n, save_button)}</button>
                <SaveStatus status />
            </div>
        </form>
    }
}
