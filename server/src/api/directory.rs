//! `/api/v1/customers/{id}` (`customers:read`), `/api/v1/customers/{id}/identifiers`
//! (`customers:write`), `/api/v1/operators` (`operators:read`),
//! `/api/v1/topics` (`topics:read`), `/api/v1/reports/summary` (`reports:read`).

use super::auth::need;
use super::problem::{ApiError, ApiJson, ApiPath, ApiQuery, Problem};
use app::domain::api_tokens::ApiClient;
use app::domain::integration::{
    self, ApiCustomer, ApiOperator, ApiReportSummary, ApiTopic, IdentifierAttached, NewIdentifier,
};
use app::domain::state::AppState;
use axum::extract::State;
use axum::{Extension, Json};
use chrono::{NaiveDate, TimeZone, Utc};
use serde::Deserialize;

#[utoipa::path(get, path = "/api/v1/customers/{id}", tag = "directory", params(("id" = i64, Path)),
    security(("bearer" = [])),
    responses((status = 200, body = ApiCustomer), (status = 400, body = Problem), (status = 401, body = Problem),
              (status = 403, body = Problem), (status = 404, body = Problem), (status = 429, body = Problem)))]
pub async fn customer(
    State(state): State<AppState>,
    Extension(client): Extension<ApiClient>,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<ApiCustomer>, ApiError> {
    need(&client, "customers:read")?;
    integration::customer(&state.pool, id)
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::not_found("customer"))
}

/// Attaches a verified identifier to a customer (`customers:write`). If another
/// customer already holds it verified, this one is merged into that one (journalled,
/// reversible from the customer card); the answer names the customer to use.
#[utoipa::path(post, path = "/api/v1/customers/{id}/identifiers", tag = "directory", params(("id" = i64, Path)),
    request_body = NewIdentifier, security(("bearer" = [])),
    responses((status = 200, body = IdentifierAttached), (status = 400, body = Problem), (status = 401, body = Problem),
              (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem),
              (status = 429, body = Problem)))]
pub async fn add_identifier(
    State(state): State<AppState>,
    Extension(client): Extension<ApiClient>,
    ApiPath(id): ApiPath<i64>,
    ApiJson(new): ApiJson<NewIdentifier>,
) -> Result<Json<IdentifierAttached>, ApiError> {
    use app::domain::customers::identifiers::{self, Attached, IdKind, Source};
    use app::domain::customers::merge::{self, MergeError};
    need(&client, "customers:write")?;
    let kind =
        IdKind::from_code(&new.kind).ok_or_else(|| ApiError::bad_request("kind: phone, email or bank_id"))?;
    let value = identifiers::normalise(kind, &new.value)
        .ok_or_else(|| ApiError::bad_request(format!("value: not a valid {}", kind.code())))?;
    if integration::customer(&state.pool, id).await?.is_none() {
        return Err(ApiError::not_found("customer"));
    }
    let id = merge::current(&state.pool, id).await?;
    let attached =
        identifiers::attach_verified(&state.pool, id, kind, &value, Source::Api, Some(&client.name))
            .await
            .map_err(|e| match e {
                MergeError::BothOpen => {
                    ApiError::conflict("both customers are in an open conversation; close one first")
                }
                MergeError::Database(e) => ApiError::from(e),
                _ => ApiError::conflict("the customers cannot be merged"),
            })?;
    Ok(Json(IdentifierAttached {
        customer_id: attached.customer(id),
        merged: matches!(attached, Attached::Merged { .. }),
    }))
}

/// Everyone who handles conversations, with their state and load now.
#[utoipa::path(get, path = "/api/v1/operators", tag = "directory", security(("bearer" = [])),
    responses((status = 200, body = Vec<ApiOperator>), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 429, body = Problem)))]
pub async fn operators(
    State(state): State<AppState>,
    Extension(client): Extension<ApiClient>,
) -> Result<Json<Vec<ApiOperator>>, ApiError> {
    need(&client, "operators:read")?;
    Ok(Json(integration::operators(&state.pool).await?))
}

/// The topic tree, flat (each topic names its parent).
#[utoipa::path(get, path = "/api/v1/topics", tag = "directory", security(("bearer" = [])),
    responses((status = 200, body = Vec<ApiTopic>), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 429, body = Problem)))]
pub async fn topics(
    State(state): State<AppState>,
    Extension(client): Extension<ApiClient>,
) -> Result<Json<Vec<ApiTopic>>, ApiError> {
    need(&client, "topics:read")?;
    Ok(Json(integration::topics(&state.pool).await?))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Period {
    /// First day, `YYYY-MM-DD` (UTC).
    pub from: String,
    /// Last day, `YYYY-MM-DD` (UTC), at most 366 days after `from`.
    pub to: String,
}

/// Conversations created in a period: how many, closed, first-response time, ratings.
#[utoipa::path(get, path = "/api/v1/reports/summary", tag = "directory", params(Period), security(("bearer" = [])),
    responses((status = 200, body = ApiReportSummary), (status = 400, body = Problem), (status = 401, body = Problem),
              (status = 403, body = Problem), (status = 429, body = Problem)))]
pub async fn summary(
    State(state): State<AppState>,
    Extension(client): Extension<ApiClient>,
    ApiQuery(period): ApiQuery<Period>,
) -> Result<Json<ApiReportSummary>, ApiError> {
    need(&client, "reports:read")?;
    let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    let (Some(from), Some(to)) = (day(&period.from), day(&period.to)) else {
        return Err(ApiError::bad_request("from and to are dates, YYYY-MM-DD"));
    };
    if to < from || (to - from).num_days() > 366 {
        return Err(ApiError::bad_request(
            "to is on or after from, at most 366 days later",
        ));
    }
    let start = Utc.from_utc_datetime(&from.and_hms_opt(0, 0, 0).unwrap_or_default());
    let end = Utc.from_utc_datetime(&to.and_hms_opt(0, 0, 0).unwrap_or_default()) + chrono::Duration::days(1);
    Ok(Json(integration::summary(&state.pool, start, end).await?))
}
