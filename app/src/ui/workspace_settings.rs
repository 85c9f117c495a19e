//! The sections of the workspace settings page. Saving shares the routing settings
//! page's helpers (status line, number parsing, submit).

pub mod inactivity_table;
pub mod thresholds_form;
