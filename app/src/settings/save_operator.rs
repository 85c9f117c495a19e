use crate::error::AppError;
use crate::model::OperatorSkills;
use leptos::prelude::*;

/// Saves an operator's languages, capacity and groups.
#[server(name = SaveOperatorSkills, prefix = "/api", endpoint = "save_operator_skills", input = leptos::server_fn::codec::Json)]
pub async fn save_operator_skills(skills: OperatorSkills) -> Result<(), AppError> {
    let (_, state) = super::editor().await?;
    crate::domain::routing::settings::save_operator(&state.pool, &skills)
        .await
        .map_err(super::map_error)?;
    state
        .bus
        .publish(crate::domain::bus::BusEvent::OperatorState { user_id: skills.id });
    super::queue_changed(&state).await;
    Ok(())
}
