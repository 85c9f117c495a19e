//! Parts of the supervisors' dashboard.

pub mod charts;
pub mod figures;
pub mod filter_form;
