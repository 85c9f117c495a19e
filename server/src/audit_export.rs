//! `GET /admin/audit.csv?from=…&to=…&login=…&event=…&text=…`: the journal's records that
//! match the viewer's filters, as CSV in the caller's language and time zone
//! (`audit.view`, checked by `crate::access`). The export itself is journalled.

use crate::access::refuse;
use app::audit::model::AuditQuery;
use app::domain::audit::journal::{self, JournalError};
use app::domain::audit::{chain, Actor};
use app::domain::state::AppState;
use app::error::AppError;
use app::model::CurrentUser;
use app::reports::export_labels::locale_of;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Router};
use http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use http::{HeaderMap, StatusCode};

pub fn routes() -> Router<AppState> {
    Router::new().route("/admin/audit.csv", get(csv))
}

async fn csv(
    State(state): State<AppState>,
    Query(query): Query<AuditQuery>,
    headers: HeaderMap,
    user: Option<Extension<CurrentUser>>,
    actor: Option<Extension<Actor>>,
) -> Response {
    // The access check puts both in the request; without them nobody passed it.
    let (Some(Extension(user)), Some(Extension(actor))) = (user, actor) else {
        return refuse(StatusCode::UNAUTHORIZED, AppError::NotSignedIn);
    };
    let records = match journal::all(&state.pool, &query, user.utc_offset_seconds).await {
        Ok(r) => r,
        Err(JournalError::BadDate) => return refuse(StatusCode::BAD_REQUEST, AppError::Invalid),
        Err(JournalError::Database) => return refuse(StatusCode::INTERNAL_SERVER_ERROR, AppError::Internal),
    };
    let locale = locale_of(app::auth::guard::cookie(&headers, "i18n_pref_locale"));
    let header = app::audit::csv_header(locale);
    let body = journal::csv(&records, &header, user.utc_offset_seconds);
    chain::record_or_log(
        &state.pool,
        &actor,
        "audit.exported",
        "audit.csv",
        &serde_json::json!({ "query": query, "records": records.len() }),
    )
    .await;
    let name = format!("audit-{}.csv", chrono::Utc::now().format("%Y%m%d-%H%M"));
    (
        [
            (CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
            (CACHE_CONTROL, "no-store".to_owned()),
        ],
        body,
    )
        .into_response()
}
