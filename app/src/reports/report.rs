use super::model::{AggregateRow, ReportFilters, ReportPage, ReportQuery};
use crate::error::AppError;
use leptos::prelude::*;

/// A page of the conversation report.
#[server(name = ReportPageFn, prefix = "/api", endpoint = "report_page", input = leptos::server_fn::codec::Json)]
pub async fn report_page(query: ReportQuery) -> Result<ReportPage, AppError> {
    use crate::permission::Permission;
    let (user, state) = crate::auth::guard::require(Permission::ReportsView).await?;
    crate::domain::reports::conversations::page(&state.pool, &query, &user.time_zone)
        .await
        .map_err(super::map_error)
}

/// The report's conversations grouped as `query.group_by` says.
#[server(name = ReportAggregate, prefix = "/api", endpoint = "report_aggregate", input = leptos::server_fn::codec::Json)]
pub async fn report_aggregate(query: ReportQuery) -> Result<Vec<AggregateRow>, AppError> {
    use crate::permission::Permission;
    let (user, state) = crate::auth::guard::require(Permission::ReportsView).await?;
    crate::domain::reports::aggregate::groups(&state.pool, &query, &user.time_zone)
        .await
        .map_err(super::map_error)
}

/// The operators, channels and topics the report's filters offer.
#[server(name = ReportFiltersFn, prefix = "/api", endpoint = "report_filters")]
pub async fn report_filters() -> Result<ReportFilters, AppError> {
    use crate::permission::Permission;
    let (_, state) = crate::auth::guard::require(Permission::ReportsView).await?;
    let all = crate::domain::history::filters_for(&state.pool, true)
        .await
        .map_err(crate::history::map_error)?;
    let groups = crate::domain::reports::groups(&state.pool)
        .await
        .map_err(super::map_error)?;
    Ok(ReportFilters {
        operators: all.operators,
        groups,
        channels: all.channels,
        topics: all.topics,
    })
}
