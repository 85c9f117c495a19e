use crate::i18n::*;
use leptos::prelude::*;

/// The 403 page: the user is signed in but lacks the permission.
#[component]
pub fn Forbidden() -> impl IntoView {
    let i18n = use_i18n();
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::FORBIDDEN);
    }
    view! {
        <main class="notice-page">
            <h1>{t!(i18n, forbidden_title)}</h1>
            <p>{t!(i18n, forbidden_text)}</p>
            <a href="/">{t!(i18n, back_home)}</a>
        </main>
    }
}
