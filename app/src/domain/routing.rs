//! Automatic assignment: the oldest waiting conversation goes to the least-loaded
//! eligible operator — in a state that receives chats, speaking the conversation's
//! language, under capacity. The queue head is taken with `FOR UPDATE SKIP LOCKED`
//! and the operator's row is locked while their load is re-counted, so several
//! server processes on one database never assign a conversation twice nor push an
//! operator over capacity.

use super::bus::Bus;
use super::conversations;
use sqlx::PgPool;

/// Assigns waiting conversations until none can be placed; returns
/// `(conversation, operator)` for each assignment made.
pub async fn assign_waiting(pool: &PgPool) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    let mut assigned = Vec::new();
    // Each pass places at most one conversation; conversations no one can take now are
    // never picked, so the loop ends. A lost race is tried again, a few times at most.
    let mut races = 0;
    loop {
        match assign_one(pool).await? {
            Step::Assigned(pair) => assigned.push(pair),
            Step::LostRace if races < 10 => races += 1,
            Step::LostRace | Step::Done => return Ok(assigned),
        }
    }
}

enum Step {
    Assigned((i64, i64)),
    /// The chosen operator filled up meanwhile (another process assigned to them).
    LostRace,
    Done,
}

async fn assign_one(pool: &PgPool) -> Result<Step, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let pick: Option<(i64, i64)> = sqlx::query_as(
        "SELECT c.id, op.user_id
         FROM conversations c
         CROSS JOIN LATERAL (
             SELECT u.id AS user_id
             FROM users u
             JOIN operator_presence p ON p.user_id = u.id
             JOIN operator_states s ON s.id = p.state_id AND s.receives_chats
             WHERE NOT u.blocked
               AND split_part(c.language, '-', 1) = ANY (u.languages)
               AND EXISTS (SELECT 1 FROM user_roles ur
                           JOIN role_permissions rp ON rp.role_id = ur.role_id
                           WHERE ur.user_id = u.id AND rp.permission = 'conversations.handle')
               AND (SELECT count(*) FROM conversations a
                    WHERE a.operator_id = u.id AND a.status = 'active') < u.capacity
             ORDER BY (SELECT count(*) FROM conversations a
                       WHERE a.operator_id = u.id AND a.status = 'active'), p.since, u.id
             LIMIT 1
         ) op
         WHERE c.status = 'waiting'
         ORDER BY c.queued_at, c.id
         LIMIT 1
         FOR UPDATE OF c SKIP LOCKED",
    )
    .fetch_optional(&mut *tx)
    .await?;
    let Some((conversation_id, operator_id)) = pick else {
        return Ok(Step::Done);
    };
    // Another process may be filling the same operator: lock them, then count again in
    // a new statement (whose snapshot sees what the other process committed).
    let capacity: i32 = sqlx::query_scalar("SELECT capacity FROM users WHERE id = $1 FOR UPDATE")
        .bind(operator_id)
        .fetch_one(&mut *tx)
        .await?;
    let load: i64 =
        sqlx::query_scalar("SELECT count(*) FROM conversations WHERE operator_id = $1 AND status = 'active'")
            .bind(operator_id)
            .fetch_one(&mut *tx)
            .await?;
    let still_free = load < i64::from(capacity);
    if !still_free {
        tx.rollback().await?;
        return Ok(Step::LostRace);
    }
    sqlx::query(
        "UPDATE conversations SET status = 'active', operator_id = $2, assigned_at = now()
         WHERE id = $1 AND status = 'waiting'",
    )
    .bind(conversation_id)
    .bind(operator_id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Step::Assigned((conversation_id, operator_id)))
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

/// Sets an operator's language skills and capacity.
pub async fn set_skills(
    pool: &PgPool,
    user_id: i64,
    languages: &[String],
    capacity: i32,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET languages = $2, capacity = $3 WHERE id = $1")
        .bind(user_id)
        .bind(languages)
        .bind(capacity)
        .execute(pool)
        .await?;
    Ok(())
}

/// A waiting conversation's place in the queue (1 = next) and, when recent handling
/// times allow, the expected wait in whole minutes (at least 1): place × average
/// handling time of the last 50 closed conversations ÷ operators receiving chats now.
pub async fn queue_place(
    pool: &PgPool,
    conversation_id: i64,
) -> Result<Option<(i64, Option<i64>)>, sqlx::Error> {
    let row: Option<(i64, Option<f64>, i64)> = sqlx::query_as(
        "SELECT
             (SELECT count(*) FROM conversations w
              WHERE w.status = 'waiting' AND (w.queued_at, w.id) <= (c.queued_at, c.id)),
             (SELECT avg(EXTRACT(EPOCH FROM h.closed_at - h.assigned_at))::float8 FROM (
                  SELECT closed_at, assigned_at FROM conversations
                  WHERE closed_at IS NOT NULL AND assigned_at IS NOT NULL
                  ORDER BY closed_at DESC LIMIT 50) h),
             (SELECT count(*) FROM operator_presence p
              JOIN operator_states s ON s.id = p.state_id AND s.receives_chats)
         FROM conversations c WHERE c.id = $1 AND c.status = 'waiting'",
    )
    .bind(conversation_id)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|(place, handling, operators)| {
        let minutes = handling.map(|seconds| {
            let total = place as f64 * seconds / operators.max(1) as f64;
            ((total / 60.0).ceil() as i64).max(1)
        });
        (place, minutes)
    }))
}

/// The queue, oldest first, and every operator with state, time in state and load.
pub async fn queue_board(pool: &PgPool) -> Result<crate::model::QueueBoard, sqlx::Error> {
    use crate::model::{OperatorRow, OperatorState, QueueBoard, WaitingRow};
    let waiting: Vec<(i64, i64, String, String, String, i64)> = sqlx::query_as(
        "SELECT c.id, row_number() OVER (ORDER BY c.queued_at, c.id), cu.display_name, ch.name, c.language,
                EXTRACT(EPOCH FROM now() - c.queued_at)::bigint
         FROM conversations c
         JOIN customers cu ON cu.id = c.customer_id
         JOIN channels ch ON ch.id = c.channel_id
         WHERE c.status = 'waiting' ORDER BY c.queued_at, c.id LIMIT 500",
    )
    .fetch_all(pool)
    .await?;
    #[allow(clippy::type_complexity)]
    let operators: Vec<(
        String,
        String,
        String,
        String,
        bool,
        bool,
        Option<i32>,
        i64,
        i64,
        i32,
        Vec<String>,
    )> = sqlx::query_as(
        "SELECT u.login, u.display_name, s.code, s.name, s.built_in, s.receives_chats, s.recommended_minutes,
                    COALESCE(EXTRACT(EPOCH FROM now() - p.since)::bigint, 0),
                    (SELECT count(*) FROM conversations a WHERE a.operator_id = u.id AND a.status = 'active'),
                    u.capacity, u.languages
             FROM users u
             JOIN user_roles ur ON ur.user_id = u.id
             JOIN role_permissions rp ON rp.role_id = ur.role_id AND rp.permission = 'conversations.handle'
             LEFT JOIN operator_presence p ON p.user_id = u.id
             JOIN operator_states s ON s.id = COALESCE(p.state_id,
                 (SELECT id FROM operator_states WHERE code = 'offline'))
             WHERE NOT u.blocked
             GROUP BY u.id, s.id, p.since
             ORDER BY s.receives_chats DESC, u.display_name",
    )
    .fetch_all(pool)
    .await?;
    Ok(QueueBoard {
        waiting: waiting
            .into_iter()
            .map(
                |(conversation_id, place, customer_name, channel_name, language, waited_seconds)| {
                    WaitingRow {
                        conversation_id,
                        place,
                        customer_name,
                        channel_name,
                        language,
                        waited_seconds: waited_seconds.max(0),
                    }
                },
            )
            .collect(),
        operators: operators
            .into_iter()
            .map(
                |(
                    login,
                    display_name,
                    code,
                    name,
                    built_in,
                    receives_chats,
                    recommended_minutes,
                    seconds,
                    load,
                    capacity,
                    languages,
                )| {
                    OperatorRow {
                        login,
                        display_name,
                        state: OperatorState {
                            code,
                            name,
                            built_in,
                            receives_chats,
                            recommended_minutes,
                        },
                        seconds_in_state: seconds.max(0),
                        load,
                        capacity,
                        languages,
                    }
                },
            )
            .collect(),
    })
}
