use super::model::NewsBoard;
use crate::error::AppError;
use leptos::prelude::*;

/// Published news with their read counts, and the groups news can go to.
#[server(name = NewsBoardFn, prefix = "/api", endpoint = "news_board")]
pub async fn news_board() -> Result<NewsBoard, AppError> {
    use crate::permission::Permission;
    let (_, state) = crate::auth::guard::require(Permission::NewsPublish).await?;
    crate::domain::news::board(&state.pool)
        .await
        .map_err(super::map_error)
}
