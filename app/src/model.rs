//! Types that the server functions return to the pages.

use crate::permission::Permission;
use protocol::staff::ConversationSummary;
use protocol::Message;
use serde::{Deserialize, Serialize};

/// The signed-in staff member, as the pages see them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub id: i64,
    pub login: String,
    pub display_name: String,
    pub permissions: Vec<Permission>,
    /// IANA name, e.g. `Asia/Tashkent`.
    pub time_zone: String,
    /// The zone's offset from UTC now, in seconds (used to show times in the browser).
    pub utc_offset_seconds: i32,
    /// A new password must be chosen before anything else (new account, reset).
    #[serde(default)]
    pub must_change_password: bool,
    /// A second factor must be enrolled before anything else (their role requires one).
    #[serde(default)]
    pub must_enrol_totp: bool,
}

impl CurrentUser {
    pub fn can(&self, permission: Permission) -> bool {
        self.permissions.contains(&permission)
    }
}

/// What the operator workspace shows in its side list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorkspaceSnapshot {
    /// Waiting conversations, oldest first.
    pub queue: Vec<ConversationSummary>,
    /// Conversations assigned to the operator (active, and closed today).
    pub mine: Vec<ConversationSummary>,
}

/// One opened conversation with its messages.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConversationView {
    pub summary: ConversationSummary,
    pub messages: Vec<Message>,
    /// Internal events (transfers with notes…), for staff only.
    #[serde(default)]
    pub events: Vec<crate::workspace::model::ConversationEvent>,
    /// The caller may write internal notes (a supervisor, its operator, an invited expert).
    #[serde(default)]
    pub may_note: bool,
    /// The caller may invite an expert (a supervisor, while it is open).
    #[serde(default)]
    pub may_invite: bool,
}

/// An operator state: built-in (translated by `code`) or made by administrators.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OperatorState {
    pub code: String,
    pub name: String,
    pub built_in: bool,
    pub receives_chats: bool,
    /// Past this, the workspace warns the operator.
    pub recommended_minutes: Option<i32>,
}

/// An operator's current state and how long they have been in it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Presence {
    pub state: OperatorState,
    pub seconds_in_state: i64,
}

/// What the state switch in the header shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PresenceView {
    pub current: Presence,
    pub states: Vec<OperatorState>,
    /// The operator's shift is open.
    pub on_shift: bool,
}

/// The supervisor's live view of the queue and the operators.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QueueBoard {
    pub waiting: Vec<WaitingRow>,
    pub operators: Vec<OperatorRow>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WaitingRow {
    pub conversation_id: i64,
    pub place: i64,
    /// Rounded priority points (see `docs/routing.md`).
    pub priority: i64,
    pub customer_name: String,
    pub channel_name: String,
    pub language: String,
    pub segment: Option<SegmentRef>,
    pub group_name: Option<String>,
    pub waited_seconds: i64,
}

/// A customer segment as a row shows it: built-in ones are translated by code.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SegmentRef {
    pub code: String,
    pub name: String,
    pub built_in: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OperatorRow {
    pub id: i64,
    pub login: String,
    pub display_name: String,
    pub state: OperatorState,
    pub seconds_in_state: i64,
    pub load: i64,
    pub capacity: i32,
    pub languages: Vec<String>,
}

/// The weights and timers of routing (one set for the contact center).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct RoutingWeights {
    /// Priority points per minute in the queue.
    pub wait_weight: i32,
    /// After this long in the queue any group may take a conversation.
    pub overflow_seconds: i32,
    /// An assigned operator who has not answered within this loses the conversation.
    pub answer_timeout_seconds: i32,
    /// Points a conversation gains each time it comes back unanswered.
    pub reassign_boost: i32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Segment {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub built_in: bool,
    pub weight: i32,
}

/// Extra priority for conversations whose `attribute` equals `value`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct PriorityRule {
    pub id: i64,
    pub attribute: String,
    pub value: String,
    pub weight: i32,
}

/// A channel's part in routing.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct ChannelRouting {
    pub id: i64,
    pub name: String,
    pub weight: i32,
    /// Its conversations go to this group first.
    pub group_id: Option<i64>,
    /// Sent when a conversation enters the queue.
    pub auto_reply: Option<String>,
    /// Wait notices every this many seconds (at least 60), or none.
    pub wait_notice_seconds: Option<i32>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct OperatorGroup {
    pub id: i64,
    pub name: String,
}

/// An operator's skills as administrators set them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct OperatorSkills {
    pub id: i64,
    pub login: String,
    pub display_name: String,
    /// `ru`, `uz`, `kk`, `en`.
    pub languages: Vec<String>,
    pub capacity: i32,
    pub groups: Vec<i64>,
}

/// Everything the routing settings page edits.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoutingConfig {
    pub weights: RoutingWeights,
    pub segments: Vec<Segment>,
    pub rules: Vec<PriorityRule>,
    pub channels: Vec<ChannelRouting>,
    pub groups: Vec<OperatorGroup>,
    pub operators: Vec<OperatorSkills>,
    pub states: Vec<OperatorState>,
}

/// The language skills an operator can have.
pub const LANGUAGE_SKILLS: [&str; 4] = ["ru", "uz", "kk", "en"];
