use super::results::status_name;
use crate::history::model::{FilterOption, HistoryFilters, HistoryQuery};
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::components::Form;
use protocol::ConversationStatus;

/// The words and filters; submitting puts them in the address (`GET /history?…`).
#[component]
pub fn SearchForm(filters: HistoryFilters, current: HistoryQuery, zone: String) -> impl IntoView {
    let i18n = use_i18n();
    let HistoryQuery {
        text,
        customer,
        operator_id,
        channel_id,
        from,
        to,
        topic_id,
        status,
        ..
    } = current;
    let topics = filters.topics;
    let has_topics = !topics.is_empty();
    let operators = filters.operators;
    let has_operators = !operators.is_empty();
    let statuses = [
        ConversationStatus::Waiting,
        ConversationStatus::Active,
        ConversationStatus::Closed,
    ];
    view! {
        <Form method="GET" action="/history" attr:class="history-form settings-form" attr:role="search">
            <label class="words">
                {t!(i18n, history_text_label)}
                <input
                    type="search"
                    name="q"
                    value=text
                    placeholder=move || t_string!(i18n, history_text_placeholder)
                    maxlength="200"
                />
            </label>
            <label>
                {t!(i18n, history_customer_label)}
                <input type="text" name="customer" value=customer maxlength="100" />
            </label>
            <Show when=move || has_operators>
                <label>
                    {t!(i18n, history_operator_label)}
                    <Choice name="operator" options=operators.clone() current=operator_id />
                </label>
            </Show>
            <label>
                {t!(i18n, history_channel_label)}
                <Choice name="channel" options=filters.channels current=channel_id />
            </label>
            <Show when=move || has_topics>
                <label>
                    {t!(i18n, history_topic_label)}
                    <Choice name="topic" options=topics.clone() current=topic_id />
                </label>
            </Show>
            <label>
                {t!(i18n, history_status_label)}
                <select name="status">
                    <option value="" selected=status.is_none()>{t!(i18n, history_any)}</option>
                    {statuses
                        .into_iter()
                        .map(|s| {
                            view! {
                                <option value=s.as_str() selected={status == Some(s)}>
                                    {move || status_name(i18n, s)}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <label>
                {t!(i18n, history_from_label)}
                <input type="date" name="from" value=from />
            </label>
            <label>
                {t!(i18n, history_to_label)}
                <input type="date" name="to" value=to />
            </label>
            <button type="submit">{t!(i18n, history_search_button)}</button>
            <a class="reset" href="/history">{t!(i18n, history_reset)}</a>
            <p class="hint">
                {move || {
                    let zone = zone.clone();
                    t_string!(i18n, history_hint, zone).to_string()
                }}
            </p>
        </Form>
    }
}

/// A select of filter options with "all" first; topics indented by depth.
#[component]
pub fn Choice(
    name: &'static str,
    options: Vec<FilterOption>,
    current: Option<i64>,
    /// The select's accessible name, when its label also holds other text.
    #[prop(optional, into)]
    aria_label: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <select name=name aria-label=aria_label>
            <option value="" selected=current.is_none()>{t!(i18n, history_any)}</option>
            {options
                .into_iter()
                .map(|o| {
                    let indent = "\u{a0}\u{a0}".repeat(o.depth.saturating_sub(1).max(0) as usize);
                    view! {
                        <option value=o.id.to_string() selected={current == Some(o.id)}>
                            {format!("{indent}{}", o.name)}
                        </option>
                    }
                })
                .collect_view()}
        </select>
    }
}
