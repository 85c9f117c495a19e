//! Outbound conversations (TS 9.4): an operator writes first to a customer who wrote
//! before. The new conversation (`direction = 'outbound'`) goes through the customer's
//! last channel, is active and assigned to the operator at once, and opens with the
//! operator's message. A customer has at most one open conversation.

use super::conversation_events::{self, NewEvent};
use super::messages::{self, StoreError};
use protocol::{Message, Sender};
use sqlx::PgPool;

#[derive(Debug, PartialEq, Eq)]
pub enum OutboundError {
    NotFound,
    /// The customer has this conversation open (waiting or active) already.
    AlreadyOpen(i64),
    Refused(protocol::MessageProblem),
    Database,
}

impl From<sqlx::Error> for OutboundError {
    fn from(err: sqlx::Error) -> Self {
        tracing::error!(error = %err, "outbound query failed");
        OutboundError::Database
    }
}

impl From<StoreError> for OutboundError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::Refused(p) => OutboundError::Refused(p),
            StoreError::Database => OutboundError::Database,
        }
    }
}

/// Starts a conversation with the customer of `from_conversation`; returns the new
/// conversation's id, its customer, and the operator's first message.
pub async fn start(
    pool: &PgPool,
    operator_id: i64,
    from_conversation: i64,
    client_id: &str,
    body: &str,
) -> Result<(i64, i64, Message), OutboundError> {
    protocol::check_body(body).map_err(OutboundError::Refused)?;
    messages::parse_client_id(client_id)?;
    let customer_id: i64 = sqlx::query_scalar("SELECT customer_id FROM conversations WHERE id = $1")
        .bind(from_conversation)
        .fetch_optional(pool)
        .await?
        .ok_or(OutboundError::NotFound)?;
    let mut tx = pool.begin().await?;
    // The same per-customer lock as the customer's own messages: never two open conversations.
    let open = super::conversations::lock_customer(&mut tx, customer_id).await?;
    if let Some(open) = open {
        return Err(OutboundError::AlreadyOpen(open));
    }
    // Through the channel and in the language of the customer's latest conversation.
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO conversations (customer_id, channel_id, status, language, segment_id, group_id,
                                    operator_id, assigned_at, first_response_at, direction)
         SELECT last.customer_id, last.channel_id, 'active', last.language, cu.segment_id, ch.group_id,
                $2, now(), now(), 'outbound'
         FROM (SELECT * FROM conversations WHERE customer_id = $1 ORDER BY id DESC LIMIT 1) last
         JOIN customers cu ON cu.id = last.customer_id
         JOIN channels ch ON ch.id = last.channel_id
         RETURNING id",
    )
    .bind(customer_id)
    .bind(operator_id)
    .fetch_one(&mut *tx)
    .await?;
    let (message, _) =
        messages::store(&mut tx, id, client_id, Sender::Operator, Some(operator_id), body).await?;
    conversation_events::record(
        &mut tx,
        id,
        NewEvent {
            kind: "outbound",
            actor_id: Some(operator_id),
            ..Default::default()
        },
    )
    .await?;
    tx.commit().await?;
    Ok((id, customer_id, message))
}
