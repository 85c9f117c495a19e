use super::staff_model::{StaffReport, StaffReportKind};
use crate::error::AppError;
use leptos::prelude::*;

/// A staff report from `from` to `to` (`YYYY-MM-DD`, inclusive, in the caller's zone);
/// this month so far by default.
#[server(name = StaffReportFn, prefix = "/api", endpoint = "staff_report")]
pub async fn staff_report(
    kind: StaffReportKind,
    from: Option<String>,
    to: Option<String>,
) -> Result<StaffReport, AppError> {
    use crate::permission::Permission;
    let (user, state) = crate::auth::guard::require(Permission::ReportsView).await?;
    let today = crate::domain::personal_stats::today(&user.time_zone);
    let (from, to) = crate::domain::reports::period_or_this_month(today, from.as_deref(), to.as_deref())
        .map_err(super::map_error)?;
    crate::domain::reports::staff::report(&state.pool, kind, from, to, &user.time_zone)
        .await
        .map_err(super::map_error)
}
