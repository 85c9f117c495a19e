//! Writing one record: under one advisory lock, read the head, link to it, insert.

use chrono::{DateTime, SubsecRound, Utc};
use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::PgPool;

/// Serialises writers so that rows chain in id order (any number of processes).
const CHAIN_LOCK: i64 = 0x6175_6469_745f_6c6b; // "audit_lk"

/// The hash that the first record links to.
pub const GENESIS: [u8; 32] = [0; 32];

/// Who did it, and from where.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Actor {
    /// `None` for an anonymous attempt (a failed sign-in) or the system itself.
    pub user_id: Option<i64>,
    /// The login at the time (kept even if the account is renamed or deleted).
    pub login: String,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

impl Actor {
    /// The product itself (start-up, command line, background work).
    pub fn system(what: &str) -> Self {
        Actor {
            user_id: None,
            login: format!("system:{what}"),
            ip: None,
            user_agent: None,
        }
    }
}

/// The fields a record's hash covers, in their canonical order.
pub struct Canonical<'a> {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub user_id: Option<i64>,
    pub login: &'a str,
    pub ip: Option<&'a str>,
    pub user_agent: Option<&'a str>,
    pub event: &'a str,
    pub target: &'a str,
    pub details: &'a str,
}

impl Canonical<'_> {
    /// SHA-256 of the previous hash followed by a JSON array of the fields (JSON so that
    /// no field's content can imitate a separator).
    pub fn hash(&self, prev: &[u8]) -> [u8; 32] {
        let fields = serde_json::json!([
            self.id,
            self.at.timestamp_micros(),
            self.user_id,
            self.login,
            self.ip,
            self.user_agent,
            self.event,
            self.target,
            self.details,
        ]);
        let mut hasher = Sha256::new();
        hasher.update(prev);
        hasher.update(fields.to_string().as_bytes());
        hasher.finalize().into()
    }
}

/// Appends one record; returns its id. `details` is any JSON-serialisable value
/// (before/after values, filters, reasons).
pub async fn record(
    pool: &PgPool,
    actor: &Actor,
    event: &str,
    target: &str,
    details: &impl Serialize,
) -> Result<i64, sqlx::Error> {
    let details = serde_json::to_string(details).unwrap_or_else(|_| "null".to_owned());
    let user_agent: Option<String> = actor.user_agent.as_ref().map(|ua| ua.chars().take(400).collect());
    // PostgreSQL keeps microseconds: hash what will be read back.
    let at = Utc::now().trunc_subsecs(6);
    let mut tx = pool.begin().await?;
    sqlx::query("SELECT pg_advisory_xact_lock($1)")
        .bind(CHAIN_LOCK)
        .execute(&mut *tx)
        .await?;
    let prev: Vec<u8> = sqlx::query_scalar("SELECT hash FROM audit_events ORDER BY id DESC LIMIT 1")
        .fetch_optional(&mut *tx)
        .await?
        .unwrap_or_else(|| GENESIS.to_vec());
    let id: i64 = sqlx::query_scalar("SELECT nextval('audit_events_id_seq')")
        .fetch_one(&mut *tx)
        .await?;
    let hash = Canonical {
        id,
        at,
        user_id: actor.user_id,
        login: &actor.login,
        ip: actor.ip.as_deref(),
        user_agent: user_agent.as_deref(),
        event,
        target,
        details: &details,
    }
    .hash(&prev);
    sqlx::query(
        "INSERT INTO audit_events (id, at, user_id, login, ip, user_agent, event, target, details, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(id)
    .bind(at)
    .bind(actor.user_id)
    .bind(&actor.login)
    .bind(&actor.ip)
    .bind(&user_agent)
    .bind(event)
    .bind(target)
    .bind(&details)
    .bind(&prev)
    .bind(hash.as_slice())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Records, and logs instead of failing the user's action if the journal can't be
/// written (the action itself has already happened).
pub async fn record_or_log(
    pool: &PgPool,
    actor: &Actor,
    event: &str,
    target: &str,
    details: &impl Serialize,
) {
    if let Err(e) = record(pool, actor, event, target, details).await {
        tracing::error!(error = %e, event, "audit record not written");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample<'a>(details: &'a str, login: &'a str) -> Canonical<'a> {
        Canonical {
            id: 7,
            at: DateTime::from_timestamp_micros(1_700_000_000_123_456).unwrap(),
            user_id: Some(3),
            login,
            ip: Some("10.0.0.1"),
            user_agent: None,
            event: "auth.login.succeeded",
            target: "",
            details,
        }
    }

    #[test]
    fn every_field_and_the_link_change_the_hash() {
        let base = sample("{}", "admin").hash(&GENESIS);
        assert_eq!(base, sample("{}", "admin").hash(&GENESIS));
        assert_ne!(base, sample("{\"a\":1}", "admin").hash(&GENESIS));
        assert_ne!(base, sample("{}", "admin2").hash(&GENESIS));
        assert_ne!(base, sample("{}", "admin").hash(&[1; 32]));
    }

    #[test]
    fn a_separator_inside_a_field_cannot_shift_fields() {
        let mut a = sample("{}", "a\",\"b");
        a.user_agent = None;
        let mut b = sample("{}", "a");
        b.user_agent = Some("b");
        assert_ne!(a.hash(&GENESIS), b.hash(&GENESIS));
    }
}
