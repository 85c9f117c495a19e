//! The operator's personal statistics (TS 8.6): one server function over
//! `domain::personal_stats`.

pub mod model;

use crate::error::AppError;
use leptos::prelude::*;
use model::PersonalStats;

/// The caller's figures from `from` to `to` (`YYYY-MM-DD`, both inclusive, in their time
/// zone); today when neither is given.
#[server(name = MyStats, prefix = "/api", endpoint = "my_stats", input = leptos::server_fn::codec::Json)]
pub async fn my_stats(from: Option<String>, to: Option<String>) -> Result<PersonalStats, AppError> {
    use crate::domain::personal_stats::{self, StatsError};
    use crate::permission::Permission;
    let (user, state) = crate::auth::guard::require(Permission::ConversationsHandle).await?;
    let day = |d: Option<String>| -> Result<Option<chrono::NaiveDate>, AppError> {
        match d.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
            None => Ok(None),
            Some(d) => chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
                .map(Some)
                .map_err(|_| AppError::Invalid),
        }
    };
    personal_stats::for_operator(&state.pool, user.id, &user.time_zone, day(from)?, day(to)?)
        .await
        .map_err(|e| match e {
            StatsError::Invalid => AppError::Invalid,
            StatsError::Database => AppError::Internal,
        })
}
