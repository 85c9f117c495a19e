use crate::error::AppError;
use leptos::prelude::*;

/// Renames an operator group.
#[server(name = RenameGroup, prefix = "/api", endpoint = "rename_group")]
pub async fn rename_group(id: i64, name: String) -> Result<(), AppError> {
    let (_, state) = super::editor().await?;
    crate::domain::routing::settings::rename_group(&state.pool, id, &name)
        .await
        .map_err(super::map_error)
}

/// Deletes an operator group; the queue reorders at once.
#[server(name = DeleteGroup, prefix = "/api", endpoint = "delete_group")]
pub async fn delete_group(id: i64) -> Result<(), AppError> {
    let (_, state) = super::editor().await?;
    crate::domain::routing::settings::delete_group(&state.pool, id)
        .await
        .map_err(super::map_error)?;
    super::queue_changed(&state).await;
    Ok(())
}
