use super::model::TopicTree;
use crate::error::AppError;
use leptos::prelude::*;

/// The whole topic tree with its settings, for the editor.
#[server(name = TopicTreeFn, prefix = "/api", endpoint = "topic_tree")]
pub async fn topic_tree() -> Result<TopicTree, AppError> {
    let (_, state) = super::editor().await?;
    crate::domain::topics::tree(&state.pool)
        .await
        .map_err(super::map_error)
}
