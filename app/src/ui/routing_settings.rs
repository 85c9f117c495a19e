//! The sections of the routing settings page, and what they share.

pub mod channels_table;
pub mod operators_table;
pub mod rules_table;
pub mod segments_table;
pub mod states_table;
pub mod weights_form;

use super::error_text::error_text;
use crate::error::AppError;
use crate::i18n::*;
use leptos::prelude::*;

/// The outcome of the last save: "saved", or the translated error.
pub type Status = RwSignal<Option<Result<(), AppError>>>;

#[component]
pub fn SaveStatus(status: Status) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        status.get().map(|r| match r {
            Ok(()) => view! { <span class="saved" role="status">{t!(i18n, saved)}</span> }.into_any(),
            Err(e) => view! { <span class="error" role="alert">{error_text(i18n, &e)}</span> }.into_any(),
        })
    }
}

/// A whole number typed in a field; `None` when it is not one.
pub fn number(text: &str) -> Option<i32> {
    text.trim().parse().ok()
}

/// An optional whole number: empty is `Some(None)`, garbage is `None`.
pub fn optional_number(text: &str) -> Option<Option<i32>> {
    let t = text.trim();
    if t.is_empty() {
        Some(None)
    } else {
        t.parse().ok().map(Some)
    }
}

/// Runs a save in the browser and records its outcome; a value that did not parse
/// is refused before anything is sent.
pub fn submit<T, F, Fut>(status: Status, parsed: Option<T>, save: F)
where
    T: 'static,
    F: FnOnce(T) -> Fut + 'static,
    Fut: std::future::Future<Output = Result<(), AppError>> + 'static,
{
    match parsed {
        None => status.set(Some(Err(AppError::Invalid))),
        Some(value) => leptos::task::spawn_local(async move {
            status.set(Some(save(value).await));
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::{number, optional_number};

    #[test]
    fn numbers_parse_or_are_refused() {
        assert_eq!(number(" 42 "), Some(42));
        assert_eq!(number("-5"), Some(-5));
        assert_eq!(number("4.5"), None);
        assert_eq!(optional_number(""), Some(None));
        assert_eq!(optional_number("60"), Some(Some(60)));
        assert_eq!(optional_number("x"), None);
    }
}
