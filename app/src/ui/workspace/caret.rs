//! The reply box's caret: what is selected, and putting text there as if typed, so the
//! composer's own input handler sees the change (draft, typing notice, fresh send id).

use leptos::web_sys::{Event, HtmlTextAreaElement};
use protocol::emoji::{byte_index, splice, utf16_offset};

/// The selection as byte indices into the box's text (the caret when both are equal).
pub fn selection(el: &HtmlTextAreaElement) -> (usize, usize) {
    let text = el.value();
    let start = el.selection_start().ok().flatten().unwrap_or(u32::MAX);
    let end = el.selection_end().ok().flatten().unwrap_or(start);
    (byte_index(&text, start), byte_index(&text, end))
}

/// Replaces the bytes `start..end` of the box's text with `insert`, puts the caret
/// after it, focuses the box and announces the change with an `input` event.
pub fn replace(el: &HtmlTextAreaElement, start: usize, end: usize, insert: &str) {
    let (text, caret) = splice(&el.value(), start, end, insert);
    el.set_value(&text);
    let at = utf16_offset(&text, caret);
    let _ = el.set_selection_range(at, at);
    let _ = el.focus();
    if let Ok(event) = Event::new("input") {
        event.init_event_with_bubbles("input", true);
        let _ = el.dispatch_event(&event);
    }
}
