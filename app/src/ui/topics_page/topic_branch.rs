use super::Editor;
use crate::error::AppError;
use crate::i18n::*;
use crate::topics::model::Topic;
use crate::topics::{add_topic, archive_topic, delete_topic, move_topic, rename_topic};
use crate::ui::error_text::error_text;
use leptos::prelude::*;

/// The topics under `parent` (the roots when None), each with its own branch.
#[component]
pub fn TopicBranch(parent: Option<i64>) -> AnyView {
    let editor = expect_context::<Editor>();
    let children = move || {
        editor
            .current()
            .map(|t| t.children_of(parent))
            .unwrap_or_default()
    };
    view! {
        <ul class="topic-branch">
            // Keyed by the whole topic: a renamed or archived one is drawn anew, a moved
            // one keeps its place in the page.
            <For each=children key=|t| t.clone() let:topic>
                <TopicNode topic />
            </For>
        </ul>
    }
    .into_any()
}

/// Runs a change in the browser; reloads the tree when it is done, or shows the
/// translated error.
fn apply<Fut>(editor: Editor, error: RwSignal<Option<AppError>>, change: Fut)
where
    Fut: std::future::Future<Output = Result<(), AppError>> + 'static,
{
    leptos::task::spawn_local(async move {
        match change.await {
            Ok(()) => {
                error.set(None);
                editor.reload();
            }
            Err(e) => error.set(Some(e)),
        }
    });
}

#[component]
fn TopicNode(topic: Topic) -> impl IntoView {
    let i18n = use_i18n();
    let editor = expect_context::<Editor>();
    let id = topic.id;
    let parent = topic.parent_id;
    let depth = topic.depth;
    let archived = topic.archived;
    let used = topic.used;
    let name = topic.name.clone();
    let error = RwSignal::new(None::<AppError>);
    let archived_instead = RwSignal::new(false);
    let renaming = RwSignal::new(false);
    let new_name = RwSignal::new(name.clone());
    let adding = RwSignal::new(false);
    let child_name = RwSignal::new(String::new());
    let rename_input = NodeRef::<leptos::html::Input>::new();
    let child_input = NodeRef::<leptos::html::Input>::new();
    Effect::new(move |_| {
        if let Some(input) = rename_input.get() {
            let _ = input.focus();
        }
    });
    Effect::new(move |_| {
        if let Some(input) = child_input.get() {
            let _ = input.focus();
        }
    });

    let siblings = move || {
        editor
            .current()
            .map(|t| {
                t.children_of(parent)
                    .into_iter()
                    .map(|t| t.id)
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    let is_first = move || siblings().first() == Some(&id);
    let is_last = move || siblings().last() == Some(&id);
    let has_children = move || {
        editor
            .current()
            .is_some_and(|t| t.topics.iter().any(|c| c.parent_id == Some(id)))
    };
    let can_add_child = move || !archived && editor.current().is_some_and(|t| depth < t.settings.max_depth);

    let on_rename = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let name = new_name.get_untracked();
        apply(editor, error, async move {
            rename_topic(id, name).await?;
            renaming.set(false);
            Ok(())
        });
    };
    let on_add_child = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let name = child_name.get_untracked();
        leptos::task::spawn_local(async move {
            match add_topic(Some(id), name).await {
                Ok(_) => {
                    // The form stays open for the next subtopic.
                    child_name.set(String::new());
                    error.set(None);
                    editor.reload();
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let shift = move |up: bool| apply(editor, error, async move { move_topic(id, up).await });
    let set_archived = move |to: bool| apply(editor, error, async move { archive_topic(id, to).await });
    let delete = move |_| {
        leptos::task::spawn_local(async move {
            match delete_topic(id).await {
                Ok(instead) => {
                    archived_instead.set(instead);
                    editor.reload();
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let cancel_on_escape = move |flag: RwSignal<bool>| {
        move |ev: leptos::ev::KeyboardEvent| {
            if ev.key() == "Escape" {
                flag.set(false);
            }
        }
    };
    let stored_name = StoredValue::new(topic.name.clone());
    let label_for = move |text: String| format!("{text}: {}", stored_name.get_value());
    let named = name.clone();

    view! {
        <li class="topic-node" class:archived=archived data-testid="topic-node">
            <div class="topic-row">
                <Show
                    when=move || renaming.get()
                    fallback=move || {
                        let named = named.clone();
                        view! {
                            <span class="topic-name">{named}</span>
                            <span class="topic-badge">
                                {move || t_string!(i18n, topic_level, level = depth).to_string()}
                            </span>
                            <Show when=move || archived>
                                <span class="topic-badge archived">{t!(i18n, topic_archived_badge)}</span>
                            </Show>
                            <Show when=move || used>
                                <span class="topic-badge used">{t!(i18n, topic_used_badge)}</span>
                            </Show>
                        }
                    }
                >
                    <form class="topic-inline" on:submit=on_rename on:keydown=cancel_on_escape(renaming)>
                        <input
                            type="text"
                            maxlength="200"
                            required
                            node_ref=rename_input
                            aria-label=move || t_string!(i18n, topic_name)
                            bind:value=new_name
                        />
                        <button type="submit">{t!(i18n, save_button)}</button>
                        <button type="button" class="secondary" on:click=move |_| renaming.set(false)>
                            {t!(i18n, topic_cancel)}
                        </button>
                    </form>
                </Show>
                <span class="topic-actions">
                    <button
                        type="button"
                        class="secondary"
                        aria-label=move || label_for(t_string!(i18n, topic_rename).to_string())
                        on:click=move |_| renaming.update(|r| *r = !*r)
                    >
                        {t!(i18n, topic_rename)}
                    </button>
                    <button
                        type="button"
                        class="secondary icon"
                        title=move || t_string!(i18n, topic_move_up)
                        aria-label=move || label_for(t_string!(i18n, topic_move_up).to_string())
                        disabled=is_first
                        on:click=move |_| shift(true)
                    >
                        "↑"
                    </button>
                    <button
                        type="button"
                        class="secondary icon"
                        title=move || t_string!(i18n, topic_move_down)
                        aria-label=move || label_for(t_string!(i18n, topic_move_down).to_string())
                        disabled=is_last
                        on:click=move |_| shift(false)
                    >
                        "↓"
                    </button>
                    <Show when=can_add_child>
                        <button
                            type="button"
                            class="secondary"
                            aria-label=move || label_for(t_string!(i18n, topic_add_child).to_string())
                            aria-expanded=move || adding.get().to_string()
                            on:click=move |_| adding.update(|a| *a = !*a)
                        >
                            {t!(i18n, topic_add_child)}
                        </button>
                    </Show>
                    <Show
                        when=move || archived
                        fallback=move || {
                            view! {
                                <button
                                    type="button"
                                    class="secondary"
                                    aria-label=move || label_for(t_string!(i18n, topic_archive).to_string())
                                    on:click=move |_| set_archived(true)
                                >
                                    {t!(i18n, topic_archive)}
                                </button>
                            }
                        }
                    >
                        <button
                            type="button"
                            class="secondary"
                            aria-label=move || label_for(t_string!(i18n, topic_unarchive).to_string())
                            on:click=move |_| set_archived(false)
                        >
                            {t!(i18n, topic_unarchive)}
                        </button>
                    </Show>
                    // Only an unused leaf is deleted; a used topic can only be archived.
                    <Show when=move || !used && !has_children()>
                        <button
                            type="button"
                            class="danger"
                            aria-label=move || label_for(t_string!(i18n, delete_button).to_string())
                            on:click=delete
                        >
                            {t!(i18n, delete_button)}
                        </button>
                    </Show>
                </span>
                {move || error.get().map(|e| view! { <span class="error" role="alert">{error_text(i18n, &e)}</span> })}
                <Show when=move || archived_instead.get()>
                    <span class="notice" role="status">{t!(i18n, topic_archived_instead)}</span>
                </Show>
            </div>
            <Show when=move || adding.get() && can_add_child()>
                <form class="topic-inline topic-add-child" on:submit=on_add_child on:keydown=cancel_on_escape(adding)>
                    <input
                        type="text"
                        maxlength="200"
                        required
                        node_ref=child_input
                        aria-label=move || t_string!(i18n, topic_child_name)
                        placeholder=move || t_string!(i18n, topic_child_name)
                        bind:value=child_name
                    />
                    <button type="submit">{t!(i18n, topic_add)}</button>
                    <button type="button" class="secondary" on:click=move |_| adding.set(false)>
                        {t!(i18n, topic_cancel)}
                    </button>
                </form>
            </Show>
            <Show when=has_children>
                <TopicBranch parent=Some(id) />
            </Show>
        </li>
    }
}
