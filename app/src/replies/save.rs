use super::model::CannedReply;
use crate::error::AppError;
use leptos::prelude::*;

/// Adds a personal reply, or a shared one (permission `replies.shared`).
#[server(name = CreateReply, prefix = "/api", endpoint = "create_reply")]
pub async fn create_reply(title: String, body: String, shared: bool) -> Result<CannedReply, AppError> {
    let (editor, state) = super::editor().await?;
    crate::domain::replies::create(
        &state.pool,
        &editor,
        &super::model::ReplyDraft { title, body, shared },
    )
    .await
    .map_err(super::map_error)
}

/// Changes a reply the caller may edit: their own personal one, or a shared one
/// (permission `replies.shared`).
#[server(name = UpdateReply, prefix = "/api", endpoint = "update_reply")]
pub async fn update_reply(
    id: i64,
    title: String,
    body: String,
    shared: bool,
) -> Result<CannedReply, AppError> {
    let (editor, state) = super::editor().await?;
    crate::domain::replies::update(
        &state.pool,
        &editor,
        id,
        &super::model::ReplyDraft { title, body, shared },
    )
    .await
    .map_err(super::map_error)
}
