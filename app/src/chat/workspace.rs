use crate::error::AppError;
use crate::model::WorkspaceSnapshot;
use leptos::prelude::*;

/// The queue and the caller's conversations.
#[server(name = WorkspaceSnapshotFn, prefix = "/api", endpoint = "workspace_snapshot")]
pub async fn workspace_snapshot() -> Result<WorkspaceSnapshot, AppError> {
    use crate::auth::guard;
    use crate::permission::Permission;
    let (user, state) =
        guard::require_any(&[Permission::ConversationsHandle, Permission::ConversationsViewAll]).await?;
    crate::domain::conversations::workspace(&state.pool, &user)
        .await
        .map_err(super::map_conversation_error)
}
