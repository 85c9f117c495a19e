//! The dashboard's charts: charming builds ECharts options in the browser and draws
//! them into the containers below (ECharts itself is served from /vendor). The server
//! renders only the empty, labelled containers; the figures and the operators' table
//! carry the same numbers for readers without charts.

use crate::i18n::*;
use crate::reports::dashboard_model::Dashboard;
use leptos::prelude::*;

/// The charts, by container id.
pub const CHARTS: [&str; 5] = [
    "chart-operators",
    "chart-states",
    "chart-channels",
    "chart-statuses",
    "chart-hours",
];

#[component]
pub fn Charts(data: RwSignal<Option<Dashboard>>) -> impl IntoView {
    let i18n = use_i18n();
    draw(i18n, data);
    let title = move |id: &str| match id {
        "chart-operators" => t_string!(i18n, dashboard_chart_operators).to_string(),
        "chart-states" => t_string!(i18n, dashboard_chart_states).to_string(),
        "chart-channels" => t_string!(i18n, dashboard_chart_channels).to_string(),
        "chart-statuses" => t_string!(i18n, dashboard_chart_statuses).to_string(),
        _ => t_string!(i18n, dashboard_chart_hours).to_string(),
    };
    view! {
        <section class="charts" aria-label=move || t_string!(i18n, dashboard_charts)>
            {CHARTS
                .into_iter()
                .map(|id| {
                    view! {
                        <figure class="chart">
                            <figcaption>{move || title(id)}</figcaption>
                            <div id=id class="chart-canvas" data-testid=id role="img" aria-label=move || title(id)></div>
                        </figure>
                    }
                })
                .collect_view()}
        </section>
    }
}

#[cfg(not(feature = "hydrate"))]
fn draw(_i18n: leptos_i18n::I18nContext<Locale>, _data: RwSignal<Option<Dashboard>>) {}

/// Draws every chart once the figures arrive, and updates them in place after.
#[cfg(feature = "hydrate")]
fn draw(i18n: leptos_i18n::I18nContext<Locale>, data: RwSignal<Option<Dashboard>>) {
    use charming::component::{Axis, Legend};
    use charming::element::{AxisType, Tooltip, Trigger};
    use charming::series::{Bar, Pie};
    use charming::{Chart, WasmRenderer};
    use std::collections::HashMap;

    let drawn = StoredValue::new_local(HashMap::<&'static str, charming::Echarts>::new());
    Effect::new(move |_| {
        let Some(d) = data.get() else { return };
        // ECharts is a script of its own; without it the figures still show.
        let loaded = web_sys::window()
            .and_then(|w| js_sys::Reflect::has(&w, &"echarts".into()).ok())
            .unwrap_or(false);
        if !loaded {
            return;
        }
        let load_name = t_string!(i18n, dashboard_load).to_string();
        let capacity_name = t_string!(i18n, dashboard_capacity).to_string();
        let names: Vec<String> = d.operators.iter().map(|o| o.display_name.clone()).collect();
        let operators = Chart::new()
            .tooltip(Tooltip::new().trigger(Trigger::Axis))
            .legend(Legend::new())
            .x_axis(Axis::new().type_(AxisType::Category).data(names))
            .y_axis(Axis::new().type_(AxisType::Value))
            .series(
                Bar::new()
                    .name(load_name)
                    .data(d.operators.iter().map(|o| o.load).collect::<Vec<_>>()),
            )
            .series(
                Bar::new().name(capacity_name).data(
                    d.operators
                        .iter()
                        .map(|o| i64::from(o.capacity))
                        .collect::<Vec<_>>(),
                ),
            );
        let pie = |items: Vec<(i64, String)>| {
            Chart::new()
                .tooltip(Tooltip::new().trigger(Trigger::Item))
                .legend(Legend::new())
                .series(Pie::new().radius(vec!["35%", "65%"]).data(items))
        };
        let states = pie(d
            .states
            .iter()
            .map(|s| (s.operators, crate::ui::state_switch::state_name(i18n, &s.state)))
            .collect());
        let channels = pie(d
            .per_channel
            .iter()
            .map(|c| (c.conversations, c.channel.clone()))
            .collect());
        let statuses = pie(vec![
            (d.waiting, t_string!(i18n, status_waiting).to_string()),
            (d.active, t_string!(i18n, status_active).to_string()),
            (d.closed, t_string!(i18n, status_closed).to_string()),
        ]);
        let hours = Chart::new()
            .tooltip(Tooltip::new().trigger(Trigger::Axis))
            .x_axis(
                Axis::new()
                    .type_(AxisType::Category)
                    .data((0..24).map(|h| format!("{h:02}")).collect::<Vec<_>>()),
            )
            .y_axis(Axis::new().type_(AxisType::Value))
            .series(
                Bar::new()
                    .name(t_string!(i18n, dashboard_total).to_string())
                    .data(d.per_hour_today.clone()),
            );
        let charts = [operators, states, channels, statuses, hours];
        drawn.update_value(|drawn| {
            for (id, chart) in CHARTS.into_iter().zip(charts.iter()) {
                match drawn.get(id) {
                    Some(echarts) => WasmRenderer::update(echarts, chart),
                    None => {
                        if let Ok(echarts) = WasmRenderer::new_opt(None, None).render(id, chart) {
                            drawn.insert(id, echarts);
                        }
                    }
                }
            }
        });
    });
}
