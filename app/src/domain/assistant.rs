//! The invisible assistant (TS 9.7): a supervisor joins any live conversation without
//! the customer knowing, writes internal notes only staff see, and invites another
//! employee (an expert) who joins the same way. Notes and invitations are conversation
//! events, which the customer's widget never receives.

use super::conversation_events::{record, NewEvent};
use crate::model::CurrentUser;
use crate::permission::Permission;
use crate::workspace::model::MAX_NOTE_CHARS;
use protocol::staff::ConversationSummary;
use protocol::ConversationStatus;
use sqlx::PgPool;

/// Staff who work in the workspace (handle conversations or see them all): only they
/// can be invited.
const WORKS: &str = "EXISTS (SELECT 1 FROM user_roles ur JOIN role_permissions rp ON rp.role_id = ur.role_id
                         WHERE ur.user_id = u.id AND rp.permission IN ('conversations.handle', 'conversations.view_all'))";

#[derive(Debug, PartialEq, Eq)]
pub enum AssistantError {
    /// Blank, or longer than `MAX_NOTE_CHARS`.
    BadNote,
    /// The conversation is closed (experts join live conversations only).
    Closed,
    /// No such active employee, or the inviter themselves.
    NoSuchEmployee,
    Database,
}

impl From<sqlx::Error> for AssistantError {
    fn from(err: sqlx::Error) -> Self {
        tracing::error!(error = %err, "assistant query failed");
        AssistantError::Database
    }
}

/// Whether the user was invited into the conversation.
pub async fn is_expert(pool: &PgPool, conversation_id: i64, user_id: i64) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM conversation_experts WHERE conversation_id = $1 AND user_id = $2)",
    )
    .bind(conversation_id)
    .bind(user_id)
    .fetch_one(pool)
    .await
}

/// The conversations the user was invited into.
pub async fn invited_to(pool: &PgPool, user_id: i64) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT conversation_id FROM conversation_experts WHERE user_id = $1")
        .bind(user_id)
        .fetch_all(pool)
        .await
}

/// Who may write internal notes: supervisors (`conversations.whisper`), the
/// conversation's operator, and invited experts.
pub async fn may_note(
    pool: &PgPool,
    user: &CurrentUser,
    summary: &ConversationSummary,
) -> Result<bool, sqlx::Error> {
    if user.can(Permission::ConversationsWhisper) || summary.operator_id == Some(user.id) {
        return Ok(true);
    }
    is_expert(pool, summary.id, user.id).await
}

/// Stores an internal note by `author_id`.
pub async fn add_note(
    pool: &PgPool,
    conversation_id: i64,
    author_id: i64,
    note: &str,
) -> Result<(), AssistantError> {
    let note = note.trim();
    if note.is_empty() || note.chars().count() > MAX_NOTE_CHARS {
        return Err(AssistantError::BadNote);
    }
    let mut conn = pool.acquire().await?;
    record(
        &mut conn,
        conversation_id,
        NewEvent {
            kind: "note",
            actor_id: Some(author_id),
            note: Some(note),
            ..Default::default()
        },
    )
    .await?;
    Ok(())
}

/// Invites an employee into a live conversation; inviting again changes nothing.
pub async fn invite(
    pool: &PgPool,
    summary: &ConversationSummary,
    expert_id: i64,
    by: i64,
) -> Result<(), AssistantError> {
    if summary.status == ConversationStatus::Closed {
        return Err(AssistantError::Closed);
    }
    if expert_id == by {
        return Err(AssistantError::NoSuchEmployee);
    }
    let mut tx = pool.begin().await?;
    let inserted = sqlx::query(&format!(
        "INSERT INTO conversation_experts (conversation_id, user_id, invited_by)
         SELECT $1, u.id, $3 FROM users u WHERE u.id = $2 AND NOT u.blocked AND {WORKS}
         ON CONFLICT DO NOTHING"
    ))
    .bind(summary.id)
    .bind(expert_id)
    .bind(by)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if inserted == 0 {
        let known = is_expert(pool, summary.id, expert_id).await?;
        return if known {
            Ok(())
        } else {
            Err(AssistantError::NoSuchEmployee)
        };
    }
    record(
        &mut tx,
        summary.id,
        NewEvent {
            kind: "expert_invited",
            actor_id: Some(by),
            to_operator: Some(expert_id),
            ..Default::default()
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Employees who can be invited: active staff other than the inviter, the
/// conversation's operator and those already invited.
pub async fn candidates(
    pool: &PgPool,
    summary: &ConversationSummary,
    inviter: i64,
) -> Result<Vec<crate::history::model::FilterOption>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT u.id, u.display_name AS name, 1 AS depth FROM users u
         WHERE NOT u.blocked AND u.id <> $2 AND u.id IS DISTINCT FROM $3 AND {WORKS}
           AND NOT EXISTS (SELECT 1 FROM conversation_experts e WHERE e.conversation_id = $1 AND e.user_id = u.id)
         ORDER BY u.display_name, u.id"
    ))
    .bind(summary.id)
    .bind(inviter)
    .bind(summary.operator_id)
    .fetch_all(pool)
    .await
}
