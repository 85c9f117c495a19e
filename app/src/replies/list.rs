use super::model::CannedReply;
use crate::error::AppError;
use leptos::prelude::*;

/// The caller's personal replies, then the shared ones.
#[server(name = CannedReplies, prefix = "/api", endpoint = "canned_replies")]
pub async fn canned_replies() -> Result<Vec<CannedReply>, AppError> {
    let (editor, state) = super::editor().await?;
    crate::domain::replies::visible_to(&state.pool, editor.user_id)
        .await
        .map_err(super::map_error)
}
