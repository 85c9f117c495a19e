//! The mobile SDK's REST half (`/mobile/v1/{channel key}/…`, documented in
//! `docs/mobile-sdk.md`); its live half is the widget's WebSocket (`/ws/widget` with
//! the same signed identity). Every call carries the bank's signed identity in
//! `X-CC-Identifier` and `X-CC-Identifier-Hash` (HMAC-SHA256 of the customer id with
//! the channel's identity secret); the customer is whoever that identity names, so no
//! app can read another customer's history.
//!
//! - `GET  conversation`: the customer's latest conversation, its messages and the rating scale;
//! - `POST messages` `{"client_id": uuid, "body": text}`: the customer writes (idempotent by `client_id`).

use crate::sockets::widget::{identify, Identity};
use app::channels::model::customer_language;
use app::domain::channels::{self, inbound};
use app::domain::conversations;
use app::domain::messages::{self, StoreError};
use app::domain::state::AppState;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use http::{HeaderMap, StatusCode};
use protocol::widget::WidgetProblem;
use serde::Deserialize;
use serde_json::json;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/mobile/v1/{key}/conversation", get(conversation))
        .route("/mobile/v1/{key}/messages", post(send))
}

fn problem(status: StatusCode, problem: WidgetProblem) -> Response {
    (status, Json(json!({ "problem": problem }))).into_response()
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> &'a str {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

/// The channel and the signed customer, or the refusal to answer with.
async fn who(
    state: &AppState,
    key: &str,
    headers: &HeaderMap,
) -> Result<(channels::Channel, app::domain::customers::Customer, &'static str), Response> {
    let channel = match channels::find_by_key(&state.pool, key).await {
        Ok(Some(c)) if c.is_mobile() => c,
        Ok(_) => return Err(problem(StatusCode::NOT_FOUND, WidgetProblem::UnknownChannel)),
        Err(_) => {
            return Err(problem(
                StatusCode::SERVICE_UNAVAILABLE,
                WidgetProblem::Unavailable,
            ))
        }
    };
    let lang = customer_language(
        header(headers, "accept-language")
            .split([',', ';'])
            .next()
            .unwrap_or_default(),
    );
    let identity = Identity {
        visitor: "",
        identifier: header(headers, "x-cc-identifier"),
        identifier_hash: header(headers, "x-cc-identifier-hash"),
    };
    match identify(state, &channel, &identity, lang).await {
        Ok(customer) => Ok((channel, customer, lang)),
        Err(WidgetProblem::Unavailable) => Err(problem(
            StatusCode::SERVICE_UNAVAILABLE,
            WidgetProblem::Unavailable,
        )),
        Err(p) => Err(problem(StatusCode::UNAUTHORIZED, p)),
    }
}

async fn conversation(
    State(state): State<AppState>,
    Path(key): Path<String>,
    headers: HeaderMap,
) -> Response {
    let (channel, customer, _) = match who(&state, &key, &headers).await {
        Ok(found) => found,
        Err(refused) => return refused,
    };
    let pool = &state.pool;
    let Ok(latest) = conversations::latest_of_customer(pool, customer.id).await else {
        return problem(StatusCode::SERVICE_UNAVAILABLE, WidgetProblem::Unavailable);
    };
    let history = match &latest {
        Some(c) => messages::of_conversation(pool, c.id).await.unwrap_or_default(),
        None => Vec::new(),
    };
    Json(json!({
        "rating_scale": channel.rating_scale,
        "conversation": latest,
        "messages": history,
    }))
    .into_response()
}

#[derive(Deserialize)]
struct NewMessage {
    client_id: String,
    body: String,
}

async fn send(
    State(state): State<AppState>,
    Path(key): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let (channel, customer, lang) = match who(&state, &key, &headers).await {
        Ok(found) => found,
        Err(refused) => return refused,
    };
    let Ok(new) = serde_json::from_slice::<NewMessage>(&body) else {
        return (StatusCode::BAD_REQUEST, Json(json!({ "problem": "bad_request" }))).into_response();
    };
    let pool = &state.pool;
    match conversations::customer_writes(pool, customer.id, channel.id, lang, &new.client_id, &new.body).await
    {
        Ok((message, created, opened)) => {
            if created {
                inbound::announce(pool, &state.bus, customer.id, &message, opened).await;
            }
            let status = if created {
                StatusCode::CREATED
            } else {
                StatusCode::OK
            };
            (status, Json(json!({ "message": message }))).into_response()
        }
        Err(StoreError::Refused(p)) => {
            (StatusCode::UNPROCESSABLE_ENTITY, Json(json!({ "problem": p }))).into_response()
        }
        Err(StoreError::Database) => problem(StatusCode::SERVICE_UNAVAILABLE, WidgetProblem::Unavailable),
    }
}
