use crate::error::AppError;
use crate::model::RoutingWeights;
use leptos::prelude::*;

/// Saves the priority weights and the routing timers; the queue reorders at once.
#[server(name = SaveWeights, prefix = "/api", endpoint = "save_weights", input = leptos::server_fn::codec::Json)]
pub async fn save_weights(weights: RoutingWeights) -> Result<(), AppError> {
    let (_, state) = super::editor().await?;
    crate::domain::routing::settings::save_weights(&state.pool, &weights)
        .await
        .map_err(super::map_error)?;
    super::queue_changed(&state).await;
    Ok(())
}
