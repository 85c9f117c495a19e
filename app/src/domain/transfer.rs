//! Transfers (TS 8.x): the operator handling a conversation (or a supervisor) hands it
//! to another operator who is on shift and has room, or back to the queue for a group,
//! with an optional internal note. Every transfer is recorded in `conversation_events`;
//! the note is for staff only.

use super::conversation_events::{self, NewEvent};
use crate::model::{OperatorGroup, OperatorState};
use crate::workspace::model::{TransferOptions, TransferTarget, TransferTo, MAX_NOTE_CHARS};
use sqlx::{PgConnection, PgPool};

#[derive(Debug, PartialEq, Eq)]
pub enum TransferError {
    NotFound,
    /// Not active any more (closed, or back in the queue).
    WrongState,
    /// Neither its operator nor a supervisor.
    Forbidden,
    /// The operator is not on shift, doesn't speak the language, or is the current one.
    Unavailable,
    /// The operator has as many conversations as their capacity allows.
    OverCapacity,
    /// The note is too long.
    Invalid,
    Database,
}

impl From<sqlx::Error> for TransferError {
    fn from(err: sqlx::Error) -> Self {
        tracing::error!(error = %err, "transfer query failed");
        TransferError::Database
    }
}

/// Who is transferring: a supervisor may transfer any active conversation.
#[derive(Clone, Copy, Debug)]
pub struct Actor {
    pub id: i64,
    pub supervisor: bool,
}

/// The same lock the assigners take turns on: a transfer and an assignment never
/// both count an operator's load at once.
const ASSIGNMENT_LOCK: (i32, i32) = (2, 0);

#[derive(sqlx::FromRow)]
struct TargetRow {
    id: i64,
    display_name: String,
    code: String,
    name: String,
    built_in: bool,
    receives_chats: bool,
    recommended_minutes: Option<i32>,
    load: i64,
    capacity: i32,
    languages: Vec<String>,
}

/// Operators on shift who are in a state that receives chats, hold
/// `conversations.handle`, speak the conversation's language and are not its operator.
const TARGETS: &str = "SELECT u.id, u.display_name, s.code, s.name, s.built_in, s.receives_chats,
        s.recommended_minutes, COALESCE(l.load, 0) AS load, u.capacity, u.languages
    FROM conversations c
    JOIN users u ON split_part(c.language, '-', 1) = ANY(u.languages)
        AND u.id IS DISTINCT FROM c.operator_id AND NOT u.blocked
    JOIN operator_presence p ON p.user_id = u.id
    JOIN operator_states s ON s.id = p.state_id AND s.receives_chats
    LEFT JOIN (SELECT operator_id, count(*) AS load FROM conversations
               WHERE status = 'active' GROUP BY operator_id) l ON l.operator_id = u.id
    WHERE c.id = $1
      AND EXISTS (SELECT 1 FROM user_roles ur JOIN role_permissions rp ON rp.role_id = ur.role_id
                  WHERE ur.user_id = u.id AND rp.permission = 'conversations.handle')";

impl TargetRow {
    fn into_target(self) -> TransferTarget {
        TransferTarget {
            id: self.id,
            display_name: self.display_name,
            state: OperatorState {
                code: self.code,
                name: self.name,
                built_in: self.built_in,
                receives_chats: self.receives_chats,
                recommended_minutes: self.recommended_minutes,
            },
            load: self.load,
            capacity: self.capacity,
            languages: self.languages,
        }
    }
}

/// Where a conversation may be transferred: operators (with state, load, languages;
/// the least loaded first) and every group.
/// Who and where `actor` may hand the conversation to: only its operator, or a
/// supervisor, may ask (the list names colleagues, their states and loads).
pub async fn options(
    pool: &PgPool,
    actor: Actor,
    conversation_id: i64,
) -> Result<TransferOptions, TransferError> {
    let operator: Option<Option<i64>> =
        sqlx::query_scalar("SELECT operator_id FROM conversations WHERE id = $1")
            .bind(conversation_id)
            .fetch_optional(pool)
            .await?;
    let Some(operator) = operator else {
        return Err(TransferError::NotFound);
    };
    if operator != Some(actor.id) && !actor.supervisor {
        return Err(TransferError::Forbidden);
    }
    let operators: Vec<TargetRow> = sqlx::query_as(&format!(
        "{TARGETS} ORDER BY (COALESCE(l.load, 0) >= u.capacity), COALESCE(l.load, 0), u.display_name"
    ))
    .bind(conversation_id)
    .fetch_all(pool)
    .await?;
    let groups: Vec<OperatorGroup> = sqlx::query_as("SELECT id, name FROM operator_groups ORDER BY name")
        .fetch_all(pool)
        .await?;
    Ok(TransferOptions {
        operators: operators.into_iter().map(TargetRow::into_target).collect(),
        groups,
    })
}

/// The outcome of a transfer, for the announcements.
#[derive(Debug, PartialEq, Eq)]
pub struct Transferred {
    pub from_operator: Option<i64>,
    /// `None` when it went back to the queue for a group.
    pub to_operator: Option<i64>,
}

/// Transfers an active conversation. To an operator: at once, if they are on shift,
/// speak its language and have room. To a group: back to the queue with the group set,
/// keeping the priority it had earned (the caller then runs assignment).
pub async fn transfer(
    pool: &PgPool,
    actor: Actor,
    conversation_id: i64,
    to: TransferTo,
    note: Option<&str>,
) -> Result<Transferred, TransferError> {
    let note = note.map(str::trim).filter(|n| !n.is_empty());
    if note.is_some_and(|n| n.chars().count() > MAX_NOTE_CHARS) {
        return Err(TransferError::Invalid);
    }
    let mut tx = pool.begin().await?;
    sqlx::query("SELECT pg_advisory_xact_lock($1, $2)")
        .bind(ASSIGNMENT_LOCK.0)
        .bind(ASSIGNMENT_LOCK.1)
        .execute(&mut *tx)
        .await?;
    let current: Option<(String, Option<i64>)> =
        sqlx::query_as("SELECT status, operator_id FROM conversations WHERE id = $1 FOR UPDATE")
            .bind(conversation_id)
            .fetch_optional(&mut *tx)
            .await?;
    let Some((status, from_operator)) = current else {
        return Err(TransferError::NotFound);
    };
    if status != "active" {
        return Err(TransferError::WrongState);
    }
    if from_operator != Some(actor.id) && !actor.supervisor {
        return Err(TransferError::Forbidden);
    }
    let mut event = NewEvent {
        kind: "transfer",
        actor_id: Some(actor.id),
        from_operator,
        note,
        ..Default::default()
    };
    let to_operator = match to {
        TransferTo::Operator(target) => {
            to_operator(&mut tx, conversation_id, target).await?;
            event.to_operator = Some(target);
            Some(target)
        }
        TransferTo::Group(group) => {
            to_group(&mut tx, conversation_id, group, from_operator, actor.id).await?;
            event.to_group = Some(group);
            None
        }
    };
    conversation_events::record(&mut tx, conversation_id, event).await?;
    tx.commit().await?;
    Ok(Transferred {
        from_operator,
        to_operator,
    })
}

async fn to_operator(tx: &mut PgConnection, conversation_id: i64, target: i64) -> Result<(), TransferError> {
    let found: Option<TargetRow> = sqlx::query_as(&format!("{TARGETS} AND u.id = $2"))
        .bind(conversation_id)
        .bind(target)
        .fetch_optional(&mut *tx)
        .await?;
    let target_row = found.ok_or(TransferError::Unavailable)?;
    if target_row.load >= i64::from(target_row.capacity) {
        return Err(TransferError::OverCapacity);
    }
    // A new assignment for the answer timeout: the new operator must answer in time too.
    sqlx::query("UPDATE conversations SET operator_id = $2, assigned_at = now() WHERE id = $1")
        .bind(conversation_id)
        .bind(target)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

async fn to_group(
    tx: &mut PgConnection,
    conversation_id: i64,
    group: i64,
    from_operator: Option<i64>,
    by: i64,
) -> Result<(), TransferError> {
    let exists: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM operator_groups WHERE id = $1)")
        .bind(group)
        .fetch_one(&mut *tx)
        .await?;
    if !exists {
        return Err(TransferError::NotFound);
    }
    // It enters the queue now (so the group has its full overflow time), with the points
    // it earned waiting before kept as a boost: the same priority it had.
    sqlx::query(
        "UPDATE conversations c SET status = 'waiting', operator_id = NULL, assigned_at = NULL, group_id = $2,
             priority_boost = c.priority_boost + GREATEST(0, round(rs.wait_weight
                 * EXTRACT(EPOCH FROM COALESCE(c.assigned_at, now()) - c.queued_at) / 60.0))::int,
             queued_at = now()
         FROM routing_settings rs WHERE c.id = $1",
    )
    .bind(conversation_id)
    .bind(group)
    .execute(&mut *tx)
    .await?;
    // The next assignment prefers someone other than the operator who passed it on.
    sqlx::query(
        "INSERT INTO routing_events (conversation_id, kind, operator_id, by_user) VALUES ($1, 'transferred', $2, $3)",
    )
    .bind(conversation_id)
    .bind(from_operator)
    .bind(by)
    .execute(&mut *tx)
    .await?;
    Ok(())
}
