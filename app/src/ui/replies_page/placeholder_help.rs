use crate::i18n::*;
use crate::replies::placeholders::PLACEHOLDERS;
use leptos::prelude::*;

/// The placeholders a reply may contain, and what each becomes.
#[component]
pub fn PlaceholderHelp() -> impl IntoView {
    let i18n = use_i18n();
    let meaning = move |i: usize| match i {
        0 => t_string!(i18n, placeholder_customer_name),
        1 => t_string!(i18n, placeholder_operator_name),
        2 => t_string!(i18n, placeholder_channel),
        3 => t_string!(i18n, placeholder_date),
        _ => t_string!(i18n, placeholder_time),
    };
    view! {
        <details class="placeholder-help" open>
            <summary>{t!(i18n, placeholders_title)}</summary>
            <p class="hint">{t!(i18n, placeholders_hint)}</p>
            <dl>
                {PLACEHOLDERS
                    .iter()
                    .enumerate()
                    .map(|(i, p)| view! { <dt><code>{*p}</code></dt><dd>{move || meaning(i)}</dd> })
                    .collect_view()}
            </dl>
        </details>
    }
}
