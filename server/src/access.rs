//! The access check in front of every server function and staff route: the declaration
//! in `app::access` decides before the handler runs. Undeclared server functions are
//! refused; refusals are journalled (`access.denied`); declared settings are read
//! before and after the call and their difference journalled (`settings.changed`).

use app::access::{self, Access, Endpoint};
use app::auth::guard::{token_from_headers, user_agent, user_from_token};
use app::domain::audit::{self, Actor};
use app::domain::state::AppState;
use app::error::AppError;
use app::model::CurrentUser;
use app::permission::Permission;
use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::StatusCode;
use std::net::SocketAddr;

/// What a user who must change their password may still call.
const WHILE_PASSWORD_CHANGE_DUE: [&str; 3] = ["/api/change_own_password", "/api/sign_out", "/api/current_user"];

pub async fn check(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let endpoint = if path.starts_with("/api/") {
        match access::server_function(path) {
            Some(e) => e,
            None => {
                tracing::warn!(path, "undeclared server function refused");
                return refuse(StatusCode::FORBIDDEN, AppError::Forbidden);
            }
        }
    } else {
        match access::route(path) {
            Some(e) => e,
            None => return next.run(request).await,
        }
    };
    if endpoint.access == Access::Public {
        return next.run(request).await;
    }
    let ip = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip().to_string());
    let user = match user_from_token(&state, token_from_headers(request.headers())).await {
        Ok(user) => user,
        Err(e) => return refuse(StatusCode::UNAUTHORIZED, e),
    };
    let actor = Actor {
        user_id: Some(user.id),
        login: user.login.clone(),
        ip,
        user_agent: user_agent(request.headers()),
    };
    if user.must_change_password && !WHILE_PASSWORD_CHANGE_DUE.contains(&endpoint.path) {
        return refuse(StatusCode::FORBIDDEN, AppError::PasswordChangeRequired);
    }
    if !endpoint.access.admits(&user.permissions) {
        denied(&state, &actor, endpoint).await;
        return refuse(StatusCode::FORBIDDEN, AppError::Forbidden);
    }
    request.extensions_mut().insert::<CurrentUser>(user);
    request.extensions_mut().insert::<Actor>(actor.clone());
    match endpoint.settings {
        None => next.run(request).await,
        Some(settings) => {
            let before = audit::settings::snapshot(&state.pool, &settings).await;
            let response = next.run(request).await;
            let after = audit::settings::snapshot(&state.pool, &settings).await;
            match (before, after) {
                (Ok(before), Ok(after)) => {
                    if let Some(details) = audit::settings::difference(&settings, &before, &after) {
                        let name = endpoint.path.trim_start_matches("/api/");
                        audit::chain::record_or_log(&state.pool, &actor, "settings.changed", name, &details).await;
                    }
                }
                (Err(e), _) | (_, Err(e)) => tracing::error!(error = %e, "settings snapshot failed"),
            }
            response
        }
    }
}

async fn denied(state: &AppState, actor: &Actor, endpoint: &Endpoint) {
    let needed: Vec<&str> = match endpoint.access {
        Access::AnyOf(p) => p.iter().map(|p| Permission::code(*p)).collect(),
        _ => Vec::new(),
    };
    audit::chain::record_or_log(
        &state.pool,
        actor,
        "access.denied",
        endpoint.path,
        &serde_json::json!({ "needs_any_of": needed }),
    )
    .await;
}

/// The status with the error as JSON, as server functions answer.
pub fn refuse(status: StatusCode, error: AppError) -> Response {
    (status, axum::Json(error)).into_response()
}
