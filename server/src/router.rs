//! The axum router: Leptos pages and server functions, the two WebSockets, the
//! widget's frame and bundle, the demo page, and security headers.

use crate::{demo, sockets, widget_frame};
use app::domain::state::AppState;
use app::{shell, App};
use axum::extract::Request;
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use http::header::{HeaderValue, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS};
use leptos_axum::{generate_route_list, LeptosRoutes};
use std::path::Path;
use tower_http::services::ServeDir;

pub struct Options<'a> {
    pub widget_dir: &'a Path,
    /// Serve the demo bank page (development only).
    pub demo: bool,
    /// Where files sent in conversations are stored.
    pub files: app::domain::files::storage::FileStore,
}

pub fn router(state: AppState, options: Options<'_>) -> Router {
    let routes = generate_route_list(App);
    let mut router = Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/ws/widget", get(sockets::widget::upgrade))
        .route("/ws/staff", get(sockets::staff::upgrade))
        .route("/widget/frame", get(widget_frame::page))
        .merge(crate::channels::routes(crate::channels::Channels::new(
            state.clone(),
            options.files.clone(),
        )))
        .merge(crate::api::routes(
            state.clone(),
            crate::api::rate::RateLimiter::default(),
        ))
        .merge(crate::files::routes(options.files))
        .merge(crate::mobile::routes())
        .merge(crate::reports::routes())
        .merge(crate::audit_export::routes())
        .nest_service("/widget/pkg", ServeDir::new(options.widget_dir.join("pkg")));
    if options.demo {
        router = router.route("/demo/bank", get(demo::bank_page));
    }
    router
        .leptos_routes(&state, routes, {
            let leptos_options = state.leptos_options.clone();
            move || shell(leptos_options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            crate::access::check,
        ))
        .layer(middleware::from_fn(security_headers))
        .with_state(state)
}

/// Staff pages may not be framed by anyone; the widget's frame may be framed by
/// the bank's pages. Nothing is sniffed; no referrer leaves the site.
async fn security_headers(request: Request, next: Next) -> Response {
    let frameable = request.uri().path() == "/widget/frame";
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if !frameable {
        headers.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    }
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    response
}
