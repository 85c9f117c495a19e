use crate::i18n::*;
use crate::reports::model::Mark;
use crate::reports::set_quality;
use crate::ui::error_text::error_text;
use leptos::prelude::*;

/// A supervisor's quality mark on a closed conversation (accurate and complete: yes or
/// no), saved as soon as it is chosen.
#[component]
pub fn QualitySelect(id: i64, current: Option<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let save = Action::new(move |mark: &Mark| set_quality(id, *mark));
    let failed = move || {
        save.value()
            .get()
            .and_then(Result::err)
            .map(|e| view! { <span class="error" role="alert">{error_text(i18n, &e)}</span> })
    };
    let saved = move || matches!(save.value().get(), Some(Ok(_)));
    let current = Mark::of(current);
    view! {
        <select
            class="quality"
            aria-label=move || t_string!(i18n, report_quality_for, id = id).to_string()
            on:change=move |ev| {
                if let Some(mark) = Mark::parse(&event_target_value(&ev)) {
                    save.dispatch(mark);
                }
            }
        >
            <option value="none" selected={current == Mark::Unmarked}>{t!(i18n, report_unmarked)}</option>
            <option value="yes" selected={current == Mark::Yes}>{t!(i18n, report_yes)}</option>
            <option value="no" selected={current == Mark::No}>{t!(i18n, report_no)}</option>
        </select>
        <span class="saved" data-saved=move || saved().to_string() aria-live="polite">
            <Show when=saved>"✓"</Show>
        </span>
        {failed}
    }
}
