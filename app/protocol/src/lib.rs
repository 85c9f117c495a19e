//! The JSON messages that travel over the two WebSockets.
//!
//! `widget` is what a customer's chat window and the server say to each other;
//! `staff` is what the server pushes to the operator workspace. Both sides of each
//! socket are compiled from these types, so a field can't drift between them.
//! Kept free of everything but serde (plus, with `browser`, the socket both bundles
//! use), so the customer's widget bundle stays lean.

mod attachment;
#[cfg(feature = "browser")]
pub mod browser;
pub mod emoji;
pub mod staff;
#[cfg(feature = "browser")]
pub mod upload;
pub mod widget;

pub use attachment::{check_caption, size_parts, Attachment, SizeUnit};
use serde::{Deserialize, Serialize};

/// Longest message a customer or an operator may send, in characters.
pub const MAX_MESSAGE_CHARS: usize = 10_000;

/// Who wrote a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sender {
    Customer,
    Operator,
    System,
}

/// Where a conversation stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConversationStatus {
    /// In the queue, no operator yet.
    Waiting,
    /// An operator has taken it.
    Active,
    /// Closed by the operator; the customer may rate or resume it.
    Closed,
}

impl ConversationStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Waiting => "waiting",
            Self::Active => "active",
            Self::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "waiting" => Some(Self::Waiting),
            "active" => Some(Self::Active),
            "closed" => Some(Self::Closed),
            _ => None,
        }
    }
}

/// One message as both sides display it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Message {
    pub id: i64,
    pub conversation_id: i64,
    /// The sender's own id for this message; a retry with the same id is a no-op.
    pub client_id: String,
    pub sender: Sender,
    /// Operator's display name (never shown to the customer for system messages).
    pub author: Option<String>,
    pub body: String,
    /// RFC 3339, UTC.
    pub sent_at: String,
    /// A file sent with the message (the body may then be empty).
    #[serde(default)]
    pub attachment: Option<Attachment>,
    /// Whether a message to a messenger customer reached their messenger (none: the
    /// widget's own socket delivered it, or the customer wrote it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery: Option<Delivery>,
}

/// A message on its way to a customer's messenger (Telegram, WhatsApp, …).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delivery {
    pub status: DeliveryStatus,
    /// The provider's last refusal, or why sending failed (kept while retrying).
    #[serde(default)]
    pub error: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryStatus {
    /// In the outbox: not accepted by the provider yet (retried with backoff).
    Pending,
    /// The provider accepted it.
    Sent,
    /// The provider refused it for good, or stayed down for a day.
    Failed,
}

/// Why a message was refused. Each variant has a translated text on both sides.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MessageProblem {
    Empty,
    TooLong,
    BadClientId,
    ConversationClosed,
}

/// Checks a message body before it goes anywhere near the database.
pub fn check_body(body: &str) -> Result<&str, MessageProblem> {
    let trimmed = body.trim();
    if trimmed.is_empty() {
        Err(MessageProblem::Empty)
    } else if trimmed.chars().count() > MAX_MESSAGE_CHARS {
        Err(MessageProblem::TooLong)
    } else {
        Ok(trimmed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_and_blank_bodies_are_refused() {
        assert_eq!(check_body(""), Err(MessageProblem::Empty));
        assert_eq!(check_body("  \n\t "), Err(MessageProblem::Empty));
    }

    #[test]
    fn the_limit_counts_characters_not_bytes() {
        let cyrillic = "ж".repeat(MAX_MESSAGE_CHARS);
        assert_eq!(check_body(&cyrillic), Ok(cyrillic.as_str()));
        let over = "ж".repeat(MAX_MESSAGE_CHARS + 1);
        assert_eq!(check_body(&over), Err(MessageProblem::TooLong));
    }

    #[test]
    fn surrounding_whitespace_is_trimmed() {
        assert_eq!(check_body("  salom  "), Ok("salom"));
    }

    #[test]
    fn status_round_trips() {
        for s in [
            ConversationStatus::Waiting,
            ConversationStatus::Active,
            ConversationStatus::Closed,
        ] {
            assert_eq!(ConversationStatus::parse(s.as_str()), Some(s));
        }
        assert_eq!(ConversationStatus::parse("bogus"), None);
    }
}
