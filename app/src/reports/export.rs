use super::model::{ExportProgress, ReportQuery};
use crate::error::AppError;
use leptos::prelude::*;

/// Starts writing every row of the conversation report to an Excel file in the
/// background; the page follows it with `export_progress`.
#[server(name = StartExport, prefix = "/api", endpoint = "start_export", input = leptos::server_fn::codec::Json)]
pub async fn start_export(query: ReportQuery) -> Result<ExportProgress, AppError> {
    use crate::domain::reports::{conversations, exports, xlsx};
    use crate::permission::Permission;
    use crate::reports::export_labels::{locale_of, xlsx_labels};
    let headers = use_context::<http::request::Parts>()
        .map(|p| p.headers)
        .unwrap_or_default();
    let locale = locale_of(crate::auth::guard::cookie(&headers, "i18n_pref_locale"));
    let (user, state) = crate::auth::guard::require(Permission::ReportsExport).await?;
    let zone = user.time_zone.clone();
    let total = conversations::count(&state.pool, &query, &zone)
        .await
        .map_err(super::map_error)?;
    let file_name = format!("conversations-{}.xlsx", chrono::Utc::now().format("%Y%m%d-%H%M"));
    let total = u64::try_from(total).unwrap_or(0);
    let (id, path) = exports::start(user.id, file_name, total).map_err(|err| {
        tracing::error!(error = %err, "no room for an export");
        AppError::Internal
    })?;
    tracing::info!(user = user.id, rows = total, job = %id, "conversation report export started");
    crate::auth::guard::audit(
        &state,
        &user,
        "report.exported",
        "conversations.xlsx",
        &serde_json::json!({ "query": query, "rows": total }),
    )
    .await;
    let job = id.clone();
    tokio::spawn(async move {
        let labels = xlsx_labels(locale);
        let written = xlsx::conversations(&state.pool, &query, &zone, &labels, &path, |n| {
            exports::progress(&job, n)
        })
        .await;
        exports::finish(&job, written.is_ok());
    });
    Ok(ExportProgress {
        id,
        done: 0,
        total,
        ready: false,
        failed: false,
    })
}

/// How far the export `id` (started by the caller) has come.
#[server(name = ExportProgressFn, prefix = "/api", endpoint = "export_progress")]
pub async fn export_progress(id: String) -> Result<ExportProgress, AppError> {
    use crate::domain::reports::exports::{self, JobState};
    use crate::permission::Permission;
    let (user, _) = crate::auth::guard::require(Permission::ReportsExport).await?;
    let job = exports::get(&id, user.id).ok_or(AppError::NotFound)?;
    Ok(ExportProgress {
        id,
        done: job.done,
        total: job.total,
        ready: job.state == JobState::Ready,
        failed: job.state == JobState::Failed,
    })
}
