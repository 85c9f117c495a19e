use super::Live;
use crate::chat::TakeConversation;
use crate::i18n::*;
use crate::model::CurrentUser;
use crate::permission::Permission;
use crate::ui::error_text::error_text;
use leptos::prelude::*;
use protocol::staff::ConversationSummary;
use protocol::ConversationStatus;

/// The queue and the operator's own conversations.
#[component]
pub fn ConversationList(user: CurrentUser) -> impl IntoView {
    let i18n = use_i18n();
    let live = expect_context::<Live>();
    let can_take = user.can(Permission::ConversationsHandle);
    let take = ServerAction::<TakeConversation>::new();
    let take_error = move || {
        take.value()
            .get()
            .and_then(|r| r.err())
            .map(|e| view! { <p class="error" role="alert">{error_text(i18n, &e)}</p> })
    };
    let queue = move || {
        live.snapshot
            .get()
            .and_then(|r| r.ok())
            .map(|s| s.queue)
            .unwrap_or_default()
    };
    let mine = move || {
        live.snapshot
            .get()
            .and_then(|r| r.ok())
            .map(|s| s.mine)
            .unwrap_or_default()
    };
    let offset = user.utc_offset_seconds;
    view! {
        <aside class="conversation-list">
            <super::assignment_alerts::AssignmentAlerts user_id=user.id />
            <Transition fallback=|| ()>
                <section aria-labelledby="queue-title">
                    <h2 id="queue-title">
                        {t!(i18n, queue_title)}
                        <span class="count">{move || queue().len()}</span>
                    </h2>
                    {take_error}
                    <Show when=move || queue().is_empty()>
                        <p class="empty">{t!(i18n, queue_empty)}</p>
                    </Show>
                    <ul class="rows" data-testid="queue">
                        <For each=queue key=|c| (c.id, c.last_message.clone()) let:c>
                            <li>
                                <Row summary=c.clone() offset />
                                <Show when=move || can_take>
                                    <ActionForm action=take attr:class="take">
                                        <input type="hidden" name="id" value=c.id />
                                        <button type="submit">{t!(i18n, take_button)}</button>
                                    </ActionForm>
                                </Show>
                            </li>
                        </For>
                    </ul>
                </section>
                <section aria-labelledby="mine-title">
                    <h2 id="mine-title">{t!(i18n, mine_title)}</h2>
                    <Show when=move || mine().is_empty()>
                        <p class="empty">{t!(i18n, mine_empty)}</p>
                    </Show>
                    <ul class="rows" data-testid="mine">
                        <For
                            each=mine
                            key=|c| (c.id, c.status.as_str(), c.last_message.clone(), c.rating)
                            let:c
                        >
                            <li>
                                <Row summary=c offset />
                            </li>
                        </For>
                    </ul>
                </section>
            </Transition>
        </aside>
    }
}

#[component]
fn Row(summary: ConversationSummary, offset: i32) -> impl IntoView {
    let i18n = use_i18n();
    let live = expect_context::<Live>();
    let id = summary.id;
    let status = summary.status;
    let current = move || live.selected.get() == Some(id);
    view! {
        <a
            class="row"
            class:current=current
            href=format!("/workspace?c={id}")
            aria-current=move || current().then_some("true")
        >
            <span class="row-head">
                <strong class="customer">{summary.customer_name.clone()}</strong>
                <span class=format!("status status-{}", status.as_str())>
                    {move || status_text(i18n, status)}
                </span>
                <time>{crate::time::clock(&summary.created_at, offset)}</time>
            </span>
            <super::indicators::RowIndicators id />
            <span class="preview">{summary.last_message.clone().unwrap_or_default()}</span>
        </a>
    }
}

pub fn status_text(i18n: leptos_i18n::I18nContext<Locale>, status: ConversationStatus) -> String {
    match status {
        ConversationStatus::Waiting => t_string!(i18n, status_waiting).to_string(),
        ConversationStatus::Active => t_string!(i18n, status_active).to_string(),
        ConversationStatus::Closed => t_string!(i18n, status_closed).to_string(),
    }
}
