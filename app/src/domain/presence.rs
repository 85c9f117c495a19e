//! Operator states: the current one, every change (who, when, from, to), and shifts.
//! A shift starts at the first switch to a state that receives chats and ends at
//! sign-out.

use crate::model::{OperatorState, Presence};
use sqlx::PgPool;

#[derive(Debug, PartialEq, Eq)]
pub enum PresenceError {
    UnknownState,
    Database,
}

impl From<sqlx::Error> for PresenceError {
    fn from(err: sqlx::Error) -> Self {
        tracing::error!(error = %err, "presence query failed");
        PresenceError::Database
    }
}

#[derive(sqlx::FromRow)]
struct StateRow {
    id: i64,
    code: String,
    name: String,
    built_in: bool,
    receives_chats: bool,
    recommended_minutes: Option<i32>,
}

impl From<StateRow> for OperatorState {
    fn from(r: StateRow) -> Self {
        OperatorState {
            code: r.code,
            name: r.name,
            built_in: r.built_in,
            receives_chats: r.receives_chats,
            recommended_minutes: r.recommended_minutes,
        }
    }
}

const STATE: &str =
    "SELECT id, code, name, built_in, receives_chats, recommended_minutes FROM operator_states";

/// The states an operator can choose, in display order.
pub async fn states(pool: &PgPool) -> Result<Vec<OperatorState>, PresenceError> {
    let rows: Vec<StateRow> = sqlx::query_as(&format!("{STATE} WHERE active ORDER BY sort_order, name"))
        .fetch_all(pool)
        .await?;
    Ok(rows.into_iter().map(OperatorState::from).collect())
}

/// The operator's current state; "offline" since now if they never chose one.
pub async fn current(pool: &PgPool, user_id: i64) -> Result<Presence, PresenceError> {
    let row: Option<(i64, i64)> = sqlx::query_as(
        "SELECT p.state_id, EXTRACT(EPOCH FROM now() - p.since)::bigint
         FROM operator_presence p WHERE p.user_id = $1",
    )
    .bind(user_id)
    .fetch_optional(pool)
    .await?;
    let (state, seconds) = match row {
        Some((state_id, seconds)) => (state_by_id(pool, state_id).await?, seconds),
        None => (
            state_by_code(pool, "offline")
                .await?
                .ok_or(PresenceError::UnknownState)?,
            0,
        ),
    };
    Ok(Presence {
        state: state.into(),
        seconds_in_state: seconds.max(0),
    })
}

async fn state_by_id(pool: &PgPool, id: i64) -> Result<StateRow, PresenceError> {
    Ok(sqlx::query_as(&format!("{STATE} WHERE id = $1"))
        .bind(id)
        .fetch_one(pool)
        .await?)
}

async fn state_by_code(pool: &PgPool, code: &str) -> Result<Option<StateRow>, PresenceError> {
    Ok(sqlx::query_as(&format!("{STATE} WHERE code = $1 AND active"))
        .bind(code)
        .fetch_optional(pool)
        .await?)
}

/// Switches an operator to a state, recording the change (by `by`, themselves or a
/// supervisor). Choosing the current state again records nothing. The first switch to
/// a state that receives chats opens the operator's shift.
pub async fn switch(pool: &PgPool, user_id: i64, code: &str, by: i64) -> Result<Presence, PresenceError> {
    let to = state_by_code(pool, code)
        .await?
        .ok_or(PresenceError::UnknownState)?;
    let mut tx = pool.begin().await?;
    let from: Option<i64> =
        sqlx::query_scalar("SELECT state_id FROM operator_presence WHERE user_id = $1 FOR UPDATE")
            .bind(user_id)
            .fetch_optional(&mut *tx)
            .await?;
    if from != Some(to.id) {
        sqlx::query(
            "INSERT INTO operator_presence (user_id, state_id, since) VALUES ($1, $2, now())
             ON CONFLICT (user_id) DO UPDATE SET state_id = EXCLUDED.state_id, since = now()",
        )
        .bind(user_id)
        .bind(to.id)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO state_changes (user_id, from_state_id, to_state_id, changed_by) VALUES ($1, $2, $3, $4)",
        )
        .bind(user_id)
        .bind(from)
        .bind(to.id)
        .bind(by)
        .execute(&mut *tx)
        .await?;
        if to.receives_chats {
            open_shift(&mut *tx, user_id).await?;
        }
    }
    tx.commit().await?;
    current(pool, user_id).await
}

/// At sign-out: the operator goes offline (recorded) and the open shift ends.
pub async fn sign_out(pool: &PgPool, user_id: i64) -> Result<(), PresenceError> {
    let present: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM operator_presence WHERE user_id = $1)")
            .bind(user_id)
            .fetch_one(pool)
            .await?;
    if present {
        switch(pool, user_id, "offline", user_id).await?;
    }
    end_open_shift(pool, user_id, ShiftEnd::SignOut).await
}

/// Why a shift ended (`shifts.end_reason`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShiftEnd {
    SignOut,
    EndShift,
    /// A supervisor ended the operator's work.
    Terminated,
}

impl ShiftEnd {
    fn code(self) -> &'static str {
        match self {
            ShiftEnd::SignOut => "sign_out",
            ShiftEnd::EndShift => "end_shift",
            ShiftEnd::Terminated => "terminated",
        }
    }
}

/// Opens the operator's shift unless one is open.
async fn open_shift<'c, E: sqlx::PgExecutor<'c>>(db: E, user_id: i64) -> Result<(), PresenceError> {
    sqlx::query(
        "INSERT INTO shifts (user_id) VALUES ($1) ON CONFLICT (user_id) WHERE ended_at IS NULL DO NOTHING",
    )
    .bind(user_id)
    .execute(db)
    .await?;
    Ok(())
}

/// Ends the operator's open shift, if any, for `reason`.
pub async fn end_open_shift<'c, E: sqlx::PgExecutor<'c>>(
    db: E,
    user_id: i64,
    reason: ShiftEnd,
) -> Result<(), PresenceError> {
    sqlx::query(
        "UPDATE shifts SET ended_at = now(), end_reason = $2 WHERE user_id = $1 AND ended_at IS NULL",
    )
    .bind(user_id)
    .bind(reason.code())
    .execute(db)
    .await?;
    Ok(())
}

/// Whether the operator has an open shift.
pub async fn on_shift(pool: &PgPool, user_id: i64) -> Result<bool, PresenceError> {
    Ok(
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM shifts WHERE user_id = $1 AND ended_at IS NULL)")
            .bind(user_id)
            .fetch_one(pool)
            .await?,
    )
}

/// An explicit "start shift" (a shift also starts at the first availability).
pub async fn start_shift(pool: &PgPool, user_id: i64) -> Result<(), PresenceError> {
    open_shift(pool, user_id).await
}

/// An explicit "end shift": the operator goes offline (recorded) and the shift ends.
pub async fn end_shift(pool: &PgPool, user_id: i64) -> Result<Presence, PresenceError> {
    let now = switch(pool, user_id, "offline", user_id).await?;
    end_open_shift(pool, user_id, ShiftEnd::EndShift).await?;
    Ok(now)
}

/// Creates or updates a custom state.
pub async fn save_custom_state(
    pool: &PgPool,
    code: &str,
    name: &str,
    receives_chats: bool,
    recommended_minutes: Option<i32>,
) -> Result<(), PresenceError> {
    sqlx::query(
        "INSERT INTO operator_states (code, name, receives_chats, recommended_minutes) VALUES ($1, $2, $3, $4)
         ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, receives_chats = EXCLUDED.receives_chats,
             recommended_minutes = EXCLUDED.recommended_minutes
         WHERE NOT operator_states.built_in",
    )
    .bind(code)
    .bind(name)
    .bind(receives_chats)
    .bind(recommended_minutes)
    .execute(pool)
    .await?;
    Ok(())
}
