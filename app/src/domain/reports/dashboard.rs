//! The supervisors' live dashboard: operators' states and loads now, the queue now, and
//! the conversations of the period (per channel, per status, per hour today, averages,
//! satisfaction, KPIs), for one group or channel or all. Formulas: `domain::metrics`.

use super::kpi::{self, Scope, SCOPE};
use super::rollup::{self, Sums};
use super::ReportError;
use crate::reports::dashboard_model::{ChannelCount, Dashboard, DashboardPeriod, DashboardQuery, StateCount};
use chrono::{DateTime, Datelike, Duration, NaiveDate, SecondsFormat, Utc};
use sqlx::PgPool;

/// Where the period starts, in `zone`, for `now`.
pub fn period_start(period: DashboardPeriod, zone: &str, now: DateTime<Utc>) -> DateTime<Utc> {
    let tz: chrono_tz::Tz = zone.parse().unwrap_or(chrono_tz::Asia::Tashkent);
    let today = now.with_timezone(&tz).date_naive();
    let first: NaiveDate = match period {
        DashboardPeriod::Hour => return now - Duration::hours(1),
        DashboardPeriod::Day => today,
        DashboardPeriod::Week => today - Duration::days(i64::from(today.weekday().num_days_from_monday())),
        DashboardPeriod::Month => today.with_day(1).unwrap_or(today),
        DashboardPeriod::Year => NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today),
    };
    crate::domain::personal_stats::bounds(zone, first, first).0
}

pub async fn read(pool: &PgPool, q: &DashboardQuery, zone: &str) -> Result<Dashboard, ReportError> {
    let now = Utc::now();
    let start = period_start(q.period, zone, now);
    let scope = Scope {
        channel_id: q.channel_id,
        group_id: q.group_id,
    };
    let board = crate::domain::routing::queue::queue_board(pool).await?;
    let members: Option<Vec<i64>> = match q.group_id {
        Some(g) => Some(
            sqlx::query_scalar("SELECT user_id FROM group_members WHERE group_id = $1")
                .bind(g)
                .fetch_all(pool)
                .await?,
        ),
        None => None,
    };
    let operators: Vec<_> = board
        .operators
        .into_iter()
        .filter(|o| members.as_ref().is_none_or(|m| m.contains(&o.id)))
        .collect();
    let mut states: Vec<StateCount> = Vec::new();
    for o in &operators {
        match states.iter_mut().find(|s| s.state.code == o.state.code) {
            Some(s) => s.operators += 1,
            None => states.push(StateCount {
                state: o.state.clone(),
                operators: 1,
            }),
        }
    }

    let thresholds = kpi::thresholds(pool).await?;
    let (sums, channels) = rollup::read(pool, start, now, scope, thresholds.fcr_window_days).await?;
    let names: Vec<(i64, String)> = sqlx::query_as("SELECT id, name FROM channels WHERE id = ANY($1)")
        .bind(channels.iter().map(|(id, _)| *id).collect::<Vec<i64>>())
        .fetch_all(pool)
        .await?;
    let mut per_channel: Vec<ChannelCount> = channels
        .into_iter()
        .map(|(id, conversations)| ChannelCount {
            channel: names
                .iter()
                .find(|(n, _)| *n == id)
                .map(|(_, name)| name.clone())
                .unwrap_or_default(),
            conversations,
        })
        .collect();
    per_channel.sort_by(|a, b| {
        b.conversations
            .cmp(&a.conversations)
            .then_with(|| a.channel.cmp(&b.channel))
    });
    let (queue_length, longest): (i64, Option<f64>) = sqlx::query_as(&format!(
        "SELECT count(*), EXTRACT(EPOCH FROM now() - min(c.queued_at))::float8
         FROM conversations c WHERE c.status = 'waiting' AND {scope}",
        scope = SCOPE.replace("$3", "$1").replace("$4", "$2"),
    ))
    .bind(q.channel_id)
    .bind(q.group_id)
    .fetch_one(pool)
    .await?;
    let day_start = period_start(DashboardPeriod::Day, zone, now);
    let hours: Vec<(i32, i64)> = sqlx::query_as(&format!(
        "SELECT EXTRACT(HOUR FROM c.created_at AT TIME ZONE $5)::int, count(*)
         FROM conversations c WHERE c.created_at >= $1 AND c.created_at < $2 AND {SCOPE}
         GROUP BY 1"
    ))
    .bind(day_start)
    .bind(now)
    .bind(q.channel_id)
    .bind(q.group_id)
    .bind(zone)
    .fetch_all(pool)
    .await?;
    let mut per_hour_today = vec![0; 24];
    for (hour, count) in hours {
        if let Some(slot) = usize::try_from(hour).ok().and_then(|h| per_hour_today.get_mut(h)) {
            *slot = count;
        }
    }
    let kpis = kpi::from_sums(&thresholds, &sums);
    let round = |v: Option<f64>| v.map(|s| s.round() as i64);
    Ok(Dashboard {
        query: q.clone(),
        operators,
        states,
        total: sums.total,
        per_channel,
        waiting: sums.waiting,
        active: sums.active,
        closed: sums.closed,
        queue_length,
        longest_wait_seconds: round(longest),
        per_hour_today,
        avg_handling_seconds: round(Sums::average(sums.handling_sum, sums.handling_n)),
        avg_reaction_seconds: round(Sums::average(sums.reaction_sum, sums.reaction_n)),
        satisfaction: Sums::average(sums.rating_sum, sums.rating_n).map(|s| (s * 100.0).round() / 100.0),
        rated: sums.rating_n,
        kpis,
        read_at: now.to_rfc3339_opts(SecondsFormat::Secs, true),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_start_at_local_midnights() {
        let now = DateTime::parse_from_rfc3339("2026-11-26T10:30:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let at = |p| period_start(p, "Asia/Tashkent", now).to_rfc3339();
        assert_eq!(at(DashboardPeriod::Hour), "2026-11-26T09:30:00+00:00");
        assert_eq!(at(DashboardPeriod::Day), "2026-11-25T19:00:00+00:00");
        // Thursday 26 November: the week began on Monday the 23rd.
        assert_eq!(at(DashboardPeriod::Week), "2026-11-22T19:00:00+00:00");
        assert_eq!(at(DashboardPeriod::Month), "2026-10-31T19:00:00+00:00");
        assert_eq!(at(DashboardPeriod::Year), "2025-12-31T19:00:00+00:00");
    }
}
