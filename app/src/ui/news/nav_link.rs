use crate::i18n::*;
use crate::news::unread_news_count;
use leptos::prelude::*;

/// The header's link to the news menu, with the number of unread news.
#[component]
pub fn NewsNavLink() -> impl IntoView {
    let i18n = use_i18n();
    let count = Resource::new(|| (), |_| unread_news_count());
    keep_counting(count);
    let unread = move || count.get().and_then(Result::ok).filter(|n| *n > 0);
    view! {
        <a href="/news" class="news-link" data-testid="nav-news">
            {t!(i18n, nav_news)}
            <Transition fallback=|| ()>
                {move || unread().map(|count| {
                    let label = t_string!(i18n, news_unread_badge, count).to_string();
                    view! { <span class="nav-badge" title=label.clone() aria-label=label>{count}</span> }
                })}
            </Transition>
        </a>
    }
}

/// Counts again when news are read on this page, and every minute for news just published.
#[cfg(feature = "hydrate")]
fn keep_counting(count: Resource<Result<i64, crate::error::AppError>>) {
    Effect::new(move |_| {
        let listener = window_event_listener_untyped(super::NEWS_CHANGED, move |_| count.refetch());
        let interval =
            set_interval_with_handle(move || count.refetch(), std::time::Duration::from_secs(60)).ok();
        on_cleanup(move || {
            listener.remove();
            if let Some(i) = interval {
                i.clear();
            }
        });
    });
}

#[cfg(not(feature = "hydrate"))]
fn keep_counting(_count: Resource<Result<i64, crate::error::AppError>>) {}
