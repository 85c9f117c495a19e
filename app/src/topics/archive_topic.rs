use crate::error::AppError;
use leptos::prelude::*;

/// Archives a topic with everything under it, or brings it back.
#[server(name = ArchiveTopic, prefix = "/api", endpoint = "archive_topic", input = leptos::server_fn::codec::Json)]
pub async fn archive_topic(id: i64, archived: bool) -> Result<(), AppError> {
    let (_, state) = super::editor().await?;
    crate::domain::topics::set_archived(&state.pool, id, archived)
        .await
        .map_err(super::map_error)
}
