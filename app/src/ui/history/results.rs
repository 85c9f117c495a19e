use super::snippet::Snippet;
use crate::error::AppError;
use crate::history::model::{HistoryHit, HistoryPage, HistoryQuery};
use crate::history::search_history;
use crate::i18n::*;
use crate::ui::error_text::error_text;
use leptos::prelude::*;
use protocol::ConversationStatus;

/// The conversations found, newest first, 50 at a time with "more".
#[component]
pub fn Results(first: HistoryPage, query: HistoryQuery, offset: i32) -> impl IntoView {
    let i18n = use_i18n();
    let hits = RwSignal::new(first.hits);
    let next = RwSignal::new(first.next_before);
    let loading = RwSignal::new(false);
    let failed = RwSignal::new(None::<AppError>);
    let more = move |_| {
        let Some(before) = next.get_untracked() else {
            return;
        };
        let query = HistoryQuery {
            before: Some(before),
            ..query.clone()
        };
        loading.set(true);
        leptos::task::spawn_local(async move {
            match search_history(query).await {
                Ok(page) => {
                    hits.update(|h| h.extend(page.hits));
                    next.set(page.next_before);
                    failed.set(None);
                }
                Err(e) => failed.set(Some(e)),
            }
            loading.set(false);
        });
    };
    view! {
        <section class="history-results" aria-labelledby="results-title">
            <h2 id="results-title" class="visually-hidden">{t!(i18n, history_results)}</h2>
            <Show when=move || hits.with(Vec::is_empty)>
                <p class="empty">{t!(i18n, history_empty)}</p>
            </Show>
            <ol class="hits" data-testid="history-results">
                <For each=move || hits.get() key=|h| h.conversation_id let:hit>
                    <Hit hit offset />
                </For>
            </ol>
            {move || failed.get().map(|e| view! { <p class="error" role="alert">{error_text(i18n, &e)}</p> })}
            <Show when=move || next.get().is_some()>
                <button type="button" class="more" on:click=more.clone() disabled=move || loading.get()>
                    {t!(i18n, history_more)}
                </button>
            </Show>
        </section>
    }
}

#[component]
fn Hit(hit: HistoryHit, offset: i32) -> impl IntoView {
    let i18n = use_i18n();
    let status = hit.status;
    let operator = hit.operator_name.clone();
    let rating = hit.rating.map(|r| format!("{r} / {}", hit.rating_scale));
    view! {
        <li class="hit">
            <a class="hit-link" href=format!("/workspace?c={}", hit.conversation_id)>
                <span class="hit-head">
                    <strong class="customer">{hit.customer_name.clone()}</strong>
                    <span class=format!("status status-{}", status.as_str())>{move || status_name(i18n, status)}</span>
                    <span class="meta">{hit.channel_name.clone()}</span>
                    <span class="meta operator">
                        {move || operator.clone().unwrap_or_else(|| t_string!(i18n, history_no_operator).to_string())}
                    </span>
                    {rating.map(|r| view! { <span class="meta">{t!(i18n, rating_label)} " " {r}</span> })}
                    <time>{crate::time::date_time(&hit.created_at, offset)}</time>
                </span>
                <span class="snippet" data-testid="snippet">
                    <Snippet parts=hit.snippet.clone() />
                </span>
            </a>
        </li>
    }
}

pub fn status_name(i18n: leptos_i18n::I18nContext<Locale>, status: ConversationStatus) -> String {
    match status {
        ConversationStatus::Waiting => t_string!(i18n, status_waiting).to_string(),
        ConversationStatus::Active => t_string!(i18n, status_active).to_string(),
        ConversationStatus::Closed => t_string!(i18n, status_closed).to_string(),
    }
}
