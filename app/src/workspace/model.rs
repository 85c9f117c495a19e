//! Wire types of the workspace's indicators, transfers, outbound conversations and
//! the workspace settings page.

use crate::model::{OperatorGroup, OperatorState};
use serde::{Deserialize, Serialize};

/// When the waiting indicators turn amber (warn) and red (alert), in seconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct WaitingThresholds {
    pub customer_warn_seconds: i32,
    pub customer_alert_seconds: i32,
    pub operator_warn_seconds: i32,
    pub operator_alert_seconds: i32,
}

impl Default for WaitingThresholds {
    fn default() -> Self {
        Self {
            customer_warn_seconds: 60,
            customer_alert_seconds: 180,
            operator_warn_seconds: 300,
            operator_alert_seconds: 900,
        }
    }
}

impl WaitingThresholds {
    /// Each between 1 s and a day, warn before alert.
    pub fn is_valid(&self) -> bool {
        let in_range = |s: i32| (1..=86_400).contains(&s);
        [
            self.customer_warn_seconds,
            self.customer_alert_seconds,
            self.operator_warn_seconds,
            self.operator_alert_seconds,
        ]
        .into_iter()
        .all(in_range)
            && self.customer_warn_seconds < self.customer_alert_seconds
            && self.operator_warn_seconds < self.operator_alert_seconds
    }
}

/// What the workspace needs to colour its indicators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndicatorSettings {
    pub thresholds: WaitingThresholds,
    /// The server's clock (ms since the epoch) when this was read, so the browser can
    /// correct its own clock's drift.
    pub server_time_ms: i64,
}

/// A channel's inactivity auto-close.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct ChannelInactivity {
    pub id: i64,
    pub name: String,
    /// Close after the customer has been silent this long after the operator's last word; off when `None`.
    pub close_minutes: Option<i32>,
    /// Warn the customer this long before closing; no warning when `None`.
    pub warning_minutes: Option<i32>,
    /// The warning's text; the translated default when `None`.
    pub warning_text: Option<String>,
}

impl ChannelInactivity {
    pub fn is_valid(&self) -> bool {
        let minutes = |m: Option<i32>| m.is_none_or(|m| (1..=10_080).contains(&m));
        let text = self
            .warning_text
            .as_deref()
            .is_none_or(|t| !t.trim().is_empty() && t.chars().count() <= 2000);
        minutes(self.close_minutes)
            && minutes(self.warning_minutes)
            && text
            && match (self.warning_minutes, self.close_minutes) {
                (Some(w), Some(c)) => w < c,
                (Some(_), None) => false,
                _ => true,
            }
    }
}

/// Everything the workspace settings page edits (file limits have their own section).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorkspaceSettingsView {
    pub thresholds: WaitingThresholds,
    pub channels: Vec<ChannelInactivity>,
}

/// An operator a conversation may be transferred to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TransferTarget {
    pub id: i64,
    pub display_name: String,
    pub state: OperatorState,
    pub load: i64,
    pub capacity: i32,
    pub languages: Vec<String>,
}

impl TransferTarget {
    pub fn is_full(&self) -> bool {
        self.load >= i64::from(self.capacity)
    }
}

/// Who and where a conversation can go.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TransferOptions {
    /// On shift (in a state that receives chats) and speaking the conversation's language.
    pub operators: Vec<TransferTarget>,
    pub groups: Vec<OperatorGroup>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TransferTo {
    Operator(i64),
    /// Back to the queue for this group.
    Group(i64),
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TransferRequest {
    pub conversation_id: i64,
    pub to: TransferTo,
    /// Internal note for the colleague; never shown to the customer.
    pub note: Option<String>,
}

/// Longest internal note, in characters.
pub const MAX_NOTE_CHARS: usize = 2000;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    Transfer,
    Closed,
    InactivityWarning,
    InactivityClosed,
    Outbound,
    /// An internal note (the invisible assistant, the operator, an expert).
    Note,
    /// A supervisor invited an employee (`to_operator`) into the conversation.
    ExpertInvited,
}

impl EventKind {
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "transfer" => Self::Transfer,
            "closed" => Self::Closed,
            "inactivity_warning" => Self::InactivityWarning,
            "inactivity_closed" => Self::InactivityClosed,
            "outbound" => Self::Outbound,
            "note" => Self::Note,
            "expert_invited" => Self::ExpertInvited,
            _ => return None,
        })
    }
}

/// Something staff see inline among the messages and the customer never does.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConversationEvent {
    pub id: i64,
    pub kind: EventKind,
    pub actor: Option<String>,
    pub from_operator: Option<String>,
    pub to_operator: Option<String>,
    pub to_group: Option<String>,
    pub note: Option<String>,
    /// RFC 3339, UTC.
    pub at: String,
    /// The last message before the event (0 when none): where it shows in the list.
    pub after_message_id: i64,
}

/// An operator writes first to a customer who wrote before (TS 9.4).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OutboundRequest {
    /// A previous conversation with the customer.
    pub from_conversation: i64,
    pub client_id: String,
    pub body: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thresholds_warn_before_alert() {
        assert!(WaitingThresholds::default().is_valid());
        let bad = WaitingThresholds {
            customer_warn_seconds: 200,
            ..WaitingThresholds::default()
        };
        assert!(!bad.is_valid());
        let zero = WaitingThresholds {
            operator_warn_seconds: 0,
            ..WaitingThresholds::default()
        };
        assert!(!zero.is_valid());
    }

    #[test]
    fn inactivity_warns_before_closing() {
        let c = |close, warn, text: Option<&str>| ChannelInactivity {
            id: 1,
            name: "x".into(),
            close_minutes: close,
            warning_minutes: warn,
            warning_text: text.map(str::to_owned),
        };
        assert!(c(None, None, None).is_valid());
        assert!(c(Some(30), Some(5), None).is_valid());
        assert!(c(Some(30), None, Some("Закроем чат")).is_valid());
        assert!(!c(Some(5), Some(5), None).is_valid());
        assert!(!c(None, Some(5), None).is_valid());
        assert!(!c(Some(0), None, None).is_valid());
        assert!(!c(Some(30), Some(5), Some("  ")).is_valid());
    }
}
