//! What crosses the wire for topics (TS 9.8).

use serde::{Deserialize, Serialize};

/// How deep the tree may grow and whether a topic is required before closing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopicSettings {
    /// 1–10; 4 by default.
    pub max_depth: i32,
    pub required_before_close: bool,
}

/// One node of the tree, as the editor shows it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Topic {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub name: String,
    /// The whole path, e.g. "Карты › Блокировка карты".
    pub path: String,
    /// 1 for a root topic.
    pub depth: i32,
    pub archived: bool,
    /// Whether it (or a topic under it) was ever set on a conversation: such a topic
    /// can only be archived, never deleted.
    pub used: bool,
}

/// The tree in depth-first order (siblings by position) and its settings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopicTree {
    pub settings: TopicSettings,
    pub topics: Vec<Topic>,
}

impl TopicTree {
    /// The level of the deepest topic (0 for an empty tree): the depth limit can't go below it.
    pub fn deepest(&self) -> i32 {
        self.topics.iter().map(|t| t.depth).max().unwrap_or(0)
    }

    pub fn children_of(&self, parent: Option<i64>) -> Vec<Topic> {
        self.topics
            .iter()
            .filter(|t| t.parent_id == parent)
            .cloned()
            .collect()
    }
}

/// A topic named by its whole path: a choice in the picker, a topic on a conversation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopicRef {
    pub id: i64,
    pub path: String,
    pub archived: bool,
}

/// The topics set on a conversation, and whether the caller may change them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationTopics {
    pub topics: Vec<TopicRef>,
    pub editable: bool,
}

/// A topic set on one of a customer's conversations.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopicHistoryRow {
    pub conversation_id: i64,
    /// RFC 3339, UTC.
    pub set_at: String,
    pub channel_name: String,
    /// Who set it (or, failing that, the conversation's operator).
    pub operator_name: Option<String>,
    pub topic_id: i64,
    pub path: String,
}

/// The order of the topic history.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum HistorySort {
    /// Newest first.
    #[default]
    Date,
    /// By the topic's path, then newest first.
    Topic,
}
