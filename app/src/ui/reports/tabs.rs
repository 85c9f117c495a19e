use crate::i18n::*;
use leptos::prelude::*;

/// Which report page is open.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum ReportTab {
    Conversations,
    Kpi,
    Staff,
    Semiannual,
}

/// Links between the report pages.
#[component]
pub fn ReportTabs(current: ReportTab) -> impl IntoView {
    let i18n = use_i18n();
    let aria = move |tab: ReportTab| (tab == current).then_some("page");
    view! {
        <nav class="report-tabs" aria-label=move || t_string!(i18n, nav_reports)>
            <a href="/reports/conversations" aria-current=aria(ReportTab::Conversations)>{t!(i18n, report_title)}</a>
            <a href="/reports/kpi" aria-current=aria(ReportTab::Kpi)>{t!(i18n, kpi_title)}</a>
            <a href="/reports/staff" aria-current=aria(ReportTab::Staff)>{t!(i18n, staff_tab)}</a>
            <a href="/reports/semiannual" aria-current=aria(ReportTab::Semiannual)>{t!(i18n, semiannual_title)}</a>
        </nav>
    }
}
