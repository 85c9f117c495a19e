//! Server functions of the invisible assistant (TS 9.7): internal notes, inviting an
//! expert, and whom one may invite. Thin adapters over `domain::assistant`.

use crate::error::AppError;
use crate::history::model::FilterOption;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
fn map_error(err: crate::domain::assistant::AssistantError) -> AppError {
    use crate::domain::assistant::AssistantError as E;
    match err {
        E::BadNote | E::NoSuchEmployee => AppError::Invalid,
        E::Closed => AppError::BadMessage(protocol::MessageProblem::ConversationClosed),
        E::Database => AppError::Internal,
    }
}

/// The conversation, if the caller may see it at all (any staff who may open it).
#[cfg(feature = "ssr")]
async fn conversation(
    state: &crate::domain::state::AppState,
    id: i64,
) -> Result<protocol::staff::ConversationSummary, AppError> {
    crate::domain::conversations::summary(&state.pool, id)
        .await
        .map_err(crate::chat::map_conversation_error)
}

/// Adds an internal note: staff see it among the messages, the customer never does.
#[server(name = AddInternalNote, prefix = "/api", endpoint = "add_internal_note")]
pub async fn add_internal_note(id: i64, note: String) -> Result<(), AppError> {
    use crate::domain::assistant;
    use crate::domain::bus::BusEvent;
    use crate::permission::Permission;
    let (user, state) = crate::auth::guard::require_any(&[
        Permission::ConversationsWhisper,
        Permission::ConversationsHandle,
        Permission::ConversationsViewAll,
    ])
    .await?;
    let summary = conversation(&state, id).await?;
    if !assistant::may_note(&state.pool, &user, &summary).await? {
        return Err(AppError::Forbidden);
    }
    assistant::add_note(&state.pool, id, user.id, &note)
        .await
        .map_err(map_error)?;
    state.bus.publish(BusEvent::Internal { conversation_id: id });
    Ok(())
}

/// Invites an employee into a live conversation as an expert (supervisors only).
#[server(name = InviteExpert, prefix = "/api", endpoint = "invite_expert")]
pub async fn invite_expert(id: i64, user_id: i64) -> Result<(), AppError> {
    use crate::domain::assistant;
    use crate::domain::bus::BusEvent;
    use crate::permission::Permission;
    let (user, state) = crate::auth::guard::require(Permission::ConversationsWhisper).await?;
    let summary = conversation(&state, id).await?;
    assistant::invite(&state.pool, &summary, user_id, user.id)
        .await
        .map_err(map_error)?;
    state.bus.publish(BusEvent::Internal { conversation_id: id });
    Ok(())
}

/// The employees a supervisor may invite into the conversation.
#[server(name = ExpertCandidates, prefix = "/api", endpoint = "expert_candidates")]
pub async fn expert_candidates(id: i64) -> Result<Vec<FilterOption>, AppError> {
    use crate::permission::Permission;
    let (user, state) = crate::auth::guard::require(Permission::ConversationsWhisper).await?;
    let summary = conversation(&state, id).await?;
    Ok(crate::domain::assistant::candidates(&state.pool, &summary, user.id).await?)
}
