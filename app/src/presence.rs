//! Server functions of the operator's state switch.

use crate::error::AppError;
use crate::model::{Presence, PresenceView};
use leptos::prelude::*;

/// The caller's current state and the states they can choose.
#[server(name = MyPresence, prefix = "/api", endpoint = "my_presence")]
pub async fn my_presence() -> Result<PresenceView, AppError> {
    use crate::auth::guard;
    use crate::domain::presence;
    use crate::permission::Permission;
    let (user, state) = guard::require(Permission::PresenceOwn).await?;
    let current = presence::current(&state.pool, user.id).await.map_err(map_error)?;
    let states = presence::states(&state.pool).await.map_err(map_error)?;
    let on_shift = presence::on_shift(&state.pool, user.id)
        .await
        .map_err(map_error)?;
    Ok(PresenceView {
        current,
        states,
        on_shift,
    })
}

/// Switches the caller to another state (recorded).
#[server(name = SwitchState, prefix = "/api", endpoint = "switch_state")]
pub async fn switch_state(code: String) -> Result<Presence, AppError> {
    use crate::auth::guard;
    use crate::domain::presence;
    use crate::permission::Permission;
    let (user, state) = guard::require(Permission::PresenceOwn).await?;
    if code != "offline" {
        crate::license::take_seat(&state, &user).await?;
    }
    let now = presence::switch(&state.pool, user.id, &code, user.id)
        .await
        .map_err(map_error)?;
    state
        .bus
        .publish(crate::domain::bus::BusEvent::OperatorState { user_id: user.id });
    if now.state.receives_chats {
        crate::domain::routing::assign_and_announce(&state.pool, &state.bus).await;
    }
    Ok(now)
}

/// Starts (`start`) or ends the caller's shift; ending it puts them offline.
#[server(name = SetShift, prefix = "/api", endpoint = "set_shift")]
pub async fn set_shift(start: bool) -> Result<PresenceView, AppError> {
    use crate::auth::guard;
    use crate::domain::presence;
    use crate::permission::Permission;
    let (user, state) = guard::require(Permission::PresenceOwn).await?;
    if start {
        crate::license::take_seat(&state, &user).await?;
        presence::start_shift(&state.pool, user.id)
            .await
            .map_err(map_error)?;
    } else {
        presence::end_shift(&state.pool, user.id)
            .await
            .map_err(map_error)?;
        crate::license::free_seat(&state, user.id, "end_of_shift").await;
        state
            .bus
            .publish(crate::domain::bus::BusEvent::OperatorState { user_id: user.id });
    }
    Ok(PresenceView {
        current: presence::current(&state.pool, user.id).await.map_err(map_error)?,
        states: presence::states(&state.pool).await.map_err(map_error)?,
        on_shift: start,
    })
}

#[cfg(feature = "ssr")]
pub(crate) fn map_error(err: crate::domain::presence::PresenceError) -> AppError {
    match err {
        crate::domain::presence::PresenceError::UnknownState => AppError::NotFound,
        crate::domain::presence::PresenceError::Database => AppError::Internal,
    }
}
