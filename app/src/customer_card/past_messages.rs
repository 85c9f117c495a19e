use crate::error::AppError;
use leptos::prelude::*;
use protocol::Message;

/// The messages of one of the customer's conversations, read only (opened inline in the card).
#[server(name = PastConversationMessages, prefix = "/api", endpoint = "past_conversation_messages")]
pub async fn past_conversation_messages(conversation_id: i64) -> Result<Vec<Message>, AppError> {
    let (user, state) = super::staff().await?;
    crate::domain::customer_card::past::messages(&state.pool, &user, conversation_id)
        .await
        .map_err(super::map_error)
}
