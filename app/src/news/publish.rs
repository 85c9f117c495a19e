use super::model::NewsDraft;
use crate::error::AppError;
use leptos::prelude::*;

/// Publishes a news item to everyone or to the chosen groups; returns its id.
#[server(name = PublishNews, prefix = "/api", endpoint = "publish_news", input = leptos::server_fn::codec::Json)]
pub async fn publish_news(draft: NewsDraft) -> Result<i64, AppError> {
    use crate::permission::Permission;
    let (user, state) = crate::auth::guard::require(Permission::NewsPublish).await?;
    crate::domain::news::publish(&state.pool, user.id, &draft)
        .await
        .map_err(super::map_error)
}
