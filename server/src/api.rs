//! The open REST API, `/api/v1/…` (TS 15.2): JSON over HTTP(S) for the bank's systems.
//! Every call carries `Authorization: Bearer <token>` (tokens are made on the API page,
//! `/admin/api`); the token's scopes, its address allowlist (inside the security
//! settings' API allowlist) and its rate per minute are checked before any handler runs.
//! The OpenAPI document (3.1, generated from these handlers by utoipa) is served at
//! `/api/v1/openapi.json`, and Swagger UI (served from this server, no internet) at
//! `/api/v1/docs`.

pub mod auth;
pub mod conversations;
pub mod directory;
pub mod problem;
pub mod rate;
pub mod webhooks;

use app::domain::state::AppState;
use axum::response::{Html, IntoResponse};
use axum::routing::get;
use axum::{Json, Router};
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::{router::OpenApiRouter, routes};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Contact Center API",
        version = "1",
        description = "Conversations, messages, customers, operators, topics, reports and webhooks of the contact center. \
                       Authenticate with `Authorization: Bearer <token>`; each token has scopes, an address allowlist \
                       and a rate per minute. Errors are `{\"error\": code, \"message\": text}`."
    ),
    modifiers(&Bearer),
    tags(
        (name = "conversations", description = "Conversations and their messages"),
        (name = "directory", description = "Customers, operators, topics and reports"),
        (name = "webhooks", description = "Outgoing webhooks and their delivery log")
    )
)]
struct ApiDoc;

struct Bearer;

impl Modify for Bearer {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme("bearer", SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)));
    }
}

/// The API's routes and its OpenAPI document.
pub fn split() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(conversations::list))
        .routes(routes!(conversations::one))
        .routes(routes!(conversations::messages, conversations::post_message))
        .routes(routes!(conversations::close))
        .routes(routes!(directory::customer))
        .routes(routes!(directory::add_identifier))
        .routes(routes!(directory::operators))
        .routes(routes!(directory::topics))
        .routes(routes!(directory::summary))
        .routes(routes!(webhooks::list, webhooks::create))
        .routes(routes!(webhooks::remove))
        .routes(routes!(webhooks::deliveries))
        .split_for_parts()
}

/// The document as served (and as `server openapi` prints it).
pub fn document() -> utoipa::openapi::OpenApi {
    split().1
}

pub fn routes(state: AppState, limiter: rate::RateLimiter) -> Router<AppState> {
    let (api, doc) = split();
    let doc = std::sync::Arc::new(doc);
    Router::new()
        .merge(api.layer(axum::middleware::from_fn_with_state(
            (state, limiter),
            auth::check,
        )))
        .route(
            "/api/v1/openapi.json",
            get(move || async move { Json(doc.as_ref().clone()).into_response() }),
        )
        .route("/api/v1/docs", get(docs_page))
}

/// Swagger UI, from `/vendor/swagger-ui` (npm's swagger-ui-dist, served by this server).
async fn docs_page() -> Html<&'static str> {
    Html(
        r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Contact Center API</title>
<link rel="stylesheet" href="/vendor/swagger-ui/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/vendor/swagger-ui/swagger-ui-bundle.js"></script>
<script src="/api-docs.js"></script>
</body>
</html>"#,
    )
}
