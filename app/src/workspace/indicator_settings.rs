use super::model::IndicatorSettings;
use crate::error::AppError;
use leptos::prelude::*;

/// The waiting indicators' thresholds, and the server's clock.
#[server(name = IndicatorSettingsFn, prefix = "/api", endpoint = "indicator_settings")]
pub async fn indicator_settings() -> Result<IndicatorSettings, AppError> {
    use crate::auth::guard;
    use crate::permission::Permission;
    let (_, state) =
        guard::require_any(&[Permission::ConversationsHandle, Permission::ConversationsViewAll]).await?;
    let thresholds = crate::domain::workspace_settings::thresholds(&state.pool).await?;
    Ok(IndicatorSettings {
        thresholds,
        server_time_ms: chrono::Utc::now().timestamp_millis(),
    })
}
