use crate::error::AppError;
use leptos::prelude::*;

/// Creates or updates a custom operator state.
#[server(name = SaveState, prefix = "/api", endpoint = "save_state", input = leptos::server_fn::codec::Json)]
pub async fn save_state(
    code: String,
    name: String,
    receives_chats: bool,
    recommended_minutes: Option<i32>,
) -> Result<(), AppError> {
    let (_, state) = super::editor().await?;
    crate::domain::routing::settings::save_state(
        &state.pool,
        &code,
        &name,
        receives_chats,
        recommended_minutes,
    )
    .await
    .map_err(super::map_error)
}
