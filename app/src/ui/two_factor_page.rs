//! `/account/two-factor`: the signed-in user sets up sign-in codes from an authenticator
//! app — required first for roles that need a second factor (administrators by default).

use super::error_text::error_text;
use super::language_switch::LanguageSwitch;
use crate::auth::current_user;
use crate::error::AppError;
use crate::i18n::*;
use crate::security::model::Enrolment;
use crate::security::{begin_totp_enrolment, two_factor_status, ConfirmTotpEnrolment};
use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_query_map;

#[component]
pub fn TwoFactorPage() -> impl IntoView {
    let i18n = use_i18n();
    let user = Resource::new_blocking(|| (), |_| current_user());
    view! {
        <Suspense fallback=|| ()>
            {move || user.get().map(|result| match result {
                Ok(u) if u.must_change_password => {
                    view! { <Redirect path="/account/password?next=/account/two-factor" /> }.into_any()
                }
                Ok(u) => view! { <TwoFactor forced=u.must_enrol_totp /> }.into_any(),
                Err(AppError::NotSignedIn | AppError::SessionExpired) => {
                    view! { <Redirect path="/login?next=/account/two-factor" /> }.into_any()
                }
                Err(e) => view! { <p class="error" role="alert">{error_text(i18n, &e)}</p> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn TwoFactor(forced: bool) -> impl IntoView {
    let i18n = use_i18n();
    let status = Resource::new(|| (), |_| two_factor_status());
    let enrolment: RwSignal<Option<Result<Enrolment, AppError>>> = RwSignal::new(None);
    let confirm = ServerAction::<ConfirmTotpEnrolment>::new();
    let query = use_query_map();
    let next = move || query.read().get("next").unwrap_or_else(|| "/".to_owned());
    let start = move |_| {
        leptos::task::spawn_local(async move {
            enrolment.set(Some(begin_totp_enrolment().await));
        });
    };
    let error = move || {
        confirm
            .value()
            .get()
            .and_then(|r| r.err())
            .map(|e| view! { <p class="error" role="alert">{error_text(i18n, &e)}</p> })
    };
    view! {
        <main class="login-page">
            <div class="login-card wide-card">
                <div class="login-head">
                    <h1>{t!(i18n, totp_title)}</h1>
                    <LanguageSwitch />
                </div>
                <Show when=move || forced>
                    <p class="notice" role="status">{t!(i18n, totp_forced_notice)}</p>
                </Show>
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        let enrolled = status.await.map(|s| s.enrolled).unwrap_or(false);
                        view! {
                            <p data-testid="totp-state">
                                {move || if enrolled { t_string!(i18n, totp_enrolled) } else { t_string!(i18n, totp_not_enrolled) }}
                            </p>
                        }
                    })}
                </Transition>
                <button type="button" data-testid="totp-start" on:click=start>{t!(i18n, totp_start)}</button>
                {move || enrolment.get().map(|r| match r {
                    Ok(e) => view! {
                        <div class="totp-enrolment">
                            <p>{t!(i18n, totp_scan)}</p>
                            <div class="qr" inner_html=e.qr_svg.clone()></div>
                            <p class="hint">{t!(i18n, totp_secret_label)}" "<code data-testid="totp-secret">{e.secret.clone()}</code></p>
                            {error}
                            <ActionForm action=confirm>
                                <input type="hidden" name="next" prop:value=next />
                                <label>
                                    <span>{t!(i18n, totp_code_label)}</span>
                                    <input name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="8" required />
                                </label>
                                <button type="submit" disabled=move || confirm.pending().get()>{t!(i18n, totp_confirm)}</button>
                            </ActionForm>
                        </div>
                    }
                    .into_any(),
                    Err(e) => view! { <p class="error" role="alert">{error_text(i18n, &e)}</p> }.into_any(),
                })}
            </div>
        </main>
    }
}
