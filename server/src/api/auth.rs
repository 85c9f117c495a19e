//! Before any API handler: the bearer token, the addresses it may come from (the
//! security settings' API allowlist, then the token's own), and its rate per minute.
//! The caller (`ApiClient`) is then in the request's extensions; each handler checks
//! the scope it needs with [`need`].

use super::problem::ApiError;
use super::rate::RateLimiter;
use app::domain::api_tokens::{self, ApiClient};
use app::domain::state::AppState;
use app::domain::{allowlist, security};
use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::{HeaderValue, StatusCode};
use std::net::SocketAddr;

pub async fn check(
    State((state, limiter)): State<(AppState, RateLimiter)>,
    mut request: Request,
    next: Next,
) -> Response {
    let ip = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    let token = request
        .headers()
        .get(http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .unwrap_or_default()
        .to_owned();
    let client = match api_tokens::authenticate(&state.pool, &token).await {
        Ok(Some(c)) => c,
        Ok(None) => {
            let mut response = ApiError::new(
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "a valid bearer token is needed",
            )
            .into_response();
            response
                .headers_mut()
                .insert(http::header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            return response;
        }
        Err(_) => return ApiError::internal().into_response(),
    };
    let global = match security::load(&state.pool).await {
        Ok(s) => s.api_allowlist,
        Err(_) => return ApiError::internal().into_response(),
    };
    if !allowlist::allows(&global, ip) || !allowlist::allows(&client.allowlist, ip) {
        tracing::warn!(token = client.token_id, ip = ?ip, "an API call from an address not allowed was refused");
        return ApiError::new(
            StatusCode::FORBIDDEN,
            "address_not_allowed",
            "this token may not be used from this address",
        )
        .into_response();
    }
    let limit = client.rate_per_minute.max(1) as u32;
    let left = match limiter.check(client.token_id, limit) {
        Ok(left) => left,
        Err(wait) => {
            let mut response = ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "rate_limited",
                format!("at most {limit} requests a minute; try again in {wait} s"),
            )
            .into_response();
            response
                .headers_mut()
                .insert(http::header::RETRY_AFTER, HeaderValue::from(wait));
            return response;
        }
    };
    api_tokens::touch(&state.pool, client.token_id, ip.map(|i| i.to_string()).as_deref()).await;
    request.extensions_mut().insert(client);
    let mut response = next.run(request).await;
    response
        .headers_mut()
        .insert("x-ratelimit-limit", HeaderValue::from(limit));
    response
        .headers_mut()
        .insert("x-ratelimit-remaining", HeaderValue::from(left));
    response
}

/// The caller holds `scope`, or 403 `insufficient_scope`.
pub fn need(client: &ApiClient, scope: &'static str) -> Result<(), ApiError> {
    if client.may(scope) {
        Ok(())
    } else {
        Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "insufficient_scope",
            format!("this token lacks the scope {scope}"),
        ))
    }
}
