use crate::error::AppError;
use leptos::prelude::*;

/// Takes a waiting conversation from the queue and opens it.
#[server(name = TakeConversation, prefix = "/api", endpoint = "take_conversation")]
pub async fn take_conversation(id: i64) -> Result<(), AppError> {
    use crate::auth::guard;
    use crate::domain::conversations;
    use crate::permission::Permission;
    let (user, state) = guard::require(Permission::ConversationsHandle).await?;
    conversations::take(&state.pool, id, user.id)
        .await
        .map_err(super::map_conversation_error)?;
    conversations::announce(&state.pool, &state.bus, id)
        .await
        .map_err(super::map_conversation_error)?;
    leptos_axum::redirect(&format!("/workspace?c={id}"));
    Ok(())
}
