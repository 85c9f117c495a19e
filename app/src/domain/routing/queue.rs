//! What the queue looks like: a waiting customer's place and expected wait, and the
//! supervisor's board.

use super::priority;
use crate::model::{OperatorRow, OperatorState, QueueBoard, SegmentRef, WaitingRow};
use sqlx::PgPool;

/// A waiting conversation's place in the queue (1 = next) and, when recent handling
/// times allow, the expected wait in whole minutes (at least 1): place × average
/// handling time of the last 50 closed conversations ÷ operators receiving chats now.
pub async fn queue_place(
    pool: &PgPool,
    conversation_id: i64,
) -> Result<Option<(i64, Option<i64>)>, sqlx::Error> {
    let row: Option<(i64, Option<f64>, i64)> = sqlx::query_as(
        "SELECT (SELECT count(*) FROM conversations w
                 WHERE w.status = 'waiting' AND (w.queue_key, w.id) <= (c.queue_key, c.id)),
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
    Ok(row.map(|(place, handling, operators)| (place, expected_minutes(place, handling, operators))))
}

/// place × average handling ÷ operators receiving chats, in whole minutes, at least 1.
fn expected_minutes(place: i64, handling_seconds: Option<f64>, operators: i64) -> Option<i64> {
    handling_seconds.map(|seconds| {
        let total = place as f64 * seconds / operators.max(1) as f64;
        ((total / 60.0).ceil() as i64).max(1)
    })
}

#[derive(sqlx::FromRow)]
struct WaitingDbRow {
    conversation_id: i64,
    place: i64,
    priority: f64,
    customer_name: String,
    channel_name: String,
    language: String,
    segment_code: Option<String>,
    segment_name: Option<String>,
    segment_built_in: Option<bool>,
    group_name: Option<String>,
    waited_seconds: i64,
}

#[derive(sqlx::FromRow)]
struct OperatorDbRow {
    id: i64,
    login: String,
    display_name: String,
    code: String,
    name: String,
    built_in: bool,
    receives_chats: bool,
    recommended_minutes: Option<i32>,
    seconds: i64,
    load: i64,
    capacity: i32,
    languages: Vec<String>,
}

/// The queue in priority order, and every operator with state, time in state and load.
pub async fn queue_board(pool: &PgPool) -> Result<QueueBoard, sqlx::Error> {
    let waiting: Vec<WaitingDbRow> = sqlx::query_as(&format!(
        "SELECT c.id AS conversation_id, row_number() OVER (ORDER BY {order}) AS place,
                {priority} AS priority, cu.display_name AS customer_name, ch.name AS channel_name, c.language,
                sg.code AS segment_code, sg.name AS segment_name, sg.built_in AS segment_built_in,
                g.name AS group_name,
                EXTRACT(EPOCH FROM now() - c.queued_at)::bigint AS waited_seconds
         FROM conversations c {joins}
         JOIN customers cu ON cu.id = c.customer_id
         LEFT JOIN operator_groups g ON g.id = c.group_id
         LEFT JOIN customer_segments sg ON sg.id = c.segment_id
         JOIN channels ch ON ch.id = c.channel_id
         WHERE c.status = 'waiting' ORDER BY {order} LIMIT 500",
        priority = priority::PRIORITY,
        joins = priority::JOINS,
        order = priority::ORDER,
    ))
    .fetch_all(pool)
    .await?;
    let operators: Vec<OperatorDbRow> = sqlx::query_as(
        "SELECT u.id, u.login, u.display_name, s.code, s.name, s.built_in, s.receives_chats, s.recommended_minutes,
                COALESCE(EXTRACT(EPOCH FROM now() - p.since)::bigint, 0) AS seconds,
                COALESCE(l.load, 0) AS load, u.capacity, u.languages
         FROM users u
         LEFT JOIN operator_presence p ON p.user_id = u.id
         LEFT JOIN (SELECT operator_id, count(*) AS load FROM conversations
                    WHERE status = 'active' GROUP BY operator_id) l ON l.operator_id = u.id
         JOIN operator_states s ON s.id = COALESCE(p.state_id,
             (SELECT id FROM operator_states WHERE code = 'offline'))
         WHERE NOT u.blocked
           AND EXISTS (SELECT 1 FROM user_roles ur JOIN role_permissions rp ON rp.role_id = ur.role_id
                       WHERE ur.user_id = u.id AND rp.permission = 'conversations.handle')
         ORDER BY s.receives_chats DESC, u.display_name",
    )
    .fetch_all(pool)
    .await?;
    Ok(QueueBoard {
        waiting: waiting
            .into_iter()
            .map(|w| WaitingRow {
                conversation_id: w.conversation_id,
                place: w.place,
                priority: w.priority.round() as i64,
                customer_name: w.customer_name,
                channel_name: w.channel_name,
                language: w.language,
                segment: w.segment_code.map(|code| SegmentRef {
                    code,
                    name: w.segment_name.unwrap_or_default(),
                    built_in: w.segment_built_in.unwrap_or(false),
                }),
                group_name: w.group_name,
                waited_seconds: w.waited_seconds.max(0),
            })
            .collect(),
        operators: operators
            .into_iter()
            .map(|o| OperatorRow {
                id: o.id,
                login: o.login,
                display_name: o.display_name,
                state: OperatorState {
                    code: o.code,
                    name: o.name,
                    built_in: o.built_in,
                    receives_chats: o.receives_chats,
                    recommended_minutes: o.recommended_minutes,
                },
                seconds_in_state: o.seconds.max(0),
                load: o.load,
                capacity: o.capacity,
                languages: o.languages,
            })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::expected_minutes;

    #[test]
    fn the_expected_wait_is_place_times_handling_over_operators_and_never_below_a_minute() {
        assert_eq!(expected_minutes(3, None, 2), None);
        assert_eq!(expected_minutes(2, Some(360.0), 1), Some(12));
        assert_eq!(expected_minutes(4, Some(300.0), 2), Some(10));
        assert_eq!(expected_minutes(1, Some(5.0), 0), Some(1));
    }
}
