//! Parts of the report pages.

pub mod aggregate_table;
pub mod excel_export;
pub mod filter_form;
pub mod kpi_table;
pub mod kpi_thresholds_form;
pub mod labels;
pub mod quality_select;
pub mod results_table;
pub mod semiannual_answers_form;
pub mod tabs;
