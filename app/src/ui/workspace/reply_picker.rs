//! Canned replies in the reply box: typing `/` at the start or after a space lists the
//! replies that match what follows it (title or text, any case, personal first);
//! ArrowUp/ArrowDown move, Enter or Tab insert the reply with its placeholders filled in
//! place of the `/query`, Escape closes. The "Replies" button opens the same list with
//! its own search field and inserts at the caret.

use super::caret;
use super::Live;
use crate::error::AppError;
use crate::i18n::*;
use crate::model::CurrentUser;
use crate::replies::canned_replies;
use crate::replies::matching::{matching, slash_query, MAX_SHOWN};
use crate::replies::model::CannedReply;
use crate::replies::placeholders::{date_and_time, fill, PlaceholderValues};
use crate::ui::error_text::error_text;
use leptos::html::{Input, Textarea};
use leptos::prelude::*;

/// What the list was opened for.
#[derive(Clone, Debug, PartialEq)]
enum Popup {
    /// `/query` typed in the box, at bytes `start..end` of its text.
    Slash { start: usize, end: usize, query: String },
    /// Opened with the button: the box's selection (bytes) when it was opened.
    Browse { start: usize, end: usize },
}

/// The state of the replies list, shared by the box, the popup and the button.
#[derive(Clone, Copy)]
pub struct ReplyPicker {
    textarea: NodeRef<Textarea>,
    replies: LocalResource<Result<Vec<CannedReply>, AppError>>,
    popup: RwSignal<Option<Popup>>,
    search: RwSignal<String>,
    highlighted: RwSignal<usize>,
    /// The `/` whose list the operator closed with Escape: it stays closed until the
    /// query is gone.
    dismissed: StoredValue<Option<usize>>,
    /// Set while the picker itself writes into the box, so its insertion opens nothing.
    inserting: StoredValue<bool>,
    live: Live,
    /// The signed-in operator's name and UTC offset (for `{operator_name}`, `{date}`, `{time}`).
    operator: StoredValue<(String, i32)>,
}

impl ReplyPicker {
    pub fn new(textarea: NodeRef<Textarea>) -> Self {
        let operator = use_context::<CurrentUser>()
            .map(|u| (u.display_name, u.utc_offset_seconds))
            .unwrap_or_default();
        ReplyPicker {
            textarea,
            replies: LocalResource::new(canned_replies),
            popup: RwSignal::new(None),
            search: RwSignal::new(String::new()),
            highlighted: RwSignal::new(0),
            dismissed: StoredValue::new(None),
            inserting: StoredValue::new(false),
            live: expect_context::<Live>(),
            operator: StoredValue::new(operator),
        }
    }

    fn all(&self) -> Vec<CannedReply> {
        self.replies.get().and_then(Result::ok).unwrap_or_default()
    }

    /// The replies the list shows now.
    fn shown(&self) -> Vec<CannedReply> {
        let all = self.all();
        match self.popup.get() {
            Some(Popup::Slash { query, .. }) => matching(&all, &query)
                .into_iter()
                .take(MAX_SHOWN)
                .cloned()
                .collect(),
            Some(Popup::Browse { .. }) => matching(&all, &self.search.get()).into_iter().cloned().collect(),
            None => Vec::new(),
        }
    }

    fn close(&self) {
        self.popup.set(None);
        self.highlighted.set(0);
    }

    /// After each change of the box's text: opens, narrows or closes the `/` list.
    pub fn on_input(&self) {
        if self.inserting.get_value() {
            return;
        }
        let Some(el) = self.textarea.get_untracked() else {
            return;
        };
        let (caret, _) = caret::selection(&el);
        let text = el.value();
        let slash = slash_query(&text, caret);
        let is_slash = matches!(self.popup.get_untracked(), Some(Popup::Slash { .. }));
        match slash {
            Some(q) if self.dismissed.get_value() != Some(q.start) => {
                let same_query = matches!(
                    self.popup.get_untracked(),
                    Some(Popup::Slash { query, .. }) if query == q.query
                );
                if !same_query {
                    self.highlighted.set(0);
                }
                // Shown only while something matches (see `slash_open`).
                self.popup.set(Some(Popup::Slash {
                    start: q.start,
                    end: caret,
                    query: q.query,
                }));
            }
            Some(_) => {}
            None => {
                self.dismissed.set_value(None);
                if is_slash {
                    self.close();
                }
            }
        }
    }

    /// A `/` list with something in it is showing.
    fn slash_open(&self) -> bool {
        matches!(self.popup.get(), Some(Popup::Slash { .. })) && !self.shown().is_empty()
    }

    /// The box lost focus: a `/` list closes (clicks in it keep the focus in the box).
    pub fn on_blur(&self) {
        if matches!(self.popup.get_untracked(), Some(Popup::Slash { .. })) {
            self.close();
        }
    }

    /// Keys in the box while the `/` list is open; `true` when the key was the list's
    /// (then Enter inserts and does not send).
    pub fn on_keydown(&self, ev: &leptos::ev::KeyboardEvent) -> bool {
        let Some(Popup::Slash { start, .. }) = self.popup.get_untracked() else {
            return false;
        };
        if !untrack(|| self.slash_open()) {
            return false;
        }
        if ev.is_composing() || ev.alt_key() || ev.meta_key() {
            return false;
        }
        match ev.key().as_str() {
            "Enter" | "Tab" if !ev.shift_key() => {
                ev.prevent_default();
                self.choose_highlighted();
            }
            "Escape" => {
                ev.prevent_default();
                ev.stop_propagation();
                self.dismissed.set_value(Some(start));
                self.close();
            }
            "ArrowDown" | "ArrowUp" => {
                ev.prevent_default();
                self.step(ev.key() == "ArrowDown");
            }
            _ => return false,
        }
        true
    }

    fn step(&self, down: bool) {
        let n = untrack(|| self.shown()).len().max(1);
        self.highlighted
            .update(|i| *i = if down { (*i + 1) % n } else { (*i + n - 1) % n });
    }

    fn choose_highlighted(&self) {
        let shown = untrack(|| self.shown());
        if let Some(reply) = shown.get(self.highlighted.get_untracked()).or(shown.first()) {
            self.choose(reply);
        }
    }

    /// Puts the reply, placeholders filled, in place of the `/query` or at the caret.
    fn choose(&self, reply: &CannedReply) {
        let (start, end) = match self.popup.get_untracked() {
            Some(Popup::Slash { start, end, .. } | Popup::Browse { start, end }) => (start, end),
            None => return,
        };
        let text = fill(&reply.body, &self.values());
        self.close();
        if let Some(el) = self.textarea.get_untracked() {
            self.inserting.set_value(true);
            caret::replace(&el, start, end, &text);
            self.inserting.set_value(false);
        }
    }

    /// What the placeholders stand for in the open conversation, now.
    fn values(&self) -> PlaceholderValues {
        let summary = self
            .live
            .conversation
            .get_untracked()
            .and_then(Result::ok)
            .flatten()
            .map(|v| v.summary);
        let (operator_name, offset) = self.operator.get_value();
        let (date, time) = date_and_time(now_ms(), offset);
        PlaceholderValues {
            customer_name: summary
                .as_ref()
                .map(|s| s.customer_name.clone())
                .unwrap_or_default(),
            operator_name,
            channel: summary.map(|s| s.channel_name).unwrap_or_default(),
            date,
            time,
        }
    }

    /// Opens the list with its own search field (the button).
    fn browse(&self) {
        if matches!(self.popup.get_untracked(), Some(Popup::Browse { .. })) {
            self.close();
            return;
        }
        let (start, end) = self
            .textarea
            .get_untracked()
            .map(|el| caret::selection(&el))
            .unwrap_or((usize::MAX, usize::MAX));
        self.replies.refetch();
        self.search.set(String::new());
        self.highlighted.set(0);
        self.popup.set(Some(Popup::Browse { start, end }));
    }

    /// Closes the list and gives the box its focus back.
    fn back_to_box(&self) {
        self.close();
        if let Some(el) = self.textarea.get_untracked() {
            let _ = el.focus();
        }
    }
}

/// The list above the reply box.
#[component]
pub fn ReplyPopup(picker: ReplyPicker) -> impl IntoView {
    let i18n = use_i18n();
    let search_box = NodeRef::<Input>::new();
    let browsing = move || matches!(picker.popup.get(), Some(Popup::Browse { .. }));
    // The search field takes the focus when the button opens the list.
    Effect::new(move |_| {
        if browsing() {
            if let Some(el) = search_box.get() {
                let _ = el.focus();
            }
        }
    });
    // Screen readers follow the highlighted reply while the focus stays in the box.
    Effect::new(move |_| {
        let open = picker.slash_open();
        let i = picker.highlighted.get();
        if let Some(el) = picker.textarea.get() {
            if open {
                let _ = el.set_attribute("aria-activedescendant", &format!("reply-option-{i}"));
                let _ = el.set_attribute("aria-controls", "reply-options");
            } else {
                let _ = el.remove_attribute("aria-activedescendant");
                let _ = el.remove_attribute("aria-controls");
            }
        }
    });
    let on_search_key = move |ev: leptos::ev::KeyboardEvent| match ev.key().as_str() {
        "ArrowDown" | "ArrowUp" => {
            ev.prevent_default();
            picker.step(ev.key() == "ArrowDown");
        }
        "Enter" => {
            ev.prevent_default();
            picker.choose_highlighted();
        }
        "Escape" => {
            ev.prevent_default();
            ev.stop_propagation();
            picker.back_to_box();
        }
        _ => {}
    };
    let options = move || {
        picker
            .shown()
            .into_iter()
            .enumerate()
            .map(|(i, reply)| {
                let current = move || picker.highlighted.get() == i;
                let chosen = reply.clone();
                let badge = reply
                    .shared
                    .then(|| view! { <span class="reply-badge">{t!(i18n, replies_shared_badge)}</span> });
                view! {
                    <li
                        id=format!("reply-option-{i}")
                        role="option"
                        class="reply-option"
                        class:highlighted=current
                        aria-selected=move || current().to_string()
                        on:mousedown=|ev: leptos::ev::MouseEvent| ev.prevent_default()
                        on:mouseenter=move |_| picker.highlighted.set(i)
                        on:click=move |_| picker.choose(&chosen)
                    >
                        <span class="reply-title">{reply.title.clone()}</span>
                        {badge}
                        <span class="reply-text">{reply.body.clone()}</span>
                    </li>
                }
            })
            .collect_view()
    };
    let failed = move || {
        picker
            .replies
            .get()
            .and_then(Result::err)
            .map(|e| view! { <p class="error" role="alert">{error_text(i18n, &e)}</p> })
    };
    view! {
        <Show when=move || browsing() || picker.slash_open()>
            <Show when=browsing>
                <div class="popup-backdrop" on:click=move |_| picker.close()></div>
            </Show>
            <div class="reply-popup" data-testid="reply-popup">
                <Show when=browsing>
                    <input
                        type="search"
                        class="reply-search"
                        node_ref=search_box
                        aria-label=move || t_string!(i18n, replies_search)
                        placeholder=move || t_string!(i18n, replies_search)
                        aria-controls="reply-options"
                        prop:value=move || picker.search.get()
                        on:input=move |ev| {
                            picker.search.set(event_target_value(&ev));
                            picker.highlighted.set(0);
                        }
                        on:keydown=on_search_key
                    />
                </Show>
                {failed}
                <ul id="reply-options" role="listbox" aria-label=move || t_string!(i18n, replies_title)>
                    {options}
                </ul>
                <Show when=move || browsing() && picker.shown().is_empty()>
                    <p class="empty">{t!(i18n, replies_popup_empty)}</p>
                </Show>
                <p class="reply-hint">
                    <span>{t!(i18n, replies_popup_hint)}</span>
                    <a href="/replies">{t!(i18n, replies_manage)}</a>
                </p>
            </div>
        </Show>
    }
}

/// The "Replies" button under the box.
#[component]
pub fn RepliesButton(picker: ReplyPicker) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <button
            type="button"
            class="tool"
            aria-haspopup="listbox"
            aria-expanded=move || matches!(picker.popup.get(), Some(Popup::Browse { .. })).to_string()
            on:click=move |_| picker.browse()
        >
            {t!(i18n, replies_button)}
        </button>
    }
}

#[cfg(feature = "hydrate")]
fn now_ms() -> f64 {
    crate::realtime::now_ms()
}

#[cfg(not(feature = "hydrate"))]
fn now_ms() -> f64 {
    0.0
}
