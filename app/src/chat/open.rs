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
    let expert = crate::domain::assistant::is_expert(pool, id, user.id).await?;
    if !conversations::can_read(&user, &summary) && !expert {
        return Err(AppError::Forbidden);
    }
    let may_note = expert || crate::domain::assistant::may_note(pool, &user, &summary).await?;
    let may_invite =
        user.can(Permission::ConversationsWhisper) && summary.status != protocol::ConversationStatus::Closed;
    let messages = messages::of_conversation(pool, id).await?;
    let events = crate::domain::conversation_events::of_conversation(pool, id).await?;
    Ok(ConversationView {
        summary,
        messages,
        events,
        may_note,
        may_invite,
    })
}
