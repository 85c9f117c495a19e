use crate::i18n::*;
use crate::reports::dashboard_model::{DashboardPeriod, DashboardQuery};
use crate::reports::model::ReportFilters;
use crate::ui::history::search_form::Choice;
use leptos::prelude::*;
use leptos_router::components::Form;

fn period_name(i18n: leptos_i18n::I18nContext<Locale>, p: DashboardPeriod) -> String {
    match p {
        DashboardPeriod::Hour => t_string!(i18n, dashboard_period_hour).to_string(),
        DashboardPeriod::Day => t_string!(i18n, dashboard_period_day).to_string(),
        DashboardPeriod::Week => t_string!(i18n, dashboard_period_week).to_string(),
        DashboardPeriod::Month => t_string!(i18n, dashboard_period_month).to_string(),
        DashboardPeriod::Year => t_string!(i18n, dashboard_period_year).to_string(),
    }
}

/// Period, group and channel, in the address (`GET /supervision/dashboard?…`).
#[component]
pub fn DashboardFilters(filters: ReportFilters, current: DashboardQuery) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Form method="GET" action="/supervision/dashboard" attr:class="settings-form report-filters">
            <label>
                {t!(i18n, dashboard_period)}
                <select name="period" aria-label=move || t_string!(i18n, dashboard_period)>
                    {DashboardPeriod::ALL
                        .into_iter()
                        .map(|p| view! {
                            <option value=p.as_str() selected={current.period == p}>{move || period_name(i18n, p)}</option>
                        })
                        .collect_view()}
                </select>
            </label>
            <label>{t!(i18n, dashboard_group)}<Choice name="group" options=filters.groups current=current.group_id aria_label=t_string!(i18n, dashboard_group).to_string() /></label>
            <label>{t!(i18n, report_col_channel)}<Choice name="channel" options=filters.channels current=current.channel_id aria_label=t_string!(i18n, report_col_channel).to_string() /></label>
            <button type="submit">{t!(i18n, report_apply)}</button>
        </Form>
    }
}
