//! Two-factor sign-in: enrolment (a pending secret confirmed by a first code), the
//! check at sign-in (each code once), and an administrator's reset.

use super::totp;
use crate::security::model::{Enrolment, TwoFactorStatus};
use sqlx::PgPool;

/// The name authenticator apps show for this product's codes.
pub const ISSUER: &str = "Contact Center";

#[derive(Debug, PartialEq, Eq)]
pub enum TwoFactorError {
    /// The code is wrong, too old, or was used already.
    WrongCode,
    /// No enrolment was started.
    NotStarted,
    Database,
}

impl From<sqlx::Error> for TwoFactorError {
    fn from(e: sqlx::Error) -> Self {
        tracing::error!(error = %e, "two-factor query failed");
        TwoFactorError::Database
    }
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// Whether the account has a second factor, and whether its roles require one.
pub async fn status(pool: &PgPool, user_id: i64) -> Result<TwoFactorStatus, TwoFactorError> {
    let (enrolled, required): (bool, bool) = sqlx::query_as(
        "SELECT u.totp_secret IS NOT NULL,
                EXISTS (SELECT 1 FROM user_roles ur JOIN roles r ON r.id = ur.role_id, security_settings s
                        WHERE ur.user_id = u.id AND r.code = ANY(s.totp_roles))
         FROM users u WHERE u.id = $1",
    )
    .bind(user_id)
    .fetch_one(pool)
    .await?;
    Ok(TwoFactorStatus { enrolled, required })
}

/// Starts (or restarts) enrolment with a new secret, kept pending until confirmed.
pub async fn begin(pool: &PgPool, user_id: i64, login: &str) -> Result<Enrolment, TwoFactorError> {
    let secret = totp::new_secret();
    sqlx::query("UPDATE users SET totp_pending_secret = $2 WHERE id = $1")
        .bind(user_id)
        .bind(&secret)
        .execute(pool)
        .await?;
    let uri = totp::uri(ISSUER, login, &secret);
    let qr_svg = qrcode::QrCode::new(uri.as_bytes())
        .map(|code| {
            code.render::<qrcode::render::svg::Color>()
                .min_dimensions(200, 200)
                .build()
        })
        .unwrap_or_default();
    Ok(Enrolment { secret, uri, qr_svg })
}

/// Confirms enrolment with a first code from the app: the pending secret becomes the
/// account's second factor (replacing an earlier one).
pub async fn confirm(pool: &PgPool, user_id: i64, code: &str) -> Result<(), TwoFactorError> {
    let pending: Option<String> = sqlx::query_scalar("SELECT totp_pending_secret FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_one(pool)
        .await?;
    let pending = pending.ok_or(TwoFactorError::NotStarted)?;
    let step = totp::check(&pending, code, now(), None).ok_or(TwoFactorError::WrongCode)?;
    sqlx::query(
        "UPDATE users SET totp_secret = totp_pending_secret, totp_pending_secret = NULL, totp_last_step = $2
         WHERE id = $1",
    )
    .bind(user_id)
    .bind(step)
    .execute(pool)
    .await?;
    Ok(())
}

/// Checks a code at sign-in; a code is accepted once (its step is remembered).
pub async fn verify(pool: &PgPool, user_id: i64, code: &str) -> Result<(), TwoFactorError> {
    let (secret, last): (Option<String>, Option<i64>) =
        sqlx::query_as("SELECT totp_secret, totp_last_step FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_one(pool)
            .await?;
    let secret = secret.ok_or(TwoFactorError::NotStarted)?;
    let step = totp::check(&secret, code, now(), last).ok_or(TwoFactorError::WrongCode)?;
    // Two sign-ins racing with one code: only one moves the step forward.
    let moved = sqlx::query(
        "UPDATE users SET totp_last_step = $2 WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2)",
    )
    .bind(user_id)
    .bind(step)
    .execute(pool)
    .await?
    .rows_affected();
    if moved == 1 {
        Ok(())
    } else {
        Err(TwoFactorError::WrongCode)
    }
}

/// Sets a known secret (the `server set-totp` command: test set-up, the demo, a bank's
/// own provisioning). Never used by the product's pages.
pub async fn set_secret(pool: &PgPool, user_id: i64, secret: &str) -> Result<(), TwoFactorError> {
    if totp::code_at(secret, 0).is_none() {
        return Err(TwoFactorError::WrongCode);
    }
    sqlx::query(
        "UPDATE users SET totp_secret = $2, totp_pending_secret = NULL, totp_last_step = NULL WHERE id = $1",
    )
    .bind(user_id)
    .bind(secret.trim().to_ascii_uppercase())
    .execute(pool)
    .await?;
    Ok(())
}

/// An administrator removes an account's second factor (a lost phone): its sessions end,
/// and at the next sign-in the owner enrols again if their roles require it. Returns the
/// account's login, or `None` if there is no such (undeleted) account.
pub async fn reset(pool: &PgPool, user_id: i64) -> Result<Option<String>, TwoFactorError> {
    let mut tx = pool.begin().await?;
    let login: Option<String> = sqlx::query_scalar(
        "UPDATE users SET totp_secret = NULL, totp_pending_secret = NULL, totp_last_step = NULL
         WHERE id = $1 AND deleted_at IS NULL RETURNING login",
    )
    .bind(user_id)
    .fetch_optional(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(login)
}
