use super::Editor;
use crate::i18n::*;
use crate::topics::model::TopicSettings;
use crate::topics::save_topic_settings;
use crate::ui::routing_settings::{number, submit, SaveStatus, Status};
use leptos::prelude::*;

/// The depth limit (1–10, never below the deepest topic) and whether a topic is
/// required before closing.
#[component]
pub fn SettingsForm() -> impl IntoView {
    let i18n = use_i18n();
    let editor = expect_context::<Editor>();
    let loaded = editor
        .tree
        .get_untracked()
        .and_then(|r| r.ok())
        .map(|t| t.settings)
        .unwrap_or(TopicSettings {
            max_depth: 4,
            required_before_close: false,
        });
    let depth = RwSignal::new(loaded.max_depth.to_string());
    let required = RwSignal::new(loaded.required_before_close);
    let status: Status = RwSignal::new(None);
    let deepest = move || editor.current().map(|t| t.deepest()).unwrap_or(0);
    let on_save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let parsed = number(&depth.get_untracked())
            .filter(|d| (1..=10).contains(d))
            .map(|max_depth| TopicSettings {
                max_depth,
                required_before_close: required.get_untracked(),
            });
        submit(status, parsed, move |s| async move {
            save_topic_settings(s).await?;
            editor.reload();
            Ok(())
        });
    };
    view! {
        <section aria-labelledby="topic-settings-title">
            <h2 id="topic-settings-title">{t!(i18n, topics_settings_title)}</h2>
            <form class="settings-form" on:submit=on_save data-testid="topic-settings">
                <label>
                    {t!(i18n, topics_max_depth)}
                    <input type="number" min="1" max="10" required bind:value=depth />
                </label>
                <label class="check">
                    <input type="checkbox" bind:checked=required />
                    {t!(i18n, topics_required)}
                </label>
                <button type="submit">{t!(i18n, save_button)}</button>
                <SaveStatus status />
            </form>
            <Show when=move || { deepest() > 0 }>
                <p class="hint">
                    {move || {
                        let level = deepest();
                        t_string!(i18n, topics_deepest, level).to_string()
                    }}
                </p>
            </Show>
        </section>
    }
}
