//! Recomputing the chain: every record's hash from its stored fields and the hash
//! before it. The first record that doesn't match is reported.

use super::chain::{Canonical, GENESIS};
use chrono::{DateTime, Utc};
use sqlx::PgPool;

/// Records read per query while walking the chain.
const BATCH: i64 = 5_000;

#[derive(Debug, PartialEq, Eq)]
pub struct Verified {
    pub records: u64,
    /// The last record's hash in hex (worth writing down elsewhere: cutting records
    /// off the end of a chain is only visible against a head noted earlier).
    pub head: String,
}

#[derive(Debug, PartialEq, Eq, Clone, Copy)]
pub enum BreakKind {
    /// The record's fields don't give its stored hash: it was changed.
    Altered,
    /// The record doesn't link to the one before it: a record was removed or inserted.
    Unlinked,
}

#[derive(Debug, PartialEq, Eq)]
pub struct Break {
    /// The first record that fails.
    pub id: i64,
    pub kind: BreakKind,
    /// Records before it that verified.
    pub verified_before: u64,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    at: DateTime<Utc>,
    user_id: Option<i64>,
    login: String,
    ip: Option<String>,
    user_agent: Option<String>,
    event: String,
    target: String,
    details: String,
    prev_hash: Vec<u8>,
    hash: Vec<u8>,
}

#[derive(Debug)]
pub enum VerifyError {
    Broken(Break),
    Database(sqlx::Error),
}

impl From<sqlx::Error> for VerifyError {
    fn from(e: sqlx::Error) -> Self {
        VerifyError::Database(e)
    }
}

/// Walks the whole journal in id order.
pub async fn verify(pool: &PgPool) -> Result<Verified, VerifyError> {
    let mut prev = GENESIS.to_vec();
    let mut last_id = i64::MIN;
    let mut records = 0u64;
    loop {
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT id, at, user_id, login, ip, user_agent, event, target, details, prev_hash, hash
             FROM audit_events WHERE id > $1 ORDER BY id LIMIT $2",
        )
        .bind(last_id)
        .bind(BATCH)
        .fetch_all(pool)
        .await?;
        if rows.is_empty() {
            break;
        }
        for row in rows {
            let broken = |kind| {
                VerifyError::Broken(Break {
                    id: row.id,
                    kind,
                    verified_before: records,
                })
            };
            if row.prev_hash != prev {
                return Err(broken(BreakKind::Unlinked));
            }
            let computed = Canonical {
                id: row.id,
                at: row.at,
                user_id: row.user_id,
                login: &row.login,
                ip: row.ip.as_deref(),
                user_agent: row.user_agent.as_deref(),
                event: &row.event,
                target: &row.target,
                details: &row.details,
            }
            .hash(&row.prev_hash);
            if computed.as_slice() != row.hash.as_slice() {
                return Err(broken(BreakKind::Altered));
            }
            prev = row.hash;
            last_id = row.id;
            records += 1;
        }
    }
    Ok(Verified {
        records,
        head: hex::encode(&prev),
    })
}
