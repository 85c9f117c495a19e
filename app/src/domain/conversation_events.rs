//! Internal events of a conversation (transfers with their notes, closes by a
//! supervisor, inactivity warnings and closes, outbound starts): staff see them inline
//! among the messages; they are never sent to the customer's widget.

use crate::workspace::model::{ConversationEvent, EventKind};
use chrono::{DateTime, SecondsFormat, Utc};
use sqlx::{PgConnection, PgPool};

/// A new event; `kind` is one of the table's kinds.
#[derive(Default)]
pub struct NewEvent<'a> {
    pub kind: &'a str,
    pub actor_id: Option<i64>,
    pub from_operator: Option<i64>,
    pub to_operator: Option<i64>,
    pub to_group: Option<i64>,
    pub note: Option<&'a str>,
}

pub async fn record(
    conn: &mut PgConnection,
    conversation_id: i64,
    event: NewEvent<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO conversation_events (conversation_id, kind, actor_id, from_operator, to_operator, to_group, note)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(conversation_id)
    .bind(event.kind)
    .bind(event.actor_id)
    .bind(event.from_operator)
    .bind(event.to_operator)
    .bind(event.to_group)
    .bind(event.note)
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    kind: String,
    actor: Option<String>,
    from_operator: Option<String>,
    to_operator: Option<String>,
    to_group: Option<String>,
    note: Option<String>,
    at: DateTime<Utc>,
    after_message_id: i64,
}

/// Every event of a conversation, oldest first, each placed after the last message
/// stored before it.
pub async fn of_conversation(
    pool: &PgPool,
    conversation_id: i64,
) -> Result<Vec<ConversationEvent>, sqlx::Error> {
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT e.id, e.kind, a.display_name AS actor, f.display_name AS from_operator,
                t.display_name AS to_operator, g.name AS to_group, e.note, e.at,
                COALESCE((SELECT max(m.id) FROM messages m
                          WHERE m.conversation_id = e.conversation_id AND m.created_at <= e.at), 0) AS after_message_id
         FROM conversation_events e
         LEFT JOIN users a ON a.id = e.actor_id
         LEFT JOIN users f ON f.id = e.from_operator
         LEFT JOIN users t ON t.id = e.to_operator
         LEFT JOIN operator_groups g ON g.id = e.to_group
         WHERE e.conversation_id = $1 ORDER BY e.id",
    )
    .bind(conversation_id)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(ConversationEvent {
                id: r.id,
                kind: EventKind::parse(&r.kind)?,
                actor: r.actor,
                from_operator: r.from_operator,
                to_operator: r.to_operator,
                to_group: r.to_group,
                note: r.note,
                at: r.at.to_rfc3339_opts(SecondsFormat::Secs, true),
                after_message_id: r.after_message_id,
            })
        })
        .collect())
}
