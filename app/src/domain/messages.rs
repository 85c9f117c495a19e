//! Storing and reading messages. A message is committed before anyone is told of it;
//! the sender's `client_id` makes a retry return the stored message instead of a copy.

use chrono::{DateTime, SecondsFormat, Utc};
use protocol::{check_body, check_caption, Attachment, DeliveryStatus, Message, MessageProblem, Sender};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

#[derive(Debug, PartialEq, Eq)]
pub enum StoreError {
    Refused(MessageProblem),
    Database,
}

impl From<sqlx::Error> for StoreError {
    fn from(err: sqlx::Error) -> Self {
        tracing::error!(error = %err, "storing a message failed");
        StoreError::Database
    }
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    conversation_id: i64,
    client_id: Uuid,
    sender: String,
    author: Option<String>,
    body: String,
    created_at: DateTime<Utc>,
    file_token: Option<String>,
    file_name: Option<String>,
    file_type: Option<String>,
    file_size: Option<i64>,
    delivery: Option<String>,
    delivery_error: Option<String>,
}

impl From<Row> for Message {
    fn from(r: Row) -> Self {
        Message {
            id: r.id,
            conversation_id: r.conversation_id,
            client_id: r.client_id.to_string(),
            sender: match r.sender.as_str() {
                "customer" => Sender::Customer,
                "operator" => Sender::Operator,
                _ => Sender::System,
            },
            author: r.author,
            body: r.body,
            sent_at: r.created_at.to_rfc3339_opts(SecondsFormat::Secs, true),
            attachment: match (r.file_token, r.file_name, r.file_type, r.file_size) {
                (Some(token), Some(name), Some(content_type), Some(size)) => Some(Attachment {
                    is_image: content_type.starts_with("image/"),
                    token,
                    name,
                    content_type,
                    size,
                }),
                _ => None,
            },
            delivery: r.delivery.map(|status| protocol::Delivery {
                status: match status.as_str() {
                    "sent" => DeliveryStatus::Sent,
                    "failed" => DeliveryStatus::Failed,
                    _ => DeliveryStatus::Pending,
                },
                error: r.delivery_error,
            }),
        }
    }
}

const SELECT: &str = "SELECT m.id, m.conversation_id, m.client_id, m.sender,
        u.display_name AS author, m.body, m.created_at,
        a.token AS file_token, a.original_name AS file_name, a.content_type AS file_type,
        a.size_bytes AS file_size, m.delivery, m.delivery_error
    FROM messages m LEFT JOIN users u ON u.id = m.author_id
    LEFT JOIN attachments a ON a.id = m.attachment_id";

pub fn parse_client_id(client_id: &str) -> Result<Uuid, StoreError> {
    Uuid::parse_str(client_id).map_err(|_| StoreError::Refused(MessageProblem::BadClientId))
}

/// Stores a message in a conversation; returns it and whether it is new
/// (`false`: a retry of one already stored).
pub async fn store(
    conn: &mut PgConnection,
    conversation_id: i64,
    client_id: &str,
    sender: Sender,
    author_id: Option<i64>,
    body: &str,
) -> Result<(Message, bool), StoreError> {
    store_with(conn, conversation_id, client_id, sender, author_id, body, None).await
}

/// Stores a message that may carry a file (`attachment_id`); with a file the text may be empty.
/// A message to a messenger customer also goes into the outbox, in the same transaction.
pub async fn store_with(
    conn: &mut PgConnection,
    conversation_id: i64,
    client_id: &str,
    sender: Sender,
    author_id: Option<i64>,
    body: &str,
    attachment_id: Option<i64>,
) -> Result<(Message, bool), StoreError> {
    let body = match attachment_id {
        Some(_) => check_caption(body),
        None => check_body(body),
    }
    .map_err(StoreError::Refused)?;
    let client_id = parse_client_id(client_id)?;
    let sender_code = match sender {
        Sender::Customer => "customer",
        Sender::Operator => "operator",
        Sender::System => "system",
    };
    let inserted: Option<i64> = sqlx::query_scalar(
        "INSERT INTO messages (conversation_id, client_id, sender, author_id, body, attachment_id)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (conversation_id, client_id) DO NOTHING RETURNING id",
    )
    .bind(conversation_id)
    .bind(client_id)
    .bind(sender_code)
    .bind(author_id)
    .bind(body)
    .bind(attachment_id)
    .fetch_optional(&mut *conn)
    .await?;
    if let (Some(id), false) = (inserted, sender == Sender::Customer) {
        crate::domain::channels::outbox::enqueue(&mut *conn, id).await?;
    }
    let row: Row = sqlx::query_as(&format!(
        "{SELECT} WHERE m.conversation_id = $1 AND m.client_id = $2"
    ))
    .bind(conversation_id)
    .bind(client_id)
    .fetch_one(&mut *conn)
    .await?;
    Ok((row.into(), inserted.is_some()))
}

/// The message a sender already stored under `client_id`, if any (a retried upload).
pub async fn by_client_id(
    conn: &mut PgConnection,
    conversation_id: i64,
    client_id: &str,
) -> Result<Option<Message>, StoreError> {
    let client_id = parse_client_id(client_id)?;
    let row: Option<Row> = sqlx::query_as(&format!(
        "{SELECT} WHERE m.conversation_id = $1 AND m.client_id = $2"
    ))
    .bind(conversation_id)
    .bind(client_id)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.map(Message::from))
}

/// Every message of a conversation, oldest first.
pub async fn of_conversation(pool: &PgPool, conversation_id: i64) -> Result<Vec<Message>, sqlx::Error> {
    let rows: Vec<Row> = sqlx::query_as(&format!("{SELECT} WHERE m.conversation_id = $1 ORDER BY m.id"))
        .bind(conversation_id)
        .fetch_all(pool)
        .await?;
    Ok(rows.into_iter().map(Message::from).collect())
}

/// One message by id.
pub async fn by_id(pool: &PgPool, id: i64) -> Result<Option<Message>, sqlx::Error> {
    let row: Option<Row> = sqlx::query_as(&format!("{SELECT} WHERE m.id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await?;
    Ok(row.map(Message::from))
}
