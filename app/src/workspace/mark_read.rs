use crate::error::AppError;
use leptos::prelude::*;

/// The caller has seen a conversation up to `message_id`.
#[server(name = MarkRead, prefix = "/api", endpoint = "mark_read")]
pub async fn mark_read(conversation_id: i64, message_id: i64) -> Result<(), AppError> {
    use crate::auth::guard;
    use crate::domain::{conversations, reads};
    use crate::permission::Permission;
    let (user, state) =
        guard::require_any(&[Permission::ConversationsHandle, Permission::ConversationsViewAll]).await?;
    let summary = conversations::summary(&state.pool, conversation_id)
        .await
        .map_err(|_| AppError::NotFound)?;
    if !conversations::can_read(&user, &summary) {
        return Err(AppError::Forbidden);
    }
    reads::mark_read(&state.pool, user.id, conversation_id, message_id).await?;
    Ok(())
}
