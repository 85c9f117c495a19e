//! The history page: full-text search over messages with filters (customer, operator,
//! channel, dates, topic, status). The search lives in the address, so it can be
//! bookmarked and the back button returns to it.

use super::guarded::Guarded;
use super::history::{results::Results, search_form::SearchForm};
use super::layout::Layout;
use super::live_marker::LiveMarker;
use crate::history::model::HistoryQuery;
use crate::history::{history_filters, search_history};
use crate::i18n::*;
use crate::model::CurrentUser;
use crate::permission::Permission;
use crate::ui::error_text::error_text;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn HistoryPage() -> impl IntoView {
    view! {
        <Guarded
            any_of=&[Permission::ConversationsHandle, Permission::ConversationsViewAll]
            page=history_page
        />
    }
}

fn history_page(user: CurrentUser) -> AnyView {
    view! {
        <Layout user=user.clone()>
            <History user />
        </Layout>
    }
    .into_any()
}

#[component]
fn History(user: CurrentUser) -> impl IntoView {
    let i18n = use_i18n();
    let params = use_query_map();
    let query = Memo::new(move |_| params.with(|p| HistoryQuery::from_params(|k| p.get(k))));
    let filters = Resource::new(|| (), |_| history_filters());
    let first = Resource::new(move || query.get(), search_history);
    let offset = user.utc_offset_seconds;
    let zone = user.time_zone.clone();
    let error = move |e| view! { <p class="error" role="alert">{error_text(i18n, &e)}</p> }.into_any();
    view! {
        <main class="page wide history">
            <h1>{t!(i18n, history_title)}</h1>
            <Transition fallback=|| ()>
                {move || {
                    let zone = zone.clone();
                    Suspend::new(async move {
                        match filters.await {
                            // Drawn anew for each search in the address: the fields show it.
                            Ok(f) => (move || {
                                view! { <SearchForm filters=f.clone() current=query.get() zone=zone.clone() /> }
                            })
                                .into_any(),
                            Err(e) => error(e),
                        }
                    })
                }}
            </Transition>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match first.await {
                        Ok(page) => view! { <Results first=page query=query.get_untracked() offset /> }.into_any(),
                        Err(e) => error(e),
                    }
                })}
            </Transition>
            <LiveMarker />
        </main>
    }
}
