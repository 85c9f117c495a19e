//! Customer widget ⇄ server, over `/ws/widget`.

use crate::{ConversationStatus, Message, MessageProblem};
use serde::{Deserialize, Serialize};

/// What the widget sends.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ClientFrame {
    /// Send a message. `client_id` makes a retry idempotent.
    Send { client_id: String, body: String },
    /// The customer is typing.
    Typing,
    /// Rate the closed conversation, with a comment if the customer wrote one.
    Rate {
        score: i16,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        comment: Option<String>,
    },
    /// Reopen the closed conversation.
    Resume,
}

/// What the server sends to the widget.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ServerFrame {
    /// First frame after connecting: the channel's settings and the customer's
    /// conversation so far.
    Welcome {
        rating_scale: i16,
        conversation: Option<ConversationState>,
        messages: Vec<Message>,
    },
    /// A message was stored: the customer's own (the acknowledgement) or an operator's.
    Message { message: Message },
    /// The sender's message was refused; nothing was stored.
    Refused {
        client_id: String,
        problem: MessageProblem,
    },
    /// An operator is typing.
    OperatorTyping,
    /// Status changed (taken, closed, resumed, rated).
    Conversation { conversation: ConversationState },
    /// The connection can't be served.
    Error { problem: WidgetProblem },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConversationState {
    pub id: i64,
    pub status: ConversationStatus,
    pub rating: Option<i16>,
    /// While waiting: 1 for the head of the queue (KZ 12.1).
    #[serde(default)]
    pub queue_position: Option<i64>,
    /// While waiting, when recent handling times allow an estimate.
    #[serde(default)]
    pub expected_wait_minutes: Option<i64>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WidgetProblem {
    UnknownChannel,
    BadVisitor,
    /// The bank's signature on the customer id is missing or wrong.
    BadIdentity,
    BadRating,
    NothingToResume,
    Unavailable,
}
