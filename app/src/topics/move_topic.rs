use crate::error::AppError;
use leptos::prelude::*;

/// Moves a topic one place up or down among its siblings.
#[server(name = MoveTopic, prefix = "/api", endpoint = "move_topic", input = leptos::server_fn::codec::Json)]
pub async fn move_topic(id: i64, up: bool) -> Result<(), AppError> {
    let (_, state) = super::editor().await?;
    crate::domain::topics::shift(&state.pool, id, up)
        .await
        .map_err(super::map_error)
}
