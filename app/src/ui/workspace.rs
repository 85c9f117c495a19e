//! The operator workspace: the queue and the operator's conversations on the left,
//! the open conversation on the right, kept current over the staff WebSocket.

mod assignment_alerts;
mod attach_button;
mod attachment;
mod caret;
mod close_error;
mod composer;
mod conversation_list;
mod conversation_pane;
mod customer_card;
mod delivery_mark;
mod emoji_picker;
mod indicators;
mod internal_events;
mod internal_note_form;
mod invite_panel;
mod outbound_form;
mod pane_actions;
mod read_marker;
mod reply_picker;
mod shortcuts;
mod shortcuts_help;
mod topic_history;
mod topic_picker;
mod transfer_panel;

use super::guarded::Guarded;
use super::layout::Layout;
use crate::chat::{open_conversation, workspace_snapshot};
use crate::error::AppError;
use crate::i18n::*;
use crate::model::{ConversationView, CurrentUser, WorkspaceSnapshot};
use crate::permission::Permission;
use conversation_list::ConversationList;
use conversation_pane::ConversationPane;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn WorkspacePage() -> impl IntoView {
    view! {
        <Guarded
            any_of=&[Permission::ConversationsHandle, Permission::ConversationsViewAll]
            page=workspace_page
        />
    }
}

fn workspace_page(user: CurrentUser) -> AnyView {
    view! {
        <Layout user=user.clone()>
            <super::news::gate::NewsGate offset=user.utc_offset_seconds />
            <Workspace user=user.clone() />
        </Layout>
    }
    .into_any()
}

/// What the parts of the workspace share.
#[derive(Clone, Copy)]
pub struct Live {
    pub snapshot: Resource<Result<WorkspaceSnapshot, AppError>>,
    pub conversation: Resource<Result<Option<ConversationView>, AppError>>,
    pub selected: Memo<Option<i64>>,
    /// The conversation whose customer is typing, and until when (ms since the epoch).
    pub customer_typing: RwSignal<Option<(i64, f64)>>,
    /// Whether the live connection is up.
    pub online: RwSignal<bool>,
    /// Tells the customer that the operator is typing in a conversation (at most every 2 s).
    pub typing: Callback<i64>,
    /// When the last typing notice went out (ms); reset by sending, so the next
    /// keystroke announces typing anew.
    pub last_typing: StoredValue<f64>,
}

impl Live {
    pub fn reload(&self) {
        self.snapshot.refetch();
        self.conversation.refetch();
    }
}

#[component]
fn Workspace(user: CurrentUser) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let selected = Memo::new(move |_| query.read().get("c").and_then(|c| c.parse::<i64>().ok()));
    let snapshot = Resource::new(|| (), |_| workspace_snapshot());
    let conversation = Resource::new(
        move || selected.get(),
        |id| async move {
            match id {
                Some(id) => open_conversation(id).await.map(Some),
                None => Ok(None),
            }
        },
    );
    let customer_typing = RwSignal::new(None);
    let online = RwSignal::new(true);
    let last_typing = StoredValue::new(0.0);
    let typing = connect(
        snapshot,
        conversation,
        selected,
        customer_typing,
        online,
        last_typing,
    );
    let live = Live {
        snapshot,
        conversation,
        selected,
        customer_typing,
        online,
        typing,
        last_typing,
    };
    provide_context(live);
    indicators::Indicators::provide();
    provide_context(user.clone());
    view! {
        <div class="workspace">
            <Show when=move || !online.get()>
                <p class="banner offline" role="status">{t!(i18n, connection_lost)}</p>
            </Show>
            <ConversationList user=user.clone() />
            <ConversationPane user />
            <customer_card::CustomerCard />
            <shortcuts::Shortcuts />
        </div>
    }
}

/// Opens the staff socket in the browser; returns how to send typing notices.
#[cfg(feature = "hydrate")]
fn connect(
    snapshot: Resource<Result<WorkspaceSnapshot, AppError>>,
    conversation: Resource<Result<Option<ConversationView>, AppError>>,
    selected: Memo<Option<i64>>,
    customer_typing: RwSignal<Option<(i64, f64)>>,
    online: RwSignal<bool>,
    last_typing: StoredValue<f64>,
) -> Callback<i64> {
    use crate::realtime::{now_ms, StaffSocket};
    use protocol::staff::{StaffEvent, StaffFrame};

    let socket = StoredValue::new_local(None::<StaffSocket>);
    Effect::new(move |_| {
        let on_event = move |event| match event {
            StaffEvent::Conversation { summary } => {
                snapshot.refetch();
                if selected.get_untracked() == Some(summary.id) {
                    conversation.refetch();
                }
            }
            StaffEvent::Message { message } => {
                snapshot.refetch();
                if selected.get_untracked() == Some(message.conversation_id) {
                    conversation.refetch();
                    customer_typing.set(None);
                }
            }
            StaffEvent::CustomerTyping { conversation_id } => {
                customer_typing.set(Some((conversation_id, now_ms() + 4000.0)));
            }
            StaffEvent::QueueReordered => snapshot.refetch(),
            StaffEvent::Internal { conversation_id } => {
                snapshot.refetch();
                if selected.get_untracked() == Some(conversation_id) {
                    conversation.refetch();
                }
            }
            StaffEvent::OperatorState { .. } => {}
        };
        // Whatever changed between the page's render and this (re)connection was not
        // pushed to us: reload the lists on every open, not only after a drop.
        let on_open = move |_reconnected| {
            online.set(true);
            snapshot.refetch();
            conversation.refetch();
        };
        let on_close = move || online.set(false);
        socket.set_value(Some(StaffSocket::connect(on_event, on_open, on_close)));
    });
    on_cleanup(move || {
        if let Some(s) = socket.try_get_value().flatten() {
            s.stop();
        }
    });
    Callback::new(move |conversation_id: i64| {
        let now = now_ms();
        if now - last_typing.get_value() > 2000.0 {
            last_typing.set_value(now);
            socket.with_value(|s| {
                if let Some(s) = s {
                    s.send(&StaffFrame::Typing { conversation_id });
                }
            });
        }
    })
}

#[cfg(not(feature = "hydrate"))]
fn connect(
    _snapshot: Resource<Result<WorkspaceSnapshot, AppError>>,
    _conversation: Resource<Result<Option<ConversationView>, AppError>>,
    _selected: Memo<Option<i64>>,
    _customer_typing: RwSignal<Option<(i64, f64)>>,
    _online: RwSignal<bool>,
    _last_typing: StoredValue<f64>,
) -> Callback<i64> {
    Callback::new(|_| ())
}

/// A fresh id for a message about to be sent (the server stores a message once per id,
/// so a retried send is not doubled); made in the browser only.
#[cfg(feature = "hydrate")]
fn new_client_id() -> String {
    crate::realtime::new_client_id()
}

#[cfg(not(feature = "hydrate"))]
fn new_client_id() -> String {
    String::new()
}
