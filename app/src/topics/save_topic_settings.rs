use super::model::TopicSettings;
use crate::error::AppError;
use leptos::prelude::*;

/// Sets the depth limit (1–10, not below the deepest topic) and whether a topic is
/// required before closing.
#[server(name = SaveTopicSettings, prefix = "/api", endpoint = "save_topic_settings", input = leptos::server_fn::codec::Json)]
pub async fn save_topic_settings(settings: TopicSettings) -> Result<(), AppError> {
    let (_, state) = super::editor().await?;
    crate::domain::topics::save_settings(&state.pool, settings)
        .await
        .map_err(super::map_error)
}
