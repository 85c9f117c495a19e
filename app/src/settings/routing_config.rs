use crate::error::AppError;
use crate::model::RoutingConfig;
use leptos::prelude::*;

/// Everything the routing settings page edits.
#[server(name = RoutingConfigFn, prefix = "/api", endpoint = "routing_config")]
pub async fn routing_config() -> Result<RoutingConfig, AppError> {
    let (_, state) = super::editor().await?;
    crate::domain::routing::settings::load(&state.pool)
        .await
        .map_err(super::map_error)
}
