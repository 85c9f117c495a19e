use super::Live;
use crate::chat::CloseConversation;
use crate::i18n::*;
use crate::ui::error_text::error_text;
use leptos::prelude::*;

/// Why the last close was refused (e.g. a topic must be set first), beside the close
/// button; forgotten when another conversation opens.
#[component]
pub fn CloseError(action: ServerAction<CloseConversation>) -> impl IntoView {
    let i18n = use_i18n();
    let live = expect_context::<Live>();
    Effect::new(move |first: Option<()>| {
        live.selected.track();
        if first.is_some() {
            action.value().set(None);
        }
    });
    move || {
        action
            .value()
            .get()
            .and_then(Result::err)
            .map(|e| view! { <span class="error close-error" role="alert">{error_text(i18n, &e)}</span> })
    }
}
