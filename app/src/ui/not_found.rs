use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <main class="notice-page">
            <h1>{t!(i18n, not_found_title)}</h1>
            <a href="/">{t!(i18n, back_home)}</a>
        </main>
    }
}
