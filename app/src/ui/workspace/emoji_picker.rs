//! The emoji button beside the reply box: a grid of common emoji in groups, inserted
//! at the caret. Arrow keys move in the grid; Escape or a click outside closes it.

use super::caret;
use crate::i18n::*;
use leptos::html::{Div, Textarea};
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use leptos::web_sys::HtmlElement;
use protocol::emoji::{EmojiGroup, EMOJI};

/// Emoji per row of the grid (arrow keys move by this much up and down).
const COLUMNS: i32 = 8;

/// How many emoji the grid has.
const TOTAL: i32 = {
    let mut n = 0;
    let mut g = 0;
    while g < EMOJI.len() {
        n += EMOJI[g].1.len();
        g += 1;
    }
    n as i32
};

#[component]
pub fn EmojiButton(
    /// The box the emoji go into.
    textarea: NodeRef<Textarea>,
) -> impl IntoView {
    let i18n = use_i18n();
    let open = RwSignal::new(false);
    let panel = NodeRef::<Div>::new();
    // The box's selection when the grid opened (the focus moves into the grid).
    let selection = StoredValue::new((usize::MAX, usize::MAX));
    let toggle = move |_| {
        if !open.get_untracked() {
            if let Some(el) = textarea.get_untracked() {
                selection.set_value(caret::selection(&el));
            }
        }
        open.update(|o| *o = !*o);
    };
    let close = move || {
        open.set(false);
        if let Some(el) = textarea.get_untracked() {
            let _ = el.focus();
        }
    };
    let pick = move |emoji: &'static str| {
        open.set(false);
        if let Some(el) = textarea.get_untracked() {
            let (start, end) = selection.get_value();
            caret::replace(&el, start, end, emoji);
        }
    };
    // The first emoji takes the focus once the grid is shown (a hidden one can't).
    Effect::new(move |_| {
        if open.get() {
            request_animation_frame(move || {
                if let Some(first) = panel
                    .get_untracked()
                    .and_then(|p| p.query_selector("button").ok().flatten())
                {
                    let _ = first.unchecked_into::<HtmlElement>().focus();
                }
            });
        }
    });
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let step = match ev.key().as_str() {
            "Escape" => {
                ev.prevent_default();
                ev.stop_propagation();
                close();
                return;
            }
            "ArrowRight" => 1,
            "ArrowLeft" => -1,
            "ArrowDown" => COLUMNS,
            "ArrowUp" => -COLUMNS,
            _ => return,
        };
        ev.prevent_default();
        if let Some(p) = panel.get_untracked() {
            move_focus(&p, ev.target(), step);
        }
    };
    let mut place = 0;
    let groups = EMOJI
        .iter()
        .map(|(group, list)| {
            let group = *group;
            let name = move || group_name(i18n, group);
            let buttons = list
                .iter()
                .map(|&emoji| {
                    let i = place;
                    place += 1;
                    view! {
                        <button type="button" class="emoji" data-i=i on:click=move |_| pick(emoji)>
                            {emoji}
                        </button>
                    }
                })
                .collect_view();
            view! {
                <h3 class="emoji-group">{name}</h3>
                <div class="emoji-grid" role="group" aria-label=name>{buttons}</div>
            }
        })
        .collect_view();
    view! {
        <span class="emoji-picker">
            <button
                type="button"
                class="tool emoji-toggle"
                aria-label=move || t_string!(i18n, emoji_button)
                title=move || t_string!(i18n, emoji_button)
                aria-haspopup="dialog"
                aria-expanded=move || open.get().to_string()
                on:click=toggle
            >
                <SmileIcon />
            </button>
            <Show when=move || open.get()>
                <div class="popup-backdrop" on:click=move |_| close()></div>
            </Show>
            <div
                class="emoji-panel"
                role="dialog"
                aria-label=move || t_string!(i18n, emoji_button)
                data-testid="emoji-panel"
                node_ref=panel
                hidden=move || !open.get()
                on:keydown=on_key
            >
                {groups}
            </div>
        </span>
    }
}

/// Moves the focus `step` emoji on from the one that has it (buttons carry their
/// place in `data-i`).
fn move_focus(
    panel: &leptos::web_sys::HtmlDivElement,
    from: Option<leptos::web_sys::EventTarget>,
    step: i32,
) {
    let current = from
        .and_then(|t| t.dyn_into::<leptos::web_sys::Element>().ok())
        .and_then(|el| el.get_attribute("data-i"))
        .and_then(|i| i.parse::<i32>().ok());
    let next = current.map_or(0, |i| (i + step).clamp(0, TOTAL - 1));
    if let Ok(Some(b)) = panel.query_selector(&format!("button[data-i='{next}']")) {
        let _ = b.unchecked_into::<HtmlElement>().focus();
    }
}

fn group_name(i18n: leptos_i18n::I18nContext<Locale>, group: EmojiGroup) -> String {
    match group {
        EmojiGroup::Smileys => t_string!(i18n, emoji_group_smileys).to_string(),
        EmojiGroup::Gestures => t_string!(i18n, emoji_group_gestures).to_string(),
        EmojiGroup::Symbols => t_string!(i18n, emoji_group_symbols).to_string(),
        EmojiGroup::Objects => t_string!(i18n, emoji_group_objects).to_string(),
    }
}

/// A smiling face drawn in the text colour (no emoji font needed for the button).
#[component]
fn SmileIcon() -> impl IntoView {
    view! {
        <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
            <circle cx="12" cy="12" r="9.5" fill="none" stroke="currentColor" stroke-width="1.8" />
            <circle cx="8.8" cy="9.8" r="1.3" fill="currentColor" />
            <circle cx="15.2" cy="9.8" r="1.3" fill="currentColor" />
            <path d="M7.8 14.2c1 1.7 2.5 2.6 4.2 2.6s3.2-.9 4.2-2.6" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" />
        </svg>
    }
}
