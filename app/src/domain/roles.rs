//! Roles: the built-in ones (operator, supervisor, administrator, auditor) keep their
//! permissions; custom ones are created, edited and deleted by holders of
//! `roles.manage` — never a role the editor holds, so nobody grants themselves a
//! permission (separation of duties: whoever manages roles reads the audit journal only
//! if another administrator gives them a role that allows it).

use super::account_admin::{keep_an_administrator, lock, AdminError};
use crate::admin::model::{RoleDraft, RoleRef, RoleView};
use crate::permission::Permission;
use serde::Serialize;
use sqlx::{PgPool, Postgres, Transaction};

/// A role as the journal records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoleState {
    pub code: String,
    pub name: String,
    pub description: String,
    pub permissions: Vec<String>,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    code: String,
    name: String,
    built_in: bool,
    description: String,
    permissions: Vec<String>,
    members: i64,
    held: bool,
}

/// Every role, built-in first, with its permissions and members.
pub async fn list(pool: &PgPool, viewer_id: i64) -> Result<Vec<RoleView>, AdminError> {
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT r.id, r.code, r.name, r.built_in, r.description,
                array(SELECT permission FROM role_permissions p WHERE p.role_id = r.id ORDER BY 1) AS permissions,
                (SELECT count(*) FROM user_roles ur JOIN users u ON u.id = ur.user_id
                 WHERE ur.role_id = r.id AND u.deleted_at IS NULL) AS members,
                EXISTS (SELECT 1 FROM user_roles ur WHERE ur.role_id = r.id AND ur.user_id = $1) AS held
         FROM roles r ORDER BY NOT r.built_in, r.id",
    )
    .bind(viewer_id)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| RoleView {
            role: RoleRef {
                id: r.id,
                code: r.code,
                name: r.name,
                built_in: r.built_in,
            },
            description: r.description,
            permissions: r
                .permissions
                .iter()
                .filter_map(|c| Permission::from_code(c))
                .collect(),
            members: r.members,
            held_by_viewer: r.held,
        })
        .collect())
}

async fn state_of(tx: &mut Transaction<'_, Postgres>, id: i64) -> Result<(RoleState, bool), AdminError> {
    let row: Option<(String, String, String, bool, Vec<String>)> = sqlx::query_as(
        "SELECT code, name, description, built_in,
                array(SELECT permission FROM role_permissions p WHERE p.role_id = r.id ORDER BY 1)
         FROM roles r WHERE id = $1 FOR UPDATE",
    )
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?;
    let (code, name, description, built_in, permissions) = row.ok_or(AdminError::NotFound)?;
    Ok((
        RoleState {
            code,
            name,
            description,
            permissions,
        },
        built_in,
    ))
}

async fn holds(tx: &mut Transaction<'_, Postgres>, user_id: i64, role_id: i64) -> Result<bool, AdminError> {
    Ok(
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM user_roles WHERE user_id = $1 AND role_id = $2)")
            .bind(user_id)
            .bind(role_id)
            .fetch_one(&mut **tx)
            .await?,
    )
}

fn valid(d: &RoleDraft) -> bool {
    let name = d.name.trim().chars().count();
    (1..=100).contains(&name) && d.description.chars().count() <= 500
}

async fn set_permissions(
    tx: &mut Transaction<'_, Postgres>,
    id: i64,
    permissions: &[Permission],
) -> Result<(), AdminError> {
    let codes: Vec<&str> = permissions.iter().map(|p| p.code()).collect();
    sqlx::query("DELETE FROM role_permissions WHERE role_id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    sqlx::query("INSERT INTO role_permissions (role_id, permission) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING")
        .bind(id)
        .bind(&codes)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Creates a custom role, or changes one the editor doesn't hold, unless that leaves
/// nobody able to manage accounts. Returns the id and the
/// role before (None for a new one) and after.
pub async fn save(
    pool: &PgPool,
    editor_id: i64,
    draft: &RoleDraft,
) -> Result<(i64, Option<RoleState>, RoleState), AdminError> {
    if !valid(draft) {
        return Err(AdminError::Invalid);
    }
    let mut tx = pool.begin().await?;
    lock(&mut tx).await?;
    let (id, before) = match draft.id {
        None => {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO roles (code, name, description, built_in)
                 VALUES ('custom.' || nextval('roles_id_seq'), $1, $2, false) RETURNING id",
            )
            .bind(draft.name.trim())
            .bind(draft.description.trim())
            .fetch_one(&mut *tx)
            .await?;
            (id, None)
        }
        Some(id) => {
            let (before, built_in) = state_of(&mut tx, id).await?;
            if built_in {
                return Err(AdminError::BuiltInRole);
            }
            if holds(&mut tx, editor_id, id).await? {
                return Err(AdminError::SelfGrant);
            }
            sqlx::query("UPDATE roles SET name = $2, description = $3 WHERE id = $1")
                .bind(id)
                .bind(draft.name.trim())
                .bind(draft.description.trim())
                .execute(&mut *tx)
                .await?;
            (id, Some(before))
        }
    };
    // A custom role's name is unique among all roles' names, in any letter case.
    let clash: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM roles WHERE lower(name) = lower($1) AND id <> $2)")
            .bind(draft.name.trim())
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
    if clash {
        return Err(AdminError::Duplicate);
    }
    set_permissions(&mut tx, id, &draft.permissions).await?;
    // Taking `users.manage` out of a role may leave nobody able to manage accounts.
    keep_an_administrator(&mut tx).await?;
    let (after, _) = state_of(&mut tx, id).await?;
    tx.commit().await?;
    Ok((id, before, after))
}

/// Deletes a custom role (its holders lose its permissions), unless that leaves nobody
/// able to manage accounts.
pub async fn delete(pool: &PgPool, editor_id: i64, id: i64) -> Result<RoleState, AdminError> {
    let mut tx = pool.begin().await?;
    lock(&mut tx).await?;
    let (before, built_in) = state_of(&mut tx, id).await?;
    if built_in {
        return Err(AdminError::BuiltInRole);
    }
    if holds(&mut tx, editor_id, id).await? {
        return Err(AdminError::SelfGrant);
    }
    sqlx::query("DELETE FROM roles WHERE id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    keep_an_administrator(&mut tx).await?;
    tx.commit().await?;
    Ok(before)
}
