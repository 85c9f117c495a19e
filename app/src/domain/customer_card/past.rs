//! A customer's earlier conversations, and the messages of one (read only).

use super::{access, rfc3339, CardError};
use crate::customer_card::model::PastConversation;
use crate::domain::messages;
use crate::model::CurrentUser;
use chrono::{DateTime, Utc};
use protocol::{ConversationStatus, Message};
use sqlx::PgPool;

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    created_at: DateTime<Utc>,
    channel_name: String,
    operator_name: Option<String>,
    status: String,
    rating: Option<i16>,
    rating_scale: i16,
}

/// Every conversation of the customer but `except` (the open one), newest first.
pub async fn of_customer(
    pool: &PgPool,
    customer_id: i64,
    except: i64,
) -> Result<Vec<PastConversation>, sqlx::Error> {
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT c.id, c.created_at, ch.name AS channel_name, u.display_name AS operator_name, c.status,
                (SELECT r.score FROM ratings r WHERE r.conversation_id = c.id
                    ORDER BY r.id DESC LIMIT 1) AS rating,
                ch.rating_scale
         FROM conversations c JOIN channels ch ON ch.id = c.channel_id
         LEFT JOIN users u ON u.id = c.operator_id
         WHERE c.customer_id = $1 AND c.id <> $2
         ORDER BY c.created_at DESC, c.id DESC",
    )
    .bind(customer_id)
    .bind(except)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| PastConversation {
            id: r.id,
            created_at: rfc3339(r.created_at),
            channel_name: r.channel_name,
            operator_name: r.operator_name,
            status: ConversationStatus::parse(&r.status).unwrap_or(ConversationStatus::Closed),
            rating: r.rating,
            rating_scale: r.rating_scale,
        })
        .collect())
}

/// The messages of one of a customer's conversations, for a staff member who may read
/// the customer's card.
pub async fn messages(
    pool: &PgPool,
    user: &CurrentUser,
    conversation_id: i64,
) -> Result<Vec<Message>, CardError> {
    let customer_id: i64 = sqlx::query_scalar("SELECT customer_id FROM conversations WHERE id = $1")
        .bind(conversation_id)
        .fetch_optional(pool)
        .await?
        .ok_or(CardError::NotFound)?;
    if !access::may_read(pool, user, customer_id).await? {
        return Err(CardError::Forbidden);
    }
    Ok(messages::of_conversation(pool, conversation_id).await?)
}
