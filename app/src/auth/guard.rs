//! The permission check every server function starts with.

use crate::domain::sessions::{self, SessionError, COOKIE_NAME};
use crate::domain::state::AppState;
use crate::error::AppError;
use crate::model::CurrentUser;
use crate::permission::Permission;
use http::request::Parts;
use http::HeaderMap;
use leptos::prelude::*;

pub fn state() -> AppState {
    expect_context::<AppState>()
}

/// The value of the cookie `name` in the request's `Cookie` headers.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, value)| value)
}

/// The session token from a `Cookie` header.
pub fn token_from_headers(headers: &HeaderMap) -> Option<String> {
    cookie(headers, COOKIE_NAME)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

/// Resolves a session token to the signed-in user.
pub async fn user_from_token(state: &AppState, token: Option<String>) -> Result<CurrentUser, AppError> {
    let token = token.ok_or(AppError::NotSignedIn)?;
    sessions::resolve(&state.pool, &token).await.map_err(|e| match e {
        SessionError::Unknown | SessionError::Expired => AppError::SessionExpired,
        SessionError::Database => AppError::Internal,
    })
}

/// The signed-in user of the current request, and the state to serve them with.
///
/// Contexts are read before the first `.await`: a server function called during
/// server-side rendering may be resumed outside the reactive owner that holds them.
///
/// Over HTTP the server's access check has already resolved the session and left the
/// user in the request; during server-side rendering the session is resolved here.
pub async fn current() -> Result<(CurrentUser, AppState), AppError> {
    let parts = use_context::<Parts>().ok_or(AppError::Internal)?;
    let state = state();
    if let Some(user) = parts.extensions.get::<CurrentUser>() {
        return Ok((user.clone(), state));
    }
    let user = user_from_token(&state, token_from_headers(&parts.headers)).await?;
    Ok((user, state))
}

/// The client's address: the connection's peer. (Behind the bundled reverse proxy this
/// is the proxy; see docs/audit-events.md.)
pub fn client_ip(parts: &Parts) -> Option<String> {
    parts
        .extensions
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|info| info.0.ip().to_string())
}

pub fn user_agent(headers: &HeaderMap) -> Option<String> {
    headers
        .get(http::header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(|ua| ua.chars().take(400).collect())
}

/// Who is acting in the current request, for the audit journal.
pub fn actor(user_id: Option<i64>, login: &str) -> crate::domain::audit::Actor {
    let parts = use_context::<Parts>();
    crate::domain::audit::Actor {
        user_id,
        login: login.to_owned(),
        ip: parts.as_ref().and_then(client_ip),
        user_agent: parts.as_ref().and_then(|p| user_agent(&p.headers)),
    }
}

/// Journals an event done by `user` in the current request.
pub async fn audit(
    state: &AppState,
    user: &CurrentUser,
    event: &str,
    target: &str,
    details: &impl serde::Serialize,
) {
    crate::domain::audit::chain::record_or_log(
        &state.pool,
        &actor(Some(user.id), &user.login),
        event,
        target,
        details,
    )
    .await;
}

/// The signed-in user (and the state), if they hold the permission.
pub async fn require(permission: Permission) -> Result<(CurrentUser, AppState), AppError> {
    require_any(&[permission]).await
}

/// The signed-in user (and the state), if they hold at least one of the permissions.
pub async fn require_any(permissions: &[Permission]) -> Result<(CurrentUser, AppState), AppError> {
    let (user, state) = current().await?;
    if permissions.iter().any(|p| user.can(*p)) {
        Ok((user, state))
    } else {
        Err(AppError::Forbidden)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_session_cookie_among_others() {
        let mut headers = HeaderMap::new();
        headers.insert(
            http::header::COOKIE,
            "a=1; cc_session=abc; i18n_pref_locale=ru".parse().unwrap(),
        );
        assert_eq!(token_from_headers(&headers).as_deref(), Some("abc"));
        let mut empty = HeaderMap::new();
        empty.insert(http::header::COOKIE, "cc_session=".parse().unwrap());
        assert_eq!(token_from_headers(&empty), None);
    }
}
