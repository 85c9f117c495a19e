//! The parts of the history page.

pub mod results;
pub mod search_form;
pub mod snippet;
