//! Canned replies. A personal reply belongs to one operator and only they see and edit
//! it; a shared reply (no owner) is seen by everyone and edited by holders of
//! `replies.shared`. Titles are unique (in any letter case) per operator and among the
//! shared replies.

use crate::permission::Permission;
use crate::replies::model::{CannedReply, ReplyDraft};
use chrono::{DateTime, SecondsFormat, Utc};
use sqlx::PgPool;

#[derive(Debug, PartialEq, Eq)]
pub enum RepliesError {
    /// Title or text missing or too long.
    Invalid,
    /// A reply with this title exists already (among the caller's own, or the shared ones).
    Duplicate,
    /// No such reply, or another operator's personal one.
    NotFound,
    /// The caller may not write replies of this kind.
    Forbidden,
    Database,
}

impl From<sqlx::Error> for RepliesError {
    fn from(err: sqlx::Error) -> Self {
        if let sqlx::Error::Database(db) = &err {
            if db.is_unique_violation() {
                return RepliesError::Duplicate;
            }
            if db.is_check_violation() {
                return RepliesError::Invalid;
            }
        }
        tracing::error!(error = %err, "canned replies query failed");
        RepliesError::Database
    }
}

/// Who is editing, and what they may write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Editor {
    pub user_id: i64,
    /// Keeps personal replies (`conversations.handle`).
    pub may_own: bool,
    /// Writes shared replies (`replies.shared`).
    pub may_share: bool,
}

impl Editor {
    pub fn new(user_id: i64, permissions: &[Permission]) -> Self {
        Editor {
            user_id,
            may_own: permissions.contains(&Permission::ConversationsHandle),
            may_share: permissions.contains(&Permission::RepliesShared),
        }
    }

    fn may_write(&self, shared: bool) -> Result<(), RepliesError> {
        let allowed = if shared { self.may_share } else { self.may_own };
        allowed.then_some(()).ok_or(RepliesError::Forbidden)
    }

    /// The owner a reply of this kind gets.
    fn owner(&self, shared: bool) -> Option<i64> {
        (!shared).then_some(self.user_id)
    }
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    title: String,
    body: String,
    shared: bool,
    updated_at: DateTime<Utc>,
    updated_by: Option<String>,
}

impl From<Row> for CannedReply {
    fn from(r: Row) -> Self {
        CannedReply {
            id: r.id,
            title: r.title,
            body: r.body,
            shared: r.shared,
            updated_at: r.updated_at.to_rfc3339_opts(SecondsFormat::Secs, true),
            updated_by: r.updated_by,
        }
    }
}

const SELECT: &str = "SELECT r.id, r.title, r.body, r.owner_id IS NULL AS shared, r.updated_at,
        u.display_name AS updated_by
     FROM canned_replies r LEFT JOIN users u ON u.id = r.updated_by";

/// The user's personal replies, then the shared ones, each by title.
pub async fn visible_to(pool: &PgPool, user_id: i64) -> Result<Vec<CannedReply>, RepliesError> {
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "{SELECT} WHERE r.owner_id = $1 OR r.owner_id IS NULL
         ORDER BY r.owner_id IS NULL, lower(r.title), r.id"
    ))
    .bind(user_id)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(CannedReply::from).collect())
}

async fn one(pool: &PgPool, id: i64) -> Result<CannedReply, RepliesError> {
    let row: Row = sqlx::query_as(&format!("{SELECT} WHERE r.id = $1"))
        .bind(id)
        .fetch_one(pool)
        .await?;
    Ok(row.into())
}

fn checked(draft: &ReplyDraft) -> Result<(&str, &str), RepliesError> {
    draft.check().map_err(|_| RepliesError::Invalid)?;
    Ok((draft.title.trim(), draft.body.trim()))
}

pub async fn create(pool: &PgPool, editor: &Editor, draft: &ReplyDraft) -> Result<CannedReply, RepliesError> {
    editor.may_write(draft.shared)?;
    let (title, body) = checked(draft)?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO canned_replies (owner_id, title, body, updated_by) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(editor.owner(draft.shared))
    .bind(title)
    .bind(body)
    .bind(editor.user_id)
    .fetch_one(pool)
    .await?;
    one(pool, id).await
}

/// Whether the reply is shared; another operator's personal reply is `NotFound`, a
/// shared one the editor may not write `Forbidden`.
async fn editable(pool: &PgPool, editor: &Editor, id: i64) -> Result<bool, RepliesError> {
    let owner: Option<Option<i64>> = sqlx::query_scalar("SELECT owner_id FROM canned_replies WHERE id = $1")
        .bind(id)
        .fetch_optional(pool)
        .await?;
    match owner {
        None => Err(RepliesError::NotFound),
        Some(Some(owner)) if owner != editor.user_id => Err(RepliesError::NotFound),
        Some(owner) => {
            let shared = owner.is_none();
            editor.may_write(shared)?;
            Ok(shared)
        }
    }
}

/// Changes title and text; a holder of `replies.shared` may also share their personal
/// reply or take a shared one as their own.
pub async fn update(
    pool: &PgPool,
    editor: &Editor,
    id: i64,
    draft: &ReplyDraft,
) -> Result<CannedReply, RepliesError> {
    editable(pool, editor, id).await?;
    editor.may_write(draft.shared)?;
    let (title, body) = checked(draft)?;
    let done = sqlx::query(
        "UPDATE canned_replies SET owner_id = $2, title = $3, body = $4, updated_at = now(), updated_by = $5
         WHERE id = $1 AND (owner_id = $5 OR owner_id IS NULL)",
    )
    .bind(id)
    .bind(editor.owner(draft.shared))
    .bind(title)
    .bind(body)
    .bind(editor.user_id)
    .execute(pool)
    .await?;
    if done.rows_affected() != 1 {
        return Err(RepliesError::NotFound);
    }
    one(pool, id).await
}

pub async fn delete(pool: &PgPool, editor: &Editor, id: i64) -> Result<(), RepliesError> {
    editable(pool, editor, id).await?;
    let done =
        sqlx::query("DELETE FROM canned_replies WHERE id = $1 AND (owner_id = $2 OR owner_id IS NULL)")
            .bind(id)
            .bind(editor.user_id)
            .execute(pool)
            .await?;
    if done.rows_affected() != 1 {
        return Err(RepliesError::NotFound);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operators_write_personal_replies_and_sharers_shared_ones() {
        let operator = Editor::new(7, &[Permission::ConversationsHandle]);
        assert_eq!(operator.may_write(false), Ok(()));
        assert_eq!(operator.may_write(true), Err(RepliesError::Forbidden));
        assert_eq!(operator.owner(false), Some(7));
        let admin = Editor::new(1, &[Permission::RepliesShared]);
        assert_eq!(admin.may_write(true), Ok(()));
        assert_eq!(admin.may_write(false), Err(RepliesError::Forbidden));
        assert_eq!(admin.owner(true), None);
    }
}
