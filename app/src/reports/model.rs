//! What the report pages send and receive. A report's query lives in the page's address
//! (`/reports/conversations?operator=…&sort=queue&desc=1`), so it can be bookmarked, and
//! the same address with `.xlsx` downloads it.

use protocol::ConversationStatus;
use serde::{Deserialize, Serialize};

/// Rows per page of the conversation report.
pub const PAGE_SIZE: i64 = 50;

/// A column of the conversation report: what it sorts by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ReportColumn {
    Id,
    Operator,
    Customer,
    #[default]
    Created,
    Closed,
    Handling,
    Reaction,
    Queue,
    Direction,
    Status,
    Resolved,
    Topics,
    Channel,
    Rating,
    Quality,
}

impl ReportColumn {
    pub const ALL: [ReportColumn; 15] = [
        ReportColumn::Id,
        ReportColumn::Operator,
        ReportColumn::Customer,
        ReportColumn::Created,
        ReportColumn::Closed,
        ReportColumn::Handling,
        ReportColumn::Reaction,
        ReportColumn::Queue,
        ReportColumn::Direction,
        ReportColumn::Status,
        ReportColumn::Resolved,
        ReportColumn::Topics,
        ReportColumn::Channel,
        ReportColumn::Rating,
        ReportColumn::Quality,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ReportColumn::Id => "id",
            ReportColumn::Operator => "operator",
            ReportColumn::Customer => "customer",
            ReportColumn::Created => "created",
            ReportColumn::Closed => "closed",
            ReportColumn::Handling => "handling",
            ReportColumn::Reaction => "reaction",
            ReportColumn::Queue => "queue",
            ReportColumn::Direction => "direction",
            ReportColumn::Status => "status",
            ReportColumn::Resolved => "resolved",
            ReportColumn::Topics => "topics",
            ReportColumn::Channel => "channel",
            ReportColumn::Rating => "rating",
            ReportColumn::Quality => "quality",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// How the aggregate table groups the filtered conversations.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum GroupBy {
    Hour,
    #[default]
    Day,
    Week,
    Month,
    Year,
    Operator,
    Topic,
    Resolved,
    Direction,
    Channel,
}

impl GroupBy {
    pub const ALL: [GroupBy; 10] = [
        GroupBy::Hour,
        GroupBy::Day,
        GroupBy::Week,
        GroupBy::Month,
        GroupBy::Year,
        GroupBy::Operator,
        GroupBy::Topic,
        GroupBy::Resolved,
        GroupBy::Direction,
        GroupBy::Channel,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            GroupBy::Hour => "hour",
            GroupBy::Day => "day",
            GroupBy::Week => "week",
            GroupBy::Month => "month",
            GroupBy::Year => "year",
            GroupBy::Operator => "operator",
            GroupBy::Topic => "topic",
            GroupBy::Resolved => "resolved",
            GroupBy::Direction => "direction",
            GroupBy::Channel => "channel",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|g| g.as_str() == s)
    }

    /// Periods are ordered in time; the others by their name.
    pub fn is_period(self) -> bool {
        matches!(
            self,
            GroupBy::Hour | GroupBy::Day | GroupBy::Week | GroupBy::Month | GroupBy::Year
        )
    }
}

/// A conversation's direction: the customer wrote first, or the operator did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Direction {
    Inbound,
    Outbound,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Inbound => "inbound",
            Direction::Outbound => "outbound",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "inbound" => Some(Direction::Inbound),
            "outbound" => Some(Direction::Outbound),
            _ => None,
        }
    }
}

/// The filters, order and page of the conversation report. Every column has a filter;
/// empty text and `None` mean "any".
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportQuery {
    /// Created on these days (`YYYY-MM-DD`, in the staff member's zone, both inclusive).
    pub from: String,
    pub to: String,
    /// Closed on these days, likewise.
    pub closed_from: String,
    pub closed_to: String,
    pub id: Option<i64>,
    pub operator_id: Option<i64>,
    /// Part of the customer's name or nickname.
    pub customer: String,
    /// At least this many seconds.
    pub handling_min: Option<i64>,
    pub reaction_min: Option<i64>,
    pub queue_min: Option<i64>,
    pub direction: Option<Direction>,
    pub status: Option<ConversationStatus>,
    /// `Some(None)` is never sent: "not marked" is its own choice below.
    pub resolved: Option<Mark>,
    /// A topic: its conversations and those of the topics under it.
    pub topic_id: Option<i64>,
    pub channel_id: Option<i64>,
    /// The customer's latest score.
    pub rating: Option<i16>,
    pub quality: Option<Mark>,
    pub sort: ReportColumn,
    /// Newest, longest, highest first.
    pub desc: bool,
    /// From 0.
    pub page: i64,
    /// For the aggregate table.
    pub group_by: GroupBy,
}

/// A yes/no mark that may also be missing (resolved at close, the quality mark).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Mark {
    Yes,
    No,
    Unmarked,
}

impl Mark {
    pub fn as_str(self) -> &'static str {
        match self {
            Mark::Yes => "yes",
            Mark::No => "no",
            Mark::Unmarked => "none",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "yes" => Some(Mark::Yes),
            "no" => Some(Mark::No),
            "none" => Some(Mark::Unmarked),
            _ => None,
        }
    }

    pub fn of(value: Option<bool>) -> Self {
        match value {
            Some(true) => Mark::Yes,
            Some(false) => Mark::No,
            None => Mark::Unmarked,
        }
    }
}

impl ReportQuery {
    /// Reads the page's address; what does not parse is left out (so a hand-edited
    /// address never fails the page).
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> Self {
        let text = |k: &str| get(k).map(|v| v.trim().to_owned()).unwrap_or_default();
        let number = |k: &str| get(k).and_then(|v| v.trim().parse::<i64>().ok());
        let minutes = |k: &str| {
            get(k)
                .and_then(|v| v.trim().replace(',', ".").parse::<f64>().ok())
                .filter(|m| m.is_finite() && *m >= 0.0)
                .map(|m| (m * 60.0).round() as i64)
        };
        let default_desc = ReportQuery::default_desc(
            get("sort")
                .and_then(|s| ReportColumn::parse(s.trim()))
                .unwrap_or_default(),
        );
        ReportQuery {
            from: text("from"),
            to: text("to"),
            closed_from: text("closed_from"),
            closed_to: text("closed_to"),
            id: number("id"),
            operator_id: number("operator"),
            customer: text("customer"),
            handling_min: minutes("handling_min"),
            reaction_min: minutes("reaction_min"),
            queue_min: minutes("queue_min"),
            direction: get("direction").and_then(|s| Direction::parse(s.trim())),
            status: get("status").and_then(|s| ConversationStatus::parse(s.trim())),
            resolved: get("resolved").and_then(|s| Mark::parse(s.trim())),
            topic_id: number("topic"),
            channel_id: number("channel"),
            rating: number("rating").and_then(|r| i16::try_from(r).ok()),
            quality: get("quality").and_then(|s| Mark::parse(s.trim())),
            sort: get("sort")
                .and_then(|s| ReportColumn::parse(s.trim()))
                .unwrap_or_default(),
            desc: get("desc").map(|d| d == "1").unwrap_or(default_desc),
            page: number("page").unwrap_or(0).max(0),
            group_by: get("group")
                .and_then(|s| GroupBy::parse(s.trim()))
                .unwrap_or_default(),
        }
    }

    /// The default order: newest first; other columns ascending.
    pub fn default_desc(column: ReportColumn) -> bool {
        column == ReportColumn::Created
    }

    /// The address parameters of this query (the inverse of `from_params`), without the
    /// page; empty values are left out.
    pub fn to_params(&self) -> Vec<(&'static str, String)> {
        let mut p: Vec<(&'static str, String)> = Vec::new();
        let mut text = |k: &'static str, v: &str| {
            if !v.is_empty() {
                p.push((k, v.to_owned()));
            }
        };
        text("from", &self.from);
        text("to", &self.to);
        text("closed_from", &self.closed_from);
        text("closed_to", &self.closed_to);
        text("customer", &self.customer);
        let minutes = |s: Option<i64>| s.map(|s| format_minutes(s)).unwrap_or_default();
        text("handling_min", &minutes(self.handling_min));
        text("reaction_min", &minutes(self.reaction_min));
        text("queue_min", &minutes(self.queue_min));
        let opt = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
        text("id", &opt(self.id));
        text("operator", &opt(self.operator_id));
        text("topic", &opt(self.topic_id));
        text("channel", &opt(self.channel_id));
        text("rating", &opt(self.rating.map(i64::from)));
        text(
            "direction",
            self.direction.map(Direction::as_str).unwrap_or_default(),
        );
        text("status", self.status.map(|s| s.as_str()).unwrap_or_default());
        text("resolved", self.resolved.map(Mark::as_str).unwrap_or_default());
        text("quality", self.quality.map(Mark::as_str).unwrap_or_default());
        if self.sort != ReportColumn::default() {
            p.push(("sort", self.sort.as_str().to_owned()));
        }
        if self.desc != ReportQuery::default_desc(self.sort) {
            p.push(("desc", if self.desc { "1" } else { "0" }.to_owned()));
        }
        if self.group_by != GroupBy::default() {
            p.push(("group", self.group_by.as_str().to_owned()));
        }
        p
    }

    /// `?a=1&b=2` (or empty) for these parameters.
    pub fn query_string(params: &[(&'static str, String)]) -> String {
        if params.is_empty() {
            return String::new();
        }
        let pairs: Vec<String> = params
            .iter()
            .map(|(k, v)| format!("{k}={}", crate::ui::guarded::encode_component(v)))
            .collect();
        format!("?{}", pairs.join("&"))
    }
}

/// Seconds as minutes for a filter field: `90` → `1.5`.
fn format_minutes(seconds: i64) -> String {
    if seconds % 60 == 0 {
        (seconds / 60).to_string()
    } else {
        format!("{}", seconds as f64 / 60.0)
    }
}

/// One conversation in the report (TS 6.1).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportRow {
    pub id: i64,
    pub operator_login: Option<String>,
    pub operator_name: Option<String>,
    /// Name, and the operators' nickname for the customer where there is one.
    pub customer: String,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub closed_at: Option<String>,
    pub handling_seconds: Option<i64>,
    pub reaction_seconds: Option<i64>,
    pub queue_seconds: Option<i64>,
    pub direction: Direction,
    pub status: ConversationStatus,
    pub resolved: Option<bool>,
    /// Topic names, in the order they were set.
    pub topics: Vec<String>,
    pub channel: String,
    pub rating: Option<i16>,
    pub rating_scale: i16,
    pub quality: Option<bool>,
}

/// A page of the report and how many conversations the filters found in all.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportPage {
    pub rows: Vec<ReportRow>,
    pub total: i64,
    pub page: i64,
    pub page_size: i64,
}

/// One group of the aggregate table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AggregateRow {
    /// The period's start (`YYYY-MM-DD HH:00`, `YYYY-MM-DD`, `YYYY-MM`, `YYYY`; weeks by
    /// their Monday), the operator's or channel's or topic's name, or for resolved and
    /// direction the `Mark`/`Direction` code. Empty: no operator, no topic.
    pub key: String,
    pub conversations: i64,
    pub closed: i64,
    pub resolved: i64,
    pub unresolved: i64,
    pub avg_handling_seconds: Option<i64>,
    pub avg_reaction_seconds: Option<i64>,
    pub avg_queue_seconds: Option<i64>,
    /// Average of the latest scores, each brought to a 5-point scale.
    pub avg_rating_5: Option<f64>,
    pub rated: i64,
}

/// The choices the report's filters offer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportFilters {
    pub operators: Vec<crate::history::model::FilterOption>,
    /// Operator groups (the dashboard's filter).
    pub groups: Vec<crate::history::model::FilterOption>,
    pub channels: Vec<crate::history::model::FilterOption>,
    pub topics: Vec<crate::history::model::FilterOption>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |k| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| (*v).to_owned())
    }

    #[test]
    fn the_address_round_trips_and_ignores_what_does_not_parse() {
        let q = ReportQuery::from_params(params(&[
            ("operator", "7"),
            ("handling_min", "1,5"),
            ("queue_min", "-3"),
            ("resolved", "no"),
            ("quality", "maybe"),
            ("sort", "queue"),
            ("desc", "1"),
            ("group", "operator"),
            ("page", "-2"),
        ]));
        assert_eq!(q.operator_id, Some(7));
        assert_eq!(q.handling_min, Some(90));
        assert_eq!(q.queue_min, None);
        assert_eq!(q.resolved, Some(Mark::No));
        assert_eq!(q.quality, None);
        assert_eq!((q.sort, q.desc, q.page), (ReportColumn::Queue, true, 0));
        assert_eq!(q.group_by, GroupBy::Operator);
        let again =
            ReportQuery::from_params(|k| q.to_params().into_iter().find(|(n, _)| *n == k).map(|(_, v)| v));
        assert_eq!(again, q);
    }

    #[test]
    fn by_default_the_newest_come_first() {
        let q = ReportQuery::from_params(|_| None);
        assert_eq!((q.sort, q.desc), (ReportColumn::Created, true));
        assert!(q.to_params().is_empty());
        let by_rating = ReportQuery::from_params(params(&[("sort", "rating")]));
        assert!(!by_rating.desc);
    }
}

/// A background export and how far it has come (rows written of about `total`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportProgress {
    pub id: String,
    pub done: u64,
    pub total: u64,
    /// The file waits at `/reports/exports/<id>`.
    pub ready: bool,
    pub failed: bool,
}
