use super::model::{ChannelInactivity, WaitingThresholds, WorkspaceSettingsView};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
fn map_error(err: crate::domain::workspace_settings::SettingsError) -> AppError {
    use crate::domain::workspace_settings::SettingsError as E;
    match err {
        E::Invalid => AppError::Invalid,
        E::NotFound => AppError::NotFound,
        E::Database => AppError::Internal,
    }
}

/// Everything the workspace settings page edits (permission `settings.workspace`).
#[server(name = WorkspaceSettingsFn, prefix = "/api", endpoint = "workspace_settings")]
pub async fn workspace_settings() -> Result<WorkspaceSettingsView, AppError> {
    use crate::permission::Permission;
    let (_, state) = crate::auth::guard::require(Permission::SettingsWorkspace).await?;
    Ok(crate::domain::workspace_settings::view(&state.pool).await?)
}

/// Saves the waiting indicators' thresholds.
#[server(name = SaveWaitingThresholds, prefix = "/api", endpoint = "save_waiting_thresholds", input = leptos::server_fn::codec::Json)]
pub async fn save_waiting_thresholds(thresholds: WaitingThresholds) -> Result<(), AppError> {
    use crate::permission::Permission;
    let (_, state) = crate::auth::guard::require(Permission::SettingsWorkspace).await?;
    crate::domain::workspace_settings::save_thresholds(&state.pool, &thresholds)
        .await
        .map_err(map_error)
}

/// Saves a channel's inactivity auto-close.
#[server(name = SaveChannelInactivity, prefix = "/api", endpoint = "save_channel_inactivity", input = leptos::server_fn::codec::Json)]
pub async fn save_channel_inactivity(channel: ChannelInactivity) -> Result<(), AppError> {
    use crate::permission::Permission;
    let (_, state) = crate::auth::guard::require(Permission::SettingsWorkspace).await?;
    crate::domain::workspace_settings::save_channel(&state.pool, &channel)
        .await
        .map_err(map_error)
}
