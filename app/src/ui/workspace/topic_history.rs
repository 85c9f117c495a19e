//! The topics set on a customer's conversations (TS 9.8): a table with a topic filter
//! (a topic takes its whole subtree) and a sort switch, folded under its title.

use super::topic_picker::reload_tick;
use super::Live;
use crate::i18n::*;
use crate::topics::model::HistorySort;
use crate::topics::{topic_choices, topic_history};
use crate::ui::error_text::error_text;
use leptos::prelude::*;

#[component]
pub fn TopicHistory(
    /// The customer of the open conversation (`ConversationSummary::customer_id`).
    #[prop(into)]
    customer_id: Signal<Option<i64>>,
    /// The staff member's offset from UTC, in seconds.
    offset: i32,
) -> impl IntoView {
    let i18n = use_i18n();
    let live = expect_context::<Live>();
    let tick = reload_tick(live);
    let filter = RwSignal::new(None::<i64>);
    let sort = RwSignal::new(HistorySort::Date);
    // Loaded in the browser only, like the topic picker beside it (built inside the pane
    // once a conversation is open; a server-rendered resource there breaks hydration).
    let rows = LocalResource::new(move || {
        let (customer, topic, sort) = (customer_id.get(), filter.get(), sort.get());
        tick.track();
        async move {
            match customer {
                Some(customer) => topic_history(customer, topic, sort).await,
                None => Ok(Vec::new()),
            }
        }
    });
    // The filter offers archived topics too: the past may carry them.
    let choices = LocalResource::new(|| topic_choices(true));
    let count = move || rows.get().and_then(|r| r.ok()).map(|r| r.len()).unwrap_or(0);
    view! {
        <details class="topic-history" data-testid="topic-history">
            <summary>{t!(i18n, topic_history_title)} " (" {count} ")"</summary>
            <div class="topic-history-controls">
                <label>
                    {t!(i18n, topic_filter)}
                    <select
                        aria-label=move || t_string!(i18n, topic_filter)
                        on:change=move |ev| filter.set(event_target_value(&ev).parse().ok())>
                        <option value="" selected=move || filter.get().is_none()>{t!(i18n, topic_filter_all)}</option>
                            {move || {
                                choices
                                    .get()
                                    .and_then(|r| r.ok())
                                    .unwrap_or_default()
                                    .into_iter()
                                    .map(|c| {
                                        let id = c.id;
                                        view! {
                                            <option value=id.to_string() selected=move || filter.get() == Some(id)>
                                                {c.path}
                                            </option>
                                        }
                                    })
                                    .collect_view()
                            }}
                    </select>
                </label>
                <label>
                    {t!(i18n, topic_sort)}
                    <select aria-label=move || t_string!(i18n, topic_sort) on:change=move |ev| {
                        sort.set(if event_target_value(&ev) == "topic" { HistorySort::Topic } else { HistorySort::Date })
                    }>
                        <option value="date" selected=move || sort.get() == HistorySort::Date>{t!(i18n, topic_sort_date)}</option>
                        <option value="topic" selected=move || sort.get() == HistorySort::Topic>{t!(i18n, topic_sort_topic)}</option>
                    </select>
                </label>
            </div>
                {move || rows.get().map(|r| match r {
                    Err(e) => view! { <p class="error" role="alert">{error_text(i18n, &e)}</p> }.into_any(),
                    Ok(rows) if rows.is_empty() => {
                        view! { <p class="empty">{t!(i18n, topic_history_empty)}</p> }.into_any()
                    }
                    Ok(rows) => view! {
                        <table class="grid topic-history-table">
                            <thead>
                                <tr>
                                    <th>{t!(i18n, topic_col_date)}</th>
                                    <th>{t!(i18n, topic_col_topic)}</th>
                                    <th>{t!(i18n, topic_col_conversation)}</th>
                                    <th>{t!(i18n, col_channel)}</th>
                                    <th>{t!(i18n, topic_col_operator)}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {rows
                                    .into_iter()
                                    .map(|row| {
                                        let href = format!("/workspace?c={}", row.conversation_id);
                                        view! {
                                            <tr>
                                                <td>
                                                    <time datetime=row.set_at.clone()>
                                                        {crate::time::date_time(&row.set_at, offset)}
                                                    </time>
                                                </td>
                                                <td>{row.path}</td>
                                                <td><a href=href>"#" {row.conversation_id}</a></td>
                                                <td>{row.channel_name}</td>
                                                <td>{row.operator_name.unwrap_or_else(|| "—".into())}</td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    }
                    .into_any(),
                })}
        </details>
    }
}
