//! The widget: a launcher button, and the chat panel it opens.

use crate::chat::ChatBody;
use crate::connection::Chat;
use crate::i18n::*;
use crate::launcher::Launcher;
use crate::{host_page, settings};
use leptos::prelude::*;

const LANGUAGES: [(Locale, &str); 5] = [
    (Locale::ru, "ru"),
    (Locale::uz_Latn, "uz-Latn"),
    (Locale::uz_Cyrl, "uz-Cyrl"),
    (Locale::kk, "kk"),
    (Locale::en, "en"),
];

fn locale_of(code: &str) -> Option<Locale> {
    LANGUAGES.iter().find(|(_, c)| *c == code).map(|(l, _)| *l)
}

#[component]
pub fn Widget() -> impl IntoView {
    view! {
        // The choice is kept by the host page (see `settings`): a cookie would be third-party here.
        <I18nContextProvider enable_cookie=false>
            <WidgetInner />
        </I18nContextProvider>
    }
}

#[component]
fn WidgetInner() -> impl IntoView {
    let i18n = use_i18n();
    let found = settings::from_location();
    // The loader passes the customer's own earlier choice, or else the page's language.
    let lang = found
        .lang
        .clone()
        .filter(|code| locale_of(code).is_some())
        .unwrap_or_else(|| "ru".to_owned());
    if let Some(locale) = locale_of(&lang) {
        // After the provider has settled on the browser's language, not before.
        Effect::new(move |_| i18n.set_locale(locale));
    }
    let chat = Chat::new();
    chat.connect(
        &found.channel,
        &found.visitor,
        &lang,
        (&found.identifier, &found.identifier_hash),
    );
    provide_context(chat);

    let open = RwSignal::new(false);
    let toggle = move |value: bool| {
        open.set(value);
        host_page::set_open(value);
    };
    let on_language = move |ev| {
        let code = event_target_value(&ev);
        if let Some(locale) = locale_of(&code) {
            host_page::save_language(&code);
            i18n.set_locale(locale);
        }
    };
    let language_options = move || {
        LANGUAGES
            .iter()
            .map(|(locale, code)| {
                let locale = *locale;
                let name = match locale {
                    Locale::ru => t_string!(i18n, lang_ru),
                    Locale::uz_Latn => t_string!(i18n, lang_uz_latn),
                    Locale::uz_Cyrl => t_string!(i18n, lang_uz_cyrl),
                    Locale::kk => t_string!(i18n, lang_kk),
                    Locale::en => t_string!(i18n, lang_en),
                };
                view! { <option value=*code selected=move || i18n.get_locale() == locale>{name}</option> }
            })
            .collect_view()
    };
    view! {
        <Show when=move || open.get() fallback=move || view! { <Launcher on_open=move || toggle(true) /> }>
            <section class="panel" role="dialog" aria-labelledby="cc-title">
                <header class="panel-head">
                    <h1 id="cc-title">{t!(i18n, title)}</h1>
                    <select class="lang" aria-label=move || t_string!(i18n, language_label) on:change=on_language>
                        {language_options}
                    </select>
                    <button class="close" aria-label=move || t_string!(i18n, minimize) on:click=move |_| toggle(false)>
                        "×"
                    </button>
                </header>
                <ChatBody />
            </section>
        </Show>
    }
}
