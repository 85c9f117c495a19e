//! Report downloads, for holders of `reports.export`, in the caller's language (their
//! language cookie) and time zone:
//! - `GET /reports/conversations.xlsx|pdf?…` — the conversation report with the report
//!   page's own parameters;
//! - `GET /reports/kpi.pdf?from=…&to=…` — the KPIs of a period;
//! - `GET /reports/staff.xlsx|pdf?kind=shifts|states|satisfaction&from=…&to=…`;
//! - `GET /reports/semiannual.xlsx|pdf?year=…&half=1|2&lang=ru|kk` — the semi-annual
//!   form (order 443, appendix 2) in the language asked for;
//! - `GET /reports/transcript.pdf?id=…` — a conversation's transcript;
//! - `GET /reports/exports/<id>` — the file of a background export the caller started
//!   (`start_export`), once it is ready.
//!
//! The files are written by `app::domain::reports`; a refusal is the status and the
//! `AppError` as JSON, as server functions answer.

use app::auth::guard::{cookie, token_from_headers, user_from_token};
use app::domain::reports::{
    conversations_pdf, exports, kpi, pdf, period_or_this_month, semiannual, semiannual_files, staff,
    staff_files, transcript, xlsx, ReportError,
};
use app::domain::state::AppState;
use app::error::AppError;
use app::i18n::Locale;
use app::model::CurrentUser;
use app::permission::Permission;
use app::reports::export_labels::{self, locale_of, xlsx_labels};
use app::reports::model::ReportQuery;
use app::reports::semiannual_model::{FormLanguage, HalfYear};
use app::reports::staff_model::StaffReportKind;
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_LENGTH, CONTENT_TYPE};
use http::{HeaderMap, StatusCode, Uri};
use std::collections::HashMap;

/// The files, each at `/reports/<name>`.
const FILES: [&str; 8] = [
    "conversations.xlsx",
    "conversations.pdf",
    "kpi.pdf",
    "staff.xlsx",
    "staff.pdf",
    "semiannual.xlsx",
    "semiannual.pdf",
    "transcript.pdf",
];

pub fn routes() -> Router<AppState> {
    FILES
        .iter()
        .fold(Router::new(), |router, name| {
            router.route(&format!("/reports/{name}"), get(download))
        })
        .route("/reports/exports/{id}", get(export_file))
}

/// `GET /reports/exports/<id>`: the file of a finished background export, to the user
/// who started it.
async fn export_file(State(state): State<AppState>, Path(id): Path<String>, headers: HeaderMap) -> Response {
    match exporter(&state, &headers).await {
        Ok(user) => exported(&id, &user, false)
            .await
            .unwrap_or_else(|refused| refused),
        Err(refused) => refused,
    }
}

/// The finished export `id` of `user`, streamed from its file; `once`: the file is
/// removed as soon as it is open (a direct download nobody fetches again).
async fn exported(id: &str, user: &CurrentUser, once: bool) -> Made {
    let job = exports::get(id, user.id)
        .filter(|j| j.state == exports::JobState::Ready)
        .ok_or_else(|| refuse(StatusCode::NOT_FOUND, AppError::NotFound))?;
    let opened = tokio::fs::File::open(&job.path).await;
    if once {
        let _ = tokio::fs::remove_file(&job.path).await;
    }
    let file = opened.map_err(|_| refuse(StatusCode::NOT_FOUND, AppError::NotFound))?;
    let length = file.metadata().await.map(|m| m.len()).unwrap_or(0);
    tracing::info!(user = user.id, bytes = length, rows = job.done, file = %job.file_name, "report exported");
    Ok((
        attachment(XLSX, &job.file_name),
        [(CONTENT_LENGTH, length.to_string())],
        Body::from_stream(tokio_util::io::ReaderStream::new(file)),
    )
        .into_response())
}

type Params = HashMap<String, String>;

/// What came back: the file, or the refusal to send.
type Made = Result<Response, Response>;

fn refuse(status: StatusCode, error: AppError) -> Response {
    (status, Json(error)).into_response()
}

fn report_error(err: ReportError) -> Response {
    match err {
        ReportError::BadDate | ReportError::Invalid => refuse(StatusCode::BAD_REQUEST, AppError::Invalid),
        ReportError::NotFound => refuse(StatusCode::NOT_FOUND, AppError::NotFound),
        ReportError::Database => refuse(StatusCode::INTERNAL_SERVER_ERROR, AppError::Internal),
    }
}

/// The signed-in user, if they may export.
async fn exporter(state: &AppState, headers: &HeaderMap) -> Result<CurrentUser, Response> {
    let user = match user_from_token(state, token_from_headers(headers)).await {
        Ok(user) => user,
        Err(e @ (AppError::NotSignedIn | AppError::SessionExpired)) => {
            return Err(refuse(StatusCode::UNAUTHORIZED, e))
        }
        Err(e) => return Err(refuse(StatusCode::INTERNAL_SERVER_ERROR, e)),
    };
    if user.can(Permission::ReportsExport) {
        Ok(user)
    } else {
        Err(refuse(StatusCode::FORBIDDEN, AppError::Forbidden))
    }
}

/// The language the caller reads (their language cookie).
fn locale(headers: &HeaderMap) -> Locale {
    locale_of(cookie(headers, "i18n_pref_locale"))
}

/// A finished file as a download named `stem-YYYYMMDD-HHMM.extension`.
fn file(bytes: Result<Vec<u8>, ReportError>, stem: &str, extension: &str, user: &CurrentUser) -> Made {
    let bytes = bytes.map_err(report_error)?;
    tracing::info!(
        user = user.id,
        bytes = bytes.len(),
        file = stem,
        "report exported"
    );
    let content_type = if extension == "pdf" { PDF } else { XLSX };
    let name = format!("{stem}-{}.{extension}", chrono::Utc::now().format("%Y%m%d-%H%M"));
    Ok((attachment(content_type, &name), bytes).into_response())
}

const PDF: &str = "application/pdf";
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The headers of a download saved as `name`, never cached.
fn attachment(content_type: &str, name: &str) -> [(http::HeaderName, String); 3] {
    [
        (CONTENT_TYPE, content_type.to_owned()),
        (CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
        (CACHE_CONTROL, "no-store".to_owned()),
    ]
}

/// `GET /reports/<name>`: who may, gets the file the name and parameters ask for.
async fn download(
    State(state): State<AppState>,
    uri: Uri,
    Query(params): Query<Params>,
    headers: HeaderMap,
    actor: Option<axum::Extension<app::domain::audit::Actor>>,
) -> Response {
    let name = uri.path().rsplit('/').next().unwrap_or_default();
    make(&state, name, &params, &headers, actor.map(|a| a.0))
        .await
        .unwrap_or_else(|refused| refused)
}

async fn make(
    state: &AppState,
    name: &str,
    params: &Params,
    headers: &HeaderMap,
    actor: Option<app::domain::audit::Actor>,
) -> Made {
    let user = exporter(state, headers).await?;
    let locale = locale(headers);
    let made = report_file(state, name, params, &user, locale).await;
    if made.is_ok() {
        let actor = actor.unwrap_or_else(|| app::domain::audit::Actor {
            user_id: Some(user.id),
            login: user.login.clone(),
            ..Default::default()
        });
        let mut query: Vec<(&String, &String)> = params.iter().collect();
        query.sort();
        app::domain::audit::chain::record_or_log(
            &state.pool,
            &actor,
            "report.exported",
            name,
            &serde_json::json!({ "query": query }),
        )
        .await;
    }
    made
}

async fn report_file(
    state: &AppState,
    name: &str,
    params: &Params,
    user: &CurrentUser,
    locale: Locale,
) -> Made {
    match name {
        "conversations.xlsx" | "conversations.pdf" => conversations(state, params, &user, locale, name).await,
        "kpi.pdf" => kpi_file(state, params, &user, locale).await,
        "staff.xlsx" | "staff.pdf" => staff_file(state, params, &user, locale, name).await,
        "semiannual.xlsx" | "semiannual.pdf" => semiannual_file(state, params, &user, name).await,
        "transcript.pdf" => transcript_file(state, params, &user, locale).await,
        _ => Err(refuse(StatusCode::NOT_FOUND, AppError::NotFound)),
    }
}

async fn conversations(
    state: &AppState,
    params: &Params,
    user: &CurrentUser,
    locale: Locale,
    name: &str,
) -> Made {
    let query = ReportQuery::from_params(|k| params.get(k).cloned());
    let labels = xlsx_labels(locale);
    let zone = &user.time_zone;
    if name.ends_with(".xlsx") {
        let stem = format!("conversations-{}.xlsx", chrono::Utc::now().format("%Y%m%d-%H%M"));
        let (id, path) = exports::start(user.id, stem, 0)
            .map_err(|_| refuse(StatusCode::INTERNAL_SERVER_ERROR, AppError::Internal))?;
        let written = xlsx::conversations(&state.pool, &query, zone, &labels, &path, |n| {
            exports::progress(&id, n)
        })
        .await;
        exports::finish(&id, written.is_ok());
        written.map_err(report_error)?;
        return exported(&id, user, true).await;
    }
    let title = export_labels::conversations_title(locale);
    let lines = vec![export_labels::generated_line(locale, zone)];
    let bytes = conversations_pdf::conversations(
        &state.pool,
        &query,
        zone,
        &labels,
        &title,
        lines,
        |shown, total| {
            if shown < total {
                export_labels::shown_line(locale, shown, total)
            } else {
                export_labels::found_line(locale, total)
            }
        },
    )
    .await;
    file(bytes, "conversations", "pdf", user)
}

/// The period the parameters ask for (this month so far by default).
fn period(params: &Params, user: &CurrentUser) -> Result<(chrono::NaiveDate, chrono::NaiveDate), Response> {
    let today = app::domain::personal_stats::today(&user.time_zone);
    let given = |k: &str| params.get(k).map(String::as_str);
    period_or_this_month(today, given("from"), given("to")).map_err(report_error)
}

async fn kpi_file(state: &AppState, params: &Params, user: &CurrentUser, locale: Locale) -> Made {
    let (from, to) = period(params, user)?;
    let report = kpi::report(&state.pool, from, to, &user.time_zone)
        .await
        .map_err(report_error)?;
    let (title, period, headers, rows) = export_labels::kpi_table(locale, &report);
    let bytes = pdf::table(&pdf::PdfTable {
        title: &title,
        lines: vec![period, export_labels::generated_line(locale, &user.time_zone)],
        headers,
        widths: vec![40.0, 16.0, 18.0, 14.0, 12.0],
        rows,
        footer: Vec::new(),
    });
    file(bytes, "kpi", "pdf", user)
}

async fn staff_file(
    state: &AppState,
    params: &Params,
    user: &CurrentUser,
    locale: Locale,
    name: &str,
) -> Made {
    let kind = params
        .get("kind")
        .and_then(|k| StaffReportKind::parse(k.trim()))
        .unwrap_or_default();
    let (from, to) = period(params, user)?;
    let report = staff::report(&state.pool, kind, from, to, &user.time_zone)
        .await
        .map_err(report_error)?;
    let labels = export_labels::staff_labels(locale, &report);
    if name.ends_with(".xlsx") {
        file(
            staff_files::xlsx(&report, &labels, &user.time_zone),
            kind.as_str(),
            "xlsx",
            user,
        )
    } else {
        file(
            staff_files::pdf(&report, &labels, &user.time_zone),
            kind.as_str(),
            "pdf",
            user,
        )
    }
}

async fn semiannual_file(state: &AppState, params: &Params, user: &CurrentUser, name: &str) -> Made {
    let number = |k: &str| params.get(k).and_then(|v| v.trim().parse::<i64>().ok());
    let (Some(Ok(year)), Some(Ok(half))) = (
        number("year").map(i32::try_from),
        number("half").map(u8::try_from),
    ) else {
        return Err(report_error(ReportError::BadDate));
    };
    let language = params
        .get("lang")
        .and_then(|l| FormLanguage::parse(l.trim()))
        .unwrap_or_default();
    let form = semiannual::form(&state.pool, HalfYear { year, half }, language, &user.time_zone)
        .await
        .map_err(report_error)?;
    let stem = format!("semiannual-{}", language.code());
    if name.ends_with(".xlsx") {
        file(semiannual_files::xlsx(&form), &stem, "xlsx", user)
    } else {
        file(semiannual_files::pdf(&form), &stem, "pdf", user)
    }
}

async fn transcript_file(state: &AppState, params: &Params, user: &CurrentUser, locale: Locale) -> Made {
    let Some(id) = params.get("id").and_then(|v| v.trim().parse::<i64>().ok()) else {
        return Err(report_error(ReportError::NotFound));
    };
    let labels = export_labels::transcript_labels(locale, id);
    let bytes = transcript::pdf(&state.pool, id, &user.time_zone, &labels).await;
    file(bytes, &format!("conversation-{id}"), "pdf", user)
}
