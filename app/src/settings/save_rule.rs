use crate::error::AppError;
use leptos::prelude::*;

/// Adds a priority rule (attribute = value → weight), or sets the weight of that rule.
#[server(name = SaveRule, prefix = "/api", endpoint = "save_rule", input = leptos::server_fn::codec::Json)]
pub async fn save_rule(attribute: String, value: String, weight: i32) -> Result<i64, AppError> {
    let (_, state) = super::editor().await?;
    let id = crate::domain::routing::settings::save_rule(&state.pool, &attribute, &value, weight)
        .await
        .map_err(super::map_error)?;
    super::queue_changed(&state).await;
    Ok(id)
}
