//! Pages and components of the staff application.

pub mod app;
pub mod client_only;
pub mod error_text;
pub mod forbidden;
pub mod guarded;
pub mod history;
pub mod history_page;
pub mod home;
pub mod language_switch;
pub mod layout;
pub mod live_marker;
pub mod login_page;
pub mod news;
pub mod not_found;
pub mod personal_stats_page;
pub mod queue_page;
pub mod replies_page;
pub mod routing_settings;
pub mod routing_settings_page;
pub mod staff_page;
pub mod state_switch;
pub mod topics_page;
pub mod workspace;
pub mod workspace_settings;
pub mod workspace_settings_page;
