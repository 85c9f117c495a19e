use crate::error::AppError;
use crate::model::Segment;
use leptos::prelude::*;

/// Sets a segment's weight, or (with id 0) adds a custom segment.
#[server(name = SaveSegment, prefix = "/api", endpoint = "save_segment", input = leptos::server_fn::codec::Json)]
pub async fn save_segment(segment: Segment) -> Result<i64, AppError> {
    let (_, state) = super::editor().await?;
    let id = crate::domain::routing::settings::save_segment(&state.pool, &segment)
        .await
        .map_err(super::map_error)?;
    super::queue_changed(&state).await;
    Ok(id)
}
