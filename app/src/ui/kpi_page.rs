//! The Kazakhstan contact-centre KPIs (order 443, appendix 1) for a period, each green or
//! red against the organisation's threshold, which `settings.reports` holders set here.

use super::guarded::Guarded;
use super::layout::Layout;
use super::live_marker::LiveMarker;
use super::reports::kpi_table::KpiTable;
use super::reports::kpi_thresholds_form::KpiThresholdsForm;
use super::reports::tabs::{ReportTab, ReportTabs};
use crate::i18n::*;
use crate::model::CurrentUser;
use crate::permission::Permission;
use crate::reports::kpi_report;
use crate::ui::error_text::error_text;
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

#[component]
pub fn KpiPage() -> impl IntoView {
    view! { <Guarded any_of=&[Permission::ReportsView, Permission::SettingsReports] page=kpi_page /> }
}

fn kpi_page(user: CurrentUser) -> AnyView {
    view! {
        <Layout user=user.clone()>
            <KpiView user />
        </Layout>
    }
    .into_any()
}

#[component]
fn KpiView(user: CurrentUser) -> impl IntoView {
    let i18n = use_i18n();
    let params = use_query_map();
    let period = Memo::new(move |_| {
        let p = params.read();
        (p.get("from"), p.get("to"))
    });
    let saved = RwSignal::new(0u32);
    let report = Resource::new(
        move || (period.get(), saved.get()),
        |((from, to), _)| kpi_report(from, to),
    );
    let can_set = user.can(Permission::SettingsReports);
    let can_export = user.can(Permission::ReportsExport);
    let error = move |e| view! { <p class="error" role="alert">{error_text(i18n, &e)}</p> }.into_any();
    view! {
        <main class="page wide reports">
            <ReportTabs current=ReportTab::Kpi />
            <h1>{t!(i18n, kpi_title)}</h1>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match report.await {
                        Ok(r) => {
                            let thresholds = r.thresholds.clone();
                            let pdf_href = format!("/reports/kpi.pdf?from={}&to={}", r.from, r.to);
                            view! {
                                <Form method="GET" action="/reports/kpi" attr:class="settings-form report-filters">
                                    <label>{t!(i18n, kpi_period_from)}<input type="date" name="from" value=r.from.clone() /></label>
                                    <label>{t!(i18n, kpi_period_to)}<input type="date" name="to" value=r.to.clone() /></label>
                                    <button type="submit">{t!(i18n, kpi_show)}</button>
                                </Form>
                                <p class="hint">{t!(i18n, kpi_hint)}</p>
                                <Show when=move || can_export>
                                    <p class="exports">
                                        <a class="button" href=pdf_href.clone() download>
                                            {t!(i18n, report_export_pdf)}
                                        </a>
                                    </p>
                                </Show>
                                <KpiTable kpis=r.kpis />
                                <Show when=move || can_set>
                                    <KpiThresholdsForm
                                        current=thresholds.clone()
                                        on_saved=Callback::new(move |()| saved.update(|n| *n += 1))
                                    />
                                </Show>
                            }
                                .into_any()
                        }
                        Err(e) => error(e),
                    }
                })}
            </Transition>
            <Show when=move || { saved.get() > 0 }>
                <p class="saved" role="status">{t!(i18n, kpi_saved)}</p>
            </Show>
            <LiveMarker />
        </main>
    }
}
