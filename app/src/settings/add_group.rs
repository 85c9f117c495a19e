use crate::error::AppError;
use leptos::prelude::*;

/// Adds an operator group.
#[server(name = AddGroup, prefix = "/api", endpoint = "add_group")]
pub async fn add_group(name: String) -> Result<i64, AppError> {
    let (_, state) = super::editor().await?;
    crate::domain::routing::settings::add_group(&state.pool, &name)
        .await
        .map_err(super::map_error)
}
