use super::model::{HistoryPage, HistoryQuery};
use crate::error::AppError;
use leptos::prelude::*;

/// A page of conversations matching a history search, newest first.
#[server(name = SearchHistory, prefix = "/api", endpoint = "search_history", input = leptos::server_fn::codec::Json)]
pub async fn search_history(query: HistoryQuery) -> Result<HistoryPage, AppError> {
    use crate::auth::guard;
    use crate::permission::Permission;
    let (user, state) =
        guard::require_any(&[Permission::ConversationsHandle, Permission::ConversationsViewAll]).await?;
    crate::domain::history::search(&state.pool, &user, &query)
        .await
        .map_err(super::map_error)
}
