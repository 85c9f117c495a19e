//! The emoji button beside the customer's input box: a grid of common emoji in a few
//! groups (a static list, nothing fetched), inserted at the caret. Escape or a tap
//! outside closes it.

use crate::i18n::*;
use leptos::html::{Div, Textarea};
use leptos::prelude::*;
use protocol::emoji::{byte_index, splice, utf16_offset, EmojiGroup, EMOJI};
use wasm_bindgen::JsCast;
use web_sys::{Event, HtmlElement, HtmlTextAreaElement};

#[component]
pub fn EmojiButton(
    /// The box the emoji go into.
    textarea: NodeRef<Textarea>,
) -> impl IntoView {
    let i18n = use_i18n();
    let open = RwSignal::new(false);
    let panel = NodeRef::<Div>::new();
    // The box's selection (UTF-16, as the browser counts) when the grid opened.
    let selection = StoredValue::new((u32::MAX, u32::MAX));
    let toggle = move |_| {
        if !open.get_untracked() {
            if let Some(el) = textarea.get_untracked() {
                let start = el.selection_start().ok().flatten().unwrap_or(u32::MAX);
                let end = el.selection_end().ok().flatten().unwrap_or(start);
                selection.set_value((start, end));
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
            insert(&el, start, end, emoji);
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
    let groups = EMOJI
        .iter()
        .map(|(group, list)| {
            let group = *group;
            let name = move || group_name(i18n, group);
            let buttons = list
                .iter()
                .map(|&emoji| view! { <button type="button" class="emoji" on:click=move |_| pick(emoji)>{emoji}</button> })
                .collect_view();
            view! {
                <h2 class="emoji-group">{name}</h2>
                <div class="emoji-grid" role="group" aria-label=name>{buttons}</div>
            }
        })
        .collect_view();
    view! {
        <button
            type="button"
            class="emoji-toggle"
            aria-label=move || t_string!(i18n, emoji_button)
            title=move || t_string!(i18n, emoji_button)
            aria-haspopup="dialog"
            aria-expanded=move || open.get().to_string()
            on:click=toggle
        >
            <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" focusable="false">
                <circle cx="12" cy="12" r="9.5" fill="none" stroke="currentColor" stroke-width="1.8" />
                <circle cx="8.8" cy="9.8" r="1.3" fill="currentColor" />
                <circle cx="15.2" cy="9.8" r="1.3" fill="currentColor" />
                <path d="M7.8 14.2c1 1.7 2.5 2.6 4.2 2.6s3.2-.9 4.2-2.6" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" />
            </svg>
        </button>
        <Show when=move || open.get()>
            <div class="emoji-backdrop" on:click=move |_| close()></div>
        </Show>
        <div
            class="emoji-panel"
            role="dialog"
            aria-label=move || t_string!(i18n, emoji_button)
            node_ref=panel
            hidden=move || !open.get()
            on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                if ev.key() == "Escape" {
                    ev.prevent_default();
                    close();
                }
            }
        >
            {groups}
        </div>
    }
}

/// Puts `text` in place of the UTF-16 range `start..end` of the box, the caret after
/// it, and tells the box's own input handler (draft, typing notice).
fn insert(el: &HtmlTextAreaElement, start: u32, end: u32, text: &str) {
    let value = el.value();
    let (value, caret) = splice(&value, byte_index(&value, start), byte_index(&value, end), text);
    el.set_value(&value);
    let at = utf16_offset(&value, caret);
    let _ = el.set_selection_range(at, at);
    let _ = el.focus();
    if let Ok(event) = Event::new("input") {
        event.init_event_with_bubbles("input", true);
        let _ = el.dispatch_event(&event);
    }
}

fn group_name(i18n: leptos_i18n::I18nContext<Locale>, group: EmojiGroup) -> &'static str {
    match group {
        EmojiGroup::Smileys => t_string!(i18n, emoji_group_smileys),
        EmojiGroup::Gestures => t_string!(i18n, emoji_group_gestures),
        EmojiGroup::Symbols => t_string!(i18n, emoji_group_symbols),
        EmojiGroup::Objects => t_string!(i18n, emoji_group_objects),
    }
}
