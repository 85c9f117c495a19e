//! What the history page sends and receives.

use protocol::ConversationStatus;
use serde::{Deserialize, Serialize};

/// Results per page.
pub const PAGE_SIZE: usize = 50;

/// A search as the page's address holds it (`/history?q=…&operator=…`), so it can be
/// bookmarked and the back button returns to it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryQuery {
    /// Words to find in messages (web-search syntax: "phrase", -word, or).
    pub text: String,
    /// Part of the customer's name or nickname.
    pub customer: String,
    pub operator_id: Option<i64>,
    pub channel_id: Option<i64>,
    /// First and last day (`YYYY-MM-DD`, in the staff member's time zone); empty for open.
    pub from: String,
    pub to: String,
    /// A topic: its conversations and those of the topics under it.
    pub topic_id: Option<i64>,
    pub status: Option<ConversationStatus>,
    /// Continue after this conversation ("more").
    pub before: Option<i64>,
}

impl HistoryQuery {
    /// Reads the page's address parameters (`q`, `customer`, `operator`, `channel`,
    /// `from`, `to`, `topic`, `status`); what does not parse is left out.
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> Self {
        let text = |k: &str| get(k).map(|v| v.trim().to_owned()).unwrap_or_default();
        let id = |k: &str| get(k).and_then(|v| v.trim().parse::<i64>().ok());
        HistoryQuery {
            text: text("q"),
            customer: text("customer"),
            operator_id: id("operator"),
            channel_id: id("channel"),
            from: text("from"),
            to: text("to"),
            topic_id: id("topic"),
            status: get("status").and_then(|s| ConversationStatus::parse(s.trim())),
            before: None,
        }
    }

    /// Nothing asked: the page shows the latest conversations.
    pub fn is_empty(&self) -> bool {
        *self == HistoryQuery::default()
    }
}

/// A piece of a snippet: plain text, or words that matched the search.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnippetPart {
    pub text: String,
    pub hit: bool,
}

/// One conversation found.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HistoryHit {
    pub conversation_id: i64,
    pub customer_name: String,
    pub channel_name: String,
    pub operator_name: Option<String>,
    pub status: ConversationStatus,
    /// RFC 3339, UTC: when the conversation began.
    pub created_at: String,
    /// The latest matching message (or, without words, the latest message).
    pub snippet: Vec<SnippetPart>,
    /// RFC 3339, UTC: when that message was written.
    pub snippet_at: Option<String>,
    pub rating: Option<i16>,
    pub rating_scale: i16,
}

/// A page of results, newest first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HistoryPage {
    pub hits: Vec<HistoryHit>,
    /// Pass as `before` for the next page; `None` on the last one.
    pub next_before: Option<i64>,
}

/// A choice in one of the filters.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct FilterOption {
    pub id: i64,
    pub name: String,
    /// Topics: 1 for a root, deeper ones are indented.
    pub depth: i32,
}

/// What the filters offer to this staff member.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HistoryFilters {
    /// Empty for operators who see only their own conversations.
    pub operators: Vec<FilterOption>,
    pub channels: Vec<FilterOption>,
    /// The topic tree in order, parents before children.
    pub topics: Vec<FilterOption>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |k| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| (*v).to_owned())
    }

    #[test]
    fn the_address_gives_the_search_and_ignores_what_does_not_parse() {
        let q = HistoryQuery::from_params(params(&[
            ("q", " карта "),
            ("operator", "7"),
            ("channel", ""),
            ("topic", "x"),
            ("status", "closed"),
            ("from", "2026-11-01"),
        ]));
        assert_eq!(q.text, "карта");
        assert_eq!((q.operator_id, q.channel_id, q.topic_id), (Some(7), None, None));
        assert_eq!(q.status, Some(ConversationStatus::Closed));
        assert_eq!((q.from.as_str(), q.to.as_str()), ("2026-11-01", ""));
        assert!(HistoryQuery::from_params(params(&[("status", "")])).is_empty());
    }
}
