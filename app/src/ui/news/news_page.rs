//! The news menu (TS 8.5): every news item addressed to the staff member, newest first,
//! with topic, date and time, author and a read mark; `?n=ID` opens one and marks it read.

use super::announce_read;
use crate::i18n::*;
use crate::model::CurrentUser;
use crate::news::model::NewsItem;
use crate::news::{my_news, open_news};
use crate::permission::Permission;
use crate::time::date_time;
use crate::ui::error_text::error_text;
use crate::ui::guarded::Guarded;
use crate::ui::layout::Layout;
use crate::ui::live_marker::LiveMarker;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn NewsPage() -> impl IntoView {
    view! { <Guarded any_of=&Permission::ALL page=news_page /> }
}

fn news_page(user: CurrentUser) -> AnyView {
    let offset = user.utc_offset_seconds;
    let can_publish = user.can(Permission::NewsPublish);
    view! { <Layout user><NewsMenu offset can_publish /></Layout> }.into_any()
}

#[component]
fn NewsMenu(offset: i32, can_publish: bool) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let selected = Memo::new(move |_| query.read().get("n").and_then(|n| n.parse::<i64>().ok()));
    // Opening comes first, so the list already shows the opened item as read.
    let data = Resource::new(
        move || selected.get(),
        |id| async move {
            let opened = match id {
                Some(id) => Some(open_news(id).await),
                None => None,
            };
            (opened, my_news().await)
        },
    );
    Effect::new(move |_| {
        if data.with(|d| matches!(d, Some((Some(Ok(_)), _)))) {
            announce_read();
        }
    });
    view! {
        <main class="page wide news-page">
            <div class="news-head">
                <h1>{t!(i18n, news_title)}</h1>
                <Show when=move || can_publish>
                    <a class="button-link" href="/news/manage">{t!(i18n, news_manage_link)}</a>
                </Show>
            </div>
            <Transition fallback=|| ()>
                {move || data.get().map(|(opened, list)| view! {
                    {opened.map(|o| match o {
                        Ok(item) => view! { <OpenedNews item offset /> }.into_any(),
                        Err(e) => view! { <p class="error" role="alert">{error_text(i18n, &e)}</p> }.into_any(),
                    })}
                    {match list {
                        Ok(list) => view! { <NewsTable list offset selected=selected.get_untracked() /> }.into_any(),
                        Err(e) => view! { <p class="error" role="alert">{error_text(i18n, &e)}</p> }.into_any(),
                    }}
                })}
                <LiveMarker />
            </Transition>
        </main>
    }
}

#[component]
fn OpenedNews(item: NewsItem, offset: i32) -> impl IntoView {
    let i18n = use_i18n();
    let read_at = item
        .read_at
        .as_deref()
        .map(|r| date_time(r, offset))
        .unwrap_or_default();
    view! {
        <article class="news-opened" aria-labelledby="news-opened-title" data-testid="news-opened">
            <h2 id="news-opened-title">{item.title}</h2>
            <p class="news-meta">
                <time datetime=item.published_at.clone()>{date_time(&item.published_at, offset)}</time>
                " · "
                <span class="news-author">{item.author.unwrap_or_else(|| "—".to_owned())}</span>
            </p>
            <div class="news-body">{item.body}</div>
            <p class="news-read-note">{t!(i18n, news_read_at)} " " {read_at}</p>
            <a href="/news">{t!(i18n, news_close)}</a>
        </article>
    }
}

#[component]
fn NewsTable(list: Vec<NewsItem>, offset: i32, selected: Option<i64>) -> impl IntoView {
    let i18n = use_i18n();
    if list.is_empty() {
        return view! { <p class="empty">{t!(i18n, news_empty)}</p> }.into_any();
    }
    view! {
        <table class="grid news-list" data-testid="news-list">
            <thead>
                <tr>
                    <th>{t!(i18n, news_col_mark)}</th>
                    <th>{t!(i18n, news_col_topic)}</th>
                    <th>{t!(i18n, news_col_published)}</th>
                    <th>{t!(i18n, news_col_author)}</th>
                </tr>
            </thead>
            <tbody>
                {list.into_iter().map(|n| {
                    let read = n.read_at.is_some();
                    let current = selected == Some(n.id);
                    view! {
                        <tr class:unread=!read class:current=current data-news=n.id>
                            <td class="news-mark">
                                {if read {
                                    view! { <span class="read">{t!(i18n, news_read)}</span> }.into_any()
                                } else {
                                    view! { <span class="unread">{t!(i18n, news_unread)}</span> }.into_any()
                                }}
                            </td>
                            <td><a href=format!("/news?n={}", n.id)>{n.title}</a></td>
                            <td><time datetime=n.published_at.clone()>{date_time(&n.published_at, offset)}</time></td>
                            <td>{n.author.unwrap_or_else(|| "—".to_owned())}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
