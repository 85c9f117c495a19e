//! The open conversation's header actions beyond reply and close: its waiting
//! indicator, transfer (its operator, or a supervisor), close by a supervisor, and
//! "write to the customer" from a closed conversation.

use super::indicators::PaneIndicator;
use super::outbound_form::OutboundForm;
use super::transfer_panel::TransferPanel;
use super::Live;
use crate::chat::CloseConversation;
use crate::i18n::*;
use crate::ui::error_text::error_text;
use leptos::prelude::*;
use protocol::ConversationStatus;

/// Which panel is open under the header.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Panel {
    None,
    Transfer,
    Outbound,
    Invite,
}

#[component]
pub fn PaneActions(user_id: i64, can_handle: bool, supervises: bool) -> impl IntoView {
    let i18n = use_i18n();
    let live = expect_context::<Live>();
    let panel = RwSignal::new(Panel::None);
    let summary = move || {
        live.conversation
            .get()
            .and_then(|r| r.ok())
            .flatten()
            .map(|v| v.summary)
    };
    // Another conversation opened: its panels start closed.
    Effect::new(move |_| {
        live.selected.track();
        panel.set(Panel::None);
    });
    let handles = can_handle;
    let status = move || summary().map(|s| s.status);
    let mine = move || summary().is_some_and(|s| s.operator_id == Some(user_id));
    // Memos, not closures: the conversation reloads on every message, event and reconnect,
    // and the open panel below is built anew only when one of these really changes, so
    // a note or a text being typed in it survives the reloads.
    let can_transfer =
        Memo::new(move |_| status() == Some(ConversationStatus::Active) && (mine() || supervises));
    let can_close_as_supervisor = move || {
        supervises
            && !(handles && mine())
            && matches!(
                status(),
                Some(ConversationStatus::Active | ConversationStatus::Waiting)
            )
    };
    let can_write = Memo::new(move |_| handles && status() == Some(ConversationStatus::Closed));
    let can_invite = Memo::new(move |_| {
        live.conversation
            .get()
            .and_then(|r| r.ok())
            .flatten()
            .is_some_and(|v| v.may_invite)
    });
    let close = ServerAction::<CloseConversation>::new();
    Effect::new(move |_| {
        if close.version().get() > 0 {
            live.reload();
        }
    });
    let close_error = move || {
        close
            .value()
            .get()
            .and_then(|r| r.err())
            .map(|e| view! { <span class="error" role="alert">{error_text(i18n, &e)}</span> })
    };
    let toggle = move |which: Panel| panel.update(|p| *p = if *p == which { Panel::None } else { which });
    view! {
        <PaneIndicator />
        <Show when=move || can_transfer.get()>
            <button type="button" class="transfer" aria-expanded=move || (panel.get() == Panel::Transfer).to_string()
                on:click=move |_| toggle(Panel::Transfer)>
                {t!(i18n, transfer_button)}
            </button>
        </Show>
        <Show when=move || can_write.get()>
            <button type="button" class="outbound" aria-expanded=move || (panel.get() == Panel::Outbound).to_string()
                on:click=move |_| toggle(Panel::Outbound)>
                {t!(i18n, outbound_button)}
            </button>
        </Show>
        <Show when=move || can_invite.get()>
            <button type="button" class="invite" aria-expanded=move || (panel.get() == Panel::Invite).to_string()
                on:click=move |_| toggle(Panel::Invite)>
                {t!(i18n, invite_open_button)}
            </button>
        </Show>
        <Show when=can_close_as_supervisor>
            <ActionForm action=close attr:class="close">
                <input type="hidden" name="id" value=move || live.selected.get().unwrap_or_default() />
                <button type="submit" class="danger">{t!(i18n, close_supervisor_button)}</button>
            </ActionForm>
            {close_error}
        </Show>
        {move || {
            let id = live.selected.get()?;
            match panel.get() {
                Panel::Transfer if can_transfer.get() => Some(
                    view! { <TransferPanel conversation_id=id on_done=Callback::new(move |()| panel.set(Panel::None)) /> }
                        .into_any(),
                ),
                Panel::Invite if can_invite.get() => Some(
                    view! { <super::invite_panel::InvitePanel conversation_id=id on_done=Callback::new(move |()| panel.set(Panel::None)) /> }
                        .into_any(),
                ),
                Panel::Outbound if can_write.get() => Some(
                    view! { <OutboundForm from_conversation=id on_done=Callback::new(move |()| panel.set(Panel::None)) /> }
                        .into_any(),
                ),
                _ => None,
            }
        }}
    }
}
