use crate::error::AppError;
use leptos::prelude::*;

#[server(name = RenameTopic, prefix = "/api", endpoint = "rename_topic", input = leptos::server_fn::codec::Json)]
pub async fn rename_topic(id: i64, name: String) -> Result<(), AppError> {
    let (_, state) = super::editor().await?;
    crate::domain::topics::rename(&state.pool, id, &name)
        .await
        .map_err(super::map_error)
}
