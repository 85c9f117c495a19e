//! Sections of the workspace settings page (`/settings/workspace`, permission
//! `settings.workspace`).

pub mod file_limits;
