//! `/account/password`: the signed-in user chooses a new password — required before
//! anything else after an administrator created the account or reset its password.

use super::error_text::error_text;
use super::language_switch::LanguageSwitch;
use crate::auth::{current_user, ChangeOwnPassword};
use crate::error::AppError;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_query_map;

#[component]
pub fn PasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let user = Resource::new_blocking(|| (), |_| current_user());
    view! {
        <Suspense fallback=|| ()>
            {move || user.get().map(|result| match result {
                Ok(user) => view! { <PasswordForm forced=user.must_change_password /> }.into_any(),
                Err(AppError::NotSignedIn | AppError::SessionExpired) => {
                    view! { <Redirect path="/login?next=/account/password" /> }.into_any()
                }
                Err(e) => view! { <p class="error" role="alert">{error_text(i18n, &e)}</p> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn PasswordForm(forced: bool) -> impl IntoView {
    let i18n = use_i18n();
    let change = ServerAction::<ChangeOwnPassword>::new();
    let query = use_query_map();
    let next = move || query.read().get("next").unwrap_or_else(|| "/".to_owned());
    let new = RwSignal::new(String::new());
    let repeat = RwSignal::new(String::new());
    let mismatch = move || !repeat.get().is_empty() && new.get() != repeat.get();
    let error = move || {
        change
            .value()
            .get()
            .and_then(|r| r.err())
            .map(|e| view! { <p class="error" role="alert">{error_text(i18n, &e)}</p> })
    };
    view! {
        <main class="login-page">
            <div class="login-card">
                <div class="login-head">
                    <h1>{t!(i18n, password_title)}</h1>
                    <LanguageSwitch />
                </div>
                <Show when=move || forced>
                    <p class="notice" role="status">{t!(i18n, password_forced_notice)}</p>
                </Show>
                <p class="hint">{t!(i18n, password_policy_hint)}</p>
                {error}
                <ActionForm action=change>
                    <input type="hidden" name="next" prop:value=next />
                    <label>
                        <span>{t!(i18n, password_current)}</span>
                        <input name="current" type="password" autocomplete="current-password" required />
                    </label>
                    <label>
                        <span>{t!(i18n, password_new)}</span>
                        <input name="new" type="password" autocomplete="new-password" minlength="12" required bind:value=new />
                    </label>
                    <label>
                        <span>{t!(i18n, password_repeat)}</span>
                        <input type="password" autocomplete="new-password" required bind:value=repeat />
                    </label>
                    <Show when=mismatch>
                        <p class="error" role="alert">{t!(i18n, password_mismatch)}</p>
                    </Show>
                    <button type="submit" disabled=move || change.pending().get() || mismatch()>
                        {t!(i18n, password_save)}
                    </button>
                </ActionForm>
            </div>
            <super::live_marker::LiveMarker />
        </main>
    }
}
