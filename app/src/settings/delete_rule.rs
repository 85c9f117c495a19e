use crate::error::AppError;
use leptos::prelude::*;

/// Removes a priority rule.
#[server(name = DeleteRule, prefix = "/api", endpoint = "delete_rule")]
pub async fn delete_rule(id: i64) -> Result<(), AppError> {
    let (_, state) = super::editor().await?;
    crate::domain::routing::settings::delete_rule(&state.pool, id)
        .await
        .map_err(super::map_error)?;
    super::queue_changed(&state).await;
    Ok(())
}
