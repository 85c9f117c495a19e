//! `/channels/meta/{key}`: Meta's webhook for a Messenger, Instagram or WhatsApp
//! channel. `GET` is the verification handshake (`hub.mode=subscribe`, the channel's
//! verify token, `hub.challenge` echoed back). `POST` carries events, signed by Meta
//! with the app secret (`X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw
//! body>`); an unsigned or wrongly signed call is refused before anything is read.
//! Events are stored before the answer; a failure answers 500 so Meta delivers again.

use super::{events, whatsapp};
use crate::channels::telegram::webhook::same_secret;
use crate::channels::Channels;
use app::domain::channels::messenger::{self, ChannelError};
use app::domain::channels::signature::meta_signed;
use axum::body::Bytes;
use axum::extract::{Path, Query};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use http::{HeaderMap, StatusCode};
use serde::Deserialize;

pub const SIGNATURE_HEADER: &str = "x-hub-signature-256";

#[derive(Deserialize)]
pub struct Handshake {
    #[serde(rename = "hub.mode", default)]
    mode: String,
    #[serde(rename = "hub.verify_token", default)]
    verify_token: String,
    #[serde(rename = "hub.challenge", default)]
    challenge: String,
}

pub async fn verify(
    Extension(ctx): Extension<Channels>,
    Path(key): Path<String>,
    Query(hub): Query<Handshake>,
) -> Response {
    let channel = match messenger::meta_by_key(&ctx.state.pool, &ctx.state.secrets, &key).await {
        Ok(c) => c,
        Err(ChannelError::NotFound) => return StatusCode::NOT_FOUND.into_response(),
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    let expected = channel.meta().verify_token;
    if hub.mode == "subscribe"
        && !expected.is_empty()
        && same_secret(hub.verify_token.as_bytes(), expected.as_bytes())
        && !hub.challenge.is_empty()
        && hub.challenge.len() <= 200
    {
        return (StatusCode::OK, hub.challenge).into_response();
    }
    tracing::warn!(
        channel = channel.id,
        "a Meta webhook verification with the wrong token was refused"
    );
    StatusCode::FORBIDDEN.into_response()
}

pub async fn receive(
    Extension(ctx): Extension<Channels>,
    Path(key): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> StatusCode {
    let pool = &ctx.state.pool;
    let channel = match messenger::meta_by_key(pool, &ctx.state.secrets, &key).await {
        Ok(c) => c,
        Err(ChannelError::NotFound) => return StatusCode::NOT_FOUND,
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR,
    };
    let app_secret = channel.secret("app_secret").unwrap_or_default();
    let header = headers
        .get(SIGNATURE_HEADER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if app_secret.is_empty() || !meta_signed(app_secret, &body, header) {
        tracing::warn!(
            channel = channel.id,
            "a Meta webhook call without a valid X-Hub-Signature-256 was refused"
        );
        return StatusCode::UNAUTHORIZED;
    }
    let Ok(payload) = serde_json::from_slice::<serde_json::Value>(&body) else {
        return StatusCode::BAD_REQUEST;
    };
    let api = match super::graph_api(&ctx, &channel).await {
        Ok(api) => api,
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR,
    };
    let result = match payload.get("object").and_then(|o| o.as_str()) {
        Some("page" | "instagram") => events::handle(&ctx, &channel, &api, payload).await,
        Some("whatsapp_business_account") => whatsapp::handle(&ctx, &channel, &api, payload).await,
        _ => Ok(()),
    };
    match result {
        Ok(()) => StatusCode::OK,
        Err(e) => {
            tracing::error!(channel = channel.id, error = %e, "a Meta event was not stored");
            StatusCode::INTERNAL_SERVER_ERROR
        }
    }
}
