use crate::error::AppError;
use leptos::prelude::*;

/// Adds a root topic (no parent) or a child, within the depth limit.
#[server(name = AddTopic, prefix = "/api", endpoint = "add_topic", input = leptos::server_fn::codec::Json)]
pub async fn add_topic(parent_id: Option<i64>, name: String) -> Result<i64, AppError> {
    let (_, state) = super::editor().await?;
    crate::domain::topics::add(&state.pool, parent_id, &name)
        .await
        .map_err(super::map_error)
}
