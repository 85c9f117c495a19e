use crate::error::AppError;
use leptos::prelude::*;

/// Closes a conversation at any time: its operator closes an active one; a supervisor
/// (`conversations.view_all`) closes any open one. The customer is offered the rating form.
/// The operator says whether the customer's question was resolved (`resolved`).
#[server(name = CloseConversation, prefix = "/api", endpoint = "close_conversation")]
pub async fn close_conversation(id: i64, resolved: Option<bool>) -> Result<(), AppError> {
    use crate::auth::guard;
    use crate::domain::conversations;
    use crate::permission::Permission;
    let (user, state) =
        guard::require_any(&[Permission::ConversationsHandle, Permission::ConversationsViewAll]).await?;
    crate::domain::topics::check_before_close(&state.pool, id)
        .await
        .map_err(crate::topics::map_error)?;
    let closed = match conversations::close_resolved(&state.pool, id, user.id, resolved).await {
        Err(conversations::ConversationError::WrongState) if user.can(Permission::ConversationsViewAll) => {
            conversations::close_as_supervisor(&state.pool, id, user.id).await
        }
        other => other,
    };
    closed.map_err(super::map_conversation_error)?;
    conversations::announce(&state.pool, &state.bus, id)
        .await
        .map_err(super::map_conversation_error)?;
    // The operator has room for one more.
    crate::domain::routing::assign_and_announce(&state.pool, &state.bus).await;
    Ok(())
}
