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
use std::net::{IpAddr, SocketAddr};

/// What a user who must first change their password or enrol a second factor may call.
const WHILE_DUE: [&str; 6] = [
    "/api/change_own_password",
    "/api/sign_out",
    "/api/current_user",
    "/api/two_factor_status",
    "/api/begin_totp_enrolment",
    "/api/confirm_totp_enrolment",
];

pub async fn check(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let ip = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    if access::administrative_page(path) && !admin_address(&state, ip).await {
        let locale = app::reports::export_labels::locale_of(app::auth::guard::cookie(
            request.headers(),
            "i18n_pref_locale",
        ));
        return address_refused_page(&state, ip, path, locale).await;
    }
    // The REST API checks its own bearer tokens (server/src/api/auth.rs).
    if path.starts_with("/api/v1/") {
        return next.run(request).await;
    }
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
    let user = match user_from_token(&state, token_from_headers(request.headers())).await {
        Ok(user) => user,
        Err(e) => return refuse(StatusCode::UNAUTHORIZED, e),
    };
    let actor = Actor {
        user_id: Some(user.id),
        login: user.login.clone(),
        ip: ip.map(|ip| ip.to_string()),
        user_agent: user_agent(request.headers()),
    };
    if (user.must_change_password || user.must_enrol_totp) && !WHILE_DUE.contains(&endpoint.path) {
        return refuse(
            StatusCode::FORBIDDEN,
            if user.must_change_password {
                AppError::PasswordChangeRequired
            } else {
                AppError::TotpEnrolmentRequired
            },
        );
    }
    if endpoint.administrative() && !admin_address(&state, ip).await {
        audit::chain::record_or_log(
            &state.pool,
            &actor,
            "access.address_refused",
            endpoint.path,
            &serde_json::json!({}),
        )
        .await;
        return refuse(StatusCode::FORBIDDEN, AppError::AddressNotAllowed);
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
                        audit::chain::record_or_log(&state.pool, &actor, "settings.changed", name, &details)
                            .await;
                    }
                }
                (Err(e), _) | (_, Err(e)) => tracing::error!(error = %e, "settings snapshot failed"),
            }
            response
        }
    }
}

/// Whether the administration allowlist lets this address in (an unreadable setting
/// lets nobody in; empty lets everyone in).
async fn admin_address(state: &AppState, ip: Option<IpAddr>) -> bool {
    let list: Result<String, sqlx::Error> =
        sqlx::query_scalar("SELECT admin_allowlist FROM security_settings")
            .fetch_one(&state.pool)
            .await;
    match list {
        Ok(list) => app::domain::allowlist::allows(&list, ip),
        Err(e) => {
            tracing::error!(error = %e, "cannot read the administration allowlist");
            false
        }
    }
}

/// The page a browser gets when an administration page is asked for from elsewhere.
async fn address_refused_page(
    state: &AppState,
    ip: Option<IpAddr>,
    path: &str,
    locale: app::i18n::Locale,
) -> Response {
    let actor = Actor {
        user_id: None,
        login: String::new(),
        ip: ip.map(|ip| ip.to_string()),
        user_agent: None,
    };
    audit::chain::record_or_log(
        &state.pool,
        &actor,
        "access.address_refused",
        path,
        &serde_json::json!({}),
    )
    .await;
    let (title, text) = app::security::address_refused_words(locale);
    let html = format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{title}</title>\
         <link rel=\"stylesheet\" href=\"/pkg/contact-center.css\"></head>\
         <body><main class=\"notice-page\"><h1>{title}</h1><p>{text}</p></main></body></html>"
    );
    (StatusCode::FORBIDDEN, axum::response::Html(html)).into_response()
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
