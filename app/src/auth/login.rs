use crate::error::AppError;
use leptos::prelude::*;

/// Signs a staff member in: checks the password (with lockout) and, for an account with a
/// second factor, the code from the authenticator app; opens a server-side session, sets
/// the HttpOnly cookie and sends the browser on (first to choose a password or to enrol
/// a second factor, when that is due).
#[server(name = SignIn, prefix = "/api", endpoint = "sign_in")]
pub async fn sign_in(
    login: String,
    password: String,
    code: Option<String>,
    next: Option<String>,
) -> Result<(), AppError> {
    use crate::domain::accounts::{self, SignInError};
    use crate::domain::audit::chain::record_or_log;
    use crate::domain::{sessions, two_factor};
    use serde_json::json;

    let state = super::guard::state();
    let login = login.trim().chars().take(200).collect::<String>();
    let refused = |reason: &'static str| {
        let actor = super::guard::actor(None, &login);
        let pool = state.pool.clone();
        let login = login.clone();
        async move {
            record_or_log(
                &pool,
                &actor,
                "auth.login.failed",
                &login,
                &json!({ "reason": reason }),
            )
            .await;
        }
    };
    let signed = match accounts::sign_in(&state.pool, &login, &password).await {
        Ok(signed) => signed,
        Err(e) => {
            let (reason, error) = match e {
                SignInError::WrongCredentials => ("wrong_credentials", AppError::WrongCredentials),
                SignInError::LockedOut { minutes } => ("locked_out", AppError::LockedOut { minutes }),
                SignInError::Blocked => ("blocked", AppError::AccountBlocked),
            };
            refused(reason).await;
            return Err(error);
        }
    };
    if signed.totp {
        let code = code.unwrap_or_default();
        if code.trim().is_empty() {
            return Err(AppError::TotpRequired);
        }
        if two_factor::verify(&state.pool, signed.id, &code).await.is_err() {
            refused("wrong_code").await;
            return Err(match accounts::failed(&state.pool, signed.id).await {
                SignInError::LockedOut { minutes } => AppError::LockedOut { minutes },
                _ => AppError::TotpWrong,
            });
        }
    }
    accounts::succeeded(&state.pool, signed.id).await?;
    let actor = super::guard::actor(Some(signed.id), &login);
    let token = sessions::open(
        &state.pool,
        signed.id,
        actor.ip.as_deref(),
        actor.user_agent.as_deref(),
    )
    .await?;
    record_or_log(
        &state.pool,
        &actor,
        "auth.login.succeeded",
        &login,
        &json!({ "second_factor": signed.totp }),
    )
    .await;
    tracing::info!(user_id = signed.id, "signed in");
    set_session_cookie(&format!(
        "{}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}",
        sessions::COOKIE_NAME,
        sessions::LIFETIME_HOURS * 3600
    ));
    let to = safe_next(next.as_deref());
    let enrol = two_factor::status(&state.pool, signed.id)
        .await
        .map(|s| s.required && !s.enrolled)
        .unwrap_or(false);
    let first = if signed.must_change_password {
        Some("/account/password")
    } else if enrol {
        Some("/account/two-factor")
    } else {
        None
    };
    match first {
        Some(page) => leptos_axum::redirect(&format!(
            "{page}?next={}",
            crate::ui::guarded::encode_component(&to)
        )),
        None => leptos_axum::redirect(&to),
    }
    Ok(())
}

#[cfg(feature = "ssr")]
pub(crate) fn set_session_cookie(cookie: &str) {
    // Behind HTTPS: the bank's proxy (CC_SECURE_COOKIES=1) or the server's own TLS.
    let https = std::env::var("CC_SECURE_COOKIES").is_ok_and(|v| v == "1")
        || std::env::var_os("CC_TLS_CERT").is_some_and(|v| !v.is_empty());
    let secure = if https { "; Secure" } else { "" };
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
