//! Server → operator workspace, over `/ws/staff`. Actions go the other way
//! through server functions; the socket only pushes what changed, plus typing.

use crate::{ConversationStatus, Message};
use serde::{Deserialize, Serialize};

/// What the server pushes to staff.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum StaffEvent {
    /// A conversation appeared, changed status, was taken or rated.
    Conversation { summary: ConversationSummary },
    /// A message was stored in a conversation.
    Message { message: Message },
    /// The customer of a conversation is typing.
    CustomerTyping { conversation_id: i64 },
    /// An operator switched state (for supervisors' live views).
    OperatorState { user_id: i64 },
    /// Routing weights changed: the queue's order may have too.
    QueueReordered,
    /// Staff-only news of a conversation (an internal note, an invited expert): only
    /// its id; whoever may read it reloads it.
    Internal { conversation_id: i64 },
}

/// What the workspace sends over the socket.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum StaffFrame {
    /// The operator is typing in a conversation.
    Typing { conversation_id: i64 },
}

/// A row of the operator's conversation list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConversationSummary {
    pub id: i64,
    pub status: ConversationStatus,
    pub customer_id: i64,
    pub customer_name: String,
    pub channel_name: String,
    pub language: String,
    pub operator_id: Option<i64>,
    pub operator_name: Option<String>,
    pub last_message: Option<String>,
    pub rating: Option<i16>,
    pub rating_scale: i16,
    /// RFC 3339, UTC.
    pub created_at: String,
    /// The customer's earliest message after the operator's last one (unanswered), RFC 3339.
    #[serde(default)]
    pub customer_waiting_since: Option<String>,
    /// The operator's last message, when it is the last word (the customer is silent), RFC 3339.
    #[serde(default)]
    pub operator_waiting_since: Option<String>,
    /// Customer messages the viewer has not seen (0 in pushed summaries: the list reloads its own).
    #[serde(default)]
    pub unread: i64,
}
