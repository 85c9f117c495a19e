use super::model::{RoleDraft, RoleView};
use crate::error::AppError;
use leptos::prelude::*;

/// Every role with its permissions (for the roles page and the account form).
#[server(name = ListRoles, prefix = "/api", endpoint = "list_roles")]
pub async fn list_roles() -> Result<Vec<RoleView>, AppError> {
    use crate::permission::Permission;
    let (user, state) =
        crate::auth::guard::require_any(&[Permission::RolesManage, Permission::UsersManage]).await?;
    crate::domain::roles::list(&state.pool, user.id)
        .await
        .map_err(super::map_error)
}

/// Creates a custom role or changes one the caller doesn't hold.
#[server(name = SaveRole, prefix = "/api", endpoint = "save_role", input = leptos::server_fn::codec::Json)]
pub async fn save_role(draft: RoleDraft) -> Result<i64, AppError> {
    use serde_json::json;
    let (user, state) = crate::auth::guard::require(crate::permission::Permission::RolesManage).await?;
    let (id, before, after) = crate::domain::roles::save(&state.pool, user.id, &draft)
        .await
        .map_err(super::map_error)?;
    let (event, details) = match before {
        None => ("role.created", json!({ "after": after })),
        Some(before) => ("role.updated", json!({ "before": before, "after": after })),
    };
    crate::auth::guard::audit(&state, &user, event, &after.name, &details).await;
    Ok(id)
}

/// Deletes a custom role the caller doesn't hold.
#[server(name = DeleteRole, prefix = "/api", endpoint = "delete_role")]
pub async fn delete_role(id: i64) -> Result<(), AppError> {
    let (user, state) = crate::auth::guard::require(crate::permission::Permission::RolesManage).await?;
    let before = crate::domain::roles::delete(&state.pool, user.id, id)
        .await
        .map_err(super::map_error)?;
    crate::auth::guard::audit(
        &state,
        &user,
        "role.deleted",
        &before.name,
        &serde_json::json!({ "before": before }),
    )
    .await;
    Ok(())
}
