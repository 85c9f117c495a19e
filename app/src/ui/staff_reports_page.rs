//! The reports on staff (TS 6.1): shifts with their actual start and end, time in each
//! operator state, and satisfaction per operator with the distribution of scores; for a
//! period, as a table, Excel or PDF.

use super::guarded::Guarded;
use super::layout::Layout;
use super::live_marker::LiveMarker;
use super::reports::tabs::{ReportTab, ReportTabs};
use crate::i18n::*;
use crate::model::CurrentUser;
use crate::permission::Permission;
use crate::reports::staff_labels::{staff_column, staff_title};
use crate::reports::staff_model::{StaffCell, StaffReportKind};
use crate::reports::staff_report;
use crate::ui::error_text::error_text;
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

#[component]
pub fn StaffReportsPage() -> impl IntoView {
    view! { <Guarded any_of=&[Permission::ReportsView] page=staff_reports_page /> }
}

fn staff_reports_page(user: CurrentUser) -> AnyView {
    view! {
        <Layout user=user.clone()>
            <StaffReports user />
        </Layout>
    }
    .into_any()
}

fn cell_text(i18n: leptos_i18n::I18nContext<Locale>, cell: &StaffCell, offset: i32) -> String {
    match cell {
        StaffCell::Text(t) => t.clone(),
        StaffCell::Number(n) if n.fract() == 0.0 => format!("{n:.0}"),
        StaffCell::Number(n) => format!("{n:.2}"),
        StaffCell::Instant(t) => crate::time::date_time(t, offset),
        StaffCell::Seconds(s) => crate::personal_stats::model::duration_text(*s),
        StaffCell::Percent(p) => format!("{p:.1} %"),
        StaffCell::EndReason(r) => match r.as_deref() {
            Some("sign_out") => t_string!(i18n, staff_end_sign_out).to_string(),
            Some("end_shift") => t_string!(i18n, staff_end_end_shift).to_string(),
            Some("terminated") => t_string!(i18n, staff_end_terminated).to_string(),
            _ => t_string!(i18n, staff_end_open).to_string(),
        },
        StaffCell::Empty => String::new(),
    }
}

#[component]
fn StaffReports(user: CurrentUser) -> impl IntoView {
    let i18n = use_i18n();
    let params = use_query_map();
    let chosen = Memo::new(move |_| {
        let p = params.read();
        let kind = p
            .get("kind")
            .and_then(|k| StaffReportKind::parse(k.trim()))
            .unwrap_or_default();
        (kind, p.get("from"), p.get("to"))
    });
    let report = Resource::new(
        move || chosen.get(),
        |(kind, from, to)| staff_report(kind, from, to),
    );
    let offset = user.utc_offset_seconds;
    let can_export = user.can(Permission::ReportsExport);
    view! {
        <main class="page wide reports staff-reports">
            <ReportTabs current=ReportTab::Staff />
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match report.await {
                        Ok(r) => {
                            let kind = r.kind;
                            let query = format!("kind={}&from={}&to={}", kind.as_str(), r.from, r.to);
                            let headings = kind
                                .columns()
                                .iter()
                                .map(|c| {
                                    let c = *c;
                                    view! { <th scope="col">{move || staff_column(i18n.get_locale(), c)}</th> }
                                })
                                .collect_view();
                            let empty = r.rows.is_empty();
                            let rows = r
                                .rows
                                .into_iter()
                                .map(|row| {
                                    let cells = row
                                        .into_iter()
                                        .map(|cell| {
                                            let numeric = !matches!(cell, StaffCell::Text(_) | StaffCell::EndReason(_));
                                            view! { <td class:num=numeric>{move || cell_text(i18n, &cell, offset)}</td> }
                                        })
                                        .collect_view();
                                    view! { <tr>{cells}</tr> }
                                })
                                .collect_view();
                            view! {
                                <h1>{move || staff_title(i18n.get_locale(), kind)}</h1>
                                <Form method="GET" action="/reports/staff" attr:class="settings-form report-filters">
                                    <label>
                                        {t!(i18n, staff_kind)}
                                        <select name="kind" aria-label=move || t_string!(i18n, staff_kind)>
                                            {StaffReportKind::ALL
                                                .into_iter()
                                                .map(|k| view! {
                                                    <option value=k.as_str() selected={k == kind}>{move || staff_title(i18n.get_locale(), k)}</option>
                                                })
                                                .collect_view()}
                                        </select>
                                    </label>
                                    <label>{t!(i18n, kpi_period_from)}<input type="date" name="from" value=r.from.clone() /></label>
                                    <label>{t!(i18n, kpi_period_to)}<input type="date" name="to" value=r.to.clone() /></label>
                                    <button type="submit">{t!(i18n, kpi_show)}</button>
                                </Form>
                                <Show when=move || can_export>
                                    <p class="exports">
                                        <a class="button" href=format!("/reports/staff.xlsx?{query}") download>{t!(i18n, report_export_xlsx)}</a>
                                        <a class="button" href=format!("/reports/staff.pdf?{query}") download>{t!(i18n, report_export_pdf)}</a>
                                    </p>
                                </Show>
                                <Show when=move || empty>
                                    <p class="empty">{t!(i18n, staff_empty)}</p>
                                </Show>
                                <div class="table-scroll">
                                    <table class="grid report" data-testid="staff-report">
                                        <thead><tr>{headings}</tr></thead>
                                        <tbody>{rows}</tbody>
                                    </table>
                                </div>
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
