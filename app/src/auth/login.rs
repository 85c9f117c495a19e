use crate::error::AppError;
use leptos::prelude::*;

/// Signs a staff member in: checks the password (with lockout), opens a server-side
/// session, sets the HttpOnly cookie and sends the browser on.
#[server(name = SignIn, prefix = "/api", endpoint = "sign_in")]
pub async fn sign_in(login: String, password: String, next: Option<String>) -> Result<(), AppError> {
    use crate::domain::accounts::{self, SignInError};
    use crate::domain::sessions;

    use crate::domain::audit::chain::record_or_log;
    use serde_json::json;

    let state = super::guard::state();
    let login = login.trim().chars().take(200).collect::<String>();
    let signed_in = accounts::sign_in(&state.pool, &login, &password).await;
    let (user_id, must_change) = match signed_in {
        Ok(ok) => ok,
        Err(e) => {
            let (reason, error) = match e {
                SignInError::WrongCredentials => ("wrong_credentials", AppError::WrongCredentials),
                SignInError::LockedOut { minutes } => ("locked_out", AppError::LockedOut { minutes }),
                SignInError::Blocked => ("blocked", AppError::AccountBlocked),
            };
            let actor = super::guard::actor(None, &login);
            record_or_log(&state.pool, &actor, "auth.login.failed", &login, &json!({ "reason": reason })).await;
            return Err(error);
        }
    };
    let actor = super::guard::actor(Some(user_id), &login);
    let token = sessions::open(&state.pool, user_id, actor.ip.as_deref(), actor.user_agent.as_deref()).await?;
    record_or_log(&state.pool, &actor, "auth.login.succeeded", &login, &json!({})).await;
    tracing::info!(user_id, "signed in");
    set_session_cookie(&format!(
        "{}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}",
        sessions::COOKIE_NAME,
        sessions::LIFETIME_HOURS * 3600
    ));
    let to = safe_next(next.as_deref());
    if must_change {
        leptos_axum::redirect(&format!(
            "/account/password?next={}",
            crate::ui::guarded::encode_component(&to)
        ));
    } else {
        leptos_axum::redirect(&to);
    }
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
