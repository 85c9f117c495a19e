//! The open conversation's topics: removable chips with full paths, and a search box
//! that lists matching topics (by any part of the path) to add. Every change is saved
//! at once; without the right to change them the chips are read-only.

use super::Live;
use crate::error::AppError;
use crate::i18n::*;
use crate::topics::model::TopicRef;
use crate::topics::{conversation_topics, set_conversation_topics, topic_choices};
use crate::ui::error_text::error_text;
use leptos::prelude::*;

/// How many matches the search box lists at most.
const MATCHES: usize = 8;

/// Counts the reloads of the open conversation after the first load (each live event
/// about it, each topic saved): the topic parts of the pane refetch with it.
pub fn reload_tick(live: Live) -> ReadSignal<u32> {
    let tick = RwSignal::new(0u32);
    Effect::new(move |first: Option<()>| {
        live.conversation.track();
        if first.is_some() {
            tick.update(|t| *t += 1);
        }
    });
    tick.read_only()
}

/// The topics matching a search: every word of it somewhere in the path, case aside;
/// topics already set are left out.
pub fn matching(choices: &[TopicRef], query: &str, set: &[TopicRef]) -> Vec<TopicRef> {
    let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
    if words.is_empty() {
        return Vec::new();
    }
    choices
        .iter()
        .filter(|c| !set.iter().any(|s| s.id == c.id))
        .filter(|c| {
            let path = c.path.to_lowercase();
            words.iter().all(|w| path.contains(w.as_str()))
        })
        .take(MATCHES)
        .cloned()
        .collect()
}

#[component]
pub fn TopicPicker() -> impl IntoView {
    let i18n = use_i18n();
    let live = expect_context::<Live>();
    let tick = reload_tick(live);
    // Loaded in the browser only: the picker is built inside the pane once a conversation
    // is open, and a server-rendered resource made there would put hydration out of step.
    let topics = LocalResource::new(move || {
        let id = live.selected.get();
        tick.track();
        async move {
            match id {
                Some(id) => conversation_topics(id).await.map(Some),
                None => Ok(None),
            }
        }
    });
    let choices = LocalResource::new(|| topic_choices(false));
    let error = RwSignal::new(None::<AppError>);
    let query = RwSignal::new(String::new());
    let highlighted = RwSignal::new(0usize);

    let current = move || topics.get().and_then(|r| r.ok()).flatten();
    let set_now = move || current().map(|c| c.topics).unwrap_or_default();
    let matches = Memo::new(move |_| {
        let choices = choices.get().and_then(|r| r.ok()).unwrap_or_default();
        matching(&choices, &query.get(), &set_now())
    });
    let save = move |add: Vec<i64>, remove: Vec<i64>| {
        let Some(id) = live.selected.get_untracked() else {
            return;
        };
        leptos::task::spawn_local(async move {
            match set_conversation_topics(id, add, remove).await {
                Ok(_) => {
                    error.set(None);
                    // The pane reloads the conversation; the topics and the history follow.
                    live.conversation.refetch();
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let add = move |topic: TopicRef| {
        query.set(String::new());
        highlighted.set(0);
        save(vec![topic.id], Vec::new());
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let count = matches.with_untracked(Vec::len);
        match ev.key().as_str() {
            "ArrowDown" if count > 0 => {
                ev.prevent_default();
                highlighted.update(|h| *h = (*h + 1) % count);
            }
            "ArrowUp" if count > 0 => {
                ev.prevent_default();
                highlighted.update(|h| *h = (*h + count - 1) % count);
            }
            "Enter" => {
                ev.prevent_default();
                let chosen = matches.with_untracked(|m| m.get(highlighted.get_untracked()).cloned());
                if let Some(topic) = chosen {
                    add(topic);
                }
            }
            "Escape" => {
                query.set(String::new());
                highlighted.set(0);
            }
            _ => {}
        }
    };
    view! {
            <div class="topic-picker" data-testid="topic-picker">
                <span class="topic-picker-label" id="topic-picker-label">{t!(i18n, topics_label)}</span>
                <ul class="topic-chips" aria-labelledby="topic-picker-label">
                    {move || {
                        let editable = current().is_some_and(|c| c.editable);
                        let set = set_now();
                        if set.is_empty() {
                            return view! { <li class="topic-none">{t!(i18n, topics_none)}</li> }.into_any();
                        }
                        set.into_iter()
                            .map(|topic| {
                                let id = topic.id;
                                let label = topic.path.clone();
                                view! {
                                    <li class="topic-chip" class:archived=topic.archived>
                                        <span>{topic.path.clone()}</span>
                                        <Show when=move || editable>
                                            <button
                                                type="button"
                                                class="chip-remove"
                                                aria-label={
                                                    let path = label.clone();
                                                    move || t_string!(i18n, topic_remove, path = path.clone()).to_string()
                                                }
                                                on:click=move |_| save(Vec::new(), vec![id])
                                            >
                                                "×"
                                            </button>
                                        </Show>
                                    </li>
                                }
                            })
                            .collect_view()
                            .into_any()
                    }}
                </ul>
                <Show when=move || current().is_some_and(|c| c.editable)>
                    <div class="topic-search">
                        <input
                            type="search"
                            role="combobox"
                            autocomplete="off"
                            aria-autocomplete="list"
                            aria-controls="topic-matches"
                            aria-expanded=move || (!query.get().trim().is_empty()).to_string()
                            aria-activedescendant=move || {
                                matches.with(|m| m.get(highlighted.get()).map(|t| format!("topic-match-{}", t.id)))
                            }
                            aria-label=move || t_string!(i18n, topic_search_label)
                            placeholder=move || t_string!(i18n, topic_search)
                            prop:value=move || query.get()
                            on:input=move |ev| {
                                query.set(event_target_value(&ev));
                                highlighted.set(0);
                            }
                            on:keydown=on_key
                        />
                        <Show when=move || !query.get().trim().is_empty()>
                            <ul class="topic-matches" id="topic-matches" role="listbox">
                                {move || {
                                    let found = matches.get();
                                    if found.is_empty() {
                                        return view! { <li class="topic-none">{t!(i18n, topic_no_match)}</li> }.into_any();
                                    }
                                    found
                                        .into_iter()
                                        .enumerate()
                                        .map(|(i, topic)| {
                                            let chosen = topic.clone();
                                            view! {
                                                <li
                                                    role="option"
                                                    id=format!("topic-match-{}", topic.id)
                                                    aria-selected=move || (highlighted.get() == i).to_string()
                                                    class:highlighted=move || highlighted.get() == i
                                                    // Before the search box loses focus.
                                                    on:mousedown=move |ev| {
                                                        ev.prevent_default();
                                                        add(chosen.clone());
                                                    }
                                                >
                                                    {topic.path}
                                                </li>
                                            }
                                        })
                                        .collect_view()
                                        .into_any()
                                }}
                            </ul>
                        </Show>
                    </div>
                </Show>
                {move || error.get().map(|e| view! { <span class="error" role="alert">{error_text(i18n, &e)}</span> })}
            </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn topic(id: i64, path: &str) -> TopicRef {
        TopicRef {
            id,
            path: path.into(),
            archived: false,
        }
    }

    #[test]
    fn any_part_of_the_path_matches_and_set_ones_are_left_out() {
        let all = [
            topic(1, "Карты › Блокировка карты"),
            topic(2, "Карты › Лимиты"),
            topic(3, "Кредиты › Досрочное погашение"),
        ];
        let ids = |v: Vec<TopicRef>| v.into_iter().map(|t| t.id).collect::<Vec<_>>();
        assert_eq!(ids(matching(&all, "карт", &[])), [1, 2]);
        assert_eq!(ids(matching(&all, "ЛИМИТ", &[])), [2]);
        assert_eq!(ids(matching(&all, "карты блок", &[])), [1]);
        assert_eq!(ids(matching(&all, "карт", &[all[0].clone()])), [2]);
        assert!(matching(&all, "  ", &[]).is_empty());
    }
}
