use crate::error::AppError;
use crate::model::QueueBoard;
use leptos::prelude::*;

/// The supervisor's live queue: waiting conversations, and operators' states and loads.
#[server(name = QueueBoardFn, prefix = "/api", endpoint = "queue_board")]
pub async fn queue_board() -> Result<QueueBoard, AppError> {
    use crate::auth::guard;
    use crate::permission::Permission;
    let (_, state) = guard::require(Permission::ConversationsViewAll).await?;
    Ok(crate::domain::routing::queue_board(&state.pool).await?)
}
