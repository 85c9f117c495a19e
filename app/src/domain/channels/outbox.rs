//! The outbox: every message to a messenger customer is written here in the same
//! transaction as the message itself, so nothing is lost when a provider (or this
//! server) is down. Workers claim due rows (`FOR UPDATE SKIP LOCKED`, so several
//! server processes share the work), one at a time per conversation so a chat receives
//! its messages in order; a failed attempt is retried with backoff for a day, a refusal
//! the provider calls final fails at once. The message shows which, with the reason.

use chrono::{DateTime, Utc};
use protocol::Message;
use sqlx::{PgConnection, PgPool};

/// Give up on a provider that stays down this long.
pub const GIVE_UP_AFTER_HOURS: i64 = 24;
/// A claimed row is the worker's for this long; after that (a crashed worker) it comes back.
const LEASE_SECONDS: f64 = 120.0;

/// Seconds to wait before attempt `attempts + 1`: 5 s, 15 s, 45 s … at most 10 minutes.
pub fn backoff_seconds(attempts: i32) -> i64 {
    let exp = attempts.saturating_sub(1).clamp(0, 10) as u32;
    (5_i64 * 3_i64.pow(exp)).min(600)
}

/// Puts a new staff or system message into the outbox if its conversation's channel
/// reaches the customer through a provider (not the widget's socket); marks it pending.
pub async fn enqueue(conn: &mut PgConnection, message_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "WITH m AS (
             UPDATE messages m SET delivery = 'pending'
             FROM conversations c JOIN channels ch ON ch.id = c.channel_id
             WHERE m.id = $1 AND c.id = m.conversation_id
               AND ch.kind NOT IN ('webchat', 'mobile')
             RETURNING m.id, m.conversation_id, c.channel_id)
         INSERT INTO outbox (channel_id, conversation_id, message_id, kind)
         SELECT channel_id, conversation_id, id, 'message' FROM m",
    )
    .bind(message_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// A claimed row: what to send, and where.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Job {
    pub id: i64,
    pub channel_id: i64,
    pub conversation_id: i64,
    pub message_id: Option<i64>,
    pub kind: String,
    pub attempts: i32,
    pub created_at: DateTime<Utc>,
    /// The conversation's language (for the product's own texts, like the rating form).
    pub language: String,
    /// The message's text (or caption).
    pub body: Option<String>,
    /// A file sent with it: its storage key, name and type.
    pub file_key: Option<String>,
    pub file_name: Option<String>,
    pub file_type: Option<String>,
}

/// Claims up to `limit` due rows, the oldest pending one of each conversation.
pub async fn claim(pool: &PgPool, limit: i64) -> Result<Vec<Job>, sqlx::Error> {
    sqlx::query_as(
        "WITH due AS (
             SELECT o.id FROM outbox o
             WHERE o.status = 'pending' AND o.next_attempt_at <= now()
               AND (o.locked_until IS NULL OR o.locked_until < now())
               AND NOT EXISTS (SELECT 1 FROM outbox e WHERE e.conversation_id = o.conversation_id
                                 AND e.status = 'pending' AND e.id < o.id)
             ORDER BY o.id LIMIT $1
             FOR UPDATE OF o SKIP LOCKED),
         claimed AS (
             UPDATE outbox o SET locked_until = now() + make_interval(secs => $2), attempts = o.attempts + 1
             FROM due WHERE o.id = due.id
             RETURNING o.*)
         SELECT c.id, c.channel_id, c.conversation_id, c.message_id, c.kind, c.attempts, c.created_at,
                cv.language, m.body, a.storage_key AS file_key, a.original_name AS file_name, a.content_type AS file_type
         FROM claimed c
         JOIN conversations cv ON cv.id = c.conversation_id
         LEFT JOIN messages m ON m.id = c.message_id
         LEFT JOIN attachments a ON a.id = m.attachment_id
         ORDER BY c.id",
    )
    .bind(limit)
    .bind(LEASE_SECONDS)
    .fetch_all(pool)
    .await
}

/// How an attempt ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Accepted; the provider's id for the message, if it gave one.
    Sent(Option<String>),
    /// Worth trying again (network, timeout, 5xx, rate limit).
    Retry(String),
    /// Refused for good (blocked by the user, bad recipient, …).
    Failed(String),
}

/// Records an attempt's outcome. Returns the message as it now reads (for the
/// operator's screen), if the job carried one.
pub async fn finish(pool: &PgPool, job: &Job, outcome: Outcome) -> Result<Option<Message>, sqlx::Error> {
    let give_up = Utc::now() - job.created_at > chrono::Duration::hours(GIVE_UP_AFTER_HOURS);
    let (status, error, external_id) = match outcome {
        Outcome::Sent(external) => ("sent", None, external),
        Outcome::Retry(e) if !give_up => ("pending", Some(e), None),
        Outcome::Retry(e) | Outcome::Failed(e) => ("failed", Some(e), None),
    };
    let error = error.map(|e| e.chars().take(500).collect::<String>());
    let mut tx = pool.begin().await?;
    sqlx::query(
        "UPDATE outbox SET status = $2, last_error = $3, locked_until = NULL,
                sent_at = CASE WHEN $2 = 'sent' THEN now() END,
                next_attempt_at = now() + make_interval(secs => $4)
         WHERE id = $1",
    )
    .bind(job.id)
    .bind(status)
    .bind(&error)
    .bind(backoff_seconds(job.attempts) as f64)
    .execute(&mut *tx)
    .await?;
    let Some(message_id) = job.message_id else {
        tx.commit().await?;
        return Ok(None);
    };
    sqlx::query(
        "UPDATE messages SET delivery = $2, delivery_error = $3, external_id = COALESCE($4, external_id)
         WHERE id = $1",
    )
    .bind(message_id)
    .bind(status)
    .bind(&error)
    .bind(external_id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    super::super::messages::by_id(pool, message_id).await
}

/// The operator tries a failed message again (at once).
pub async fn retry(pool: &PgPool, message_id: i64) -> Result<bool, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let again = sqlx::query(
        "UPDATE outbox SET status = 'pending', next_attempt_at = now(), locked_until = NULL,
                attempts = 0, created_at = now()
         WHERE message_id = $1 AND status = 'failed'",
    )
    .bind(message_id)
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    if again {
        sqlx::query("UPDATE messages SET delivery = 'pending' WHERE id = $1")
            .bind(message_id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(again)
}

/// The provider reports afterwards that a message it accepted (its id `external_id`)
/// was not delivered. Returns the message as it now reads, if it is one of ours.
pub async fn failed_later(
    pool: &PgPool,
    channel_id: i64,
    external_id: &str,
    reason: &str,
) -> Result<Option<Message>, sqlx::Error> {
    let reason: String = reason.chars().take(500).collect();
    let mut tx = pool.begin().await?;
    let id: Option<i64> = sqlx::query_scalar(
        "UPDATE messages m SET delivery = 'failed', delivery_error = $3
         FROM conversations c
         WHERE m.external_id = $2 AND c.id = m.conversation_id AND c.channel_id = $1
         RETURNING m.id",
    )
    .bind(channel_id)
    .bind(external_id)
    .bind(&reason)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(id) = id else {
        return Ok(None);
    };
    sqlx::query("UPDATE outbox SET status = 'failed', last_error = $2 WHERE message_id = $1")
        .bind(id)
        .bind(&reason)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    super::super::messages::by_id(pool, id).await
}

#[cfg(test)]
mod tests {
    use super::backoff_seconds;

    #[test]
    fn backoff_grows_by_three_up_to_ten_minutes() {
        assert_eq!(backoff_seconds(1), 5);
        assert_eq!(backoff_seconds(2), 15);
        assert_eq!(backoff_seconds(3), 45);
        assert_eq!(backoff_seconds(5), 405);
        assert_eq!(backoff_seconds(6), 600);
        assert_eq!(backoff_seconds(60), 600);
    }
}
