//! The operator's own figures for a period (TS 8.6).

use crate::model::OperatorState;
use serde::{Deserialize, Serialize};

/// The longest period one request may cover, in days.
pub const MAX_PERIOD_DAYS: i64 = 366;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PersonalStats {
    /// First day of the period (`YYYY-MM-DD`, in the operator's time zone).
    pub from: String,
    /// Last day of the period, inclusive.
    pub to: String,
    /// Today in the operator's time zone.
    pub today: String,
    /// Conversations closed in the period that the operator handled.
    pub handled: i64,
    /// Assignment to close, averaged over the handled conversations.
    pub avg_handling_seconds: Option<i64>,
    /// Assignment to the operator's first reply, averaged.
    pub avg_first_response_seconds: Option<i64>,
    /// Customers' ratings given in the period, one figure per scale (1–5, 1–10).
    pub ratings: Vec<RatingFigure>,
    /// Time in each operator state within the period (up to now).
    pub states: Vec<StateTime>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RatingFigure {
    /// 5 or 10.
    pub scale: i16,
    pub average: f64,
    pub count: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StateTime {
    pub state: OperatorState,
    pub seconds: i64,
}

/// `h:mm:ss` of a duration in whole seconds.
pub fn duration_text(seconds: i64) -> String {
    let s = seconds.max(0);
    format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
}

#[cfg(test)]
mod tests {
    use super::duration_text;

    #[test]
    fn durations_read_as_hours_minutes_seconds() {
        assert_eq!(duration_text(0), "0:00:00");
        assert_eq!(duration_text(75), "0:01:15");
        assert_eq!(duration_text(26 * 3600 + 61), "26:01:01");
        assert_eq!(duration_text(-5), "0:00:00");
    }
}
