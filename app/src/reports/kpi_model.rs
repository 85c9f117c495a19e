//! The Kazakhstan contact-centre KPIs (order 443, appendix 1) as the pages see them.

use serde::{Deserialize, Serialize};

/// The organisation's thresholds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct KpiThresholds {
    pub wait_max_seconds: i32,
    pub accuracy_min_percent: f64,
    pub satisfaction_min: f64,
    pub fcr_min_percent: f64,
    pub abandoned_max_percent: f64,
    pub fcr_window_days: i32,
}

impl KpiThresholds {
    /// Every threshold within its range (the database checks the same).
    pub fn is_valid(&self) -> bool {
        let percent = |p: f64| p.is_finite() && (0.0..=100.0).contains(&p);
        (1..=3600).contains(&self.wait_max_seconds)
            && percent(self.accuracy_min_percent)
            && self.satisfaction_min.is_finite()
            && (1.0..=5.0).contains(&self.satisfaction_min)
            && percent(self.fcr_min_percent)
            && percent(self.abandoned_max_percent)
            && (1..=90).contains(&self.fcr_window_days)
    }
}

/// Which KPI.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum KpiKind {
    AverageWait,
    Accuracy,
    Satisfaction,
    FirstContactResolution,
    Abandoned,
}

impl KpiKind {
    pub fn code(self) -> &'static str {
        match self {
            KpiKind::AverageWait => "wait",
            KpiKind::Accuracy => "accuracy",
            KpiKind::Satisfaction => "satisfaction",
            KpiKind::FirstContactResolution => "fcr",
            KpiKind::Abandoned => "abandoned",
        }
    }
}

/// One KPI for the period: its value against its threshold.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Kpi {
    pub kind: KpiKind,
    /// Seconds (wait), points of 5 (satisfaction) or per cent; `None` without data.
    pub value: Option<f64>,
    /// Satisfaction only: the score as a percentage of 5.
    pub percent: Option<f64>,
    pub threshold: f64,
    /// The value must stay at or below the threshold (wait, abandoned), else at or above.
    pub at_most: bool,
    /// How many conversations the value rests on.
    pub basis: i64,
}

impl Kpi {
    /// Met (green), missed (red), or `None` when there is nothing to judge.
    pub fn met(&self) -> Option<bool> {
        let value = self.value?;
        // Compare as shown (two decimals), so 80.00 % meets "at least 80 %".
        let shown = (value * 100.0).round() / 100.0;
        Some(if self.at_most {
            shown <= self.threshold
        } else {
            shown >= self.threshold
        })
    }
}

/// The KPIs of a period (whole days in the staff member's zone).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KpiReport {
    pub from: String,
    pub to: String,
    pub kpis: Vec<Kpi>,
    pub thresholds: KpiThresholds,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kpi(value: Option<f64>, threshold: f64, at_most: bool) -> Kpi {
        Kpi {
            kind: KpiKind::Accuracy,
            value,
            percent: None,
            threshold,
            at_most,
            basis: 1,
        }
    }

    #[test]
    fn thresholds_are_inclusive_and_empty_periods_are_not_judged() {
        assert_eq!(kpi(Some(80.0), 80.0, false).met(), Some(true));
        assert_eq!(kpi(Some(79.996), 80.0, false).met(), Some(true), "shown as 80.00");
        assert_eq!(kpi(Some(79.99), 80.0, false).met(), Some(false));
        assert_eq!(kpi(Some(60.0), 60.0, true).met(), Some(true));
        assert_eq!(kpi(Some(61.0), 60.0, true).met(), Some(false));
        assert_eq!(kpi(None, 60.0, true).met(), None);
    }

    #[test]
    fn thresholds_outside_their_ranges_are_refused() {
        let ok = KpiThresholds {
            wait_max_seconds: 60,
            accuracy_min_percent: 80.0,
            satisfaction_min: 4.25,
            fcr_min_percent: 80.0,
            abandoned_max_percent: 10.0,
            fcr_window_days: 7,
        };
        assert!(ok.is_valid());
        assert!(!KpiThresholds {
            satisfaction_min: 5.5,
            ..ok.clone()
        }
        .is_valid());
        assert!(!KpiThresholds {
            accuracy_min_percent: f64::NAN,
            ..ok.clone()
        }
        .is_valid());
        assert!(!KpiThresholds {
            wait_max_seconds: 0,
            ..ok.clone()
        }
        .is_valid());
        assert!(!KpiThresholds {
            fcr_window_days: 91,
            ..ok
        }
        .is_valid());
    }
}
