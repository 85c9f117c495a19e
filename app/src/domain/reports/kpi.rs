//! The Kazakhstan contact-centre KPIs (order 443, appendix 1) over the conversations
//! created in a period, each against the organisation's threshold. Formulas in
//! docs/metrics.md; the queue time and ratings are `domain::metrics`'.

use super::ReportError;
use crate::reports::kpi_model::{Kpi, KpiKind, KpiReport, KpiThresholds};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::PgPool;

pub async fn thresholds(pool: &PgPool) -> Result<KpiThresholds, ReportError> {
    Ok(sqlx::query_as(
        "SELECT wait_max_seconds, accuracy_min_percent, satisfaction_min, fcr_min_percent,
                abandoned_max_percent, fcr_window_days FROM kpi_settings",
    )
    .fetch_one(pool)
    .await?)
}

/// Saves the thresholds; `Invalid` when one is out of its range.
pub async fn save_thresholds(pool: &PgPool, t: &KpiThresholds) -> Result<(), ReportError> {
    if !t.is_valid() {
        return Err(ReportError::Invalid);
    }
    sqlx::query(
        "UPDATE kpi_settings SET wait_max_seconds = $1, accuracy_min_percent = $2, satisfaction_min = $3,
                fcr_min_percent = $4, abandoned_max_percent = $5, fcr_window_days = $6",
    )
    .bind(t.wait_max_seconds)
    .bind(t.accuracy_min_percent)
    .bind(t.satisfaction_min)
    .bind(t.fcr_min_percent)
    .bind(t.abandoned_max_percent)
    .bind(t.fcr_window_days)
    .execute(pool)
    .await?;
    Ok(())
}

/// Conversations of one channel, of one group (routed to it or handled by its
/// members), or all.
#[derive(Clone, Copy, Debug, Default)]
pub struct Scope {
    pub channel_id: Option<i64>,
    pub group_id: Option<i64>,
}

/// `Scope` as SQL over `c`, with the channel as `$3` and the group as `$4`.
pub(crate) const SCOPE: &str = "($3::bigint IS NULL OR c.channel_id = $3)
    AND ($4::bigint IS NULL OR c.group_id = $4
         OR c.operator_id IN (SELECT m.user_id FROM group_members m WHERE m.group_id = $4))";

/// The KPIs of the conversations created from `from` to `to` (whole days in `zone`).
pub async fn report(
    pool: &PgPool,
    from: NaiveDate,
    to: NaiveDate,
    zone: &str,
) -> Result<KpiReport, ReportError> {
    if to < from {
        return Err(ReportError::BadDate);
    }
    let t = thresholds(pool).await?;
    let (start, end) = crate::domain::personal_stats::bounds(zone, from, to);
    let kpis = of_conversations(pool, &t, start, end, Scope::default()).await?;
    Ok(KpiReport {
        from: from.to_string(),
        to: to.to_string(),
        kpis,
        thresholds: t,
    })
}

/// The KPIs of the conversations of `scope` created from `start` (inclusive) to `end`.
pub async fn of_conversations(
    pool: &PgPool,
    t: &KpiThresholds,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    scope: Scope,
) -> Result<Vec<Kpi>, ReportError> {
    let (sums, _) = super::rollup::read(pool, start, end, scope, t.fcr_window_days).await?;
    Ok(from_sums(t, &sums))
}

/// The KPIs from a period's sums.
pub fn from_sums(t: &KpiThresholds, s: &super::rollup::Sums) -> Vec<Kpi> {
    use super::rollup::Sums;
    let satisfaction = Sums::average(s.rating_sum, s.rating_n);
    let percent = |part: i64, whole: i64| (whole > 0).then(|| 100.0 * part as f64 / whole as f64);
    vec![
        Kpi {
            kind: KpiKind::AverageWait,
            value: Sums::average(s.wait_sum, s.wait_n),
            percent: None,
            threshold: f64::from(t.wait_max_seconds),
            at_most: true,
            basis: s.wait_n,
        },
        Kpi {
            kind: KpiKind::Accuracy,
            value: percent(s.accurate, s.marked),
            percent: None,
            threshold: t.accuracy_min_percent,
            at_most: false,
            basis: s.marked,
        },
        Kpi {
            kind: KpiKind::Satisfaction,
            value: satisfaction,
            percent: satisfaction.map(|v| v * 20.0),
            threshold: t.satisfaction_min,
            at_most: false,
            basis: s.rating_n,
        },
        Kpi {
            kind: KpiKind::FirstContactResolution,
            value: percent(s.first_contact, s.handled),
            percent: None,
            threshold: t.fcr_min_percent,
            at_most: false,
            basis: s.handled,
        },
        Kpi {
            kind: KpiKind::Abandoned,
            value: percent(s.abandoned, s.inbound_closed),
            percent: None,
            threshold: t.abandoned_max_percent,
            at_most: true,
            basis: s.inbound_closed,
        },
    ]
}
