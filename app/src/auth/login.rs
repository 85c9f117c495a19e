use crate::error::AppError;
use leptos::prelude::*;

/// Signs a staff member in: checks the password (with lockout), opens a server-side
/// session, sets the HttpOnly cookie and sends the browser on.
#[server(name = SignIn, prefix = "/api", endpoint = "sign_in")]
pub async fn sign_in(login: String, password: String, next: Option<String>) -> Result<(), AppError> {
    use crate::domain::accounts::{self, SignInError};
    use crate::domain::sessions;
    use http::request::Parts;

    let state = super::guard::state();
    let user_id = accounts::sign_in(&state.pool, &login, &password)
        .await
        .map_err(|e| match e {
            SignInError::WrongCredentials => AppError::WrongCredentials,
            SignInError::LockedOut { minutes } => AppError::LockedOut { minutes },
            SignInError::Blocked => AppError::AccountBlocked,
        })?;
    let parts = use_context::<Parts>();
    let ip = parts.as_ref().and_then(client_ip);
    let user_agent = parts
        .as_ref()
        .and_then(|p| p.headers.get(http::header::USER_AGENT))
        .and_then(|v| v.to_str().ok());
    let token = sessions::open(&state.pool, user_id, ip.as_deref(), user_agent).await?;
    tracing::info!(user_id, "signed in");
    set_session_cookie(&format!(
        "{}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}",
        sessions::COOKIE_NAME,
        sessions::LIFETIME_HOURS * 3600
    ));
    leptos_axum::redirect(&safe_next(next.as_deref()));
    Ok(())
}

#[cfg(feature = "ssr")]
pub(crate) fn set_session_cookie(cookie: &str) {
    let secure = if std::env::var("CC_SECURE_COOKIES").is_ok_and(|v| v == "1") {
        "; Secure"
    } else {
        ""
    };
    if let (Some(response), Ok(value)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::HeaderValue::from_str(&format!("{cookie}{secure}")),
    ) {
        response.append_header(http::header::SET_COOKIE, value);
    }
}

#[cfg(feature = "ssr")]
fn client_ip(parts: &http::request::Parts) -> Option<String> {
    parts
        .extensions
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|info| info.0.ip().to_string())
}

#[cfg(any(feature = "ssr", test))]
/// Only a local path may be a redirect target, so a link can't send a user elsewhere.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.to_owned(),
        _ => "/".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn redirects_stay_on_this_site() {
        assert_eq!(safe_next(Some("/workspace?c=4")), "/workspace?c=4");
        assert_eq!(safe_next(Some("//evil.example")), "/");
        assert_eq!(safe_next(Some("https://evil.example")), "/");
        assert_eq!(safe_next(Some("/\\evil")), "/");
        assert_eq!(safe_next(None), "/");
    }
}
