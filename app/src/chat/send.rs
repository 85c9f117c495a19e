use crate::error::AppError;
use leptos::prelude::*;
use protocol::Message;

/// An operator's reply. Stored before it is acknowledged; `client_id` makes a retry
/// return the stored message instead of sending it twice.
#[server(name = SendReply, prefix = "/api", endpoint = "send_reply")]
pub async fn send_reply(conversation_id: i64, client_id: String, body: String) -> Result<Message, AppError> {
    use crate::auth::guard;
    use crate::domain::bus::BusEvent;
    use crate::domain::conversations;
    use crate::domain::messages::StoreError;
    use crate::permission::Permission;
    let (user, state) = guard::require(Permission::ConversationsHandle).await?;
    let (message, new) =
        conversations::operator_writes(&state.pool, conversation_id, user.id, &client_id, &body)
            .await
            .map_err(|e| match e {
                StoreError::Refused(problem) => AppError::BadMessage(problem),
                StoreError::Database => AppError::Internal,
            })?;
    if new {
        let (customer_id, _) = conversations::announce(&state.pool, &state.bus, conversation_id)
            .await
            .map_err(super::map_conversation_error)?;
        state.bus.publish(BusEvent::Message {
            customer_id,
            operator_id: Some(user.id),
            message: message.clone(),
        });
    }
    Ok(message)
}
