use super::model::CustomerCard;
use crate::error::AppError;
use leptos::prelude::*;

/// The card of the customer of a conversation.
#[server(name = CustomerCardFn, prefix = "/api", endpoint = "customer_card")]
pub async fn customer_card(conversation_id: i64) -> Result<CustomerCard, AppError> {
    let (user, state) = super::staff().await?;
    crate::domain::customer_card::for_conversation(&state.pool, &user, conversation_id)
        .await
        .map_err(super::map_error)
}
