//! A waiting conversation's priority:
//!
//! ```text
//! priority = wait_weight × minutes in the queue
//!          + channel weight + segment weight
//!          + Σ weights of the rules its attributes match
//!          + boost (gained each time it came back to the queue unanswered)
//! ```
//!
//! The database keeps it (migration `priority_and_reassignment`): a trigger stores the
//! fixed part in `base_priority` and the queue's order in `queue_key` =
//! `queued_at − (base_priority + priority_boost) minutes ÷ wait_weight`, so the earliest
//! key is the highest priority at any moment, and the queue head is one index scan.
//! After a change of weights, [`reprioritize`] recomputes every waiting conversation.

use sqlx::PgPool;

/// The priority now, reading the conversation as `c` and the settings as `rs`.
pub const PRIORITY: &str = "(c.base_priority + c.priority_boost
    + rs.wait_weight * date_part('epoch', now() - c.queued_at) / 60.0)::float8";

/// Brings in `rs` (the routing settings).
pub const JOINS: &str = "CROSS JOIN routing_settings rs";

/// The queue's order: highest priority first, then the longest waiting.
pub const ORDER: &str = "c.queue_key, c.id";

/// Recomputes the priority of every waiting conversation (after weights changed).
pub async fn reprioritize(pool: &PgPool) -> Result<u64, sqlx::Error> {
    Ok(
        sqlx::query("UPDATE conversations SET status = status WHERE status = 'waiting'")
            .execute(pool)
            .await?
            .rows_affected(),
    )
}
