//! `/admin/audit`: the audit journal (`audit.view`): filters in the address, newest
//! records first, a CSV download of everything that matches, and a check of the hash
//! chain that names the first broken record.

use super::error_text::error_text;
use super::guarded::Guarded;
use super::layout::Layout;
use super::live_marker::LiveMarker;
use crate::audit::model::{AuditQuery, AuditRecord, ChainStatus, PAGE_SIZE};
use crate::audit::{audit_page, audit_verify};
use crate::error::AppError;
use crate::i18n::*;
use crate::model::CurrentUser;
use crate::permission::Permission;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AuditPage() -> impl IntoView {
    view! { <Guarded any_of=&[Permission::AuditView] page=audit_page_for /> }
}

fn audit_page_for(user: CurrentUser) -> AnyView {
    let offset = user.utc_offset_seconds;
    view! { <Layout user><Journal offset /></Layout> }.into_any()
}

#[component]
fn Journal(offset: i32) -> impl IntoView {
    let i18n = use_i18n();
    let params = use_query_map();
    let query = Memo::new(move |_| {
        let p = params.read();
        let get = |k: &str| p.get(k).unwrap_or_default();
        AuditQuery {
            from: get("from"),
            to: get("to"),
            login: get("login"),
            event: get("event"),
            text: get("text"),
            page: get("page").parse().unwrap_or(0),
        }
    });
    let page = Resource::new(move || query.get(), audit_page);
    view! {
        <main class="page wide">
            <h1>{t!(i18n, audit_title)}</h1>
            <ChainCheck />
            <form method="get" action="/admin/audit" class="filters" data-testid="audit-filters">
                <label>{t!(i18n, history_from_label)}<input type="date" name="from" prop:value=move || query.get().from /></label>
                <label>{t!(i18n, history_to_label)}<input type="date" name="to" prop:value=move || query.get().to /></label>
                <label>{t!(i18n, audit_col_login)}<input type="text" name="login" prop:value=move || query.get().login /></label>
                <label>{t!(i18n, audit_col_event)}
                    <input type="text" name="event" list="audit-events" prop:value=move || query.get().event />
                </label>
                <datalist id="audit-events">
                    {EVENTS.iter().map(|e| view! { <option value=*e></option> }).collect_view()}
                </datalist>
                <label>{t!(i18n, audit_filter_text)}<input type="text" name="text" prop:value=move || query.get().text /></label>
                <button type="submit">{t!(i18n, report_apply)}</button>
                <a class="button-link" data-testid="audit-csv" download=""
                    href=move || format!("/admin/audit.csv?{}", query.get().to_query_string())>
                    {t!(i18n, audit_download_csv)}
                </a>
            </form>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(p) => {
                            let q = query.get_untracked();
                            let total = p.total;
                            view! {
                                <p class="hint" data-testid="audit-total">{move || t_string!(i18n, audit_total, total).to_string()}</p>
                                <Records records=p.records offset />
                                <Pager q total=p.total />
                            }
                            .into_any()
                        }
                        Err(e) => view! { <p class="error" role="alert">{error_text(i18n, &e)}</p> }.into_any(),
                    }
                })}
            </Transition>
            <LiveMarker />
        </main>
    }
}

/// Event types offered in the filter (see docs/audit-events.md).
const EVENTS: [&str; 20] = [
    "auth.",
    "auth.login.succeeded",
    "auth.login.failed",
    "auth.logout",
    "access.denied",
    "user.",
    "user.created",
    "user.updated",
    "user.roles_changed",
    "user.blocked",
    "user.unblocked",
    "user.deleted",
    "user.password_reset",
    "user.password_changed",
    "role.",
    "settings.changed",
    "report.exported",
    "audit.",
    "audit.exported",
    "audit.verified",
];

#[component]
fn Records(records: Vec<AuditRecord>, offset: i32) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <table class="grid audit" data-testid="audit">
            <thead>
                <tr>
                    <th>{t!(i18n, audit_col_id)}</th>
                    <th>{t!(i18n, audit_col_at)}</th>
                    <th>{t!(i18n, audit_col_login)}</th>
                    <th>{t!(i18n, audit_col_ip)}</th>
                    <th>{t!(i18n, audit_col_event)}</th>
                    <th>{t!(i18n, audit_col_target)}</th>
                    <th>{t!(i18n, audit_col_details)}</th>
                </tr>
            </thead>
            <tbody>
                {records
                    .into_iter()
                    .map(|r| {
                        let at = crate::time::date_time_seconds(&r.at, offset);
                        let short: String = r.details.chars().take(120).collect();
                        let long = r.details.chars().count() > 120;
                        let event_attr = r.event.clone();
                        view! {
                            <tr data-event=event_attr>
                                <td>{r.id}</td>
                                <td class="nowrap">{at}</td>
                                <td>{r.login}</td>
                                <td title=r.user_agent.unwrap_or_default()>{r.ip.unwrap_or_default()}</td>
                                <td><code>{r.event}</code></td>
                                <td>{r.target}</td>
                                <td class="details">
                                    {if long {
                                        view! { <details><summary><code>{short}"…"</code></summary><pre>{r.details}</pre></details> }.into_any()
                                    } else {
                                        view! { <code>{r.details}</code> }.into_any()
                                    }}
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn Pager(q: AuditQuery, total: i64) -> impl IntoView {
    let i18n = use_i18n();
    let pages = (total + PAGE_SIZE - 1) / PAGE_SIZE;
    let current = q.page;
    let link = move |page: i64| {
        let base = q.to_query_string();
        let sep = if base.is_empty() { "" } else { "&" };
        format!("/admin/audit?{base}{sep}page={page}")
    };
    (pages > 1).then(|| {
        view! {
            <nav class="pager">
                {(current > 0).then(|| view! { <a href=link(current - 1) rel="prev">{t!(i18n, report_prev)}</a> })}
                <span>{format!("{} / {}", current + 1, pages)}</span>
                {(current + 1 < pages).then(|| view! { <a href=link(current + 1) rel="next">{t!(i18n, report_next)}</a> })}
            </nav>
        }
    })
}

/// "Verify the chain": walks every record and says whether it holds.
#[component]
fn ChainCheck() -> impl IntoView {
    let i18n = use_i18n();
    let result: RwSignal<Option<Result<ChainStatus, AppError>>> = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let on_click = move |_| {
        busy.set(true);
        leptos::task::spawn_local(async move {
            result.set(Some(audit_verify().await));
            busy.set(false);
        });
    };
    view! {
        <section class="chain-check">
            <button type="button" data-testid="verify-chain" on:click=on_click disabled=move || busy.get()>
                {t!(i18n, audit_verify)}
            </button>
            {move || result.get().map(|r| match r {
                Ok(ChainStatus::Intact { records, head }) => view! {
                    <p class="saved" role="status" data-testid="chain-status">
                        {move || t_string!(i18n, audit_chain_ok, records).to_string()}
                        " "<code title=head.clone()>{head.chars().take(16).collect::<String>()}</code>
                    </p>
                }
                .into_any(),
                Ok(ChainStatus::Broken { id, altered, verified_before }) => view! {
                    <p class="error" role="alert" data-testid="chain-status">
                        {move || if altered {
                            t_string!(i18n, audit_chain_altered, id, before = verified_before).to_string()
                        } else {
                            t_string!(i18n, audit_chain_unlinked, id, before = verified_before).to_string()
                        }}
                    </p>
                }
                .into_any(),
                Err(e) => view! { <p class="error" role="alert">{error_text(i18n, &e)}</p> }.into_any(),
            })}
        </section>
    }
}
