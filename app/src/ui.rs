//! Pages and components of the staff application.

pub mod app;
pub mod error_text;
pub mod forbidden;
pub mod guarded;
pub mod home;
pub mod language_switch;
pub mod layout;
pub mod live_marker;
pub mod login_page;
pub mod not_found;
pub mod queue_page;
pub mod routing_settings;
pub mod routing_settings_page;
pub mod staff_page;
pub mod state_switch;
pub mod workspace;
pub mod workspace_settings;
