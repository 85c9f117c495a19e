//! The supervisors' live dashboard (TS 6.1, 12.3): operators' states and loads, the queue,
//! conversations per channel, status and hour, averages, satisfaction and the KPIs, for a
//! period, a group or a channel. The figures render on the server; the charts (charming
//! over ECharts, served from /vendor) draw in the browser, and everything refreshes on
//! each change pushed over the staff socket.

use super::dashboard::{charts::Charts, figures::Figures, filter_form::DashboardFilters};
use super::guarded::Guarded;
use super::layout::Layout;
use super::live_marker::LiveMarker;
use super::reports::kpi_table::KpiTable;
use crate::i18n::*;
use crate::model::CurrentUser;
use crate::permission::Permission;
use crate::reports::dashboard_model::{Dashboard, DashboardQuery};
use crate::reports::{dashboard, report_filters};
use crate::ui::error_text::error_text;
use leptos::prelude::*;
use leptos_meta::Script;
use leptos_router::hooks::use_query_map;

#[component]
pub fn DashboardPage() -> impl IntoView {
    view! { <Guarded any_of=&[Permission::ReportsView] page=dashboard_page /> }
}

fn dashboard_page(user: CurrentUser) -> AnyView {
    view! {
        <Layout user=user.clone()>
            <DashboardView />
        </Layout>
    }
    .into_any()
}

#[component]
fn DashboardView() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_query_map();
    let query = Memo::new(move |_| params.with(|p| DashboardQuery::from_params(|k| p.get(k))));
    let filters = Resource::new(|| (), |_| report_filters());
    let data = Resource::new(move || query.get(), dashboard);
    // The latest figures, kept while a refresh is on its way (the charts redraw in place).
    let latest = RwSignal::new(None::<Dashboard>);
    Effect::new(move |_| {
        if let Some(Ok(d)) = data.get() {
            latest.set(Some(d));
        }
    });
    keep_live(data);
    let error = move |e| view! { <p class="error" role="alert">{error_text(i18n, &e)}</p> }.into_any();
    view! {
        <Script src="/vendor/echarts.min.js" />
        <main class="page wide reports dashboard">
            <h1>{t!(i18n, dashboard_title)}</h1>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match filters.await {
                        Ok(f) => (move || view! { <DashboardFilters filters=f.clone() current=query.get() /> }).into_any(),
                        Err(e) => error(e),
                    }
                })}
            </Transition>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(d) => view! {
                            <Figures data=d.clone() />
                            <section aria-labelledby="dashboard-kpi-title">
                                <h2 id="dashboard-kpi-title">{t!(i18n, kpi_title)}</h2>
                                <KpiTable kpis=d.kpis.clone() />
                            </section>
                        }
                            .into_any(),
                        Err(e) => error(e),
                    }
                })}
            </Transition>
            <Charts data=latest />
            <LiveMarker />
        </main>
    }
}

/// Refreshes on every conversation, message or state change pushed over the staff
/// socket (at most once a second), and every 15 s for the clocks.
#[cfg(feature = "hydrate")]
fn keep_live(data: Resource<Result<Dashboard, crate::error::AppError>>) {
    use crate::realtime::{now_ms, StaffSocket};
    let socket = StoredValue::new_local(None::<StaffSocket>);
    let last = StoredValue::new(0.0);
    let pending = StoredValue::new(false);
    Effect::new(move |_| {
        let refresh = move || {
            let now = now_ms();
            if now - last.get_value() >= 1000.0 {
                last.set_value(now);
                data.refetch();
            } else if !pending.get_value() {
                pending.set_value(true);
                set_timeout(
                    move || {
                        pending.set_value(false);
                        last.set_value(now_ms());
                        data.refetch();
                    },
                    std::time::Duration::from_millis(1000),
                );
            }
        };
        socket.set_value(Some(StaffSocket::connect(
            move |_event| refresh(),
            move |_| refresh(),
            || {},
        )));
        if let Ok(handle) =
            set_interval_with_handle(move || data.refetch(), std::time::Duration::from_secs(15))
        {
            on_cleanup(move || handle.clear());
        }
    });
    on_cleanup(move || {
        if let Some(s) = socket.try_get_value().flatten() {
            s.stop();
        }
    });
}

#[cfg(not(feature = "hydrate"))]
fn keep_live(_data: Resource<Result<Dashboard, crate::error::AppError>>) {}
