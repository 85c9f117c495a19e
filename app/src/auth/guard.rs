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
pub async fn current() -> Result<(CurrentUser, AppState), AppError> {
    let parts = use_context::<Parts>().ok_or(AppError::Internal)?;
    let state = state();
    let user = user_from_token(&state, token_from_headers(&parts.headers)).await?;
    Ok((user, state))
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
