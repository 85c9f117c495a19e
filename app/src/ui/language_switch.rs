use crate::i18n::*;
use leptos::prelude::*;

/// A select of the five interface languages; the choice is kept in a cookie.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let options = move || {
        [
            (Locale::ru, "ru", t_string!(i18n, lang_ru)),
            (Locale::uz_Latn, "uz-Latn", t_string!(i18n, lang_uz_latn)),
            (Locale::uz_Cyrl, "uz-Cyrl", t_string!(i18n, lang_uz_cyrl)),
            (Locale::kk, "kk", t_string!(i18n, lang_kk)),
            (Locale::en, "en", t_string!(i18n, lang_en)),
        ]
        .into_iter()
        .map(|(locale, code, name)| {
            view! { <option value=code selected=move || i18n.get_locale() == locale>{name}</option> }
        })
        .collect_view()
    };
    let on_change = move |ev| {
        let locale = match event_target_value(&ev).as_str() {
            "en" => Locale::en,
            "uz-Latn" => Locale::uz_Latn,
            "uz-Cyrl" => Locale::uz_Cyrl,
            "kk" => Locale::kk,
            _ => Locale::ru,
        };
        i18n.set_locale(locale);
    };
    view! {
        <label class="language-switch">
            <span class="visually-hidden">{t!(i18n, language_label)}</span>
            <select aria-label=move || t_string!(i18n, language_label) on:change=on_change>
                {options}
            </select>
        </label>
    }
}

/// A customer's language by its own name, as the language switch shows it.
pub fn language_name(i18n: leptos_i18n::I18nContext<Locale>, code: &str) -> String {
    match code {
        "ru" => t_string!(i18n, lang_ru).to_string(),
        "en" => t_string!(i18n, lang_en).to_string(),
        "kk" => t_string!(i18n, lang_kk).to_string(),
        "uz-Latn" => t_string!(i18n, lang_uz_latn).to_string(),
        "uz-Cyrl" => t_string!(i18n, lang_uz_cyrl).to_string(),
        other => other.to_owned(),
    }
}
