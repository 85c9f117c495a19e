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
}

/// A row of the staff list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StaffRow {
    pub login: String,
    pub display_name: String,
    /// Role codes (built-in ones are translated on the page).
    pub roles: Vec<String>,
    pub blocked: bool,
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
    pub customer_name: String,
    pub channel_name: String,
    pub language: String,
    pub waited_seconds: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OperatorRow {
    pub login: String,
    pub display_name: String,
    pub state: OperatorState,
    pub seconds_in_state: i64,
    pub load: i64,
    pub capacity: i32,
    pub languages: Vec<String>,
}
