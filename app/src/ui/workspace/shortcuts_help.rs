//! The overlay listing every keyboard shortcut of the workspace (F1, Ctrl+/ or `?`).

use crate::i18n::*;
use leptos::html::Button;
use leptos::prelude::*;

/// Each line of the overlay: the keys (alternatives separated by "or"), what they do.
const LINES: [(&[&[&str]], Line); 10] = [
    (&[&["Enter"], &["Ctrl", "Enter"]], Line::Send),
    (&[&["Shift", "Enter"]], Line::NewLine),
    (&[&["/"]], Line::Replies),
    (&[&["↑"], &["↓"]], Line::ChooseReply),
    (&[&["Alt", "↓"]], Line::Next),
    (&[&["Alt", "↑"]], Line::Previous),
    (&[&["Alt", "Shift", "C"]], Line::Close),
    (&[&["Alt", "R"]], Line::FocusReply),
    (&[&["F1"], &["Ctrl", "/"], &["?"]], Line::Help),
    (&[&["Esc"]], Line::Escape),
];

#[derive(Clone, Copy)]
enum Line {
    Send,
    NewLine,
    Replies,
    ChooseReply,
    Next,
    Previous,
    Close,
    FocusReply,
    Help,
    Escape,
}

#[component]
pub fn ShortcutsHelp(open: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let close_button = NodeRef::<Button>::new();
    Effect::new(move |was_open: Option<bool>| {
        let is_open = open.get();
        if is_open {
            use leptos::wasm_bindgen::JsCast;
            remember_focus(
                document()
                    .active_element()
                    .and_then(|e| e.dyn_into::<leptos::web_sys::HtmlElement>().ok()),
            );
            // Once the overlay is shown (a hidden button can't take the focus).
            request_animation_frame(move || {
                if let Some(b) = close_button.get_untracked() {
                    let _ = b.focus();
                }
            });
        } else if was_open == Some(true) {
            if let Some(el) = remember_focus(None) {
                let _ = el.focus();
            }
        }
        is_open
    });
    let description = move |line: Line| match line {
        Line::Send => t_string!(i18n, shortcut_send).to_string(),
        Line::NewLine => t_string!(i18n, shortcut_newline).to_string(),
        Line::Replies => t_string!(i18n, shortcut_replies).to_string(),
        Line::ChooseReply => t_string!(i18n, shortcut_choose_reply).to_string(),
        Line::Next => t_string!(i18n, shortcut_next).to_string(),
        Line::Previous => t_string!(i18n, shortcut_previous).to_string(),
        Line::Close => t_string!(i18n, shortcut_close).to_string(),
        Line::FocusReply => t_string!(i18n, shortcut_focus_reply).to_string(),
        Line::Help => t_string!(i18n, shortcut_help).to_string(),
        Line::Escape => t_string!(i18n, shortcut_escape).to_string(),
    };
    let rows = LINES
        .iter()
        .map(|(alternatives, line)| {
            let line = *line;
            let keys = alternatives
                .iter()
                .enumerate()
                .map(|(i, combo)| {
                    let or =
                        (i > 0).then(|| view! { <span class="or">" " {t!(i18n, shortcut_or)} " "</span> });
                    let combo = combo
                        .iter()
                        .enumerate()
                        .map(|(j, key)| view! { {(j > 0).then_some("+")}<kbd>{*key}</kbd> })
                        .collect_view();
                    view! { {or}<span class="combo">{combo}</span> }
                })
                .collect_view();
            view! {
                <tr>
                    <td class="keys">{keys}</td>
                    <td>{move || description(line)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="overlay" hidden=move || !open.get() on:click=move |_| open.set(false)>
            <div
                class="overlay-card shortcuts-help"
                role="dialog"
                aria-modal="true"
                aria-labelledby="shortcuts-title"
                data-testid="shortcuts-help"
                on:click=|ev: leptos::ev::MouseEvent| ev.stop_propagation()
            >
                <header>
                    <h2 id="shortcuts-title">{t!(i18n, shortcuts_title)}</h2>
                    <button type="button" class="close" node_ref=close_button on:click=move |_| open.set(false)>
                        {t!(i18n, shortcuts_close)}
                    </button>
                </header>
                <table class="grid shortcuts">
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </div>
    }
}

thread_local! {
    /// Where the focus was when the help opened, to give it back on closing (one help
    /// per page; browser only). A browser element can't live in reactive storage made
    /// while the page is built: built during server rendering, such storage is dropped
    /// on another thread; made inside the effect, it is disposed when the effect re-runs.
    static FOCUS_BEFORE: std::cell::RefCell<Option<leptos::web_sys::HtmlElement>> =
        const { std::cell::RefCell::new(None) };
}

/// Stores `element` and returns what was stored before.
fn remember_focus(element: Option<leptos::web_sys::HtmlElement>) -> Option<leptos::web_sys::HtmlElement> {
    FOCUS_BEFORE.with(|slot| slot.replace(element))
}
