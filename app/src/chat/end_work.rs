use crate::error::AppError;
use leptos::prelude::*;

/// Ends an operator's work (TS 7.7): they go offline and their shift ends; their
/// conversations go to other operators now (`redistribute`) or back to the waiting list.
#[server(name = EndOperatorWork, prefix = "/api", endpoint = "end_operator_work")]
pub async fn end_operator_work(operator_id: i64, redistribute: bool) -> Result<usize, AppError> {
    use crate::auth::guard;
    use crate::domain::{bus::BusEvent, conversations, routing};
    use crate::permission::Permission;
    let (user, state) = guard::require(Permission::OperatorsEndWork).await?;
    let mode = if redistribute {
        routing::EndWorkMode::Redistribute
    } else {
        routing::EndWorkMode::ReturnToQueue
    };
    let moved = routing::end_work(&state.pool, operator_id, user.id, mode)
        .await
        .map_err(crate::presence::map_error)?;
    crate::license::free_seat(&state, operator_id, "work_ended").await;
    state
        .bus
        .publish(BusEvent::OperatorState { user_id: operator_id });
    for id in &moved {
        let _ = conversations::announce(&state.pool, &state.bus, *id).await;
    }
    if redistribute {
        routing::assign_and_announce(&state.pool, &state.bus).await;
    }
    Ok(moved.len())
}
