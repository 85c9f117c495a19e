use crate::i18n::*;
use crate::reports::dashboard_model::Dashboard;
use crate::ui::reports::labels::duration;
use crate::ui::state_switch::state_name;
use leptos::prelude::*;

/// The dashboard's numbers, and the operators as a table (what the charts draw, readable
/// without them).
#[component]
pub fn Figures(data: Dashboard) -> impl IntoView {
    let i18n = use_i18n();
    let ratio = data
        .closed_to_open()
        .map(|r| format!("{r:.2}"))
        .unwrap_or_else(|| "—".into());
    let dash = |s: String| if s.is_empty() { "—".to_owned() } else { s };
    let satisfaction = data
        .satisfaction
        .map(|s| format!("{s:.2} / 5 ({})", data.rated))
        .unwrap_or_else(|| "—".into());
    let peak = data
        .per_hour_today
        .iter()
        .enumerate()
        .max_by_key(|(h, n)| (**n, -(*h as i64)))
        .filter(|(_, n)| **n > 0)
        .map(|(h, n)| format!("{h:02}:00–{:02}:00 ({n})", h + 1))
        .unwrap_or_else(|| "—".into());
    let figure = move |code: &'static str, label: String, value: String| {
        view! {
            <div class="figure" data-figure=code>
                <dt>{label}</dt>
                <dd>{value}</dd>
            </div>
        }
    };
    let operators = data
        .operators
        .iter()
        .map(|o| {
            let state = o.state.clone();
            view! {
                <tr data-operator=o.login.clone()>
                    <th scope="row">{o.display_name.clone()}</th>
                    <td>{move || state_name(i18n, &state)}</td>
                    <td class="num">{format!("{} / {}", o.load, o.capacity)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <dl class="figures" data-testid="dashboard-figures">
            {figure("total", t_string!(i18n, dashboard_total).to_string(), data.total.to_string())}
            {figure("waiting", t_string!(i18n, status_waiting).to_string(), data.waiting.to_string())}
            {figure("active", t_string!(i18n, status_active).to_string(), data.active.to_string())}
            {figure("closed", t_string!(i18n, status_closed).to_string(), data.closed.to_string())}
            {figure("ratio", t_string!(i18n, dashboard_ratio).to_string(), ratio)}
            {figure("queue", t_string!(i18n, dashboard_queue).to_string(), data.queue_length.to_string())}
            {figure("longest-wait", t_string!(i18n, dashboard_longest_wait).to_string(), dash(duration(data.longest_wait_seconds)))}
            {figure("handling", t_string!(i18n, report_agg_avg_handling).to_string(), dash(duration(data.avg_handling_seconds)))}
            {figure("reaction", t_string!(i18n, report_agg_avg_reaction).to_string(), dash(duration(data.avg_reaction_seconds)))}
            {figure("satisfaction", t_string!(i18n, kpi_satisfaction).to_string(), satisfaction)}
            {figure("peak", t_string!(i18n, dashboard_peak).to_string(), peak)}
        </dl>
        <section aria-labelledby="dashboard-operators-title">
            <h2 id="dashboard-operators-title">{t!(i18n, dashboard_operators)}</h2>
            <table class="grid report" data-testid="dashboard-operators">
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, report_col_operator)}</th>
                        <th scope="col">{t!(i18n, report_col_status)}</th>
                        <th scope="col">{t!(i18n, dashboard_load)}</th>
                    </tr>
                </thead>
                <tbody>{operators}</tbody>
            </table>
        </section>
    }
}
