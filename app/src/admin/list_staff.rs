//! The staff list.

use super::model::StaffRow;
use crate::error::AppError;
use leptos::prelude::*;

/// Every staff account with its roles.
#[server(name = ListStaff, prefix = "/api", endpoint = "list_staff")]
pub async fn list_staff() -> Result<Vec<StaffRow>, AppError> {
    use crate::auth::guard;
    use crate::permission::Permission;
    let (_, state) = guard::require_any(&[Permission::UsersView, Permission::UsersManage]).await?;
    Ok(crate::domain::accounts::list_staff(&state.pool).await?)
}
