use super::model::TopicRef;
use crate::error::AppError;
use leptos::prelude::*;

/// Topics by path: those an operator can choose, or all (for filtering the past).
#[server(name = TopicChoices, prefix = "/api", endpoint = "topic_choices", input = leptos::server_fn::codec::Json)]
pub async fn topic_choices(include_archived: bool) -> Result<Vec<TopicRef>, AppError> {
    let (_, state) = super::handler().await?;
    crate::domain::topics::choices(&state.pool, include_archived)
        .await
        .map_err(super::map_error)
}
