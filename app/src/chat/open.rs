use crate::error::AppError;
use crate::model::ConversationView;
use leptos::prelude::*;

/// One conversation with all its messages, if the caller may read it.
#[server(name = OpenConversation, prefix = "/api", endpoint = "open_conversation")]
pub async fn open_conversation(id: i64) -> Result<ConversationView, AppError> {
    use crate::auth::guard;
    use crate::domain::{conversations, messages};
    use crate::permission::Permission;
    let (user, state) =
        guard::require_any(&[Permission::ConversationsHandle, Permission::ConversationsViewAll]).await?;
    let pool = &state.pool;
    let summary = conversations::summary(pool, id)
        .await
        .map_err(super::map_conversation_error)?;
    if !conversations::can_read(&user, &summary) {
        return Err(AppError::Forbidden);
    }
    let messages = messages::of_conversation(pool, id).await?;
    let events = crate::domain::conversation_events::of_conversation(pool, id).await?;
    Ok(ConversationView {
        summary,
        messages,
        events,
    })
}
