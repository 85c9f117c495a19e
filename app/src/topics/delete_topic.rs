use crate::error::AppError;
use leptos::prelude::*;

/// Deletes a topic never set on a conversation; archives a used one instead.
/// Returns whether it was archived rather than deleted.
#[server(name = DeleteTopic, prefix = "/api", endpoint = "delete_topic", input = leptos::server_fn::codec::Json)]
pub async fn delete_topic(id: i64) -> Result<bool, AppError> {
    use crate::domain::topics::{remove, Removal};
    let (_, state) = super::editor().await?;
    let removal = remove(&state.pool, id).await.map_err(super::map_error)?;
    Ok(removal == Removal::Archived)
}
