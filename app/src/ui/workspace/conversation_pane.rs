use super::close_error::CloseError;
use super::composer::Composer;
use super::conversation_list::status_text;
use super::internal_events::{EventItem, TimelineItem};
use super::topic_history::TopicHistory;
use super::topic_picker::TopicPicker;
use super::Live;
use crate::chat::CloseConversation;
use crate::i18n::*;
use crate::model::CurrentUser;
use crate::permission::Permission;
use crate::ui::client_only::ClientOnly;
use crate::ui::error_text::error_text;
use leptos::prelude::*;
use protocol::{ConversationStatus, Message, Sender};

/// The open conversation: header, messages, typing indicator, reply box.
#[component]
pub fn ConversationPane(user: CurrentUser) -> impl IntoView {
    let i18n = use_i18n();
    let live = expect_context::<Live>();
    let view_data = move || live.conversation.get().and_then(|r| r.ok()).flatten();
    let error = move || {
        live.conversation
            .get()
            .and_then(|r| r.err())
            .map(|e| view! { <p class="error" role="alert">{error_text(i18n, &e)}</p> })
    };
    let summary = move || view_data().map(|v| v.summary);
    let messages = move || {
        view_data()
            .map(|v| super::internal_events::timeline(v.messages, v.events))
            .unwrap_or_default()
    };
    let user_id = user.id;
    let mine_and_active = move || {
        summary().is_some_and(|s| s.status == ConversationStatus::Active && s.operator_id == Some(user_id))
    };
    let note_target = Memo::new(move |_| view_data().filter(|v| v.may_note).map(|v| v.summary.id));
    let can_handle = user.can(Permission::ConversationsHandle);
    let supervises = user.can(Permission::ConversationsViewAll);
    let offset = user.utc_offset_seconds;
    let close = ServerAction::<CloseConversation>::new();
    Effect::new(move |_| {
        if close.version().get() > 0 {
            live.reload();
        }
    });
    let typing_visible = move || {
        let now = current_time_ms();
        live.customer_typing
            .get()
            .is_some_and(|(id, until)| Some(id) == live.selected.get() && until > now)
    };
    view! {
        <section class="conversation-pane">
            <Transition fallback=|| ()>
                {error}
                <Show
                    when=move || summary().is_some()
                    fallback=move || view! { <p class="empty placeholder">{t!(i18n, select_conversation)}</p> }
                >
                    <header class="pane-head">
                        <h2>{move || summary().map(|s| s.customer_name)}</h2>
                        <span class="meta">
                            {move || summary().map(|s| s.channel_name)} " · "
                            {move || summary().map(|s| s.language)}
                        </span>
                        <span class="status" data-testid="conversation-status">
                            {move || summary().map(|s| status_text(i18n, s.status))}
                        </span>
                        <span class="rating" data-testid="conversation-rating">
                            {move || summary().and_then(|s| s.rating.map(|r| (r, s.rating_scale))).map(|(r, scale)| {
                                view! { {t!(i18n, rating_label)} " " {r} " / " {scale} }
                            })}
                        </span>
                        <super::pane_actions::PaneActions user_id can_handle supervises />
                        <Show when=move || can_handle && mine_and_active()>
                            <ActionForm action=close attr:class="close">
                                <input type="hidden" name="id" value=move || live.selected.get().unwrap_or_default() />
                                <fieldset class="outcome">
                                    <legend class="visually-hidden">{t!(i18n, close_outcome_legend)}</legend>
                                    <label>
                                        <input type="radio" name="resolved" value="true" checked />
                                        {t!(i18n, close_resolved)}
                                    </label>
                                    <label>
                                        <input type="radio" name="resolved" value="false" />
                                        {t!(i18n, close_unresolved)}
                                    </label>
                                </fieldset>
                                <button type="submit" class="danger">{t!(i18n, close_button)}</button>
                            </ActionForm>
                            <CloseError action=close />
                        </Show>
                    </header>
                    // Topics load in the browser (they are for working, not for reading without JavaScript).
                    <ClientOnly>
                        <TopicPicker />
                        <TopicHistory customer_id=Signal::derive(move || summary().map(|s| s.customer_id)) offset />
                    </ClientOnly>
                    <ol class="messages" aria-live="polite" data-testid="messages">
                        <For each=messages key=|item| item.key() let:item>
                            {match item {
                                TimelineItem::Message(m) => view! { <MessageItem message=m offset /> }.into_any(),
                                TimelineItem::Event(e) => view! { <EventItem event=e offset /> }.into_any(),
                            }}
                        </For>
                    </ol>
                    <super::read_marker::ReadMarker />
                    <p class="typing" aria-live="polite">
                        <Show when=typing_visible>{t!(i18n, customer_typing)}</Show>
                    </p>
                    // Built anew only when another conversation opens, so a note being typed
                    // survives the messages arriving meanwhile.
                    {move || note_target.get().map(|id| view! { <super::internal_note_form::InternalNoteForm conversation_id=id /> })}
                    <Show
                        when=move || can_handle && mine_and_active()
                        fallback=move || {
                            view! {
                                <p class="notice">
                                    {move || match summary().map(|s| s.status) {
                                        Some(ConversationStatus::Closed) => t_string!(i18n, closed_notice).to_string(),
                                        Some(ConversationStatus::Waiting) => t_string!(i18n, take_first_notice).to_string(),
                                        _ => t_string!(i18n, read_only_notice).to_string(),
                                    }}
                                </p>
                            }
                        }
                    >
                        <Composer />
                    </Show>
                </Show>
            </Transition>
        </section>
    }
}

#[component]
fn MessageItem(message: Message, offset: i32) -> impl IntoView {
    let class = match message.sender {
        Sender::Customer => "message from-customer",
        Sender::Operator => "message from-operator",
        Sender::System => "message from-system",
    };
    view! {
        <li class=class>
            <span class="author">{message.author.clone()}</span>
            // Text only: the body is never parsed as HTML.
            <p class="body">{message.body.clone()}</p>
            <super::attachment::AttachmentView attachment=message.attachment.clone() />
            <time>{crate::time::clock(&message.sent_at, offset)}</time>
            {message.delivery.clone().map(|delivery| view! { <super::delivery_mark::DeliveryMark delivery message_id=message.id /> })}
        </li>
    }
}

#[cfg(feature = "hydrate")]
fn current_time_ms() -> f64 {
    crate::realtime::now_ms()
}

#[cfg(not(feature = "hydrate"))]
fn current_time_ms() -> f64 {
    0.0
}
