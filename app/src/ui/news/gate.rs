//! The must-read window (TS 8.5): while the staff member has unread news, a modal
//! dialog shows them one at a time, oldest first, each acknowledged with a button; what
//! the gate wraps (the conversation list and pane) is not rendered until every item is
//! read. Rendered on the server too, so a full page load right after sign-in is gated,
//! and the acknowledgement is a form that also works without JavaScript.

use super::announce_read;
use crate::error::AppError;
use crate::i18n::*;
use crate::news::model::NewsItem;
use crate::news::{acknowledge_news, unread_news};
use crate::time::date_time;
use crate::ui::error_text::error_text;
use leptos::prelude::*;

#[component]
pub fn NewsGate(
    /// The reader's offset from UTC in seconds, for the publication times.
    offset: i32,
    /// Shown once no news is left unread.
    children: ChildrenFn,
) -> impl IntoView {
    let i18n = use_i18n();
    let unread = Resource::new_blocking(|| (), |_| unread_news());
    // Items acknowledged on this page since it loaded.
    let read_here = RwSignal::new(Vec::<i64>::new());
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let children = children.clone();
                Suspend::new(async move {
                    match unread.await {
                        Ok(items) => {
                            let items = StoredValue::new(items);
                            let total = items.with_value(Vec::len);
                            let next = move || {
                                items.with_value(|all| {
                                    let read = read_here.read();
                                    all.iter().position(|n| !read.contains(&n.id)).map(|i| (i, all[i].clone()))
                                })
                            };
                            let children = children.clone();
                            view! {
                                <Show
                                    when=move || next().is_none()
                                    fallback=move || view! { <GateDialog next=Signal::derive(next) total offset read_here /> }
                                >
                                    {children()}
                                </Show>
                            }
                            .into_any()
                        }
                        // The news could not be loaded: the conversations must not wait for them.
                        Err(e) => view! {
                            <p class="error news-gate-error" role="alert">{error_text(i18n, &e)}</p>
                            {children()}
                        }
                        .into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn GateDialog(
    /// The position and the item to read now.
    next: Signal<Option<(usize, NewsItem)>>,
    total: usize,
    offset: i32,
    read_here: RwSignal<Vec<i64>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let button = NodeRef::<leptos::html::Button>::new();
    // Focus moves into the window, and to each next item's button.
    Effect::new(move |_| {
        let _ = next.with(|n| n.as_ref().map(|(i, _)| *i));
        if let Some(b) = button.get() {
            let _ = b.focus();
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some((_, item)) = next.get_untracked() else {
            return;
        };
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            match acknowledge_news(item.id).await {
                // Gone or no longer addressed to the reader (left the group): nothing to hold them for.
                Ok(()) | Err(AppError::NotFound) => {
                    error.set(None);
                    read_here.update(|r| r.push(item.id));
                    announce_read();
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    // Keyboard focus stays in the window: its only control is the button.
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Tab" {
            ev.prevent_default();
            if let Some(b) = button.get() {
                let _ = b.focus();
            }
        }
    };
    move || {
        next.get().map(|(index, item)| {
            let last = index + 1 == total;
            let n = index + 1;
            let progress = t_string!(i18n, news_gate_progress, n, total).to_string();
            let when = date_time(&item.published_at, offset);
            let author = item.author.clone().unwrap_or_else(|| "—".to_owned());
            view! {
                <div class="news-gate">
                    <section
                        class="news-gate-dialog"
                        role="dialog"
                        aria-modal="true"
                        aria-labelledby="news-gate-title"
                        aria-describedby="news-gate-body"
                        on:keydown=on_keydown
                    >
                        <p class="news-gate-lead">{t!(i18n, news_gate_lead)}</p>
                        <p class="news-gate-progress">{progress}</p>
                        <h2 id="news-gate-title">{item.title.clone()}</h2>
                        <p class="news-meta">
                            <time datetime=item.published_at.clone()>{when}</time>
                            " · "
                            <span class="news-author">{author}</span>
                        </p>
                        <div id="news-gate-body" class="news-body">{item.body.clone()}</div>
                        {move || error.get().map(|e| view! { <p class="error" role="alert">{error_text(i18n, &e)}</p> })}
                        <form method="post" action="/api/acknowledge_news" on:submit=on_submit>
                            <input type="hidden" name="id" value=item.id />
                            <button type="submit" class="primary" node_ref=button autofocus disabled=move || busy.get()>
                                {if last { t!(i18n, news_ack_close).into_any() } else { t!(i18n, news_ack_next).into_any() }}
                            </button>
                        </form>
                    </section>
                </div>
            }
        })
    }
}
