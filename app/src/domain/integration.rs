//! What the open REST API reads and writes (TS 15.2): conversations and their messages,
//! customers, operators, topics and a report summary, as stable JSON shapes described in
//! the OpenAPI document (`utoipa`). The HTTP side is `server/src/api`.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::PgPool;
use utoipa::ToSchema;

/// At most this many items per page.
pub const MAX_PAGE: i64 = 200;

#[derive(Clone, Debug, Serialize, ToSchema, sqlx::FromRow)]
pub struct ApiConversation {
    pub id: i64,
    /// `waiting`, `active` or `closed`.
    pub status: String,
    pub customer_id: i64,
    pub channel_id: i64,
    /// `webchat`, `telegram`, `messenger`, `instagram`, `whatsapp`, `mobile`.
    pub channel_kind: String,
    pub language: String,
    pub operator_id: Option<i64>,
    /// `inbound` or `outbound`.
    pub direction: String,
    pub created_at: DateTime<Utc>,
    pub assigned_at: Option<DateTime<Utc>>,
    pub first_response_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub rating: Option<i16>,
}

#[derive(Clone, Debug, Serialize, ToSchema, sqlx::FromRow)]
pub struct ApiMessage {
    pub id: i64,
    pub conversation_id: i64,
    /// `customer`, `operator` or `system`.
    pub sender: String,
    pub author_id: Option<i64>,
    pub body: String,
    pub created_at: DateTime<Utc>,
    /// A file's name, when the message carries one.
    pub file_name: Option<String>,
    /// For messenger customers: `pending`, `sent` or `failed`.
    pub delivery: Option<String>,
}

#[derive(Clone, Debug, Serialize, ToSchema, sqlx::FromRow)]
pub struct ApiCustomer {
    pub id: i64,
    pub display_name: String,
    pub nickname: Option<String>,
    pub language: String,
    pub segment: Option<String>,
    pub verified: bool,
    pub created_at: DateTime<Utc>,
}

#[derive(Clone, Debug, Serialize, ToSchema, sqlx::FromRow)]
pub struct ApiOperator {
    pub id: i64,
    pub login: String,
    pub display_name: String,
    /// The operator's state now (`available`, `pause`, …; `offline` when signed out).
    pub state: String,
    pub languages: Vec<String>,
    pub capacity: i32,
    pub active_conversations: i64,
}

#[derive(Clone, Debug, Serialize, ToSchema, sqlx::FromRow)]
pub struct ApiTopic {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub name: String,
    pub archived: bool,
}

#[derive(Clone, Debug, Serialize, ToSchema, sqlx::FromRow)]
pub struct ApiReportSummary {
    pub conversations: i64,
    pub closed: i64,
    pub waiting_now: i64,
    /// Seconds from the customer's first message to the operator's first answer, on average.
    pub average_first_response_seconds: Option<f64>,
    pub ratings: i64,
    pub average_rating: Option<f64>,
}

/// A page of items; `next_after` continues after the last one (none: the end).
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Page<T: ToSchema> {
    pub items: Vec<T>,
    pub next_after: Option<i64>,
}

#[derive(Clone, Debug, Default, Deserialize, ToSchema, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ConversationQuery {
    /// `waiting`, `active` or `closed`.
    pub status: Option<String>,
    pub customer_id: Option<i64>,
    /// Only conversations with a larger id.
    pub after: Option<i64>,
    /// 1–200 (default 50).
    pub limit: Option<i64>,
}

fn limit(l: Option<i64>) -> i64 {
    l.unwrap_or(50).clamp(1, MAX_PAGE)
}

fn page<T: ToSchema>(items: Vec<T>, id: impl Fn(&T) -> i64, limit: i64) -> Page<T> {
    let next_after = (items.len() as i64 == limit)
        .then(|| items.last().map(&id))
        .flatten();
    Page { items, next_after }
}

const CONVERSATION: &str =
    "SELECT c.id, c.status, c.customer_id, c.channel_id, ch.kind AS channel_kind, c.language,
        c.operator_id, c.direction, c.created_at, c.assigned_at, c.first_response_at, c.closed_at,
        (SELECT r.score FROM ratings r WHERE r.conversation_id = c.id ORDER BY r.id DESC LIMIT 1) AS rating
    FROM conversations c JOIN channels ch ON ch.id = c.channel_id";

pub async fn conversations(
    pool: &PgPool,
    q: &ConversationQuery,
) -> Result<Page<ApiConversation>, sqlx::Error> {
    let limit = limit(q.limit);
    let items = sqlx::query_as(&format!(
        "{CONVERSATION} WHERE ($1::text IS NULL OR c.status = $1) AND ($2::bigint IS NULL OR c.customer_id = $2)
           AND c.id > COALESCE($3, 0) ORDER BY c.id LIMIT $4"
    ))
    .bind(&q.status)
    .bind(q.customer_id)
    .bind(q.after)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    Ok(page(items, |c: &ApiConversation| c.id, limit))
}

pub async fn conversation(pool: &PgPool, id: i64) -> Result<Option<ApiConversation>, sqlx::Error> {
    sqlx::query_as(&format!("{CONVERSATION} WHERE c.id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await
}

pub async fn messages(
    pool: &PgPool,
    conversation_id: i64,
    after: Option<i64>,
    limit_: Option<i64>,
) -> Result<Page<ApiMessage>, sqlx::Error> {
    let limit = limit(limit_);
    let items = sqlx::query_as(
        "SELECT m.id, m.conversation_id, m.sender, m.author_id, m.body, m.created_at,
                a.original_name AS file_name, m.delivery
         FROM messages m LEFT JOIN attachments a ON a.id = m.attachment_id
         WHERE m.conversation_id = $1 AND m.id > COALESCE($2, 0) ORDER BY m.id LIMIT $3",
    )
    .bind(conversation_id)
    .bind(after)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    Ok(page(items, |m: &ApiMessage| m.id, limit))
}

pub async fn customer(pool: &PgPool, id: i64) -> Result<Option<ApiCustomer>, sqlx::Error> {
    sqlx::query_as(
        "SELECT cu.id, cu.display_name, cu.nickname, cu.language, s.code AS segment,
                cu.verified_at IS NOT NULL AS verified, cu.created_at
         FROM customers cu LEFT JOIN customer_segments s ON s.id = cu.segment_id WHERE cu.id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await
}

pub async fn operators(pool: &PgPool) -> Result<Vec<ApiOperator>, sqlx::Error> {
    sqlx::query_as(
        "SELECT u.id, u.login, u.display_name, COALESCE(st.code, 'offline') AS state, u.languages, u.capacity,
                (SELECT count(*) FROM conversations c WHERE c.operator_id = u.id AND c.status = 'active') AS active_conversations
         FROM users u
         LEFT JOIN operator_presence p ON p.user_id = u.id
         LEFT JOIN operator_states st ON st.id = p.state_id
         WHERE EXISTS (SELECT 1 FROM user_roles ur JOIN role_permissions rp ON rp.role_id = ur.role_id
                       WHERE ur.user_id = u.id AND rp.permission = 'conversations.handle')
         ORDER BY u.id",
    )
    .fetch_all(pool)
    .await
}

pub async fn topics(pool: &PgPool) -> Result<Vec<ApiTopic>, sqlx::Error> {
    sqlx::query_as("SELECT id, parent_id, name, archived FROM topics ORDER BY depth, position, id")
        .fetch_all(pool)
        .await
}

/// Conversations created in `[from, to)`.
pub async fn summary(
    pool: &PgPool,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<ApiReportSummary, sqlx::Error> {
    sqlx::query_as(
        "SELECT count(*) AS conversations,
                count(*) FILTER (WHERE c.status = 'closed') AS closed,
                (SELECT count(*) FROM conversations w WHERE w.status = 'waiting') AS waiting_now,
                avg(extract(epoch FROM c.first_response_at - c.created_at))::float8 AS average_first_response_seconds,
                (SELECT count(*) FROM ratings r JOIN conversations rc ON rc.id = r.conversation_id
                  WHERE rc.created_at >= $1 AND rc.created_at < $2) AS ratings,
                (SELECT avg(r.score::float8 / r.scale * 5) FROM ratings r JOIN conversations rc ON rc.id = r.conversation_id
                  WHERE rc.created_at >= $1 AND rc.created_at < $2) AS average_rating
         FROM conversations c WHERE c.created_at >= $1 AND c.created_at < $2",
    )
    .bind(from)
    .bind(to)
    .fetch_one(pool)
    .await
}

/// An identifier the bank's system vouches for (`customers:write`): a verified phone,
/// e-mail or bank customer id. If another customer already holds it verified, the two
/// are one person: this customer is merged into that one (reversible from the card).
#[derive(Clone, Debug, Deserialize, ToSchema)]
pub struct NewIdentifier {
    /// `phone` (7–15 digits, `+`, spaces and dashes allowed), `email` or `bank_id`.
    #[schema(pattern = "^(phone|email|bank_id)$")]
    pub kind: String,
    #[schema(min_length = 1, max_length = 200)]
    pub value: String,
}

/// What attaching an identifier did.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct IdentifierAttached {
    /// The customer the identifier now belongs to: this one, or the one it was merged into.
    pub customer_id: i64,
    pub merged: bool,
}

/// A message the bank's system posts into a conversation (a notification, a bot's
/// answer): stored as the system's, and delivered like any other (widget or messenger).
#[derive(Clone, Debug, Deserialize, ToSchema)]
pub struct NewMessage {
    /// 1–10000 characters.
    pub body: String,
    /// The caller's own UUID for the message: a retry with the same one stores nothing new.
    #[serde(default)]
    pub client_id: Option<String>,
}

#[derive(Debug, PartialEq, Eq)]
pub enum WriteError {
    NotFound,
    Closed,
    Refused(protocol::MessageProblem),
    Database,
}

impl From<sqlx::Error> for WriteError {
    fn from(err: sqlx::Error) -> Self {
        tracing::error!(error = %err, "API write failed");
        WriteError::Database
    }
}

impl From<super::messages::StoreError> for WriteError {
    fn from(err: super::messages::StoreError) -> Self {
        match err {
            super::messages::StoreError::Refused(p) => WriteError::Refused(p),
            super::messages::StoreError::Database => WriteError::Database,
        }
    }
}

/// Stores the message in an open conversation; returns it, whether it is new, and the
/// conversation's customer and operator (for announcing it).
pub async fn post_message(
    pool: &PgPool,
    conversation_id: i64,
    new: &NewMessage,
) -> Result<(protocol::Message, bool, i64, Option<i64>), WriteError> {
    let client_id = new
        .client_id
        .clone()
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    let mut tx = pool.begin().await?;
    let found: Option<(String, i64, Option<i64>)> =
        sqlx::query_as("SELECT status, customer_id, operator_id FROM conversations WHERE id = $1 FOR UPDATE")
            .bind(conversation_id)
            .fetch_optional(&mut *tx)
            .await?;
    let (status, customer_id, operator_id) = found.ok_or(WriteError::NotFound)?;
    if status == "closed" {
        return Err(WriteError::Closed);
    }
    let (message, new) = super::messages::store(
        &mut tx,
        conversation_id,
        &client_id,
        protocol::Sender::System,
        None,
        &new.body,
    )
    .await?;
    tx.commit().await?;
    Ok((message, new, customer_id, operator_id))
}

/// Closes an open conversation (`close_reason = 'api'`).
pub async fn close(pool: &PgPool, conversation_id: i64) -> Result<(), WriteError> {
    let closed = sqlx::query(
        "UPDATE conversations SET status = 'closed', closed_at = now(), close_reason = 'api'
         WHERE id = $1 AND status IN ('waiting', 'active')",
    )
    .bind(conversation_id)
    .execute(pool)
    .await?
    .rows_affected();
    if closed == 1 {
        return Ok(());
    }
    let exists: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM conversations WHERE id = $1)")
        .bind(conversation_id)
        .fetch_one(pool)
        .await?;
    Err(if exists {
        WriteError::Closed
    } else {
        WriteError::NotFound
    })
}
