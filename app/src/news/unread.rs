use super::model::NewsItem;
use crate::error::AppError;
use leptos::prelude::*;

/// The signed-in staff member's unread news, oldest first: they must read them before
/// the workspace shows conversations.
#[server(name = UnreadNews, prefix = "/api", endpoint = "unread_news")]
pub async fn unread_news() -> Result<Vec<NewsItem>, AppError> {
    let (user, state) = crate::auth::guard::current().await?;
    crate::domain::news::unread(&state.pool, user.id)
        .await
        .map_err(super::map_error)
}

/// How many news items the signed-in staff member has not read (the menu's badge).
#[server(name = UnreadNewsCount, prefix = "/api", endpoint = "unread_news_count")]
pub async fn unread_news_count() -> Result<i64, AppError> {
    let (user, state) = crate::auth::guard::current().await?;
    crate::domain::news::unread_count(&state.pool, user.id)
        .await
        .map_err(super::map_error)
}
