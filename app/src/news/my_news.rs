use super::model::NewsItem;
use crate::error::AppError;
use leptos::prelude::*;

/// Every news item addressed to the signed-in staff member, newest first.
#[server(name = MyNews, prefix = "/api", endpoint = "my_news")]
pub async fn my_news() -> Result<Vec<NewsItem>, AppError> {
    let (user, state) = crate::auth::guard::current().await?;
    crate::domain::news::for_reader(&state.pool, user.id)
        .await
        .map_err(super::map_error)
}

/// Opens a news item addressed to the signed-in staff member; opening it is reading it.
#[server(name = OpenNews, prefix = "/api", endpoint = "open_news")]
pub async fn open_news(id: i64) -> Result<NewsItem, AppError> {
    use crate::domain::news;
    let (user, state) = crate::auth::guard::current().await?;
    news::acknowledge(&state.pool, id, user.id)
        .await
        .map_err(super::map_error)?;
    news::item(&state.pool, id, user.id)
        .await
        .map_err(super::map_error)
}
