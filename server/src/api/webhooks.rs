//! `/api/v1/webhooks…` (`webhooks:manage`): subscribe a URL to events, list and remove
//! subscriptions, read the delivery log. (The same is on the API page, `/admin/api`.)

use super::auth::need;
use super::problem::{ApiError, ApiJson, ApiPath, Problem};
use app::domain::api_tokens::ApiClient;
use app::domain::state::AppState;
use app::domain::webhooks::{self, WebhookError, WebhookRow as ApiWebhook};
use axum::extract::State;
use axum::{Extension, Json};
use chrono::{DateTime, Utc};
use http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
pub struct NewWebhook {
    /// `http(s)://…`, at most 500 characters.
    pub url: String,
    /// Any of `message.received`, `message.sent`, `conversation.created`,
    /// `conversation.assigned`, `conversation.closed`, `rating.received`,
    /// `operator.state_changed`, `customer.merged`, `customer.unmerged`.
    pub events: Vec<String>,
    #[serde(default)]
    pub description: String,
}

#[derive(Serialize, ToSchema)]
pub struct CreatedWebhook {
    pub webhook: ApiWebhook,
    /// The signing secret (`whsec_…`): verify `webhook-signature` with it. Shown once.
    pub secret: String,
}

#[derive(Serialize, ToSchema)]
pub struct ApiDelivery {
    pub id: i64,
    pub event_id: String,
    pub event: String,
    /// `pending`, `delivered` or `failed`.
    pub status: String,
    pub attempts: i32,
    pub response_status: Option<i32>,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub delivered_at: Option<DateTime<Utc>>,
}

fn webhook_error(e: WebhookError) -> ApiError {
    match e {
        WebhookError::BadUrl => ApiError::bad_request("url is an http(s) address without credentials"),
        WebhookError::BadEvents => ApiError::bad_request("events: at least one of the documented events"),
        WebhookError::BadDescription => ApiError::bad_request("description: at most 200 characters"),
        WebhookError::NotFound => ApiError::not_found("webhook"),
        WebhookError::Database => ApiError::internal(),
    }
}

#[utoipa::path(get, path = "/api/v1/webhooks", tag = "webhooks", security(("bearer" = [])),
    responses((status = 200, body = Vec<ApiWebhook>), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 429, body = Problem)))]
pub async fn list(
    State(state): State<AppState>,
    Extension(client): Extension<ApiClient>,
) -> Result<Json<Vec<ApiWebhook>>, ApiError> {
    need(&client, "webhooks:manage")?;
    let rows = webhooks::list(&state.pool).await.map_err(webhook_error)?;
    Ok(Json(rows))
}

#[utoipa::path(post, path = "/api/v1/webhooks", tag = "webhooks", request_body = NewWebhook, security(("bearer" = [])),
    responses((status = 201, body = CreatedWebhook), (status = 400, body = Problem), (status = 401, body = Problem),
              (status = 403, body = Problem), (status = 429, body = Problem)))]
pub async fn create(
    State(state): State<AppState>,
    Extension(client): Extension<ApiClient>,
    ApiJson(new): ApiJson<NewWebhook>,
) -> Result<(StatusCode, Json<CreatedWebhook>), ApiError> {
    need(&client, "webhooks:manage")?;
    let (id, secret) = webhooks::create(
        &state.pool,
        &state.secrets,
        &new.url,
        &new.events,
        &new.description,
        None,
    )
    .await
    .map_err(webhook_error)?;
    app::domain::audit::chain::record_or_log(
        &state.pool,
        &app::domain::audit::Actor {
            user_id: None,
            login: format!("api:{}", client.name),
            ip: None,
            user_agent: None,
        },
        "webhook.created",
        &id.to_string(),
        &serde_json::json!({ "url": new.url, "events": new.events }),
    )
    .await;
    let row = webhooks::list(&state.pool)
        .await
        .map_err(webhook_error)?
        .into_iter()
        .find(|w| w.id == id)
        .ok_or_else(ApiError::internal)?;
    Ok((
        StatusCode::CREATED,
        Json(CreatedWebhook {
            webhook: row.into(),
            secret,
        }),
    ))
}

#[utoipa::path(delete, path = "/api/v1/webhooks/{id}", tag = "webhooks", params(("id" = i64, Path)),
    security(("bearer" = [])),
    responses((status = 204), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 429, body = Problem)))]
pub async fn remove(
    State(state): State<AppState>,
    Extension(client): Extension<ApiClient>,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, ApiError> {
    need(&client, "webhooks:manage")?;
    webhooks::delete(&state.pool, id).await.map_err(webhook_error)?;
    Ok(StatusCode::NO_CONTENT)
}

/// The newest 200 deliveries of a webhook.
#[utoipa::path(get, path = "/api/v1/webhooks/{id}/deliveries", tag = "webhooks", params(("id" = i64, Path)),
    security(("bearer" = [])),
    responses((status = 200, body = Vec<ApiDelivery>), (status = 400, body = Problem), (status = 401, body = Problem),
              (status = 403, body = Problem), (status = 404, body = Problem), (status = 429, body = Problem)))]
pub async fn deliveries(
    State(state): State<AppState>,
    Extension(client): Extension<ApiClient>,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Vec<ApiDelivery>>, ApiError> {
    need(&client, "webhooks:manage")?;
    let exists = webhooks::list(&state.pool)
        .await
        .map_err(webhook_error)?
        .iter()
        .any(|w| w.id == id);
    if !exists {
        return Err(ApiError::not_found("webhook"));
    }
    let log = webhooks::log(&state.pool, Some(id), 200)
        .await
        .map_err(webhook_error)?;
    Ok(Json(
        log.into_iter()
            .map(|d| ApiDelivery {
                id: d.id,
                event_id: d.event_id.to_string(),
                event: d.event,
                status: d.status,
                attempts: d.attempts,
                response_status: d.response_status,
                last_error: d.last_error,
                created_at: d.created_at,
                delivered_at: d.delivered_at,
            })
            .collect(),
    ))
}
