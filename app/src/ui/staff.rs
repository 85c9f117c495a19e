//! The parts of the staff accounts page.

pub mod account_form;
pub mod staff_table;
