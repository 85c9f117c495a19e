//! The conversation report (TS 6.1, 12.3): every column filters and sorts, pages come
//! from the server, a summary groups the same conversations, and the whole report
//! downloads as Excel. The report lives in the address, so it can be bookmarked.

use super::guarded::Guarded;
use super::layout::Layout;
use super::live_marker::LiveMarker;
use super::reports::{aggregate_table::AggregateTable, filter_form::FilterForm, results_table::ResultsTable};
use crate::i18n::*;
use crate::model::CurrentUser;
use crate::permission::Permission;
use crate::reports::model::ReportQuery;
use crate::reports::{report_aggregate, report_filters, report_page};
use crate::ui::error_text::error_text;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ReportsPage() -> impl IntoView {
    view! { <Guarded any_of=&[Permission::ReportsView] page=reports_page /> }
}

fn reports_page(user: CurrentUser) -> AnyView {
    view! {
        <Layout user=user.clone()>
            <ConversationReport user />
        </Layout>
    }
    .into_any()
}

#[component]
fn ConversationReport(user: CurrentUser) -> impl IntoView {
    let i18n = use_i18n();
    let params = use_query_map();
    let query = Memo::new(move |_| params.with(|p| ReportQuery::from_params(|k| p.get(k))));
    let filters = Resource::new(|| (), |_| report_filters());
    let page = Resource::new(move || query.get(), report_page);
    let groups = Resource::new(move || query.get(), report_aggregate);
    let offset = user.utc_offset_seconds;
    let zone = user.time_zone.clone();
    let can_export = user.can(Permission::ReportsExport);
    let can_mark = user.can(Permission::ConversationsQuality);
    let export_href = move |extension: &str| {
        let params = query.get().to_params();
        format!(
            "/reports/conversations.{extension}{}",
            ReportQuery::query_string(&params)
        )
    };
    let error = move |e| view! { <p class="error" role="alert">{error_text(i18n, &e)}</p> }.into_any();
    view! {
        <main class="page wide reports">
            <super::reports::tabs::ReportTabs current=super::reports::tabs::ReportTab::Conversations />
            <h1>{t!(i18n, report_title)}</h1>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match filters.await {
                        Ok(f) => (move || view! { <FilterForm filters=f.clone() current=query.get() /> }).into_any(),
                        Err(e) => error(e),
                    }
                })}
            </Transition>
            <p class="hint">
                {move || {
                    let zone = zone.clone();
                    t_string!(i18n, report_hint, zone).to_string()
                }}
            </p>
            <Show when=move || can_export>
                <p class="exports">
                    <super::reports::excel_export::ExcelExport query />
                    <a class="button" href=move || export_href("pdf") download>{t!(i18n, report_export_pdf)}</a>
                </p>
            </Show>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match groups.await {
                        Ok(rows) => view! { <AggregateTable rows group=query.get_untracked().group_by /> }.into_any(),
                        Err(e) => error(e),
                    }
                })}
            </Transition>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(p) => view! { <ResultsTable page=p query=query.get_untracked() offset can_mark can_export /> }.into_any(),
                        Err(e) => error(e),
                    }
                })}
            </Transition>
            <LiveMarker />
        </main>
    }
}
