use super::model::OutboundRequest;
use crate::error::AppError;
use leptos::prelude::*;

/// Starts a conversation with the customer of an earlier one; returns its id.
#[server(name = StartOutbound, prefix = "/api", endpoint = "start_outbound", input = leptos::server_fn::codec::Json)]
pub async fn start_outbound(request: OutboundRequest) -> Result<i64, AppError> {
    use crate::auth::guard;
    use crate::domain::bus::BusEvent;
    use crate::domain::conversations;
    use crate::domain::outbound::{self, OutboundError};
    use crate::permission::Permission;
    let (user, state) = guard::require(Permission::ConversationsHandle).await?;
    let source = conversations::summary(&state.pool, request.from_conversation)
        .await
        .map_err(|_| AppError::NotFound)?;
    if !conversations::can_read(&user, &source) {
        return Err(AppError::Forbidden);
    }
    let (id, customer_id, message) = outbound::start(
        &state.pool,
        user.id,
        request.from_conversation,
        &request.client_id,
        &request.body,
    )
    .await
    .map_err(|e| match e {
        OutboundError::NotFound => AppError::NotFound,
        OutboundError::AlreadyOpen(conversation_id) => {
            AppError::CustomerHasOpenConversation { conversation_id }
        }
        OutboundError::Refused(p) => AppError::BadMessage(p),
        OutboundError::Database => AppError::Internal,
    })?;
    // The conversation first, so the widget knows it before its first message.
    conversations::announce(&state.pool, &state.bus, id)
        .await
        .map_err(|_| AppError::Internal)?;
    state.bus.publish(BusEvent::Message {
        customer_id,
        operator_id: Some(user.id),
        message,
    });
    Ok(id)
}
