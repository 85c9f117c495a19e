use super::model::Mark;
use crate::error::AppError;
use leptos::prelude::*;

/// Sets a closed conversation's quality mark (accurate and complete: yes, no, or none).
#[server(name = SetQuality, prefix = "/api", endpoint = "set_quality")]
pub async fn set_quality(id: i64, mark: Mark) -> Result<Option<bool>, AppError> {
    use crate::permission::Permission;
    let (user, state) = crate::auth::guard::require(Permission::ConversationsQuality).await?;
    let accurate = match mark {
        Mark::Yes => Some(true),
        Mark::No => Some(false),
        Mark::Unmarked => None,
    };
    crate::domain::reports::quality::set(&state.pool, id, accurate, user.id)
        .await
        .map_err(super::map_error)?;
    Ok(accurate)
}
