//! An operator's own figures for a period of whole days in their time zone (TS 8.6):
//! conversations handled, average handling and first-response times, customers'
//! ratings, and the time spent in each operator state.
//!
//! - Handled: conversations closed in the period that were assigned to the operator or
//!   closed by them.
//! - Handling and first-response (reaction) times: `domain::metrics`, the formulas the
//!   reports use (from the first assignment; see docs/metrics.md).
//! - Ratings: each conversation's latest rating, given in the period, for the operator.
//! - States: the intervals of `state_changes` clipped to the period; the current state
//!   runs until now, and nothing is counted after now.

use super::metrics::{HANDLING_SECONDS, REACTION_SECONDS};
use crate::model::OperatorState;
use crate::personal_stats::model::{PersonalStats, RatingFigure, StateTime, MAX_PERIOD_DAYS};
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use sqlx::PgPool;

#[derive(Debug, PartialEq, Eq)]
pub enum StatsError {
    /// The period ends before it starts or is longer than `MAX_PERIOD_DAYS`.
    Invalid,
    Database,
}

impl From<sqlx::Error> for StatsError {
    fn from(err: sqlx::Error) -> Self {
        tracing::error!(error = %err, "personal statistics query failed");
        StatsError::Database
    }
}

/// Today in the zone (Tashkent's if the name is unknown).
pub fn today(time_zone: &str) -> NaiveDate {
    Utc::now().with_timezone(&zone(time_zone)).date_naive()
}

fn zone(time_zone: &str) -> chrono_tz::Tz {
    time_zone.parse().unwrap_or(chrono_tz::Asia::Tashkent)
}

/// The instants the days `from`..=`to` of the zone start and end at.
pub fn bounds(time_zone: &str, from: NaiveDate, to: NaiveDate) -> (DateTime<Utc>, DateTime<Utc>) {
    let tz = zone(time_zone);
    let midnight = |day: NaiveDate| {
        let local = day.and_time(chrono::NaiveTime::MIN);
        tz.from_local_datetime(&local)
            .earliest()
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_else(|| Utc.from_utc_datetime(&local))
    };
    (midnight(from), midnight(to + chrono::Days::new(1)))
}

#[derive(sqlx::FromRow)]
struct StateRow {
    code: String,
    name: String,
    built_in: bool,
    receives_chats: bool,
    recommended_minutes: Option<i32>,
    seconds: i64,
}

/// The operator's figures from `from` to `to` (inclusive days; each defaults to the
/// other, both to today).
pub async fn for_operator(
    pool: &PgPool,
    operator_id: i64,
    time_zone: &str,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<PersonalStats, StatsError> {
    let today = today(time_zone);
    let (from, to) = match (from, to) {
        (Some(f), Some(t)) => (f, t),
        (Some(f), None) => (f, f.max(today)),
        (None, Some(t)) => (t, t),
        (None, None) => (today, today),
    };
    if from > to || (to - from).num_days() >= MAX_PERIOD_DAYS {
        return Err(StatsError::Invalid);
    }
    let (start, end) = bounds(time_zone, from, to);

    // The same formulas as the reports (`domain::metrics`).
    let (handled, avg_handling, avg_first_response): (i64, Option<f64>, Option<f64>) =
        sqlx::query_as(&format!(
            "SELECT count(*), avg({HANDLING_SECONDS})::float8, avg({REACTION_SECONDS})::float8
         FROM conversations c
         WHERE c.status = 'closed' AND c.closed_at >= $2 AND c.closed_at < $3
           AND (c.operator_id = $1 OR c.closed_by = $1)"
        ))
        .bind(operator_id)
        .bind(start)
        .bind(end)
        .fetch_one(pool)
        .await?;

    let ratings: Vec<(i16, f64, i64)> = sqlx::query_as(
        "SELECT scale, avg(score)::float8, count(*) FROM (
             SELECT DISTINCT ON (conversation_id) score, scale, created_at, operator_id
             FROM ratings
             WHERE conversation_id IN (SELECT conversation_id FROM ratings WHERE operator_id = $1)
             ORDER BY conversation_id, created_at DESC, id DESC
         ) latest
         WHERE operator_id = $1 AND created_at >= $2 AND created_at < $3
         GROUP BY scale ORDER BY scale",
    )
    .bind(operator_id)
    .bind(start)
    .bind(end)
    .fetch_all(pool)
    .await?;

    let states: Vec<StateRow> = sqlx::query_as(
        "WITH intervals AS (
             SELECT to_state_id AS state_id, changed_at AS started,
                    lead(changed_at) OVER (ORDER BY changed_at, id) AS ended
             FROM state_changes WHERE user_id = $1 AND changed_at < $3
         ), clipped AS (
             SELECT state_id,
                    EXTRACT(EPOCH FROM LEAST(COALESCE(ended, now()), $3, now()) - GREATEST(started, $2)) AS seconds
             FROM intervals
         ), totals AS (
             SELECT state_id, sum(seconds) FILTER (WHERE seconds > 0) AS seconds FROM clipped GROUP BY state_id
         )
         SELECT s.code, s.name, s.built_in, s.receives_chats, s.recommended_minutes,
                COALESCE(round(t.seconds), 0)::bigint AS seconds
         FROM operator_states s LEFT JOIN totals t ON t.state_id = s.id
         WHERE s.active OR t.seconds > 0
         ORDER BY s.sort_order, s.name",
    )
    .bind(operator_id)
    .bind(start)
    .bind(end)
    .fetch_all(pool)
    .await?;

    Ok(PersonalStats {
        from: from.to_string(),
        to: to.to_string(),
        today: today.to_string(),
        handled,
        avg_handling_seconds: avg_handling.map(|s| s.round() as i64),
        avg_first_response_seconds: avg_first_response.map(|s| s.round() as i64),
        ratings: ratings
            .into_iter()
            .map(|(scale, average, count)| RatingFigure {
                scale,
                average,
                count,
            })
            .collect(),
        states: states
            .into_iter()
            .map(|r| StateTime {
                seconds: r.seconds,
                state: OperatorState {
                    code: r.code,
                    name: r.name,
                    built_in: r.built_in,
                    receives_chats: r.receives_chats,
                    recommended_minutes: r.recommended_minutes,
                },
            })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tashkent_day_starts_at_19_utc_the_evening_before() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        let (start, end) = bounds("Asia/Tashkent", day, day);
        assert_eq!(start.to_rfc3339(), "2026-11-24T19:00:00+00:00");
        assert_eq!(end.to_rfc3339(), "2026-11-25T19:00:00+00:00");
        let (_, end) = bounds("UTC", day, day + chrono::Days::new(6));
        assert_eq!(end.to_rfc3339(), "2026-12-02T00:00:00+00:00");
    }
}
