//! The must-read window (TS 8.5): while the staff member has unread news, a modal
//! dialog shows them one at a time, oldest first, each acknowledged with a button.
//! The gate is a sibling placed before what it guards; the stylesheet hides a guarded
//! sibling (`.news-gate ~ .workspace`) while the window is open, so the conversation
//! list does not appear until every item is read. The guarded part is therefore built
//! in the same order on the server and in the browser, whatever the news are, which
//! keeps hydration in step. Rendered on the server too, so a full page load right after
//! sign-in is gated, and the acknowledgement is a form that also works without JavaScript.

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
) -> impl IntoView {
    let i18n = use_i18n();
    let unread = Resource::new_blocking(|| (), |_| unread_news());
    // Items acknowledged on this page since it loaded.
    let read_here = RwSignal::new(Vec::<i64>::new());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
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
                        view! { <GateDialog next=Signal::derive(next) total offset read_here /> }.into_any()
                    }
                    // The news could not be loaded: the conversations must not wait for them.
                    Err(e) => view! { <p class="error news-gate-error" role="alert">{error_text(i18n, &e)}</p> }.into_any(),
                }
            })}
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
        if button.get().is_some() {
            focus_when_free(button, 10);
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
    // The window itself stays put from item to item (only its text changes), so the
    // button keeps the focus; it goes when nothing is left to read.
    let field = move |f: fn(&NewsItem) -> String| move || next.with(|n| n.as_ref().map(|(_, item)| f(item)));
    let progress = move || {
        next.with(|n| n.as_ref().map(|(index, _)| index + 1))
            .map(|n| t_string!(i18n, news_gate_progress, n, total).to_string())
    };
    let last = move || next.with(|n| n.as_ref().is_some_and(|(index, _)| index + 1 == total));
    let when = move || next.with(|n| n.as_ref().map(|(_, item)| date_time(&item.published_at, offset)));
    view! {
        <Show when=move || next.with(Option::is_some)>
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
                    <h2 id="news-gate-title">{field(|i| i.title.clone())}</h2>
                    <p class="news-meta">
                        <time datetime=field(|i| i.published_at.clone())>{when}</time>
                        " · "
                        <span class="news-author">{field(|i| i.author.clone().unwrap_or_else(|| "—".to_owned()))}</span>
                    </p>
                    <div id="news-gate-body" class="news-body">{field(|i| i.body.clone())}</div>
                    {move || error.get().map(|e| view! { <p class="error" role="alert">{error_text(i18n, &e)}</p> })}
                    <form method="post" action="/api/acknowledge_news" on:submit=on_submit>
                        <input type="hidden" name="id" value=field(|i| i.id.to_string()) />
                        <button type="submit" class="primary" node_ref=button autofocus disabled=move || busy.get()>
                            {move || if last() { t!(i18n, news_ack_close).into_any() } else { t!(i18n, news_ack_next).into_any() }}
                        </button>
                    </form>
                </section>
            </div>
        </Show>
    }
}

/// Gives the button the focus after the frame is laid out, and again (a few times,
/// 100 ms apart) while nothing else holds it: the page around the window is still
/// settling just after it loads and can drop the focus to the body.
fn focus_when_free(button: NodeRef<leptos::html::Button>, tries: u8) {
    request_animation_frame(move || {
        let Some(b) = button.get_untracked() else { return };
        let doc = document();
        let free = match (doc.active_element(), doc.body()) {
            (None, _) => true,
            (Some(active), Some(body)) => active.is_same_node(Some(body.as_ref())),
            (Some(_), None) => false,
        };
        if free {
            let _ = b.focus();
        }
        if tries > 0 {
            set_timeout(
                move || focus_when_free(button, tries - 1),
                std::time::Duration::from_millis(100),
            );
        }
    });
}
