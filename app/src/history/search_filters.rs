use super::model::HistoryFilters;
use crate::error::AppError;
use leptos::prelude::*;

/// The choices of the history page's filters for the caller.
#[server(name = HistoryFiltersFn, prefix = "/api", endpoint = "history_filters")]
pub async fn history_filters() -> Result<HistoryFilters, AppError> {
    use crate::auth::guard;
    use crate::permission::Permission;
    let (user, state) =
        guard::require_any(&[Permission::ConversationsHandle, Permission::ConversationsViewAll]).await?;
    crate::domain::history::filters(&state.pool, &user)
        .await
        .map_err(super::map_error)
}
