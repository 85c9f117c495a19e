//! A stored file becomes a message: the attachment row and the message that carries
//! it are written in one transaction, under the same rules as a text message (the
//! customer's open conversation or a new one; the operator's own active one).

use super::{FileError, FileKind};
use crate::domain::conversations;
use crate::domain::messages::{self, StoreError};
use protocol::{Message, MessageProblem, Sender};
use sqlx::{PgConnection, PgPool};

/// A file on disk, recognised and named, waiting for its rows.
#[derive(Clone, Debug)]
pub struct StoredFile {
    pub name: String,
    pub kind: FileKind,
    pub size: i64,
    pub sha256: String,
    pub storage_key: String,
}

/// What a download needs to decide who may have the file, and to serve it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct FileRecord {
    pub conversation_id: i64,
    pub customer_id: i64,
    pub original_name: String,
    pub content_type: String,
    pub storage_key: String,
}

impl FileRecord {
    pub fn is_image(&self) -> bool {
        FileKind::from_mime(&self.content_type).is_some_and(FileKind::is_image)
    }
}

impl From<StoreError> for FileError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::Refused(problem) => FileError::Refused(problem),
            StoreError::Database => FileError::Database,
        }
    }
}

/// A file from the customer: into their open conversation, or a new one in the queue.
/// Returns the message, whether it is new (`false`: a retry; the caller removes the
/// file it stored again), and whether a conversation was opened.
pub async fn customer_sends(
    pool: &PgPool,
    customer_id: i64,
    channel_id: i64,
    language: &str,
    client_id: &str,
    caption: &str,
    file: &StoredFile,
) -> Result<(Message, bool, bool), FileError> {
    protocol::check_caption(caption).map_err(FileError::Refused)?;
    messages::parse_client_id(client_id)?;
    let mut tx = pool.begin().await?;
    let (conversation_id, opened) =
        conversations::open_for_customer(&mut tx, customer_id, channel_id, language).await?;
    if let Some(earlier) = messages::by_client_id(&mut tx, conversation_id, client_id).await? {
        return Ok((earlier, false, false));
    }
    let id = insert(&mut tx, conversation_id, Sender::Customer, None, file).await?;
    let (message, new) = messages::store_with(
        &mut tx,
        conversation_id,
        client_id,
        Sender::Customer,
        None,
        caption,
        Some(id),
    )
    .await?;
    crate::domain::auto_close::clear_warning(&mut tx, conversation_id).await?;
    tx.commit().await?;
    Ok((message, new, opened))
}

/// A file from the operator, into an active conversation assigned to them.
pub async fn operator_sends(
    pool: &PgPool,
    conversation_id: i64,
    operator_id: i64,
    client_id: &str,
    caption: &str,
    file: &StoredFile,
) -> Result<(Message, bool), FileError> {
    protocol::check_caption(caption).map_err(FileError::Refused)?;
    messages::parse_client_id(client_id)?;
    let mut tx = pool.begin().await?;
    let status: Option<(String, Option<i64>)> =
        sqlx::query_as("SELECT status, operator_id FROM conversations WHERE id = $1 FOR UPDATE")
            .bind(conversation_id)
            .fetch_optional(&mut *tx)
            .await?;
    match status {
        None => return Err(FileError::NotFound),
        Some((s, Some(op))) if s == "active" && op == operator_id => {}
        Some((s, _)) if s == "active" => return Err(FileError::Forbidden),
        Some(_) => return Err(FileError::Refused(MessageProblem::ConversationClosed)),
    }
    if let Some(earlier) = messages::by_client_id(&mut tx, conversation_id, client_id).await? {
        return Ok((earlier, false));
    }
    let id = insert(
        &mut tx,
        conversation_id,
        Sender::Operator,
        Some(operator_id),
        file,
    )
    .await?;
    let stored = messages::store_with(
        &mut tx,
        conversation_id,
        client_id,
        Sender::Operator,
        Some(operator_id),
        caption,
        Some(id),
    )
    .await?;
    sqlx::query(
        "UPDATE conversations SET first_response_at = COALESCE(first_response_at, now()) WHERE id = $1",
    )
    .bind(conversation_id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(stored)
}

async fn insert(
    conn: &mut PgConnection,
    conversation_id: i64,
    sender: Sender,
    uploader_id: Option<i64>,
    file: &StoredFile,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO attachments (token, conversation_id, uploaded_by, uploader_id, original_name,
                                  content_type, size_bytes, sha256, storage_key)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(super::storage::random_hex(32))
    .bind(conversation_id)
    .bind(if sender == Sender::Customer {
        "customer"
    } else {
        "operator"
    })
    .bind(uploader_id)
    .bind(&file.name)
    .bind(file.kind.mime())
    .bind(file.size)
    .bind(&file.sha256)
    .bind(&file.storage_key)
    .fetch_one(conn)
    .await
}

/// The file behind a download token.
pub async fn find(pool: &PgPool, token: &str) -> Result<FileRecord, FileError> {
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(FileError::NotFound);
    }
    record_where(pool, "a.token", token).await
}

/// The file stored under a storage key (a shared link names it so).
pub async fn by_storage_key(pool: &PgPool, storage_key: &str) -> Result<FileRecord, FileError> {
    record_where(pool, "a.storage_key", storage_key).await
}

/// The one file whose `column` (a unique one: the token or the storage key) is `value`.
async fn record_where(pool: &PgPool, column: &'static str, value: &str) -> Result<FileRecord, FileError> {
    sqlx::query_as(&format!(
        "SELECT a.conversation_id, c.customer_id, a.original_name, a.content_type, a.storage_key
         FROM attachments a JOIN conversations c ON c.id = a.conversation_id
         WHERE {column} = $1"
    ))
    .bind(value)
    .fetch_optional(pool)
    .await?
    .ok_or(FileError::NotFound)
}

/// The customer behind a visitor token on a channel, without creating one.
pub async fn visitor(
    pool: &PgPool,
    channel_key: &str,
    visitor_token: &str,
) -> Result<Option<i64>, FileError> {
    if !crate::domain::customers::valid_visitor_token(visitor_token) {
        return Ok(None);
    }
    Ok(sqlx::query_scalar(
        "SELECT cu.id FROM customers cu JOIN channels ch ON ch.id = cu.channel_id
         WHERE ch.public_key = $1 AND cu.visitor_hash = $2",
    )
    .bind(channel_key)
    .bind(crate::domain::sessions::token_hash(visitor_token))
    .fetch_optional(pool)
    .await?)
}
