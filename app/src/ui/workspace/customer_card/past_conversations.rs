use crate::customer_card::model::PastConversation;
use crate::customer_card::past_conversation_messages;
use crate::error::AppError;
use crate::i18n::*;
use crate::ui::error_text::error_text;
use crate::ui::history::results::status_name;
use leptos::prelude::*;
use protocol::{Message, Sender};

/// Every earlier conversation of the customer; each opens inline, read only, its
/// messages loaded when first opened.
#[component]
pub fn PastConversations(conversations: Vec<PastConversation>, offset: i32) -> impl IntoView {
    let i18n = use_i18n();
    let (empty, count) = (conversations.is_empty(), conversations.len());
    view! {
        <section class="card-section" aria-labelledby="card-past-title">
            <h4 id="card-past-title">{t!(i18n, card_past)} " " <span class="count">{count}</span></h4>
            <Show when=move || empty>
                <p class="empty">{t!(i18n, card_past_empty)}</p>
            </Show>
            <ul class="past" data-testid="card-past">
                {conversations.into_iter().map(|c| view! { <Past conversation=c offset /> }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn Past(conversation: PastConversation, offset: i32) -> impl IntoView {
    let i18n = use_i18n();
    let id = conversation.id;
    let status = conversation.status;
    let open = RwSignal::new(false);
    let messages = RwSignal::new(None::<Result<Vec<Message>, AppError>>);
    let toggle = move |_| {
        let opening = !open.get_untracked();
        open.set(opening);
        // Loaded once, on the first opening (and again after a failure).
        if opening && !matches!(messages.get_untracked(), Some(Ok(_))) {
            leptos::task::spawn_local(async move {
                messages.set(Some(past_conversation_messages(id).await));
            });
        }
    };
    let operator = conversation.operator_name.clone();
    let rating = conversation
        .rating
        .map(|r| format!("{r} / {}", conversation.rating_scale));
    let body_id = format!("past-{id}");
    view! {
        <li class="past-conversation" data-conversation=id>
            <button
                type="button"
                class="past-toggle"
                aria-expanded=move || open.get().to_string()
                aria-controls=body_id.clone()
                on:click=toggle
            >
                <span class="past-head">
                    <time>{crate::time::date_time(&conversation.created_at, offset)}</time>
                    <span class=format!("status status-{}", status.as_str())>{move || status_name(i18n, status)}</span>
                </span>
                <span class="meta">
                    {conversation.channel_name.clone()} " · "
                    {move || operator.clone().unwrap_or_else(|| t_string!(i18n, history_no_operator).to_string())}
                    {rating.map(|r| view! { " · " {t!(i18n, rating_label)} " " {r} })}
                </span>
            </button>
            <div class="past-body" id=body_id hidden=move || !open.get()>
                {move || match messages.get() {
                    None if open.get() => view! { <p class="empty">"…"</p> }.into_any(),
                    None => ().into_any(),
                    Some(Err(e)) => view! { <p class="error" role="alert">{error_text(i18n, &e)}</p> }.into_any(),
                    Some(Ok(list)) if list.is_empty() => {
                        view! { <p class="empty">{t!(i18n, card_no_messages)}</p> }.into_any()
                    }
                    Some(Ok(list)) => view! {
                        <ol class="past-messages" data-testid="past-messages">
                            {list.into_iter().map(|m| view! { <PastMessage message=m offset /> }).collect_view()}
                        </ol>
                    }
                    .into_any(),
                }}
            </div>
        </li>
    }
}

#[component]
fn PastMessage(message: Message, offset: i32) -> impl IntoView {
    let class = match message.sender {
        Sender::Customer => "from-customer",
        Sender::Operator => "from-operator",
        Sender::System => "from-system",
    };
    view! {
        <li class=class>
            <span class="author">{message.author.clone()}</span>
            // Text only: the body is never parsed as HTML.
            <p class="body">{message.body.clone()}</p>
            <time>{crate::time::clock(&message.sent_at, offset)}</time>
        </li>
    }
}
