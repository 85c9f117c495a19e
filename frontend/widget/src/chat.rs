//! The conversation: messages, what is still being sent, status, and the input box.

use crate::connection::{Chat, Notice};
use crate::emoji_picker::EmojiButton;
use crate::i18n::*;
use crate::rating::RatingForm;
use leptos::prelude::*;
use protocol::widget::WidgetProblem;
use protocol::{ConversationStatus, Message, MessageProblem, Sender};

#[component]
pub fn ChatBody() -> impl IntoView {
    let i18n = use_i18n();
    let chat = expect_context::<Chat>();
    let status = move || chat.conversation.get().map(|c| c.status);
    let closed = move || status() == Some(ConversationStatus::Closed);
    let typing = move || chat.operator_typing_until.get() > protocol::browser::now_ms();
    // Re-check the typing indicator after it should have expired.
    Effect::new(move |_| {
        let until = chat.operator_typing_until.get();
        let wait = (until - protocol::browser::now_ms()).max(0.0) as u32 + 50;
        if until > 0.0 {
            set_timeout_ms(wait, move || chat.operator_typing_until.update(|_| ()));
        }
    });
    view! {
        <Show
            when=move || chat.fatal.get().is_none()
            fallback=move || view! { <p class="fatal" role="alert">{move || chat.fatal.get().map(|p| widget_problem(i18n, p))}</p> }
        >
            <Show when=move || !chat.connected.get()>
                <p class="banner" role="status">{t!(i18n, reconnecting)}</p>
            </Show>
            <ol class="messages" aria-live="polite">
                <Show when=move || chat.messages.with(Vec::is_empty) && chat.pending.with(Vec::is_empty)>
                    <li class="hint">{t!(i18n, start_hint)}</li>
                </Show>
                <For each=move || chat.messages.get() key=|m| m.id let:m>
                    <MessageItem message=m />
                </For>
                {move || chat.uploading.get().map(|percent| view! {
                    <li class="message mine pending" role="status">{t!(i18n, uploading, percent)}</li>
                })}
                <For each=move || chat.pending.get() key=|p| p.client_id.clone() let:p>
                    <li class="message mine pending">
                        <p class="body">{p.body}</p>
                        <span class="meta">{t!(i18n, sending)}</span>
                    </li>
                </For>
            </ol>
            <p class="status-line" role="status">
                {move || match status() {
                    Some(ConversationStatus::Waiting) => Some(t_string!(i18n, waiting_for_operator)),
                    _ => None,
                }}
                {move || {
                    let c = chat.conversation.get().filter(|c| c.status == ConversationStatus::Waiting)?;
                    let position = c.queue_position?;
                    Some(view! {
                        <span class="queue-place" data-testid="queue-position">
                            " " {t!(i18n, queue_position, position)}
                        </span>
                        {c.expected_wait_minutes.map(|minutes| view! {
                            <span class="queue-wait">" " {t!(i18n, expected_wait, minutes)}</span>
                        })}
                    })
                }}
                <Show when=typing>{t!(i18n, operator_typing)}</Show>
            </p>
            <Show when=move || chat.notice.get().is_some()>
                <p class="notice" role="alert">{move || chat.notice.get().map(|n| notice_view(i18n, n))}</p>
            </Show>
            <Show when=closed fallback=Composer>
                <RatingForm />
            </Show>
        </Show>
    }
}

#[component]
fn Composer() -> impl IntoView {
    let i18n = use_i18n();
    let chat = expect_context::<Chat>();
    let textarea = NodeRef::<leptos::html::Textarea>::new();
    view! {
        <form class="composer" on:submit=move |ev| { ev.prevent_default(); chat.send_draft(); }>
            <EmojiButton textarea />
            <textarea
                node_ref=textarea
                rows="2"
                aria-label=move || t_string!(i18n, placeholder)
                placeholder=move || t_string!(i18n, placeholder)
                prop:value=move || chat.draft.get()
                on:input=move |ev| {
                    chat.draft.set(event_target_value(&ev));
                    chat.typing();
                }
                on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                    if ev.key() == "Enter" && !ev.shift_key() {
                        ev.prevent_default();
                        chat.send_draft();
                    }
                }
            ></textarea>
            <crate::attach::AttachButton />
            <button type="submit">{t!(i18n, send)}</button>
        </form>
    }
}

#[component]
fn MessageItem(message: Message) -> impl IntoView {
    let class = match message.sender {
        Sender::Customer => "message mine",
        Sender::Operator => "message theirs",
        Sender::System => "message system",
    };
    view! {
        <li class=class>
            <span class="author">{(message.sender == Sender::Operator).then(|| message.author.clone()).flatten()}</span>
            // Text only: the body is never parsed as HTML.
            <p class="body">{message.body.clone()}</p>
            <crate::attach::AttachmentView attachment=message.attachment.clone() />
            <time class="meta">{local_clock(&message.sent_at)}</time>
        </li>
    }
}

/// `HH:MM` in the customer's own time zone.
fn local_clock(rfc3339: &str) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(rfc3339));
    format!("{:02}:{:02}", date.get_hours(), date.get_minutes())
}

fn set_timeout_ms(ms: u32, f: impl FnOnce() + 'static) {
    leptos::prelude::set_timeout(f, std::time::Duration::from_millis(u64::from(ms)));
}

fn notice_view(i18n: leptos_i18n::I18nContext<Locale>, notice: Notice) -> AnyView {
    match notice {
        Notice::FileTooLarge(max_kb) => t!(i18n, err_file_too_large, max_kb).into_any(),
        other => notice_text(i18n, other).into_any(),
    }
}

fn notice_text(i18n: leptos_i18n::I18nContext<Locale>, notice: Notice) -> String {
    match notice {
        Notice::Message(MessageProblem::Empty) => t_string!(i18n, err_empty).to_string(),
        Notice::Message(MessageProblem::TooLong) => t_string!(i18n, err_too_long).to_string(),
        Notice::Message(MessageProblem::ConversationClosed) => t_string!(i18n, err_closed).to_string(),
        Notice::Message(MessageProblem::BadClientId) => t_string!(i18n, err_unavailable).to_string(),
        Notice::Widget(p) => widget_problem(i18n, p),
        Notice::FileTooLarge(_) => t_string!(i18n, err_upload_failed).to_string(),
        Notice::FileType => t_string!(i18n, err_file_type).to_string(),
        Notice::UploadFailed => t_string!(i18n, err_upload_failed).to_string(),
    }
}

fn widget_problem(i18n: leptos_i18n::I18nContext<Locale>, problem: WidgetProblem) -> String {
    match problem {
        WidgetProblem::UnknownChannel => t_string!(i18n, err_unknown_channel).to_string(),
        WidgetProblem::BadVisitor => t_string!(i18n, err_bad_visitor).to_string(),
        WidgetProblem::BadIdentity => t_string!(i18n, err_bad_identity).to_string(),
        WidgetProblem::BadRating => t_string!(i18n, err_bad_rating).to_string(),
        WidgetProblem::NothingToResume => t_string!(i18n, err_nothing_to_resume).to_string(),
        WidgetProblem::Unavailable => t_string!(i18n, err_unavailable).to_string(),
    }
}
