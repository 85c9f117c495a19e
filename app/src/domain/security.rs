//! The security settings (one row): password policy and expiry, lockout, idle timeout,
//! which roles need a second factor, and the IP allowlists.

use super::allowlist;
use crate::security::model::SecuritySettings;
use sqlx::PgPool;
use std::net::IpAddr;

#[derive(Debug, PartialEq, Eq)]
pub enum SecurityError {
    Invalid,
    /// The line (1-based) of an allowlist that is not an address or range.
    AllowlistLine {
        line: usize,
    },
    /// The new administration allowlist would shut out the one saving it.
    ExcludesYou,
    Database,
}

impl From<sqlx::Error> for SecurityError {
    fn from(e: sqlx::Error) -> Self {
        tracing::error!(error = %e, "security settings query failed");
        SecurityError::Database
    }
}

#[derive(sqlx::FromRow)]
struct Row {
    password_min_length: i32,
    password_upper: bool,
    password_lower: bool,
    password_digit: bool,
    password_symbol: bool,
    password_max_age_days: Option<i32>,
    lockout_attempts: i32,
    lockout_minutes: i32,
    session_idle_minutes: i32,
    totp_roles: Vec<String>,
    admin_allowlist: String,
    api_allowlist: String,
}

pub async fn load(pool: &PgPool) -> Result<SecuritySettings, SecurityError> {
    let r: Row = sqlx::query_as(
        "SELECT password_min_length, password_upper, password_lower, password_digit, password_symbol,
                password_max_age_days, lockout_attempts, lockout_minutes, session_idle_minutes,
                totp_roles, admin_allowlist, api_allowlist
         FROM security_settings",
    )
    .fetch_one(pool)
    .await?;
    Ok(SecuritySettings {
        password_min_length: r.password_min_length,
        password_upper: r.password_upper,
        password_lower: r.password_lower,
        password_digit: r.password_digit,
        password_symbol: r.password_symbol,
        password_max_age_days: r.password_max_age_days,
        lockout_attempts: r.lockout_attempts,
        lockout_minutes: r.lockout_minutes,
        session_idle_minutes: r.session_idle_minutes,
        totp_roles: r.totp_roles,
        admin_allowlist: r.admin_allowlist,
        api_allowlist: r.api_allowlist,
    })
}

fn within(v: i32, lo: i32, hi: i32) -> bool {
    (lo..=hi).contains(&v)
}

/// Checks and saves new settings. `saver_ip` is the address of whoever saves: an
/// administration allowlist that leaves them out is refused (nobody locks themselves out).
pub async fn save(
    pool: &PgPool,
    s: &SecuritySettings,
    saver_ip: Option<IpAddr>,
) -> Result<(), SecurityError> {
    let valid = within(s.password_min_length, 8, 128)
        && s.password_max_age_days.is_none_or(|d| within(d, 1, 3650))
        && within(s.lockout_attempts, 3, 20)
        && within(s.lockout_minutes, 1, 1440)
        && within(s.session_idle_minutes, 5, 720)
        && s.admin_allowlist.chars().count() <= 10_000
        && s.api_allowlist.chars().count() <= 10_000;
    if !valid {
        return Err(SecurityError::Invalid);
    }
    allowlist::parse(&s.admin_allowlist).map_err(|line| SecurityError::AllowlistLine { line })?;
    allowlist::parse(&s.api_allowlist).map_err(|line| SecurityError::AllowlistLine { line })?;
    if !allowlist::allows(&s.admin_allowlist, saver_ip) {
        return Err(SecurityError::ExcludesYou);
    }
    let known: i64 = sqlx::query_scalar("SELECT count(*) FROM roles WHERE code = ANY($1)")
        .bind(&s.totp_roles)
        .fetch_one(pool)
        .await?;
    let mut wanted = s.totp_roles.clone();
    wanted.sort_unstable();
    wanted.dedup();
    if known as usize != wanted.len() {
        return Err(SecurityError::Invalid);
    }
    sqlx::query(
        "UPDATE security_settings SET password_min_length = $1, password_upper = $2, password_lower = $3,
             password_digit = $4, password_symbol = $5, password_max_age_days = $6, lockout_attempts = $7,
             lockout_minutes = $8, session_idle_minutes = $9, totp_roles = $10, admin_allowlist = $11,
             api_allowlist = $12, updated_at = now()",
    )
    .bind(s.password_min_length)
    .bind(s.password_upper)
    .bind(s.password_lower)
    .bind(s.password_digit)
    .bind(s.password_symbol)
    .bind(s.password_max_age_days)
    .bind(s.lockout_attempts)
    .bind(s.lockout_minutes)
    .bind(s.session_idle_minutes)
    .bind(&wanted)
    .bind(s.admin_allowlist.trim())
    .bind(s.api_allowlist.trim())
    .execute(pool)
    .await?;
    Ok(())
}
