//! Keyboard shortcuts of the workspace, and the help overlay that lists them.
//! Keys are matched by their position (`KeyboardEvent.code`), so they work in any
//! keyboard layout (Russian, Kazakh, Uzbek) and with Option on a Mac.

use super::shortcuts_help::ShortcutsHelp;
use super::Live;
use crate::i18n::*;
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use leptos::web_sys::{Element, HtmlElement, KeyboardEvent};
use leptos_router::hooks::use_navigate;

/// What a shortcut does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    NextConversation,
    PreviousConversation,
    CloseConversation,
    FocusReply,
    Help,
}

/// The action of a key press outside the reply box's own keys, if any. `typing` says
/// whether the focus is in a text field (where `?` is just a character).
pub fn action_of(key: &str, code: &str, ctrl: bool, alt: bool, shift: bool, typing: bool) -> Option<Action> {
    match (code, ctrl, alt, shift) {
        ("ArrowDown", false, true, false) => Some(Action::NextConversation),
        ("ArrowUp", false, true, false) => Some(Action::PreviousConversation),
        ("KeyC", false, true, true) => Some(Action::CloseConversation),
        ("KeyR", false, true, false) => Some(Action::FocusReply),
        ("F1", false, false, false) => Some(Action::Help),
        ("Slash", true, false, _) => Some(Action::Help),
        _ if key == "?" && !ctrl && !alt && !typing => Some(Action::Help),
        _ => None,
    }
}

/// The id of the conversation `step` rows from `current` in `ids` (the first one when
/// none is open or the open one isn't listed); stops at either end.
pub fn neighbour(ids: &[i64], current: Option<i64>, step: isize) -> Option<i64> {
    let at = current.and_then(|c| ids.iter().position(|&id| id == c));
    let next = match at {
        None => 0,
        Some(i) => i.checked_add_signed(step).filter(|&n| n < ids.len())?,
    };
    ids.get(next).copied().filter(|&id| Some(id) != current)
}

/// Listens for the shortcuts on the whole page; shows the "⌨" button and the overlay.
#[component]
pub fn Shortcuts() -> impl IntoView {
    let i18n = use_i18n();
    let live = expect_context::<Live>();
    let help_open = RwSignal::new(false);
    let navigate = use_navigate();
    let go = move |step: isize| {
        let ids: Vec<i64> = live
            .snapshot
            .get_untracked()
            .and_then(Result::ok)
            .map(|s| s.mine.iter().map(|c| c.id).collect())
            .unwrap_or_default();
        if let Some(id) = neighbour(&ids, live.selected.get_untracked(), step) {
            navigate(&format!("/workspace?c={id}"), Default::default());
        }
    };
    let on_key = move |ev: KeyboardEvent| {
        if ev.default_prevented() || ev.is_composing() {
            return;
        }
        if help_open.get_untracked() {
            if ev.key() == "Escape" {
                ev.prevent_default();
                help_open.set(false);
            }
            return;
        }
        let typing = focus_in_text_field();
        let Some(action) = action_of(
            &ev.key(),
            &ev.code(),
            ev.ctrl_key() || ev.meta_key(),
            ev.alt_key(),
            ev.shift_key(),
            typing,
        ) else {
            return;
        };
        ev.prevent_default();
        match action {
            Action::NextConversation => go(1),
            Action::PreviousConversation => go(-1),
            Action::CloseConversation => click(".pane-head form.close button[type=submit]"),
            Action::FocusReply => focus(".composer textarea"),
            Action::Help => help_open.set(true),
        }
    };
    let handle = window_event_listener(leptos::ev::keydown, on_key);
    on_cleanup(move || handle.remove());
    view! {
        <button
            type="button"
            class="shortcuts-button"
            aria-label=move || t_string!(i18n, shortcuts_title)
            title=move || t_string!(i18n, shortcuts_title)
            aria-haspopup="dialog"
            on:click=move |_| help_open.set(true)
        >
            "⌨"
        </button>
        <ShortcutsHelp open=help_open />
    }
}

fn focus_in_text_field() -> bool {
    document().active_element().is_some_and(|el| {
        let tag = el.tag_name().to_ascii_uppercase();
        matches!(tag.as_str(), "INPUT" | "TEXTAREA" | "SELECT")
            || el
                .dyn_ref::<HtmlElement>()
                .is_some_and(HtmlElement::is_content_editable)
    })
}

fn find(selector: &str) -> Option<HtmlElement> {
    document()
        .query_selector(selector)
        .ok()
        .flatten()
        .and_then(|el: Element| el.dyn_into::<HtmlElement>().ok())
}

fn click(selector: &str) {
    if let Some(el) = find(selector) {
        el.click();
    }
}

fn focus(selector: &str) {
    if let Some(el) = find(selector) {
        let _ = el.focus();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_map_to_actions_in_any_layout() {
        // Alt+Shift+C in a Russian layout: key "С", code "KeyC".
        assert_eq!(
            action_of("С", "KeyC", false, true, true, true),
            Some(Action::CloseConversation)
        );
        assert_eq!(
            action_of("c", "KeyC", false, true, false, true),
            None,
            "Alt+C alone does nothing"
        );
        assert_eq!(
            action_of("ArrowDown", "ArrowDown", false, true, false, true),
            Some(Action::NextConversation)
        );
        assert_eq!(
            action_of("ArrowUp", "ArrowUp", false, true, false, false),
            Some(Action::PreviousConversation)
        );
        assert_eq!(
            action_of("ArrowDown", "ArrowDown", false, false, false, false),
            None
        );
        assert_eq!(
            action_of("к", "KeyR", false, true, false, true),
            Some(Action::FocusReply)
        );
        assert_eq!(
            action_of("F1", "F1", false, false, false, true),
            Some(Action::Help)
        );
        assert_eq!(
            action_of("/", "Slash", true, false, false, true),
            Some(Action::Help)
        );
    }

    #[test]
    fn a_question_mark_opens_help_only_outside_text_fields() {
        assert_eq!(
            action_of("?", "Digit7", false, false, true, false),
            Some(Action::Help)
        );
        assert_eq!(action_of("?", "Slash", false, false, true, true), None);
    }

    #[test]
    fn next_and_previous_stop_at_the_ends() {
        let ids = [30, 20, 10];
        assert_eq!(neighbour(&ids, Some(30), 1), Some(20));
        assert_eq!(neighbour(&ids, Some(20), -1), Some(30));
        assert_eq!(neighbour(&ids, Some(10), 1), None);
        assert_eq!(neighbour(&ids, Some(30), -1), None);
        assert_eq!(neighbour(&ids, None, 1), Some(30), "nothing open: the first");
        assert_eq!(
            neighbour(&ids, Some(99), -1),
            Some(30),
            "a queue conversation open: the first"
        );
        assert_eq!(neighbour(&[], None, 1), None);
    }
}
