//! Conversations: a customer's first message opens one in the queue; an operator
//! takes it, answers, closes it; the customer rates or resumes it.

use super::bus::{Bus, BusEvent};
use super::messages::{self, StoreError};
use crate::model::{CurrentUser, WorkspaceSnapshot};
use crate::permission::Permission;
use chrono::{DateTime, SecondsFormat, Utc};
use protocol::staff::ConversationSummary;
use protocol::widget::ConversationState;
use protocol::{ConversationStatus, Message, Sender};
use sqlx::PgPool;

#[derive(Debug, PartialEq, Eq)]
pub enum ConversationError {
    NotFound,
    AlreadyTaken,
    /// The conversation isn't in a state that allows this (e.g. replying to a closed one).
    WrongState,
    Forbidden,
    BadRating,
    Database,
}

impl From<sqlx::Error> for ConversationError {
    fn from(err: sqlx::Error) -> Self {
        tracing::error!(error = %err, "conversation query failed");
        ConversationError::Database
    }
}

#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: i64,
    status: String,
    customer_id: i64,
    customer_name: String,
    channel_name: String,
    language: String,
    operator_id: Option<i64>,
    operator_name: Option<String>,
    last_message: Option<String>,
    rating: Option<i16>,
    rating_scale: i16,
    created_at: DateTime<Utc>,
    customer_waiting_since: Option<DateTime<Utc>>,
    operator_waiting_since: Option<DateTime<Utc>>,
}

impl SummaryRow {
    fn into_summary(self) -> ConversationSummary {
        ConversationSummary {
            id: self.id,
            status: ConversationStatus::parse(&self.status).unwrap_or(ConversationStatus::Closed),
            customer_id: self.customer_id,
            customer_name: self.customer_name,
            channel_name: self.channel_name,
            language: self.language,
            operator_id: self.operator_id,
            operator_name: self.operator_name,
            last_message: self.last_message,
            rating: self.rating,
            rating_scale: self.rating_scale,
            created_at: self.created_at.to_rfc3339_opts(SecondsFormat::Secs, true),
            customer_waiting_since: self
                .customer_waiting_since
                .map(|t| t.to_rfc3339_opts(SecondsFormat::Millis, true)),
            operator_waiting_since: self
                .operator_waiting_since
                .map(|t| t.to_rfc3339_opts(SecondsFormat::Millis, true)),
            unread: 0,
        }
    }
}

const SUMMARY: &str = "SELECT c.id, c.status, c.customer_id, cu.display_name AS customer_name,
        ch.name AS channel_name, c.language, c.operator_id, u.display_name AS operator_name,
        (SELECT left(COALESCE(NULLIF(m.body, ''), (SELECT '📎 ' || a.original_name FROM attachments a WHERE a.id = m.attachment_id)), 200) FROM messages m WHERE m.conversation_id = c.id
            ORDER BY m.id DESC LIMIT 1) AS last_message,
        (SELECT r.score FROM ratings r WHERE r.conversation_id = c.id
            ORDER BY r.id DESC LIMIT 1) AS rating,
        ch.rating_scale, c.created_at,
        -- Waiting indicators (docs/workspace.md): whoever owes the next word.
        CASE WHEN c.status <> 'closed' THEN cw.since END AS customer_waiting_since,
        CASE WHEN c.status = 'active' AND cw.since IS NULL THEN lo.created_at END AS operator_waiting_since
    FROM conversations c
    JOIN customers cu ON cu.id = c.customer_id
    JOIN channels ch ON ch.id = c.channel_id
    LEFT JOIN users u ON u.id = c.operator_id
    LEFT JOIN LATERAL (SELECT m.id, m.created_at FROM messages m
        WHERE m.conversation_id = c.id AND m.sender = 'operator' ORDER BY m.id DESC LIMIT 1) lo ON true
    LEFT JOIN LATERAL (SELECT min(m.created_at) AS since FROM messages m
        WHERE m.conversation_id = c.id AND m.sender = 'customer' AND m.id > COALESCE(lo.id, 0)) cw ON true";

async fn summary_row(pool: &PgPool, id: i64) -> Result<SummaryRow, ConversationError> {
    sqlx::query_as(&format!("{SUMMARY} WHERE c.id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await?
        .ok_or(ConversationError::NotFound)
}

pub async fn summary(pool: &PgPool, id: i64) -> Result<ConversationSummary, ConversationError> {
    Ok(summary_row(pool, id).await?.into_summary())
}

/// Whether a staff member may see a conversation: everyone's with `view_all`,
/// their own, and waiting ones if they can take them.
pub fn can_read(user: &CurrentUser, summary: &ConversationSummary) -> bool {
    user.can(Permission::ConversationsViewAll)
        || summary.operator_id == Some(user.id)
        || (summary.status == ConversationStatus::Waiting && user.can(Permission::ConversationsHandle))
}

/// Tells the workspace and the customer's widget that a conversation changed;
/// returns the customer's id and the new summary.
pub async fn announce(
    pool: &PgPool,
    bus: &Bus,
    id: i64,
) -> Result<(i64, ConversationSummary), ConversationError> {
    let row = summary_row(pool, id).await?;
    let customer_id = row.customer_id;
    let summary = row.into_summary();
    bus.publish(BusEvent::Conversation {
        customer_id,
        summary: summary.clone(),
    });
    Ok((customer_id, summary))
}

/// What the workspace lists for a staff member.
pub async fn workspace(pool: &PgPool, user: &CurrentUser) -> Result<WorkspaceSnapshot, ConversationError> {
    // The queue in the order routing serves it.
    let queue: Vec<SummaryRow> = sqlx::query_as(&format!(
        "{SUMMARY} WHERE c.status = 'waiting' ORDER BY {order}",
        order = super::routing::priority::ORDER,
    ))
    .fetch_all(pool)
    .await?;
    let see_all = user.can(Permission::ConversationsViewAll);
    let mine: Vec<SummaryRow> = sqlx::query_as(&format!(
        "{SUMMARY} WHERE c.status <> 'waiting'
           AND ($2 OR c.operator_id = $1
                OR EXISTS (SELECT 1 FROM conversation_experts e WHERE e.conversation_id = c.id AND e.user_id = $1))
           AND (c.status = 'active' OR c.closed_at > now() - interval '12 hours')
         ORDER BY (c.status = 'active') DESC, COALESCE(c.closed_at, c.assigned_at) DESC
         LIMIT 200"
    ))
    .bind(user.id)
    .bind(see_all)
    .fetch_all(pool)
    .await?;
    let mut snapshot = WorkspaceSnapshot {
        queue: queue.into_iter().map(SummaryRow::into_summary).collect(),
        mine: mine.into_iter().map(SummaryRow::into_summary).collect(),
    };
    super::reads::fill_unread(pool, user.id, &mut snapshot).await?;
    Ok(snapshot)
}

/// The customer's latest conversation, if any.
pub async fn latest_of_customer(
    pool: &PgPool,
    customer_id: i64,
) -> Result<Option<ConversationState>, sqlx::Error> {
    let row: Option<(i64, String, Option<i16>)> = sqlx::query_as(
        "SELECT c.id, c.status,
                (SELECT r.score FROM ratings r WHERE r.conversation_id = c.id ORDER BY r.id DESC LIMIT 1)
         FROM conversations c WHERE c.customer_id = $1 ORDER BY c.id DESC LIMIT 1",
    )
    .bind(customer_id)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|(id, status, rating)| ConversationState {
        id,
        status: ConversationStatus::parse(&status).unwrap_or(ConversationStatus::Closed),
        rating,
        queue_position: None,
        expected_wait_minutes: None,
    }))
}

/// The state the customer's widget shows for a conversation.
pub fn widget_state(summary: &ConversationSummary) -> ConversationState {
    ConversationState {
        id: summary.id,
        status: summary.status,
        rating: summary.rating,
        queue_position: None,
        expected_wait_minutes: None,
    }
}

/// A customer's message: goes into the customer's open conversation, or opens a new
/// one in the queue. Returns the stored message and whether a conversation was opened.
pub async fn customer_writes(
    pool: &PgPool,
    customer_id: i64,
    channel_id: i64,
    language: &str,
    client_id: &str,
    body: &str,
) -> Result<(Message, bool, bool), StoreError> {
    protocol::check_body(body).map_err(StoreError::Refused)?;
    messages::parse_client_id(client_id)?;
    let mut tx = pool.begin().await?;
    let (conversation_id, opened) = open_for_customer(&mut tx, customer_id, channel_id, language).await?;
    let (message, new) =
        messages::store(&mut tx, conversation_id, client_id, Sender::Customer, None, body).await?;
    super::auto_close::clear_warning(&mut tx, conversation_id).await?;
    tx.commit().await?;
    Ok((message, new, opened))
}

/// Takes the customer's lock for the rest of the transaction (one customer's messages
/// and conversations are stored one at a time, so two tabs can't open two conversations)
/// and returns their open conversation, if any.
pub(crate) async fn lock_customer(
    conn: &mut sqlx::PgConnection,
    customer_id: i64,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query("SELECT pg_advisory_xact_lock(1, $1::int)")
        .bind((customer_id % i64::from(i32::MAX)) as i32)
        .execute(&mut *conn)
        .await?;
    sqlx::query_scalar(
        "SELECT id FROM conversations WHERE customer_id = $1 AND status IN ('waiting', 'active')
         ORDER BY id DESC LIMIT 1",
    )
    .bind(customer_id)
    .fetch_optional(&mut *conn)
    .await
}

/// The customer's open conversation, or a new one in the queue (`true`). Takes the
/// customer's lock for the rest of the transaction, so two tabs can't open two.
pub(crate) async fn open_for_customer(
    conn: &mut sqlx::PgConnection,
    customer_id: i64,
    channel_id: i64,
    language: &str,
) -> Result<(i64, bool), sqlx::Error> {
    let open = lock_customer(&mut *conn, customer_id).await?;
    let (conversation_id, opened) = match open {
        Some(id) => {
            // One customer, several channels: the conversation follows the customer to
            // the channel they wrote from last, and the answers go back through it.
            sqlx::query("UPDATE conversations SET channel_id = $2 WHERE id = $1 AND channel_id <> $2")
                .bind(id)
                .bind(channel_id)
                .execute(&mut *conn)
                .await?;
            (id, false)
        }
        None => {
            let id: i64 = sqlx::query_scalar(
                // The customer's segment and the channel's group come along for routing.
                "INSERT INTO conversations (customer_id, channel_id, status, language, segment_id, group_id)
                 SELECT $1, $2, 'waiting', $3, cu.segment_id, ch.group_id
                 FROM customers cu, channels ch WHERE cu.id = $1 AND ch.id = $2
                 RETURNING id",
            )
            .bind(customer_id)
            .bind(channel_id)
            .bind(language)
            .fetch_one(&mut *conn)
            .await?;
            (id, true)
        }
    };
    Ok((conversation_id, opened))
}

/// An operator takes a waiting conversation. Only one operator can win.
pub async fn take(pool: &PgPool, id: i64, operator_id: i64) -> Result<(), ConversationError> {
    let taken = sqlx::query(
        "UPDATE conversations SET status = 'active', operator_id = $2, assigned_at = now()
         WHERE id = $1 AND status = 'waiting'",
    )
    .bind(id)
    .bind(operator_id)
    .execute(pool)
    .await?
    .rows_affected();
    if taken == 1 {
        return Ok(());
    }
    let exists: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM conversations WHERE id = $1)")
        .bind(id)
        .fetch_one(pool)
        .await?;
    Err(if exists {
        ConversationError::AlreadyTaken
    } else {
        ConversationError::NotFound
    })
}

/// An operator's reply in a conversation assigned to them.
pub async fn operator_writes(
    pool: &PgPool,
    id: i64,
    operator_id: i64,
    client_id: &str,
    body: &str,
) -> Result<(Message, bool), StoreError> {
    let mut tx = pool.begin().await?;
    let status: Option<(String, Option<i64>)> =
        sqlx::query_as("SELECT status, operator_id FROM conversations WHERE id = $1 FOR UPDATE")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
    match status {
        Some((s, Some(op))) if s == "active" && op == operator_id => {}
        _ => return Err(StoreError::Refused(protocol::MessageProblem::ConversationClosed)),
    }
    let stored = messages::store(&mut tx, id, client_id, Sender::Operator, Some(operator_id), body).await?;
    sqlx::query(
        "UPDATE conversations SET first_response_at = COALESCE(first_response_at, now()) WHERE id = $1",
    )
    .bind(id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(stored)
}

/// The assigned operator closes an active conversation (without saying whether it was
/// resolved).
pub async fn close(pool: &PgPool, id: i64, operator_id: i64) -> Result<(), ConversationError> {
    close_resolved(pool, id, operator_id, None).await
}

/// The assigned operator closes an active conversation, marking it resolved or not
/// (for the reports and first-contact resolution).
pub async fn close_resolved(
    pool: &PgPool,
    id: i64,
    operator_id: i64,
    resolved: Option<bool>,
) -> Result<(), ConversationError> {
    let closed = sqlx::query(
        "UPDATE conversations SET status = 'closed', closed_at = now(), closed_by = $2, close_reason = 'operator',
                resolved = $3
         WHERE id = $1 AND status = 'active' AND operator_id = $2",
    )
    .bind(id)
    .bind(operator_id)
    .bind(resolved)
    .execute(pool)
    .await?
    .rows_affected();
    if closed == 1 {
        Ok(())
    } else {
        Err(ConversationError::WrongState)
    }
}

/// A supervisor closes any open conversation (active or still waiting), at any time;
/// recorded as closed by them.
pub async fn close_as_supervisor(
    pool: &PgPool,
    id: i64,
    supervisor_id: i64,
) -> Result<(), ConversationError> {
    let mut tx = pool.begin().await?;
    let closed = sqlx::query(
        "UPDATE conversations SET status = 'closed', closed_at = now(), closed_by = $2, close_reason = 'supervisor'
         WHERE id = $1 AND status IN ('active', 'waiting')",
    )
    .bind(id)
    .bind(supervisor_id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if closed != 1 {
        return Err(ConversationError::WrongState);
    }
    super::conversation_events::record(
        &mut tx,
        id,
        super::conversation_events::NewEvent {
            kind: "closed",
            actor_id: Some(supervisor_id),
            ..Default::default()
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Longest rating comment, in characters.
pub const MAX_RATING_COMMENT: usize = 1000;

/// The customer rates their closed conversation on the channel's scale, with a comment
/// if they wrote one (blank is none; longer than `MAX_RATING_COMMENT` is refused).
pub async fn rate(
    pool: &PgPool,
    id: i64,
    customer_id: i64,
    score: i16,
    comment: Option<&str>,
) -> Result<(), ConversationError> {
    let comment = comment.map(str::trim).filter(|c| !c.is_empty());
    if comment.is_some_and(|c| c.chars().count() > MAX_RATING_COMMENT) {
        return Err(ConversationError::BadRating);
    }
    let found: Option<(String, Option<i64>, i16)> = sqlx::query_as(
        "SELECT c.status, c.operator_id, ch.rating_scale FROM conversations c
         JOIN channels ch ON ch.id = c.channel_id WHERE c.id = $1 AND c.customer_id = $2",
    )
    .bind(id)
    .bind(customer_id)
    .fetch_optional(pool)
    .await?;
    let Some((status, operator_id, scale)) = found else {
        return Err(ConversationError::NotFound);
    };
    if status != "closed" {
        return Err(ConversationError::WrongState);
    }
    if !(1..=scale).contains(&score) {
        return Err(ConversationError::BadRating);
    }
    sqlx::query(
        "INSERT INTO ratings (conversation_id, operator_id, score, scale, comment) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(id)
    .bind(operator_id)
    .bind(score)
    .bind(scale)
    .bind(comment)
        .execute(pool)
        .await?;
    Ok(())
}

/// The customer resumes their latest, closed conversation: back to the same operator,
/// or to the queue if it never had one.
pub async fn resume(pool: &PgPool, customer_id: i64) -> Result<i64, ConversationError> {
    let resumed: Option<i64> = sqlx::query_scalar(
        "UPDATE conversations SET
             status = CASE WHEN operator_id IS NULL THEN 'waiting' ELSE 'active' END,
             closed_at = NULL, closed_by = NULL, close_reason = NULL, inactivity_warned_at = NULL
         WHERE id = (SELECT id FROM conversations WHERE customer_id = $1 ORDER BY id DESC LIMIT 1)
           AND status = 'closed'
         RETURNING id",
    )
    .bind(customer_id)
    .fetch_optional(pool)
    .await?;
    resumed.ok_or(ConversationError::WrongState)
}

/// The customer of a conversation the operator is handling right now.
pub async fn customer_of_active(
    pool: &PgPool,
    id: i64,
    operator_id: i64,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT customer_id FROM conversations WHERE id = $1 AND operator_id = $2 AND status = 'active'",
    )
    .bind(id)
    .bind(operator_id)
    .fetch_optional(pool)
    .await
}
