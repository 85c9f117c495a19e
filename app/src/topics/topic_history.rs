use super::model::{HistorySort, TopicHistoryRow};
use crate::error::AppError;
use leptos::prelude::*;

/// The topics set on a customer's conversations, optionally only within a topic's
/// subtree, newest first or by topic.
#[server(name = TopicHistoryFn, prefix = "/api", endpoint = "topic_history", input = leptos::server_fn::codec::Json)]
pub async fn topic_history(
    customer_id: i64,
    topic_id: Option<i64>,
    sort: HistorySort,
) -> Result<Vec<TopicHistoryRow>, AppError> {
    use crate::domain::topics;
    let (user, state) = super::handler().await?;
    if !topics::may_read_customer(&state.pool, &user, customer_id)
        .await
        .map_err(super::map_error)?
    {
        return Err(AppError::Forbidden);
    }
    topics::history(&state.pool, customer_id, topic_id, sort)
        .await
        .map_err(super::map_error)
}
