//! API tokens (TS 15.2): an integration (the bank's CRM, core banking, a BI tool) calls
//! the REST API with a bearer token created on the API page. Only its SHA-256 is kept;
//! the token is shown once. Each token has scopes, an optional address allowlist (inside
//! the security settings' API allowlist) and a rate per minute.

use super::sessions::token_hash;
use chrono::{DateTime, SecondsFormat, Utc};
use rand::distributions::{Alphanumeric, DistString};
use sqlx::PgPool;

/// What a token may do. Reading never includes writing.
pub const SCOPES: [&str; 8] = [
    "conversations:read",
    "conversations:write",
    "customers:read",
    "customers:write",
    "operators:read",
    "topics:read",
    "reports:read",
    "webhooks:manage",
];

#[derive(Debug, PartialEq, Eq)]
pub enum TokenError {
    /// A name that is empty or longer than 100 characters.
    BadName,
    /// No scope, or one that is not in `SCOPES`.
    BadScopes,
    /// The allowlist's line (1-based) is not an address or range.
    AllowlistLine(usize),
    BadRate,
    Database,
}

impl From<sqlx::Error> for TokenError {
    fn from(err: sqlx::Error) -> Self {
        tracing::error!(error = %err, "API token query failed");
        TokenError::Database
    }
}

/// A token being created.
#[derive(Clone, Debug)]
pub struct NewToken {
    pub name: String,
    pub scopes: Vec<String>,
    pub allowlist: String,
    pub rate_per_minute: i32,
}

/// The caller behind a valid token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiClient {
    pub token_id: i64,
    pub name: String,
    pub scopes: Vec<String>,
    pub allowlist: String,
    pub rate_per_minute: i32,
}

impl ApiClient {
    pub fn may(&self, scope: &str) -> bool {
        self.scopes.iter().any(|s| s == scope)
    }
}

/// A token as the API page lists it (never the token itself).
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct TokenRow {
    pub id: i64,
    pub name: String,
    pub prefix: String,
    pub scopes: Vec<String>,
    pub allowlist: String,
    pub rate_per_minute: i32,
    pub created_by: Option<String>,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub last_used_ip: Option<String>,
    pub revoked_at: Option<DateTime<Utc>>,
}

pub fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Checks a new token's fields; returns the scopes sorted and without repeats.
pub fn check(new: &NewToken) -> Result<Vec<String>, TokenError> {
    let name = new.name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(TokenError::BadName);
    }
    let mut scopes = new.scopes.clone();
    scopes.sort();
    scopes.dedup();
    if scopes.is_empty() || scopes.iter().any(|s| !SCOPES.contains(&s.as_str())) {
        return Err(TokenError::BadScopes);
    }
    super::allowlist::parse(&new.allowlist).map_err(TokenError::AllowlistLine)?;
    if !(1..=100_000).contains(&new.rate_per_minute) || new.allowlist.chars().count() > 10_000 {
        return Err(TokenError::BadRate);
    }
    Ok(scopes)
}

/// Creates a token; returns its id and the token (shown once, never stored).
pub async fn create(pool: &PgPool, new: &NewToken, by: Option<i64>) -> Result<(i64, String), TokenError> {
    let scopes = check(new)?;
    let token = format!("cc_{}", Alphanumeric.sample_string(&mut rand::thread_rng(), 40));
    let id = sqlx::query_scalar(
        "INSERT INTO api_tokens (name, token_hash, prefix, scopes, allowlist, rate_per_minute, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(new.name.trim())
    .bind(token_hash(&token))
    .bind(&token[..10])
    .bind(&scopes)
    .bind(new.allowlist.trim())
    .bind(new.rate_per_minute)
    .bind(by)
    .fetch_one(pool)
    .await?;
    Ok((id, token))
}

/// Revokes a token at once (every process: the next request looks it up again).
pub async fn revoke(pool: &PgPool, id: i64) -> Result<bool, TokenError> {
    Ok(
        sqlx::query("UPDATE api_tokens SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL")
            .bind(id)
            .execute(pool)
            .await?
            .rows_affected()
            == 1,
    )
}

pub async fn list(pool: &PgPool) -> Result<Vec<TokenRow>, TokenError> {
    Ok(sqlx::query_as(
        "SELECT t.id, t.name, t.prefix, t.scopes, t.allowlist, t.rate_per_minute, u.login AS created_by,
                t.created_at, t.last_used_at, t.last_used_ip, t.revoked_at
         FROM api_tokens t LEFT JOIN users u ON u.id = t.created_by
         ORDER BY t.revoked_at IS NOT NULL, t.id DESC",
    )
    .fetch_all(pool)
    .await?)
}

/// The caller behind a bearer token, if it is one of ours and not revoked.
pub async fn authenticate(pool: &PgPool, token: &str) -> Result<Option<ApiClient>, sqlx::Error> {
    if !token.starts_with("cc_") || token.len() != 43 {
        return Ok(None);
    }
    let row: Option<(i64, String, Vec<String>, String, i32)> = sqlx::query_as(
        "SELECT id, name, scopes, allowlist, rate_per_minute FROM api_tokens
         WHERE token_hash = $1 AND revoked_at IS NULL",
    )
    .bind(token_hash(token))
    .fetch_optional(pool)
    .await?;
    Ok(
        row.map(|(token_id, name, scopes, allowlist, rate_per_minute)| ApiClient {
            token_id,
            name,
            scopes,
            allowlist,
            rate_per_minute,
        }),
    )
}

/// Notes the token's use (at most once a minute per token, to spare the database).
pub async fn touch(pool: &PgPool, id: i64, ip: Option<&str>) {
    let result = sqlx::query(
        "UPDATE api_tokens SET last_used_at = now(), last_used_ip = $2
         WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute'
                            OR last_used_ip IS DISTINCT FROM $2)",
    )
    .bind(id)
    .bind(ip)
    .execute(pool)
    .await;
    if let Err(e) = result {
        tracing::error!(error = %e, "noting an API token's use failed");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn new(scopes: &[&str], allowlist: &str, rate: i32) -> NewToken {
        NewToken {
            name: "CRM".into(),
            scopes: scopes.iter().map(|s| (*s).to_owned()).collect(),
            allowlist: allowlist.into(),
            rate_per_minute: rate,
        }
    }

    #[test]
    fn tokens_need_known_scopes_a_readable_allowlist_and_a_sane_rate() {
        assert_eq!(
            check(&new(
                &["customers:read", "conversations:read", "customers:read"],
                "",
                60
            ))
            .unwrap(),
            ["conversations:read", "customers:read"]
        );
        assert_eq!(check(&new(&[], "", 60)), Err(TokenError::BadScopes));
        assert_eq!(check(&new(&["admin"], "", 60)), Err(TokenError::BadScopes));
        assert_eq!(
            check(&new(&["topics:read"], "10.0.0.0/8\nbank", 60)),
            Err(TokenError::AllowlistLine(2))
        );
        assert_eq!(check(&new(&["topics:read"], "", 0)), Err(TokenError::BadRate));
        let mut unnamed = new(&["topics:read"], "", 60);
        unnamed.name = "  ".into();
        assert_eq!(check(&unnamed), Err(TokenError::BadName));
    }
}
