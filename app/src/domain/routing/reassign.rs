//! Conversations that leave their operator: unanswered past the answer timeout, or
//! because a supervisor ended the operator's work (TS 7.7). Every move is recorded in
//! `routing_events`.

use crate::domain::presence::{self, PresenceError, ShiftEnd};
use sqlx::PgPool;

/// Priority points that put redistributed conversations at the head of the queue.
const HEAD_OF_QUEUE: i32 = 1_000_000;

/// Active conversations whose operator has not answered within the answer timeout go
/// back to the queue with their priority raised; returns `(conversation, operator)`.
pub async fn requeue_unanswered(pool: &PgPool) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "WITH late AS (
             SELECT c.id, c.operator_id FROM conversations c CROSS JOIN routing_settings rs
             WHERE c.status = 'active'
               AND c.assigned_at < now() - make_interval(secs => rs.answer_timeout_seconds)
               AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id
                               AND m.sender = 'operator' AND m.created_at >= c.assigned_at)
             FOR UPDATE OF c SKIP LOCKED
         ), moved AS (
             UPDATE conversations c
             SET status = 'waiting', operator_id = NULL, assigned_at = NULL,
                 priority_boost = c.priority_boost + (SELECT reassign_boost FROM routing_settings)
             FROM late WHERE c.id = late.id
             RETURNING c.id, late.operator_id
         ), logged AS (
             INSERT INTO routing_events (conversation_id, kind, operator_id)
             SELECT id, 'timeout', operator_id FROM moved
         )
         SELECT id, operator_id FROM moved ORDER BY id",
    )
    .fetch_all(pool)
    .await
}

/// What happens to the conversations of an operator whose work is ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum EndWorkMode {
    /// To other operators now: they go to the head of the queue and are assigned at once.
    Redistribute,
    /// Back to the waiting list at their own place, for whoever becomes free.
    ReturnToQueue,
}

/// Ends an operator's work: offline (recorded, by `by`), shift ended as
/// `terminated`, and their active conversations back in the queue as `mode` says.
/// Returns the conversations that left them.
pub async fn end_work(
    pool: &PgPool,
    operator_id: i64,
    by: i64,
    mode: EndWorkMode,
) -> Result<Vec<i64>, PresenceError> {
    presence::switch(pool, operator_id, "offline", by).await?;
    let (kind, boost) = match mode {
        EndWorkMode::Redistribute => ("redistributed", HEAD_OF_QUEUE),
        EndWorkMode::ReturnToQueue => ("returned", 0),
    };
    let mut tx = pool.begin().await?;
    presence::end_open_shift(&mut *tx, operator_id, ShiftEnd::Terminated).await?;
    let mut moved: Vec<i64> = sqlx::query_scalar(
        "UPDATE conversations SET status = 'waiting', operator_id = NULL, assigned_at = NULL,
             priority_boost = priority_boost + $2
         WHERE operator_id = $1 AND status = 'active'
         RETURNING id",
    )
    .bind(operator_id)
    .bind(boost)
    .fetch_all(&mut *tx)
    .await?;
    // RETURNING follows the physical order; callers and the journal get them in id order.
    moved.sort_unstable();
    sqlx::query(
        "INSERT INTO routing_events (conversation_id, kind, operator_id, by_user)
         SELECT id, $2, $3, $4 FROM unnest($1::bigint[]) AS id",
    )
    .bind(&moved)
    .bind(kind)
    .bind(operator_id)
    .bind(by)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(moved)
}
