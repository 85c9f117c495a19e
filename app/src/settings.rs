//! Server functions of the routing settings page (permission `settings.routing`).
//! Each checks the permission, calls one domain function, tells the bus that the
//! queue may have been reordered, and maps the error.

mod add_group;
mod delete_rule;
mod groups;
mod routing_config;
mod save_channel;
mod save_operator;
mod save_rule;
mod save_segment;
mod save_state;
mod save_weights;

pub use add_group::{add_group, AddGroup};
pub use delete_rule::{delete_rule, DeleteRule};
pub use groups::{delete_group, rename_group, DeleteGroup, RenameGroup};
pub use routing_config::{routing_config, RoutingConfigFn};
pub use save_channel::{save_channel_routing, SaveChannelRouting};
pub use save_operator::{save_operator_skills, SaveOperatorSkills};
pub use save_rule::{save_rule, SaveRule};
pub use save_segment::{save_segment, SaveSegment};
pub use save_state::{save_state, SaveState};
pub use save_weights::{save_weights, SaveWeights};

#[cfg(feature = "ssr")]
fn map_error(err: crate::domain::routing::settings::SettingsError) -> crate::error::AppError {
    use crate::domain::routing::settings::SettingsError as E;
    use crate::error::AppError;
    match err {
        E::Invalid => AppError::Invalid,
        E::Duplicate => AppError::Duplicate,
        E::NotFound => AppError::NotFound,
        E::Database => AppError::Internal,
    }
}

/// The caller, if they may edit routing, and the state.
#[cfg(feature = "ssr")]
async fn editor(
) -> Result<(crate::model::CurrentUser, crate::domain::state::AppState), crate::error::AppError> {
    crate::auth::guard::require(crate::permission::Permission::SettingsRouting).await
}

/// After a change that may reorder the queue or free operators: tell the pages and
/// widgets, and assign what can now be assigned.
#[cfg(feature = "ssr")]
async fn queue_changed(state: &crate::domain::state::AppState) {
    state.bus.publish(crate::domain::bus::BusEvent::QueueReordered);
    crate::domain::routing::assign_and_announce(&state.pool, &state.bus).await;
}
