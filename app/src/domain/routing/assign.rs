//! Automatic assignment: the highest-priority waiting conversations go to the
//! least-loaded eligible operators, a batch at a time.
//!
//! Safe across server processes on one database: assigners take turns on one
//! transaction-level advisory lock and count operators' loads after taking it, so no
//! operator goes over capacity; the queue head is taken with `FOR UPDATE SKIP LOCKED`,
//! so a conversation taken by hand meanwhile is never assigned as well.

use super::eligibility::{choose, Candidate, ReadyOperator};
use super::priority;
use crate::domain::bus::Bus;
use crate::domain::conversations;
use sqlx::{PgConnection, PgPool};

/// How many queue-head conversations one transaction considers.
const BATCH: i64 = 50;

/// The advisory lock assigners take turns on: (class, key) in the two-key space.
const ASSIGNMENT_LOCK: (i32, i32) = (2, 0);

/// Assigns waiting conversations until none can be placed; returns
/// `(conversation, operator)` for each assignment made.
pub async fn assign_waiting(pool: &PgPool) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    let mut assigned = Vec::new();
    loop {
        let batch = assign_batch(pool, BATCH).await?;
        if batch.is_empty() {
            return Ok(assigned);
        }
        assigned.extend(batch);
    }
}

/// One assignment transaction over at most `limit` conversations from the queue head.
pub async fn assign_batch(pool: &PgPool, limit: i64) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    let mut tx = pool.begin().await?;
    sqlx::query("SELECT pg_advisory_xact_lock($1, $2)")
        .bind(ASSIGNMENT_LOCK.0)
        .bind(ASSIGNMENT_LOCK.1)
        .execute(&mut *tx)
        .await?;
    // Statements from here on see everything earlier assigners committed.
    let mut operators = ready_operators(&mut tx).await?;
    operators.retain(|o| o.load < o.capacity);
    if operators.is_empty() {
        return Ok(Vec::new());
    }
    let candidates = queue_head(&mut tx, &operators, limit).await?;
    let mut pairs = Vec::new();
    for conversation in &candidates {
        if let Some(i) = choose(&operators, conversation) {
            operators[i].load += 1;
            pairs.push((conversation.id, operators[i].id));
        }
    }
    if !pairs.is_empty() {
        let (ids, ops): (Vec<i64>, Vec<i64>) = pairs.iter().copied().unzip();
        sqlx::query(
            "UPDATE conversations c SET status = 'active', operator_id = v.operator_id, assigned_at = now()
             FROM unnest($1::bigint[], $2::bigint[]) AS v(id, operator_id)
             WHERE c.id = v.id AND c.status = 'waiting'",
        )
        .bind(&ids)
        .bind(&ops)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(pairs)
}

/// Operators in a state that receives chats, with their load, longest in their state first.
async fn ready_operators(tx: &mut PgConnection) -> Result<Vec<ReadyOperator>, sqlx::Error> {
    sqlx::query_as(
        // Loads are counted in one pass over the active conversations, not per operator.
        "SELECT u.id, u.languages,
                ARRAY(SELECT gm.group_id FROM group_members gm WHERE gm.user_id = u.id ORDER BY 1) AS groups,
                COALESCE(l.load, 0) AS load, u.capacity::bigint AS capacity
         FROM users u
         JOIN operator_presence p ON p.user_id = u.id
         JOIN operator_states s ON s.id = p.state_id AND s.receives_chats
         LEFT JOIN (SELECT operator_id, count(*) AS load FROM conversations
                    WHERE status = 'active' GROUP BY operator_id) l ON l.operator_id = u.id
         WHERE NOT u.blocked
           AND EXISTS (SELECT 1 FROM user_roles ur
                       JOIN role_permissions rp ON rp.role_id = ur.role_id
                       WHERE ur.user_id = u.id AND rp.permission = 'conversations.handle')
         ORDER BY p.since, u.id",
    )
    .fetch_all(&mut *tx)
    .await
}

/// The highest-priority waiting conversations that some free operator might take
/// (by language and group), locked; those another process holds are skipped.
async fn queue_head(
    tx: &mut PgConnection,
    operators: &[ReadyOperator],
    limit: i64,
) -> Result<Vec<Candidate>, sqlx::Error> {
    let mut languages: Vec<String> = operators.iter().flat_map(|o| o.languages.clone()).collect();
    languages.sort_unstable();
    languages.dedup();
    let mut groups: Vec<i64> = operators.iter().flat_map(|o| o.groups.clone()).collect();
    groups.sort_unstable();
    groups.dedup();
    let rows: Vec<(i64, String, Option<i64>, bool)> = sqlx::query_as(&format!(
        "SELECT c.id, c.language, c.group_id,
                c.queued_at < now() - make_interval(secs => rs.overflow_seconds)
         FROM conversations c {joins}
         WHERE c.status = 'waiting'
           AND split_part(c.language, '-', 1) = ANY($1)
           AND (c.group_id IS NULL OR c.group_id = ANY($2)
                OR c.queued_at < now() - make_interval(secs => rs.overflow_seconds))
         ORDER BY {order}
         LIMIT $3
         FOR UPDATE OF c SKIP LOCKED",
        joins = priority::JOINS,
        order = priority::ORDER,
    ))
    .bind(&languages)
    .bind(&groups)
    .bind(limit)
    .fetch_all(&mut *tx)
    .await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.0).collect();
    let timeouts: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT DISTINCT conversation_id, operator_id FROM routing_events
         WHERE conversation_id = ANY($1) AND kind IN ('timeout', 'transferred') AND operator_id IS NOT NULL",
    )
    .bind(&ids)
    .fetch_all(&mut *tx)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, language, group_id, overflowed)| Candidate {
            id,
            timed_out: timeouts
                .iter()
                .filter(|(c, _)| *c == id)
                .map(|(_, o)| *o)
                .collect(),
            language,
            group_id,
            overflowed,
        })
        .collect())
}

/// Assigns what can be assigned and tells the workspace and the widgets.
pub async fn assign_and_announce(pool: &PgPool, bus: &Bus) {
    match assign_waiting(pool).await {
        Ok(pairs) => {
            for (conversation_id, _) in pairs {
                let _ = conversations::announce(pool, bus, conversation_id).await;
            }
        }
        Err(err) => tracing::error!(error = %err, "automatic assignment failed"),
    }
}
