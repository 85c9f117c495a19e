//! `/api/v1/conversations…`: list and read conversations and their messages
//! (`conversations:read`), post a system message and close (`conversations:write`).

use super::auth::need;
use super::problem::{ApiError, ApiJson, ApiPath, ApiQuery, Problem};
use app::domain::api_tokens::ApiClient;
use app::domain::bus::BusEvent;
use app::domain::integration::{
    self, ApiConversation, ApiMessage, ConversationQuery, NewMessage, Page, WriteError,
};
use app::domain::state::AppState;
use axum::extract::State;
use axum::{Extension, Json};
use http::StatusCode;
use serde::Deserialize;

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AfterQuery {
    /// Only items with a larger id.
    pub after: Option<i64>,
    /// 1–200 (default 50).
    pub limit: Option<i64>,
}

fn write_error(e: WriteError) -> ApiError {
    match e {
        WriteError::NotFound => ApiError::not_found("conversation"),
        WriteError::Closed => ApiError::conflict("the conversation is closed"),
        WriteError::Refused(p) => ApiError::bad_request(format!("message refused: {p:?}")),
        WriteError::Database => ApiError::internal(),
    }
}

/// Conversations, oldest first, optionally by status or customer.
#[utoipa::path(get, path = "/api/v1/conversations", tag = "conversations", params(ConversationQuery),
    security(("bearer" = [])),
    responses((status = 200, body = Page<ApiConversation>), (status = 400, body = Problem), (status = 401, body = Problem),
              (status = 403, body = Problem), (status = 429, body = Problem)))]
pub async fn list(
    State(state): State<AppState>,
    Extension(client): Extension<ApiClient>,
    ApiQuery(q): ApiQuery<ConversationQuery>,
) -> Result<Json<Page<ApiConversation>>, ApiError> {
    need(&client, "conversations:read")?;
    if q.status
        .as_deref()
        .is_some_and(|s| !["waiting", "active", "closed"].contains(&s))
    {
        return Err(ApiError::bad_request("status is waiting, active or closed"));
    }
    Ok(Json(integration::conversations(&state.pool, &q).await?))
}

/// One conversation.
#[utoipa::path(get, path = "/api/v1/conversations/{id}", tag = "conversations", params(("id" = i64, Path)),
    security(("bearer" = [])),
    responses((status = 200, body = ApiConversation), (status = 400, body = Problem), (status = 401, body = Problem),
              (status = 403, body = Problem), (status = 404, body = Problem), (status = 429, body = Problem)))]
pub async fn one(
    State(state): State<AppState>,
    Extension(client): Extension<ApiClient>,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<ApiConversation>, ApiError> {
    need(&client, "conversations:read")?;
    integration::conversation(&state.pool, id)
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::not_found("conversation"))
}

/// A conversation's messages, oldest first.
#[utoipa::path(get, path = "/api/v1/conversations/{id}/messages", tag = "conversations",
    params(("id" = i64, Path), AfterQuery), security(("bearer" = [])),
    responses((status = 200, body = Page<ApiMessage>), (status = 400, body = Problem), (status = 401, body = Problem),
              (status = 403, body = Problem), (status = 404, body = Problem), (status = 429, body = Problem)))]
pub async fn messages(
    State(state): State<AppState>,
    Extension(client): Extension<ApiClient>,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(q): ApiQuery<AfterQuery>,
) -> Result<Json<Page<ApiMessage>>, ApiError> {
    need(&client, "conversations:read")?;
    if integration::conversation(&state.pool, id).await?.is_none() {
        return Err(ApiError::not_found("conversation"));
    }
    Ok(Json(
        integration::messages(&state.pool, id, q.after, q.limit).await?,
    ))
}

/// Posts a message from the bank's system into an open conversation; the customer
/// receives it on their channel (widget or messenger) and the operator sees it.
#[utoipa::path(post, path = "/api/v1/conversations/{id}/messages", tag = "conversations",
    params(("id" = i64, Path)), request_body = NewMessage, security(("bearer" = [])),
    responses((status = 201, body = ApiMessage), (status = 400, body = Problem), (status = 401, body = Problem),
              (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem),
              (status = 429, body = Problem)))]
pub async fn post_message(
    State(state): State<AppState>,
    Extension(client): Extension<ApiClient>,
    ApiPath(id): ApiPath<i64>,
    ApiJson(new): ApiJson<NewMessage>,
) -> Result<(StatusCode, Json<ApiMessage>), ApiError> {
    need(&client, "conversations:write")?;
    let (message, fresh, customer_id, operator_id) = integration::post_message(&state.pool, id, &new)
        .await
        .map_err(write_error)?;
    let message_id = message.id;
    if fresh {
        state.bus.publish(BusEvent::Message {
            customer_id,
            operator_id,
            message,
        });
    }
    let stored = integration::messages(&state.pool, id, Some(message_id - 1), Some(1)).await?;
    stored
        .items
        .into_iter()
        .next()
        .map(|m| (StatusCode::CREATED, Json(m)))
        .ok_or_else(ApiError::internal)
}

/// Closes an open conversation (the customer is offered the rating form, as when an
/// operator closes).
#[utoipa::path(post, path = "/api/v1/conversations/{id}/close", tag = "conversations",
    params(("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = ApiConversation), (status = 400, body = Problem), (status = 401, body = Problem),
              (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem),
              (status = 429, body = Problem)))]
pub async fn close(
    State(state): State<AppState>,
    Extension(client): Extension<ApiClient>,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<ApiConversation>, ApiError> {
    need(&client, "conversations:write")?;
    integration::close(&state.pool, id).await.map_err(write_error)?;
    let _ = app::domain::conversations::announce(&state.pool, &state.bus, id).await;
    integration::conversation(&state.pool, id)
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::not_found("conversation"))
}
