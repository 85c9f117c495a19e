use crate::i18n::*;
use leptos::prelude::*;

/// The round button in the corner of the bank's page.
#[component]
pub fn Launcher(on_open: impl Fn() + 'static) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <button class="launcher" aria-label=move || t_string!(i18n, open_chat) on:click=move |_| on_open()>
            <svg viewBox="0 0 24 24" width="28" height="28" aria-hidden="true">
                <path
                    fill="currentColor"
                    d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z"
                />
            </svg>
        </button>
    }
}
