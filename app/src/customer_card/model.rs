//! What the customer card in the workspace shows.

use protocol::ConversationStatus;
use serde::{Deserialize, Serialize};

/// The customer of the open conversation, with their notes and earlier conversations.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CustomerCard {
    pub customer_id: i64,
    pub display_name: String,
    pub nickname: Option<String>,
    /// The widget's locale, e.g. `uz-Latn`.
    pub language: String,
    /// Where the customer writes from: every channel, merged customers' included.
    pub identities: Vec<ChannelIdentity>,
    /// Phone, e-mail, the bank's customer id; verified ones first.
    pub identifiers: Vec<Identifier>,
    /// Customers merged into this one (still in force), newest first.
    pub merges: Vec<MergeInfo>,
    /// The viewer may merge customers into this one and undo merges.
    pub can_merge: bool,
    pub segment: Option<SegmentChoice>,
    /// The segments to choose from, when the viewer may change it.
    pub segments: Vec<SegmentChoice>,
    /// Set when the bank's signed identity confirmed who the customer is.
    pub verification: Option<Verification>,
    /// Newest first.
    pub notes: Vec<CustomerNote>,
    /// Every conversation of the customer but the open one, newest first.
    pub conversations: Vec<PastConversation>,
    /// The viewer handles the customer now (or sees all): may edit the names.
    pub can_edit_names: bool,
    /// The viewer may move the customer to another segment.
    pub can_change_segment: bool,
    /// The viewer's time zone offset, for the times shown.
    pub utc_offset_seconds: i32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelIdentity {
    pub channel_id: i64,
    pub channel_name: String,
    /// `webchat`, `telegram`, `messenger`, `instagram`, `whatsapp`, `mobile`.
    pub channel_kind: String,
    /// How the channel knows the customer: `visitor` (the widget's browser token) or
    /// `contact` (the messenger's own id for the chat).
    pub identity_kind: String,
    /// The name the messenger gives the customer (contacts only).
    #[serde(default)]
    pub label: String,
}

/// An identifier of the customer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identifier {
    /// `phone`, `email` or `bank_id`.
    pub kind: String,
    pub value: String,
    pub verified: bool,
    /// Who vouched: `signed`, `whatsapp`, `telegram`, `api`, `operator`.
    pub source: String,
}

/// A customer merged into this one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergeInfo {
    pub id: i64,
    pub absorbed_name: String,
    /// The staff member's login; none: merged by a verified identifier.
    pub merged_by: Option<String>,
    pub reason: String,
    /// RFC 3339, UTC.
    pub merged_at: String,
}

/// Another customer who might be the same person, found by name or identifier.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergeCandidate {
    pub customer_id: i64,
    pub display_name: String,
    /// The kinds of channel they wrote from.
    pub channels: Vec<String>,
    /// Their identifiers, as `kind: value`.
    pub identifiers: Vec<String>,
    /// Their last conversation began (RFC 3339), if any.
    pub last_contact: Option<String>,
}

/// A customer segment; built-in ones are shown translated by `code`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct SegmentChoice {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub built_in: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verification {
    /// RFC 3339, UTC.
    pub at: String,
    /// What verified the customer (e.g. the bank's identity service).
    pub by: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerNote {
    pub id: i64,
    pub author: Option<String>,
    pub body: String,
    /// RFC 3339, UTC.
    pub created_at: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PastConversation {
    pub id: i64,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub channel_name: String,
    pub operator_name: Option<String>,
    pub status: ConversationStatus,
    pub rating: Option<i16>,
    pub rating_scale: i16,
}

/// Longest note, in characters.
pub const NOTE_MAX: usize = 2000;
/// Longest name or nickname, in characters.
pub const NAME_MAX: usize = 100;
