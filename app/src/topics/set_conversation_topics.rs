use super::model::ConversationTopics;
use crate::error::AppError;
use leptos::prelude::*;

/// Adds and removes topics on a conversation (its operator while it is active, or a
/// supervisor); returns the topics now set.
#[server(name = SetConversationTopics, prefix = "/api", endpoint = "set_conversation_topics", input = leptos::server_fn::codec::Json)]
pub async fn set_conversation_topics(
    conversation_id: i64,
    add: Vec<i64>,
    remove: Vec<i64>,
) -> Result<ConversationTopics, AppError> {
    let (user, state) = super::handler().await?;
    crate::domain::topics::set_on_conversation(&state.pool, &user, conversation_id, &add, &remove)
        .await
        .map_err(super::map_error)
}
