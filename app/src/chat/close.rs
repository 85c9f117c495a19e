use crate::error::AppError;
use leptos::prelude::*;

/// Closes a conversation the caller is handling; the customer is offered the rating form.
#[server(name = CloseConversation, prefix = "/api", endpoint = "close_conversation")]
pub async fn close_conversation(id: i64) -> Result<(), AppError> {
    use crate::auth::guard;
    use crate::domain::conversations;
    use crate::permission::Permission;
    let (user, state) = guard::require(Permission::ConversationsHandle).await?;
    crate::domain::topics::check_before_close(&state.pool, id).await.map_err(crate::topics::map_error)?;
    conversations::close(&state.pool, id, user.id)
        .await
        .map_err(super::map_conversation_error)?;
    conversations::announce(&state.pool, &state.bus, id)
        .await
        .map_err(super::map_conversation_error)?;
    // The operator has room for one more.
    crate::domain::routing::assign_and_announce(&state.pool, &state.bus).await;
    Ok(())
}
