use super::labels::{duration, group_name};
use crate::i18n::*;
use crate::reports::model::{AggregateRow, GroupBy, Mark};
use leptos::prelude::*;

/// The filtered conversations grouped by a period, operator, topic, mark, direction or
/// channel, with counts and averages.
#[component]
pub fn AggregateTable(rows: Vec<AggregateRow>, group: GroupBy) -> impl IntoView {
    let i18n = use_i18n();
    let key_text = move |key: String| -> String {
        match group {
            GroupBy::Resolved => match Mark::parse(&key) {
                Some(Mark::Yes) => t_string!(i18n, report_yes).to_string(),
                Some(Mark::No) => t_string!(i18n, report_no).to_string(),
                _ => t_string!(i18n, report_unmarked).to_string(),
            },
            GroupBy::Direction => match key.as_str() {
                "outbound" => t_string!(i18n, report_direction_outbound).to_string(),
                _ => t_string!(i18n, report_direction_inbound).to_string(),
            },
            GroupBy::Operator if key.is_empty() => t_string!(i18n, report_no_operator).to_string(),
            GroupBy::Topic if key.is_empty() => t_string!(i18n, report_no_topic).to_string(),
            _ => key,
        }
    };
    let body = rows
        .into_iter()
        .map(|r| {
            let key = r.key.clone();
            view! {
                <tr>
                    <th scope="row">{move || key_text(key.clone())}</th>
                    <td class="num">{r.conversations}</td>
                    <td class="num">{r.closed}</td>
                    <td class="num">{r.resolved}</td>
                    <td class="num">{r.unresolved}</td>
                    <td class="num">{duration(r.avg_handling_seconds)}</td>
                    <td class="num">{duration(r.avg_reaction_seconds)}</td>
                    <td class="num">{duration(r.avg_queue_seconds)}</td>
                    <td class="num">{r.avg_rating_5.map(|v| format!("{v:.2}"))}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="report-aggregate" aria-labelledby="report-aggregate-title">
            <h2 id="report-aggregate-title">
                {t!(i18n, report_aggregate_title)} ": " {move || group_name(i18n, group)}
            </h2>
            <div class="table-scroll">
                <table class="grid report" data-testid="report-aggregate">
                    <thead>
                        <tr>
                            <th scope="col">{move || group_name(i18n, group)}</th>
                            <th scope="col">{t!(i18n, report_agg_conversations)}</th>
                            <th scope="col">{t!(i18n, report_agg_closed)}</th>
                            <th scope="col">{t!(i18n, report_agg_resolved)}</th>
                            <th scope="col">{t!(i18n, report_agg_unresolved)}</th>
                            <th scope="col">{t!(i18n, report_agg_avg_handling)}</th>
                            <th scope="col">{t!(i18n, report_agg_avg_reaction)}</th>
                            <th scope="col">{t!(i18n, report_agg_avg_queue)}</th>
                            <th scope="col">{t!(i18n, report_agg_avg_rating)}</th>
                        </tr>
                    </thead>
                    <tbody>{body}</tbody>
                </table>
            </div>
        </section>
    }
}
