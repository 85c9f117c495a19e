//! The conversation report's Excel download with its progress: the server writes the
//! file in the background while the page shows how many rows are done, and the browser
//! saves it as soon as it is ready (TS 6.1; a million rows take minutes).

use crate::error::AppError;
use crate::i18n::*;
use crate::reports::model::{ExportProgress, ReportQuery};
use crate::reports::{export_progress, start_export};
use crate::ui::error_text::error_text;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// How often the page asks how far the export has come.
const POLL: std::time::Duration = std::time::Duration::from_millis(600);

fn file_href(id: &str) -> String {
    format!("/reports/exports/{id}")
}

/// Asks again after a while, until the job is ready (then saves it) or failed.
fn follow(job: RwSignal<Option<ExportProgress>>, error: RwSignal<Option<AppError>>, id: String) {
    set_timeout(
        move || {
            spawn_local(async move {
                match export_progress(id.clone()).await {
                    Ok(p) => {
                        let (ready, failed) = (p.ready, p.failed);
                        job.set(Some(p));
                        if ready {
                            let _ = window().location().assign(&file_href(&id));
                        } else if !failed {
                            follow(job, error, id);
                        }
                    }
                    Err(e) => error.set(Some(e)),
                }
            })
        },
        POLL,
    );
}

#[component]
pub fn ExcelExport(query: Memo<ReportQuery>) -> impl IntoView {
    let i18n = use_i18n();
    let job = RwSignal::new(None::<ExportProgress>);
    let error = RwSignal::new(None::<AppError>);
    let running = move || job.with(|j| j.as_ref().is_some_and(|j| !j.ready && !j.failed));
    let start = move |_| {
        error.set(None);
        let q = query.get_untracked();
        spawn_local(async move {
            match start_export(q).await {
                Ok(p) => {
                    let id = p.id.clone();
                    job.set(Some(p));
                    follow(job, error, id);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let status = move || {
        job.get().map(|p| {
            let (done, total) = (p.done.to_string(), p.total.to_string());
            let text = if p.failed {
                t_string!(i18n, report_export_failed).to_string()
            } else if p.ready {
                t_string!(i18n, report_export_ready, total = total.clone()).to_string()
            } else {
                t_string!(
                    i18n,
                    report_export_running,
                    done = done.clone(),
                    total = total.clone()
                )
                .to_string()
            };
            let again = p.ready.then(|| {
                view! { <a href=file_href(&p.id) download>{t!(i18n, report_export_again)}</a> }
            });
            view! {
                <span class="export-progress" role="status" data-ready=p.ready.to_string()>
                    <progress max=p.total.max(1).to_string() value=p.done.to_string()></progress>
                    <span class="export-text">{text}</span>
                    {again}
                </span>
            }
        })
    };
    view! {
        <button class="button" type="button" disabled=running on:click=start>
            {t!(i18n, report_export_xlsx)}
        </button>
        {status}
        {move || error.get().map(|e| view! { <span class="error" role="alert">{error_text(i18n, &e)}</span> })}
    }
}
