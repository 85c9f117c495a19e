//! The reports on staff (TS 6.1): shifts as they really were, time in each operator
//! state, customers' satisfaction per operator with the distribution of scores, and
//! the comments customers left with their scores.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum StaffReportKind {
    #[default]
    Shifts,
    States,
    Satisfaction,
    Comments,
}

impl StaffReportKind {
    pub const ALL: [StaffReportKind; 4] = [
        StaffReportKind::Shifts,
        StaffReportKind::States,
        StaffReportKind::Satisfaction,
        StaffReportKind::Comments,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            StaffReportKind::Shifts => "shifts",
            StaffReportKind::States => "states",
            StaffReportKind::Satisfaction => "satisfaction",
            StaffReportKind::Comments => "comments",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The columns of this report, left to right.
    pub fn columns(self) -> &'static [StaffColumn] {
        use StaffColumn::*;
        match self {
            StaffReportKind::Shifts => &[Operator, Login, Started, Ended, Duration, EndReason],
            StaffReportKind::States => &[Operator, Login, State, Duration, Share],
            StaffReportKind::Satisfaction => &[
                Operator, Login, Rated, Average, Score1, Score2, Score3, Score4, Score5, Satisfied,
            ],
            StaffReportKind::Comments => &[Operator, Login, RatedAt, Score, Conversation, Comment],
        }
    }
}

/// A column of a staff report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum StaffColumn {
    Operator,
    Login,
    Started,
    Ended,
    Duration,
    EndReason,
    State,
    Share,
    Rated,
    Average,
    Score1,
    Score2,
    Score3,
    Score4,
    Score5,
    /// Share of 4 and 5 (of 5).
    Satisfied,
    RatedAt,
    /// A score on its scale, as `4 / 5`.
    Score,
    Conversation,
    Comment,
}

impl StaffColumn {
    /// Width in the files (Excel characters; the PDF shares them out).
    pub fn width(self) -> f64 {
        match self {
            StaffColumn::Operator => 22.0,
            StaffColumn::Comment => 60.0,
            StaffColumn::Login | StaffColumn::Started | StaffColumn::Ended | StaffColumn::RatedAt => 17.0,
            StaffColumn::State | StaffColumn::EndReason => 20.0,
            _ => 11.0,
        }
    }
}

/// A typed cell: Excel gets numbers, dates and durations, the page and PDF text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum StaffCell {
    Text(String),
    Number(f64),
    /// RFC 3339, UTC.
    Instant(String),
    Seconds(i64),
    Percent(f64),
    /// A shift's end reason (`sign_out`, `end_shift`, `terminated`), or open.
    EndReason(Option<String>),
    Empty,
}

/// A staff report for a period of whole days.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StaffReport {
    pub kind: StaffReportKind,
    pub from: String,
    pub to: String,
    pub rows: Vec<Vec<StaffCell>>,
}
