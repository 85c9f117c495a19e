//! Server functions of the reports (`reports.view`; the quality mark needs
//! `conversations.quality`). Thin adapters over `domain::reports`.

mod dashboard;
pub mod dashboard_model;
mod export;
#[cfg(feature = "ssr")]
pub mod export_labels;
mod kpi;
pub mod kpi_model;
pub mod model;
mod quality;
mod report;
mod semiannual;
pub mod semiannual_model;
mod staff;
pub mod staff_labels;
pub mod staff_model;

pub use dashboard::{dashboard, DashboardFn};
pub use export::{export_progress, start_export, ExportProgressFn, StartExport};
pub use kpi::{kpi_report, save_kpi_thresholds, KpiReportFn, SaveKpiThresholds};
pub use quality::{set_quality, SetQuality};
pub use report::{
    report_aggregate, report_filters, report_page, ReportAggregate, ReportFiltersFn, ReportPageFn,
};
pub use semiannual::{
    save_semiannual_answers, semiannual_answers, semiannual_form, SaveSemiannualAnswers, SemiannualAnswers,
    SemiannualFormFn,
};
pub use staff::{staff_report, StaffReportFn};

#[cfg(feature = "ssr")]
pub(crate) fn map_error(err: crate::domain::reports::ReportError) -> crate::error::AppError {
    use crate::domain::reports::ReportError as E;
    use crate::error::AppError;
    match err {
        E::BadDate | E::Invalid => AppError::Invalid,
        E::NotFound => AppError::NotFound,
        E::Database => AppError::Internal,
    }
}
