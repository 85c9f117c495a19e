//! The topic tree editor (administrators, `settings.topics`): a nested list of every
//! level with inline add, rename, move, archive and delete; the depth limit and whether
//! a topic is required before closing. Every change applies at once.

mod add_topic_form;
mod settings_form;
mod topic_branch;

use super::error_text::error_text;
use super::guarded::Guarded;
use super::layout::Layout;
use super::live_marker::LiveMarker;
use crate::error::AppError;
use crate::i18n::*;
use crate::model::CurrentUser;
use crate::permission::Permission;
use crate::topics::model::TopicTree;
use crate::topics::topic_tree;
use add_topic_form::AddTopicForm;
use leptos::prelude::*;
use settings_form::SettingsForm;
use topic_branch::TopicBranch;

#[component]
pub fn TopicsPage() -> impl IntoView {
    view! { <Guarded any_of=&[Permission::SettingsTopics] page=topics_page /> }
}

fn topics_page(user: CurrentUser) -> AnyView {
    view! { <Layout user><TopicsEditor /></Layout> }.into_any()
}

/// What the parts of the editor share: the tree as last loaded.
#[derive(Clone, Copy)]
pub struct Editor {
    pub tree: Resource<Result<TopicTree, AppError>>,
}

impl Editor {
    pub fn current(&self) -> Option<TopicTree> {
        self.tree.get().and_then(|r| r.ok())
    }

    pub fn reload(&self) {
        self.tree.refetch();
    }
}

#[component]
fn TopicsEditor() -> impl IntoView {
    let i18n = use_i18n();
    let tree = Resource::new(|| (), |_| topic_tree());
    let editor = Editor { tree };
    provide_context(editor);
    view! {
        <main class="page wide settings topics-page">
            <h1>{t!(i18n, topics_title)}</h1>
            <p class="hint">{t!(i18n, topics_hint)}</p>
            <Transition fallback=|| ()>
                // Shown once loaded; later reloads update the parts in place (keeping
                // open forms and focus), they don't rebuild the page.
                <Show
                    when=move || matches!(tree.get(), Some(Ok(_)))
                    fallback=move || {
                        tree.get()
                            .and_then(|r| r.err())
                            .map(|e| view! { <p class="error" role="alert">{error_text(i18n, &e)}</p> })
                    }
                >
                    <SettingsForm />
                    <section aria-labelledby="topic-tree-title">
                        <h2 id="topic-tree-title">{t!(i18n, topics_tree_title)}</h2>
                        <Show when=move || editor.current().is_some_and(|t| t.topics.is_empty())>
                            <p class="empty">{t!(i18n, topics_empty)}</p>
                        </Show>
                        <div class="topic-tree" data-testid="topic-tree">
                            <TopicBranch parent=None />
                        </div>
                        <AddTopicForm />
                    </section>
                    <LiveMarker />
                </Show>
            </Transition>
        </main>
    }
}
