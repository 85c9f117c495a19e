use crate::error::AppError;
use crate::model::CurrentUser;
use leptos::prelude::*;

/// The signed-in staff member and their permissions.
#[server(name = CurrentUserFn, prefix = "/api", endpoint = "current_user")]
pub async fn current_user() -> Result<CurrentUser, AppError> {
    Ok(super::guard::current().await?.0)
}
