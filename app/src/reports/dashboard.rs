use super::dashboard_model::{Dashboard, DashboardQuery};
use crate::error::AppError;
use leptos::prelude::*;

/// The live dashboard's figures (`reports.view`).
#[server(name = DashboardFn, prefix = "/api", endpoint = "dashboard", input = leptos::server_fn::codec::Json)]
pub async fn dashboard(query: DashboardQuery) -> Result<Dashboard, AppError> {
    use crate::permission::Permission;
    let (user, state) = crate::auth::guard::require(Permission::ReportsView).await?;
    crate::domain::reports::dashboard::read(&state.pool, &query, &user.time_zone)
        .await
        .map_err(super::map_error)
}
