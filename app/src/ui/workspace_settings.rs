//! The sections of the workspace settings page (`/settings/workspace`, permission
//! `settings.workspace`). Saving shares the routing settings page's helpers (status
//! line, number parsing, submit).

pub mod file_limits;
pub mod inactivity_table;
pub mod thresholds_form;
