use crate::error::AppError;
use leptos::prelude::*;

/// Deletes a reply the caller may edit.
#[server(name = DeleteReply, prefix = "/api", endpoint = "delete_reply")]
pub async fn delete_reply(id: i64) -> Result<(), AppError> {
    let (editor, state) = super::editor().await?;
    crate::domain::replies::delete(&state.pool, &editor, id)
        .await
        .map_err(super::map_error)
}
