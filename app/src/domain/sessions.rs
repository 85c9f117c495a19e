//! Server-side sessions. The browser holds a random token in an HttpOnly cookie;
//! the database holds only its SHA-256.

use super::accounts;
use crate::model::CurrentUser;
use chrono::{Offset, Utc};
use rand::RngCore;
use sha2::{Digest, Sha256};
use sqlx::PgPool;

pub const COOKIE_NAME: &str = "cc_session";
/// A session ends this long after sign-in, whatever happens.
pub const LIFETIME_HOURS: i64 = 12;

/// Why a token didn't resolve to a session.
#[derive(Debug, PartialEq, Eq)]
pub enum SessionError {
    /// No such session: forged, or ended by sign-out.
    Unknown,
    /// It existed but ran out (lifetime or idle time).
    Expired,
    Database,
}

pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

pub fn token_hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// Opens a session for a signed-in user; returns the token for the cookie.
pub async fn open(
    pool: &PgPool,
    user_id: i64,
    ip: Option<&str>,
    user_agent: Option<&str>,
) -> Result<String, sqlx::Error> {
    let token = new_token();
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, expires_at, ip, user_agent)
         VALUES ($1, $2, now() + make_interval(hours => $3), $4, $5)",
    )
    .bind(token_hash(&token))
    .bind(user_id)
    .bind(LIFETIME_HOURS as i32)
    .bind(ip)
    .bind(user_agent.map(|ua| ua.chars().take(400).collect::<String>()))
    .execute(pool)
    .await?;
    Ok(token)
}

/// The user behind a session token, touching the session's idle clock.
pub async fn resolve(pool: &PgPool, token: &str) -> Result<CurrentUser, SessionError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        alive: bool,
        id: i64,
        login: String,
        display_name: String,
        time_zone: String,
        blocked: bool,
        must_change_password: bool,
        must_enrol_totp: bool,
    }
    let row: Option<Row> = sqlx::query_as(
        "SELECT s.expires_at > now() AND s.last_seen_at > now() - make_interval(mins => ss.session_idle_minutes)
                    AS alive,
                u.id, u.login, u.display_name, u.time_zone, u.blocked OR u.deleted_at IS NOT NULL AS blocked,
                u.must_change_password,
                u.totp_secret IS NULL AND EXISTS (
                    SELECT 1 FROM user_roles ur JOIN roles r ON r.id = ur.role_id
                    WHERE ur.user_id = u.id AND r.code = ANY(ss.totp_roles)) AS must_enrol_totp
         FROM sessions s JOIN users u ON u.id = s.user_id, security_settings ss WHERE s.token_hash = $1",
    )
    .bind(token_hash(token))
    .fetch_optional(pool)
    .await
    .map_err(|_| SessionError::Database)?;
    let Some(Row {
        alive,
        id,
        login,
        display_name,
        time_zone,
        blocked,
        must_change_password,
        must_enrol_totp,
    }) = row
    else {
        return Err(SessionError::Unknown);
    };
    if !alive || blocked {
        close(pool, token).await.map_err(|_| SessionError::Database)?;
        return Err(SessionError::Expired);
    }
    sqlx::query("UPDATE sessions SET last_seen_at = now() WHERE token_hash = $1")
        .bind(token_hash(token))
        .execute(pool)
        .await
        .map_err(|_| SessionError::Database)?;
    let permissions = accounts::permissions_of(pool, id)
        .await
        .map_err(|_| SessionError::Database)?;
    let utc_offset_seconds = utc_offset(&time_zone);
    Ok(CurrentUser {
        id,
        login,
        display_name,
        permissions,
        time_zone,
        utc_offset_seconds,
        must_change_password,
        must_enrol_totp,
    })
}

/// Ends a session (sign-out).
pub async fn close(pool: &PgPool, token: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(token_hash(token))
        .execute(pool)
        .await?;
    Ok(())
}

/// The zone's current offset from UTC in seconds; Tashkent's if the name is unknown.
pub fn utc_offset(time_zone: &str) -> i32 {
    let tz: chrono_tz::Tz = time_zone.parse().unwrap_or(chrono_tz::Asia::Tashkent);
    Utc::now().with_timezone(&tz).offset().fix().local_minus_utc()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_hashes_stable() {
        let a = new_token();
        assert_eq!(a.len(), 64);
        assert_ne!(a, new_token());
        assert_eq!(token_hash(&a), token_hash(&a));
        assert_eq!(token_hash(&a).len(), 32);
    }

    #[test]
    fn offsets_of_known_and_unknown_zones() {
        assert_eq!(utc_offset("Asia/Tashkent"), 5 * 3600);
        assert_eq!(utc_offset("Not/AZone"), 5 * 3600);
        assert_eq!(utc_offset("UTC"), 0);
    }
}
