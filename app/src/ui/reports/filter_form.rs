use super::labels::{column_name, group_name};
use crate::i18n::*;
use crate::reports::model::{GroupBy, Mark, ReportColumn, ReportFilters, ReportQuery};
use crate::ui::history::search_form::Choice;
use leptos::prelude::*;
use leptos_router::components::Form;
use protocol::ConversationStatus;

/// A filter for every column, and the summary's grouping; submitting puts them in the
/// address (`GET /reports/conversations?…`), keeping the order.
#[component]
pub fn FilterForm(filters: ReportFilters, current: ReportQuery) -> impl IntoView {
    let i18n = use_i18n();
    let q = current;
    let minutes = |s: Option<i64>| {
        s.map(|s| {
            if s % 60 == 0 {
                (s / 60).to_string()
            } else {
                format!("{}", s as f64 / 60.0)
            }
        })
        .unwrap_or_default()
    };
    let mark_select = move |name: &'static str, current: Option<Mark>, label: String| {
        view! {
            <select name=name aria-label=label>
                <option value="" selected=current.is_none()>{t!(i18n, report_any)}</option>
                <option value="yes" selected={current == Some(Mark::Yes)}>{t!(i18n, report_yes)}</option>
                <option value="no" selected={current == Some(Mark::No)}>{t!(i18n, report_no)}</option>
                <option value="none" selected={current == Some(Mark::Unmarked)}>{t!(i18n, report_unmarked)}</option>
            </select>
        }
    };
    let statuses = [
        ConversationStatus::Waiting,
        ConversationStatus::Active,
        ConversationStatus::Closed,
    ];
    let sort = (q.sort != ReportColumn::default()).then(|| q.sort.as_str());
    let desc = (q.desc != ReportQuery::default_desc(q.sort)).then(|| if q.desc { "1" } else { "0" });
    view! {
        <Form method="GET" action="/reports/conversations" attr:class="report-filters settings-form" attr:role="search">
            <label>{t!(i18n, report_from_label)}<input type="date" name="from" value=q.from /></label>
            <label>{t!(i18n, report_to_label)}<input type="date" name="to" value=q.to /></label>
            <label>{t!(i18n, report_closed_from_label)}<input type="date" name="closed_from" value=q.closed_from /></label>
            <label>{t!(i18n, report_closed_to_label)}<input type="date" name="closed_to" value=q.closed_to /></label>
            <label>
                {move || column_name(i18n, ReportColumn::Id)}
                <input type="number" name="id" min="1" value=q.id.map(|v| v.to_string()).unwrap_or_default() />
            </label>
            <label>
                {move || column_name(i18n, ReportColumn::Operator)}
                <Choice name="operator" options=filters.operators current=q.operator_id aria_label=column_name(i18n, ReportColumn::Operator) />
            </label>
            <label>
                {move || column_name(i18n, ReportColumn::Customer)}
                <input type="text" name="customer" maxlength="100" value=q.customer />
            </label>
            <label>
                {t!(i18n, report_handling_min)}
                <input type="number" name="handling_min" min="0" step="any" value=minutes(q.handling_min) />
            </label>
            <label>
                {t!(i18n, report_reaction_min)}
                <input type="number" name="reaction_min" min="0" step="any" value=minutes(q.reaction_min) />
            </label>
            <label>
                {t!(i18n, report_queue_min)}
                <input type="number" name="queue_min" min="0" step="any" value=minutes(q.queue_min) />
            </label>
            <label>
                {move || column_name(i18n, ReportColumn::Direction)}
                <select name="direction" aria-label=column_name(i18n, ReportColumn::Direction)>
                    <option value="" selected=q.direction.is_none()>{t!(i18n, report_any)}</option>
                    <option value="inbound" selected={q.direction.map(|d| d.as_str()) == Some("inbound")}>
                        {t!(i18n, report_direction_inbound)}
                    </option>
                    <option value="outbound" selected={q.direction.map(|d| d.as_str()) == Some("outbound")}>
                        {t!(i18n, report_direction_outbound)}
                    </option>
                </select>
            </label>
            <label>
                {move || column_name(i18n, ReportColumn::Status)}
                <select name="status" aria-label=column_name(i18n, ReportColumn::Status)>
                    <option value="" selected=q.status.is_none()>{t!(i18n, report_any)}</option>
                    {statuses
                        .into_iter()
                        .map(|s| {
                            view! {
                                <option value=s.as_str() selected={q.status == Some(s)}>
                                    {move || crate::ui::history::results::status_name(i18n, s)}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <label>{move || column_name(i18n, ReportColumn::Resolved)}{mark_select("resolved", q.resolved, column_name(i18n, ReportColumn::Resolved))}</label>
            <label>
                {move || column_name(i18n, ReportColumn::Topics)}
                <Choice name="topic" options=filters.topics current=q.topic_id aria_label=column_name(i18n, ReportColumn::Topics) />
            </label>
            <label>
                {move || column_name(i18n, ReportColumn::Channel)}
                <Choice name="channel" options=filters.channels current=q.channel_id aria_label=column_name(i18n, ReportColumn::Channel) />
            </label>
            <label>
                {move || column_name(i18n, ReportColumn::Rating)}
                <input type="number" name="rating" min="1" max="10" value=q.rating.map(|v| v.to_string()).unwrap_or_default() />
            </label>
            <label>{move || column_name(i18n, ReportColumn::Quality)}{mark_select("quality", q.quality, column_name(i18n, ReportColumn::Quality))}</label>
            <label>
                {t!(i18n, report_group_label)}
                <select name="group" aria-label=move || t_string!(i18n, report_group_label)>
                    {GroupBy::ALL
                        .into_iter()
                        .map(|g| {
                            view! {
                                <option value=g.as_str() selected={q.group_by == g}>{move || group_name(i18n, g)}</option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            {sort.map(|s| view! { <input type="hidden" name="sort" value=s /> })}
            {desc.map(|d| view! { <input type="hidden" name="desc" value=d /> })}
            <button type="submit">{t!(i18n, report_apply)}</button>
            <a class="reset" href="/reports/conversations">{t!(i18n, report_reset)}</a>
        </Form>
    }
}
