use super::kpi_model::KpiReport;
use crate::error::AppError;
use leptos::prelude::*;

/// The KPIs from `from` to `to` (`YYYY-MM-DD`, inclusive, in the caller's zone); by
/// default this month so far.
#[server(name = KpiReportFn, prefix = "/api", endpoint = "kpi_report")]
pub async fn kpi_report(from: Option<String>, to: Option<String>) -> Result<KpiReport, AppError> {
    use crate::permission::Permission;
    let (user, state) =
        crate::auth::guard::require_any(&[Permission::ReportsView, Permission::SettingsReports]).await?;
    let today = crate::domain::personal_stats::today(&user.time_zone);
    let (from, to) = crate::domain::reports::period_or_this_month(today, from.as_deref(), to.as_deref())
        .map_err(super::map_error)?;
    crate::domain::reports::kpi::report(&state.pool, from, to, &user.time_zone)
        .await
        .map_err(super::map_error)
}

/// Saves the KPI thresholds (as typed in the form; anything out of range is refused).
#[server(name = SaveKpiThresholds, prefix = "/api", endpoint = "save_kpi_thresholds")]
pub async fn save_kpi_thresholds(
    wait_max_seconds: String,
    accuracy_min_percent: String,
    satisfaction_min: String,
    fcr_min_percent: String,
    abandoned_max_percent: String,
    fcr_window_days: String,
) -> Result<(), AppError> {
    use super::kpi_model::KpiThresholds;
    use crate::permission::Permission;
    let (_, state) = crate::auth::guard::require(Permission::SettingsReports).await?;
    let int = |s: &str| s.trim().parse::<i32>().map_err(|_| AppError::Invalid);
    let real = |s: &str| {
        s.trim()
            .replace(',', ".")
            .parse::<f64>()
            .map_err(|_| AppError::Invalid)
    };
    let thresholds = KpiThresholds {
        wait_max_seconds: int(&wait_max_seconds)?,
        accuracy_min_percent: real(&accuracy_min_percent)?,
        satisfaction_min: real(&satisfaction_min)?,
        fcr_min_percent: real(&fcr_min_percent)?,
        abandoned_max_percent: real(&abandoned_max_percent)?,
        fcr_window_days: int(&fcr_window_days)?,
    };
    crate::domain::reports::kpi::save_thresholds(&state.pool, &thresholds)
        .await
        .map_err(super::map_error)
}
