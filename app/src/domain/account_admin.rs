//! Managing staff accounts (TS 12.7–12.12): create, edit, block, unblock, delete, reset a
//! password, force a change at the next sign-in, and change one's own password.
//!
//! Rules: nobody changes their own roles, blocks or deletes themselves; the last active
//! account able to manage accounts cannot lose that ability. Every function returns what
//! the journal needs (the values before and after).

use super::password;
use crate::admin::model::AccountDraft;
use crate::permission::Permission;
use serde::Serialize;
use sqlx::{PgPool, Postgres, Transaction};

#[derive(Debug, PartialEq, Eq)]
pub enum AdminError {
    Invalid,
    Duplicate,
    NotFound,
    /// Granting oneself a role or permission, or acting on one's own account.
    SelfGrant,
    /// The change would leave no active account able to manage accounts.
    LastAdministrator,
    /// Built-in roles keep their permissions.
    BuiltInRole,
    WeakPassword,
    WrongPassword,
    Database,
}

impl From<sqlx::Error> for AdminError {
    fn from(e: sqlx::Error) -> Self {
        if let sqlx::Error::Database(db) = &e {
            if db.is_unique_violation() {
                return AdminError::Duplicate;
            }
        }
        tracing::error!(error = %e, "account administration failed");
        AdminError::Database
    }
}

/// An account as the journal records it (no secrets).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct AccountState {
    pub login: String,
    pub display_name: String,
    pub time_zone: String,
    pub blocked: bool,
    pub must_change_password: bool,
    pub roles: Vec<String>,
}

/// A login: 2–64 of letters, digits, `.`, `_`, `-`, `@`.
pub fn valid_login(login: &str) -> bool {
    let n = login.chars().count();
    (2..=64).contains(&n)
        && login
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '@'))
}

fn valid_draft(d: &AccountDraft) -> bool {
    let name = d.display_name.trim().chars().count();
    valid_login(d.login.trim())
        && (1..=200).contains(&name)
        && d.time_zone.parse::<chrono_tz::Tz>().is_ok()
        && !d.role_ids.is_empty()
}

pub async fn state_of(tx: &mut Transaction<'_, Postgres>, id: i64) -> Result<AccountState, AdminError> {
    sqlx::query_as(
        "SELECT u.login, u.display_name, u.time_zone, u.blocked, u.must_change_password,
                coalesce(array_agg(r.code ORDER BY r.code) FILTER (WHERE r.id IS NOT NULL), '{}') AS roles
         FROM users u LEFT JOIN user_roles ur ON ur.user_id = u.id LEFT JOIN roles r ON r.id = ur.role_id
         WHERE u.id = $1 AND u.deleted_at IS NULL GROUP BY u.id",
    )
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?
    .ok_or(AdminError::NotFound)
}

/// Refuses (and so rolls back) a change that leaves nobody active who can manage accounts.
pub(super) async fn keep_an_administrator(tx: &mut Transaction<'_, Postgres>) -> Result<(), AdminError> {
    let left: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM users u JOIN user_roles ur ON ur.user_id = u.id
                        JOIN role_permissions rp ON rp.role_id = ur.role_id
                        WHERE rp.permission = $1 AND NOT u.blocked AND u.deleted_at IS NULL)",
    )
    .bind(Permission::UsersManage.code())
    .fetch_one(&mut **tx)
    .await?;
    if left {
        Ok(())
    } else {
        Err(AdminError::LastAdministrator)
    }
}

/// Serialises administrative changes, so that two administrators cannot each remove
/// the other's rights at once (roles take it too).
pub(super) async fn lock(tx: &mut Transaction<'_, Postgres>) -> Result<(), AdminError> {
    sqlx::query("SELECT pg_advisory_xact_lock(7361)")
        .execute(&mut **tx)
        .await?;
    Ok(())
}

async fn set_roles(tx: &mut Transaction<'_, Postgres>, id: i64, role_ids: &[i64]) -> Result<(), AdminError> {
    sqlx::query("DELETE FROM user_roles WHERE user_id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    let added = sqlx::query(
        "INSERT INTO user_roles (user_id, role_id) SELECT $1, r.id FROM roles r WHERE r.id = ANY($2)",
    )
    .bind(id)
    .bind(role_ids)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    let mut distinct = role_ids.to_vec();
    distinct.sort_unstable();
    distinct.dedup();
    if added as usize != distinct.len() {
        return Err(AdminError::Invalid);
    }
    Ok(())
}

/// Ends every session of an account (after blocking, deleting or resetting it).
async fn end_sessions(tx: &mut Transaction<'_, Postgres>, id: i64) -> Result<(), AdminError> {
    sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Creates an account with a one-time password it must change at first sign-in.
/// Returns the id, the password (to show once) and the state for the journal.
pub async fn create(pool: &PgPool, draft: &AccountDraft) -> Result<(i64, String, AccountState), AdminError> {
    if !valid_draft(draft) {
        return Err(AdminError::Invalid);
    }
    let one_time = password::generate();
    let mut tx = pool.begin().await?;
    lock(&mut tx).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO users (login, display_name, time_zone, password_hash, must_change_password)
         VALUES ($1, $2, $3, $4, true) RETURNING id",
    )
    .bind(draft.login.trim())
    .bind(draft.display_name.trim())
    .bind(&draft.time_zone)
    .bind(password::hash(&one_time))
    .fetch_one(&mut *tx)
    .await?;
    set_roles(&mut tx, id, &draft.role_ids).await?;
    let after = state_of(&mut tx, id).await?;
    tx.commit().await?;
    Ok((id, one_time, after))
}

/// Changes an account's login, name, zone, roles and the forced password change.
/// The actor may edit their own name and zone, never their own roles.
pub async fn update(
    pool: &PgPool,
    actor_id: i64,
    draft: &AccountDraft,
) -> Result<(AccountState, AccountState), AdminError> {
    let id = draft.id.ok_or(AdminError::NotFound)?;
    if !valid_draft(draft) {
        return Err(AdminError::Invalid);
    }
    let mut tx = pool.begin().await?;
    lock(&mut tx).await?;
    let before = state_of(&mut tx, id).await?;
    let current_roles: Vec<i64> =
        sqlx::query_scalar("SELECT role_id FROM user_roles WHERE user_id = $1 ORDER BY 1")
            .bind(id)
            .fetch_all(&mut *tx)
            .await?;
    let mut wanted = draft.role_ids.clone();
    wanted.sort_unstable();
    wanted.dedup();
    if id == actor_id && wanted != current_roles {
        return Err(AdminError::SelfGrant);
    }
    sqlx::query(
        "UPDATE users SET login = $2, display_name = $3, time_zone = $4, must_change_password = $5
         WHERE id = $1",
    )
    .bind(id)
    .bind(draft.login.trim())
    .bind(draft.display_name.trim())
    .bind(&draft.time_zone)
    .bind(draft.must_change_password)
    .execute(&mut *tx)
    .await?;
    set_roles(&mut tx, id, &wanted).await?;
    keep_an_administrator(&mut tx).await?;
    let after = state_of(&mut tx, id).await?;
    tx.commit().await?;
    Ok((before, after))
}

/// Blocks (ending its sessions) or unblocks (also lifting a lockout) an account.
pub async fn set_blocked(
    pool: &PgPool,
    actor_id: i64,
    id: i64,
    blocked: bool,
) -> Result<AccountState, AdminError> {
    if id == actor_id {
        return Err(AdminError::SelfGrant);
    }
    let mut tx = pool.begin().await?;
    lock(&mut tx).await?;
    state_of(&mut tx, id).await?;
    sqlx::query(
        "UPDATE users SET blocked = $2,
             failed_logins = CASE WHEN $2 THEN failed_logins ELSE 0 END,
             locked_until = CASE WHEN $2 THEN locked_until END
         WHERE id = $1",
    )
    .bind(id)
    .bind(blocked)
    .execute(&mut *tx)
    .await?;
    if blocked {
        end_sessions(&mut tx, id).await?;
        keep_an_administrator(&mut tx).await?;
    }
    let after = state_of(&mut tx, id).await?;
    tx.commit().await?;
    Ok(after)
}

/// Deletes an account: it can no longer sign in, disappears from lists and loses its
/// roles; its conversations and journal records keep naming it.
pub async fn delete(pool: &PgPool, actor_id: i64, id: i64) -> Result<AccountState, AdminError> {
    if id == actor_id {
        return Err(AdminError::SelfGrant);
    }
    let mut tx = pool.begin().await?;
    lock(&mut tx).await?;
    let before = state_of(&mut tx, id).await?;
    sqlx::query("UPDATE users SET deleted_at = now(), blocked = true WHERE id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM user_roles WHERE user_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    end_sessions(&mut tx, id).await?;
    keep_an_administrator(&mut tx).await?;
    tx.commit().await?;
    Ok(before)
}

/// Gives an account a new one-time password (returned, to hand over once), lifts a
/// lockout, ends its sessions and makes it choose its own password at sign-in.
pub async fn reset_password(pool: &PgPool, actor_id: i64, id: i64) -> Result<(String, String), AdminError> {
    if id == actor_id {
        return Err(AdminError::SelfGrant);
    }
    let one_time = password::generate();
    let mut tx = pool.begin().await?;
    let state = state_of(&mut tx, id).await?;
    sqlx::query(
        "UPDATE users SET password_hash = $2, must_change_password = true, failed_logins = 0,
             locked_until = NULL, password_changed_at = now()
         WHERE id = $1",
    )
    .bind(id)
    .bind(password::hash(&one_time))
    .execute(&mut *tx)
    .await?;
    end_sessions(&mut tx, id).await?;
    tx.commit().await?;
    Ok((one_time, state.login))
}

/// The owner changes their own password: the current one is checked, the new one must
/// meet the policy and differ from it.
pub async fn change_own_password(pool: &PgPool, id: i64, current: &str, new: &str) -> Result<(), AdminError> {
    let stored: String = sqlx::query_scalar("SELECT password_hash FROM users WHERE id = $1")
        .bind(id)
        .fetch_optional(pool)
        .await?
        .ok_or(AdminError::NotFound)?;
    if !password::verify(current, &stored) {
        return Err(AdminError::WrongPassword);
    }
    let settings = super::security::load(pool)
        .await
        .map_err(|_| AdminError::Database)?;
    if password::check(new, &password::Policy::from(&settings)).is_err() || new == current {
        return Err(AdminError::WeakPassword);
    }
    sqlx::query(
        "UPDATE users SET password_hash = $2, must_change_password = false, password_changed_at = now()
         WHERE id = $1",
    )
    .bind(id)
    .bind(password::hash(new))
    .execute(pool)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logins_are_short_plain_words() {
        assert!(valid_login("e2e.malika"));
        assert!(valid_login("анвар_99"));
        assert!(!valid_login("a"));
        assert!(!valid_login("has space"));
        assert!(!valid_login("semi;colon"));
        assert!(!valid_login(&"x".repeat(65)));
    }
}
