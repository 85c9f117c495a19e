//! Server functions of the security settings (`settings.security`) and of one's own
//! second factor (any signed-in user).

pub mod model;

use crate::error::AppError;
use leptos::prelude::*;
use model::{Enrolment, SecuritySettings, TwoFactorStatus};

#[cfg(feature = "ssr")]
fn map_security(e: crate::domain::security::SecurityError) -> AppError {
    use crate::domain::security::SecurityError as E;
    match e {
        E::Invalid => AppError::Invalid,
        E::AllowlistLine { line } => AppError::AllowlistLine { line },
        E::ExcludesYou => AppError::AllowlistExcludesYou,
        E::Database => AppError::Internal,
    }
}

#[cfg(feature = "ssr")]
fn map_two_factor(e: crate::domain::two_factor::TwoFactorError) -> AppError {
    use crate::domain::two_factor::TwoFactorError as E;
    match e {
        E::WrongCode | E::NotStarted => AppError::TotpWrong,
        E::Database => AppError::Internal,
    }
}

#[server(name = SecuritySettingsFn, prefix = "/api", endpoint = "security_settings")]
pub async fn security_settings() -> Result<SecuritySettings, AppError> {
    let (_, state) = crate::auth::guard::require(crate::permission::Permission::SettingsSecurity).await?;
    crate::domain::security::load(&state.pool)
        .await
        .map_err(map_security)
}

/// Saves the security settings (journalled with before/after by the access check).
#[server(name = SaveSecuritySettings, prefix = "/api", endpoint = "save_security_settings", input = leptos::server_fn::codec::Json)]
pub async fn save_security_settings(settings: SecuritySettings) -> Result<(), AppError> {
    let (_, state) = crate::auth::guard::require(crate::permission::Permission::SettingsSecurity).await?;
    let ip = use_context::<http::request::Parts>()
        .as_ref()
        .and_then(crate::auth::guard::client_ip)
        .and_then(|ip| ip.parse().ok());
    crate::domain::security::save(&state.pool, &settings, ip)
        .await
        .map_err(map_security)
}

#[server(name = TwoFactorStatusFn, prefix = "/api", endpoint = "two_factor_status")]
pub async fn two_factor_status() -> Result<TwoFactorStatus, AppError> {
    let (user, state) = crate::auth::guard::current().await?;
    crate::domain::two_factor::status(&state.pool, user.id)
        .await
        .map_err(map_two_factor)
}

/// A new secret to scan; it takes effect once a first code confirms it.
#[server(name = BeginTotpEnrolment, prefix = "/api", endpoint = "begin_totp_enrolment")]
pub async fn begin_totp_enrolment() -> Result<Enrolment, AppError> {
    let (user, state) = crate::auth::guard::current().await?;
    crate::domain::two_factor::begin(&state.pool, user.id, &user.login)
        .await
        .map_err(map_two_factor)
}

/// Confirms enrolment with the app's first code, then sends the user on.
#[server(name = ConfirmTotpEnrolment, prefix = "/api", endpoint = "confirm_totp_enrolment")]
pub async fn confirm_totp_enrolment(code: String, next: Option<String>) -> Result<(), AppError> {
    let (user, state) = crate::auth::guard::current().await?;
    crate::domain::two_factor::confirm(&state.pool, user.id, &code)
        .await
        .map_err(map_two_factor)?;
    crate::auth::guard::audit(
        &state,
        &user,
        "user.totp_enrolled",
        &user.login,
        &serde_json::json!({}),
    )
    .await;
    leptos_axum::redirect(&crate::auth::safe_next(next.as_deref()));
    Ok(())
}

/// An administrator removes an account's second factor (a lost phone).
#[server(name = ResetTwoFactor, prefix = "/api", endpoint = "reset_two_factor")]
pub async fn reset_two_factor(id: i64) -> Result<(), AppError> {
    let (user, state) = crate::auth::guard::require(crate::permission::Permission::UsersManage).await?;
    if id == user.id {
        return Err(AppError::SelfGrant);
    }
    let login = crate::domain::two_factor::reset(&state.pool, id)
        .await
        .map_err(map_two_factor)?
        .ok_or(AppError::NotFound)?;
    crate::auth::guard::audit(&state, &user, "user.totp_reset", &login, &serde_json::json!({})).await;
    Ok(())
}

/// The title and text of the page shown when an administration page is asked for from
/// an address outside the allowlist.
#[cfg(feature = "ssr")]
pub fn address_refused_words(locale: crate::i18n::Locale) -> (String, String) {
    use crate::i18n::*;
    (
        td_string!(locale, forbidden_title).to_string(),
        td_string!(locale, err_address_not_allowed).to_string(),
    )
}
