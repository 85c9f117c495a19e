use super::Editor;
use crate::i18n::*;
use crate::topics::add_topic;
use crate::ui::routing_settings::{submit, SaveStatus, Status};
use leptos::prelude::*;

/// Adds a topic at the top level.
#[component]
pub fn AddTopicForm() -> impl IntoView {
    let i18n = use_i18n();
    let editor = expect_context::<Editor>();
    let name = RwSignal::new(String::new());
    let status: Status = RwSignal::new(None);
    let on_add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        submit(status, Some(name.get_untracked()), move |n| async move {
            add_topic(None, n).await?;
            name.set(String::new());
            editor.reload();
            Ok(())
        });
    };
    view! {
        <form class="settings-form inline" on:submit=on_add>
            <label>
                {t!(i18n, topic_new_root)}
                <input type="text" maxlength="200" required bind:value=name />
            </label>
            <button type="submit">{t!(i18n, topic_add_root)}</button>
            <SaveStatus status />
        </form>
    }
}
