use super::labels::{column_name, direction_name, duration, yes_no};
use super::quality_select::QualitySelect;
use crate::i18n::*;
use crate::reports::model::{ReportColumn, ReportPage, ReportQuery, ReportRow};
use crate::ui::history::results::status_name;
use leptos::prelude::*;

/// The address of the report with `q` at `page` (`None`: the first page).
fn href(q: &ReportQuery, page: Option<i64>) -> String {
    let mut params = q.to_params();
    if let Some(page) = page.filter(|p| *p > 0) {
        params.push(("page", page.to_string()));
    }
    format!("/reports/conversations{}", ReportQuery::query_string(&params))
}

/// The address that sorts by `column`: the other way round if it is already the order.
fn sort_href(q: &ReportQuery, column: ReportColumn) -> String {
    let desc = if q.sort == column {
        !q.desc
    } else {
        ReportQuery::default_desc(column)
    };
    href(
        &ReportQuery {
            sort: column,
            desc,
            ..q.clone()
        },
        None,
    )
}

/// One page of the report as a table whose headings sort it, with the pager.
#[component]
pub fn ResultsTable(
    page: ReportPage,
    query: ReportQuery,
    offset: i32,
    can_mark: bool,
    can_export: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let pages = ((page.total + page.page_size - 1) / page.page_size).max(1);
    let current = page.page + 1;
    let total = page.total;
    let prev = (page.page > 0).then(|| href(&query, Some(page.page - 1)));
    let next = (current < pages).then(|| href(&query, Some(page.page + 1)));
    let headings = ReportColumn::ALL
        .into_iter()
        .map(|column| {
            let sorted =
                (query.sort == column).then_some(if query.desc { "descending" } else { "ascending" });
            let link = sort_href(&query, column);
            view! {
                <th scope="col" aria-sort=sorted.unwrap_or("none")>
                    <a href=link>{move || column_name(i18n, column)}</a>
                </th>
            }
        })
        .collect_view();
    let empty = page.rows.is_empty();
    let rows = page
        .rows
        .into_iter()
        .map(|row| view! { <Row row offset can_mark can_export /> })
        .collect_view();
    view! {
        <section class="report-results" aria-labelledby="report-results-title">
            <h2 id="report-results-title">{t!(i18n, report_results_title)}</h2>
            <p class="total" data-testid="report-total">{t!(i18n, report_total, count = total)}</p>
            <Show when=move || empty>
                <p class="empty">{t!(i18n, report_empty)}</p>
            </Show>
            <div class="table-scroll">
                <table class="grid report" data-testid="report-table">
                    <thead>
                        <tr>
                            {headings}
                            <Show when=move || can_export>
                                <th scope="col"><span class="visually-hidden">{t!(i18n, transcript_link)}</span></th>
                            </Show>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <nav class="pager" aria-label=move || t_string!(i18n, report_results_title)>
                {prev.map(|h| view! { <a rel="prev" href=h>{t!(i18n, report_prev)}</a> })}
                <span>{t!(i18n, report_page_of, page = current, pages = pages)}</span>
                {next.map(|h| view! { <a rel="next" href=h>{t!(i18n, report_next)}</a> })}
            </nav>
        </section>
    }
}

#[component]
fn Row(row: ReportRow, offset: i32, can_mark: bool, can_export: bool) -> impl IntoView {
    let i18n = use_i18n();
    let ReportRow {
        id,
        operator_login,
        operator_name,
        customer,
        created_at,
        closed_at,
        handling_seconds,
        reaction_seconds,
        queue_seconds,
        direction,
        status,
        resolved,
        topics,
        channel,
        rating,
        rating_scale,
        quality,
    } = row;
    let operator = operator_name.map(|name| match operator_login {
        Some(login) => format!("{name} ({login})"),
        None => name,
    });
    let closed = closed_at
        .map(|t| crate::time::date_time(&t, offset))
        .unwrap_or_default();
    let closed_conversation = status == protocol::ConversationStatus::Closed;
    view! {
        <tr data-id=id>
            <td><a href=format!("/workspace?c={id}")>{id}</a></td>
            <td>{operator}</td>
            <td>{customer}</td>
            <td>{crate::time::date_time(&created_at, offset)}</td>
            <td>{closed}</td>
            <td class="num">{duration(handling_seconds)}</td>
            <td class="num">{duration(reaction_seconds)}</td>
            <td class="num">{duration(queue_seconds)}</td>
            <td>{move || direction_name(i18n, direction)}</td>
            <td>{move || status_name(i18n, status)}</td>
            <td>{move || yes_no(i18n, resolved)}</td>
            <td>{topics.join(", ")}</td>
            <td>{channel}</td>
            <td class="num">{rating.map(|r| format!("{r} / {rating_scale}"))}</td>
            <td>
                {if can_mark && closed_conversation {
                    view! { <QualitySelect id current=quality /> }.into_any()
                } else {
                    view! { {move || yes_no(i18n, quality)} }.into_any()
                }}
            </td>
            {can_export.then(|| view! {
                <td>
                    {closed_conversation.then(|| view! {
                        <a href=format!("/reports/transcript.pdf?id={id}") download>{t!(i18n, transcript_link)}</a>
                    })}
                </td>
            })}
        </tr>
    }
}
