//! `/replies`: the operator's personal canned replies and the shared ones, with
//! search, inline adding, editing and deleting, and the placeholders explained.
//! Operators edit their own; holders of `replies.shared` edit the shared ones.

mod placeholder_help;
mod reply_form;
mod reply_item;

use super::guarded::Guarded;
use super::layout::Layout;
use super::live_marker::LiveMarker;
use crate::i18n::*;
use crate::model::CurrentUser;
use crate::permission::Permission;
use crate::replies::canned_replies;
use crate::replies::matching::matching;
use crate::replies::model::CannedReply;
use leptos::prelude::*;
use placeholder_help::PlaceholderHelp;
use reply_form::ReplyForm;
use reply_item::ReplyItem;

#[component]
pub fn RepliesPage() -> impl IntoView {
    view! {
        <Guarded
            any_of=&[Permission::ConversationsHandle, Permission::RepliesShared]
            page=replies_page
        />
    }
}

fn replies_page(user: CurrentUser) -> AnyView {
    view! {
        <Layout user=user.clone()>
            <Replies user />
        </Layout>
    }
    .into_any()
}

/// What the signed-in user may write.
#[derive(Clone, Copy)]
pub struct Rights {
    pub own: bool,
    pub share: bool,
}

#[component]
fn Replies(user: CurrentUser) -> impl IntoView {
    let i18n = use_i18n();
    let rights = Rights {
        own: user.can(Permission::ConversationsHandle),
        share: user.can(Permission::RepliesShared),
    };
    let replies = Resource::new(|| (), |_| canned_replies());
    let reload = Callback::new(move |()| replies.refetch());
    let search = RwSignal::new(String::new());
    let found = move |shared: bool| {
        let all = replies.get().and_then(Result::ok).unwrap_or_default();
        matching(&all, &search.get())
            .into_iter()
            .filter(|r| r.shared == shared)
            .cloned()
            .collect::<Vec<CannedReply>>()
    };
    let offset = user.utc_offset_seconds;
    let section = move |shared: bool| {
        let editable = if shared { rights.share } else { rights.own };
        let (title, id) = if shared {
            (t_string!(i18n, replies_shared), "shared-replies")
        } else {
            (t_string!(i18n, replies_mine), "my-replies")
        };
        let empty = move || {
            if !search.get().trim().is_empty() {
                t_string!(i18n, replies_none_found)
            } else if shared {
                t_string!(i18n, replies_shared_empty)
            } else {
                t_string!(i18n, replies_mine_empty)
            }
        };
        view! {
            <section aria-labelledby=format!("{id}-title") class="reply-section">
                <h2 id=format!("{id}-title")>{title}</h2>
                <Show when=move || found(shared).is_empty()>
                    <p class="empty">{empty}</p>
                </Show>
                <ul class="reply-list" data-testid=id>
                    <For each=move || found(shared) key=|r| (r.id, r.updated_at.clone()) let:reply>
                        <ReplyItem reply editable rights offset reload />
                    </For>
                </ul>
            </section>
        }
    };
    view! {
        <main class="page replies-page settings">
            <h1>{t!(i18n, replies_title)}</h1>
            <p class="hint">{t!(i18n, replies_intro)}</p>
            <PlaceholderHelp />
            <section aria-labelledby="new-reply-title">
                <h2 id="new-reply-title">{t!(i18n, replies_new)}</h2>
                <ReplyForm initial=None rights on_saved=reload on_cancel=None />
            </section>
            <label class="reply-search-field">
                <span class="visually-hidden">{t!(i18n, replies_search)}</span>
                <input
                    type="search"
                    placeholder=move || t_string!(i18n, replies_search)
                    bind:value=search
                />
            </label>
            <Transition fallback=|| ()>
                {move || {
                    replies
                        .get()
                        .and_then(Result::err)
                        .map(|e| view! { <p class="error" role="alert">{super::error_text::error_text(i18n, &e)}</p> })
                }}
                <Show when=move || rights.own>{section(false)}</Show>
                {section(true)}
                <LiveMarker />
            </Transition>
        </main>
    }
}
