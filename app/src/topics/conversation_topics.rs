use super::model::ConversationTopics;
use crate::error::AppError;
use leptos::prelude::*;

/// The topics set on a conversation the caller may read, and whether they may change them.
#[server(name = ConversationTopicsFn, prefix = "/api", endpoint = "conversation_topics", input = leptos::server_fn::codec::Json)]
pub async fn conversation_topics(conversation_id: i64) -> Result<ConversationTopics, AppError> {
    use crate::domain::{conversations, topics};
    let (user, state) = super::handler().await?;
    let summary = conversations::summary(&state.pool, conversation_id)
        .await
        .map_err(|_| AppError::NotFound)?;
    if !conversations::can_read(&user, &summary) {
        return Err(AppError::Forbidden);
    }
    Ok(ConversationTopics {
        topics: topics::of_conversation(&state.pool, conversation_id)
            .await
            .map_err(super::map_error)?,
        editable: topics::can_edit(&user, &summary),
    })
}
