use super::model::{TransferOptions, TransferRequest};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
fn map_error(err: crate::domain::transfer::TransferError) -> AppError {
    use crate::domain::transfer::TransferError as E;
    match err {
        E::NotFound => AppError::NotFound,
        E::WrongState => AppError::BadMessage(protocol::MessageProblem::ConversationClosed),
        E::Forbidden => AppError::Forbidden,
        E::Unavailable => AppError::OperatorUnavailable,
        E::OverCapacity => AppError::OperatorAtCapacity,
        E::Invalid => AppError::Invalid,
        E::Database => AppError::Internal,
    }
}

/// Operators on shift who could take the conversation, and the groups.
#[server(name = TransferOptionsFn, prefix = "/api", endpoint = "transfer_options")]
pub async fn transfer_options(conversation_id: i64) -> Result<TransferOptions, AppError> {
    use crate::auth::guard;
    use crate::permission::Permission;
    let (user, state) =
        guard::require_any(&[Permission::ConversationsHandle, Permission::ConversationsViewAll]).await?;
    let actor = crate::domain::transfer::Actor {
        id: user.id,
        supervisor: user.can(Permission::ConversationsViewAll),
    };
    crate::domain::transfer::options(&state.pool, actor, conversation_id)
        .await
        .map_err(map_error)
}

/// Transfers a conversation to an operator or a group, with an optional internal note.
#[server(name = TransferConversation, prefix = "/api", endpoint = "transfer_conversation", input = leptos::server_fn::codec::Json)]
pub async fn transfer_conversation(request: TransferRequest) -> Result<(), AppError> {
    use crate::auth::guard;
    use crate::domain::{conversations, routing, transfer};
    use crate::permission::Permission;
    let (user, state) =
        guard::require_any(&[Permission::ConversationsHandle, Permission::ConversationsViewAll]).await?;
    let actor = transfer::Actor {
        id: user.id,
        supervisor: user.can(Permission::ConversationsViewAll),
    };
    let done = transfer::transfer(
        &state.pool,
        actor,
        request.conversation_id,
        request.to,
        request.note.as_deref(),
    )
    .await
    .map_err(map_error)?;
    conversations::announce(&state.pool, &state.bus, request.conversation_id)
        .await
        .map_err(|_| AppError::Internal)?;
    if done.to_operator.is_none() {
        // Back in the queue for the group: someone there may take it now.
        routing::assign_and_announce(&state.pool, &state.bus).await;
    }
    Ok(())
}
