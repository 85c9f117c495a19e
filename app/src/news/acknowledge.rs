use crate::error::AppError;
use leptos::prelude::*;

/// The signed-in staff member has read a news item addressed to them.
#[server(name = AcknowledgeNews, prefix = "/api", endpoint = "acknowledge_news")]
pub async fn acknowledge_news(id: i64) -> Result<(), AppError> {
    // Every staff member reads the news addressed to them: a session is the permission.
    let (user, state) = crate::auth::guard::current().await?;
    crate::domain::news::acknowledge(&state.pool, id, user.id)
        .await
        .map_err(super::map_error)
}
