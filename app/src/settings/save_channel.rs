use crate::error::AppError;
use crate::model::ChannelRouting;
use leptos::prelude::*;

/// Saves a channel's weight, group, auto-reply and wait-notice interval.
#[server(name = SaveChannelRouting, prefix = "/api", endpoint = "save_channel_routing", input = leptos::server_fn::codec::Json)]
pub async fn save_channel_routing(channel: ChannelRouting) -> Result<(), AppError> {
    let (_, state) = super::editor().await?;
    crate::domain::routing::settings::save_channel(&state.pool, &channel)
        .await
        .map_err(super::map_error)?;
    super::queue_changed(&state).await;
    Ok(())
}
