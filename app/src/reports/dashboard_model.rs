//! What the supervisors' live dashboard shows (TS 6.1, 12.3).

use crate::model::OperatorRow;
use crate::reports::kpi_model::Kpi;
use serde::{Deserialize, Serialize};

/// The period the dashboard's figures cover, up to now, in the staff member's zone.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DashboardPeriod {
    /// The last 60 minutes.
    Hour,
    /// Since midnight.
    #[default]
    Day,
    /// Since Monday.
    Week,
    Month,
    Year,
}

impl DashboardPeriod {
    pub const ALL: [DashboardPeriod; 5] = [
        DashboardPeriod::Hour,
        DashboardPeriod::Day,
        DashboardPeriod::Week,
        DashboardPeriod::Month,
        DashboardPeriod::Year,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DashboardPeriod::Hour => "hour",
            DashboardPeriod::Day => "day",
            DashboardPeriod::Week => "week",
            DashboardPeriod::Month => "month",
            DashboardPeriod::Year => "year",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.as_str() == s)
    }
}

/// The dashboard's filters, as its address holds them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DashboardQuery {
    pub period: DashboardPeriod,
    pub group_id: Option<i64>,
    pub channel_id: Option<i64>,
}

impl DashboardQuery {
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> Self {
        let id = |k: &str| get(k).and_then(|v| v.trim().parse::<i64>().ok());
        DashboardQuery {
            period: get("period")
                .and_then(|p| DashboardPeriod::parse(p.trim()))
                .unwrap_or_default(),
            group_id: id("group"),
            channel_id: id("channel"),
        }
    }
}

/// Conversations of one channel in the period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChannelCount {
    pub channel: String,
    pub conversations: i64,
}

/// How many operators are in one state now.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StateCount {
    pub state: crate::model::OperatorState,
    pub operators: i64,
}

/// Everything on the dashboard, read at `read_at`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Dashboard {
    pub query: DashboardQuery,
    /// Operators (of the group, when one is chosen) with state, load and capacity.
    pub operators: Vec<OperatorRow>,
    pub states: Vec<StateCount>,
    /// Conversations created in the period.
    pub total: i64,
    pub per_channel: Vec<ChannelCount>,
    /// Of those: still waiting, active, closed.
    pub waiting: i64,
    pub active: i64,
    pub closed: i64,
    /// Waiting now (whatever the period), and the longest wait among them.
    pub queue_length: i64,
    pub longest_wait_seconds: Option<i64>,
    /// Conversations created in each hour of today (0–23, the staff member's zone).
    pub per_hour_today: Vec<i64>,
    pub avg_handling_seconds: Option<i64>,
    pub avg_reaction_seconds: Option<i64>,
    /// Average latest rating on a 5-point scale, and how many were rated.
    pub satisfaction: Option<f64>,
    pub rated: i64,
    /// The Kazakhstan KPIs over the same conversations.
    pub kpis: Vec<Kpi>,
    /// RFC 3339.
    pub read_at: String,
}

impl Dashboard {
    /// Closed conversations per one still open (waiting or active); `None` when none is open.
    pub fn closed_to_open(&self) -> Option<f64> {
        let open = self.waiting + self.active;
        (open > 0).then(|| self.closed as f64 / open as f64)
    }
}
