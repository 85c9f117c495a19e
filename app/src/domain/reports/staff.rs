//! The staff reports (TS 6.1): each operator's shifts with their actual start and end;
//! time in each operator state (intervals of `state_changes` clipped to the period, as
//! personal statistics count them); satisfaction per operator: how many rated, the
//! average on 5 and the distribution of scores (a 10-point score counts as its half,
//! rounded up); the comments customers wrote with their scores, newest first.

use super::ReportError;
use crate::reports::staff_model::{StaffCell, StaffReport, StaffReportKind};
use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use sqlx::PgPool;

/// The most comments one report lists (a narrower period shows the rest).
const MAX_COMMENTS: i64 = 5_000;

fn instant(t: DateTime<Utc>) -> StaffCell {
    StaffCell::Instant(t.to_rfc3339_opts(SecondsFormat::Secs, true))
}

pub async fn report(
    pool: &PgPool,
    kind: StaffReportKind,
    from: NaiveDate,
    to: NaiveDate,
    zone: &str,
) -> Result<StaffReport, ReportError> {
    if to < from {
        return Err(ReportError::BadDate);
    }
    let (start, end) = crate::domain::personal_stats::bounds(zone, from, to);
    let rows = match kind {
        StaffReportKind::Shifts => {
            let shifts: Vec<(
                String,
                String,
                DateTime<Utc>,
                Option<DateTime<Utc>>,
                i64,
                Option<String>,
            )> = sqlx::query_as(
                "SELECT u.display_name, u.login, s.started_at, s.ended_at,
                        EXTRACT(EPOCH FROM COALESCE(s.ended_at, now()) - s.started_at)::bigint,
                        s.end_reason
                 FROM shifts s JOIN users u ON u.id = s.user_id
                 WHERE s.started_at >= $1 AND s.started_at < $2
                 ORDER BY u.display_name, s.started_at",
            )
            .bind(start)
            .bind(end)
            .fetch_all(pool)
            .await?;
            shifts
                .into_iter()
                .map(|(name, login, started, ended, seconds, reason)| {
                    vec![
                        StaffCell::Text(name),
                        StaffCell::Text(login),
                        instant(started),
                        ended.map(instant).unwrap_or(StaffCell::Empty),
                        StaffCell::Seconds(seconds.max(0)),
                        StaffCell::EndReason(reason),
                    ]
                })
                .collect()
        }
        StaffReportKind::States => {
            let states: Vec<(String, String, String, i64, f64)> = sqlx::query_as(
                "WITH intervals AS (
                     SELECT user_id, to_state_id AS state_id, changed_at AS started,
                            lead(changed_at) OVER (PARTITION BY user_id ORDER BY changed_at, id) AS ended
                     FROM state_changes WHERE changed_at < $2
                 ), clipped AS (
                     SELECT user_id, state_id,
                            EXTRACT(EPOCH FROM LEAST(COALESCE(ended, now()), $2, now()) - GREATEST(started, $1)) AS seconds
                     FROM intervals
                 ), totals AS (
                     SELECT user_id, state_id, sum(seconds) AS seconds FROM clipped WHERE seconds > 0
                     GROUP BY user_id, state_id
                 )
                 SELECT u.display_name, u.login, s.name, round(t.seconds)::bigint,
                        (100.0 * t.seconds / sum(t.seconds) OVER (PARTITION BY t.user_id))::float8
                 FROM totals t JOIN users u ON u.id = t.user_id JOIN operator_states s ON s.id = t.state_id
                 ORDER BY u.display_name, s.sort_order, s.name",
            )
            .bind(start)
            .bind(end)
            .fetch_all(pool)
            .await?;
            states
                .into_iter()
                .map(|(name, login, state, seconds, share)| {
                    vec![
                        StaffCell::Text(name),
                        StaffCell::Text(login),
                        StaffCell::Text(state),
                        StaffCell::Seconds(seconds),
                        StaffCell::Percent((share * 10.0).round() / 10.0),
                    ]
                })
                .collect()
        }
        StaffReportKind::Satisfaction => {
            type Row = (String, String, i64, Option<f64>, i64, i64, i64, i64, i64);
            let rated: Vec<Row> = sqlx::query_as(
                "WITH latest AS (
                     SELECT DISTINCT ON (r.conversation_id) r.conversation_id, r.operator_id, r.score, r.scale, r.created_at
                     FROM ratings r ORDER BY r.conversation_id, r.created_at DESC, r.id DESC
                 ), scored AS (
                     SELECT operator_id, score * 5.0 / scale AS on_five,
                            CASE WHEN scale = 10 THEN (score + 1) / 2 ELSE score END AS bucket
                     FROM latest WHERE created_at >= $1 AND created_at < $2 AND operator_id IS NOT NULL
                 )
                 SELECT u.display_name, u.login, count(*), avg(on_five)::float8,
                        count(*) FILTER (WHERE bucket = 1), count(*) FILTER (WHERE bucket = 2),
                        count(*) FILTER (WHERE bucket = 3), count(*) FILTER (WHERE bucket = 4),
                        count(*) FILTER (WHERE bucket = 5)
                 FROM scored JOIN users u ON u.id = scored.operator_id
                 GROUP BY u.display_name, u.login ORDER BY u.display_name",
            )
            .bind(start)
            .bind(end)
            .fetch_all(pool)
            .await?;
            rated
                .into_iter()
                .map(|(name, login, count, average, s1, s2, s3, s4, s5)| {
                    let satisfied = if count > 0 {
                        100.0 * (s4 + s5) as f64 / count as f64
                    } else {
                        0.0
                    };
                    vec![
                        StaffCell::Text(name),
                        StaffCell::Text(login),
                        StaffCell::Number(count as f64),
                        average
                            .map(|a| StaffCell::Number((a * 100.0).round() / 100.0))
                            .unwrap_or(StaffCell::Empty),
                        StaffCell::Number(s1 as f64),
                        StaffCell::Number(s2 as f64),
                        StaffCell::Number(s3 as f64),
                        StaffCell::Number(s4 as f64),
                        StaffCell::Number(s5 as f64),
                        StaffCell::Percent((satisfied * 10.0).round() / 10.0),
                    ]
                })
                .collect()
        }
        StaffReportKind::Comments => {
            let comments: Vec<(String, String, DateTime<Utc>, i16, i16, i64, String)> = sqlx::query_as(
                "SELECT COALESCE(u.display_name, ''), COALESCE(u.login, ''), r.created_at, r.score, r.scale,
                        r.conversation_id, r.comment
                 FROM ratings r LEFT JOIN users u ON u.id = r.operator_id
                 WHERE r.comment IS NOT NULL AND r.created_at >= $1 AND r.created_at < $2
                 ORDER BY u.display_name NULLS LAST, r.created_at DESC, r.id DESC
                 LIMIT $3",
            )
            .bind(start)
            .bind(end)
            .bind(MAX_COMMENTS)
            .fetch_all(pool)
            .await?;
            comments
                .into_iter()
                .map(|(name, login, at, score, scale, conversation, comment)| {
                    vec![
                        StaffCell::Text(name),
                        StaffCell::Text(login),
                        instant(at),
                        StaffCell::Text(format!("{score} / {scale}")),
                        StaffCell::Number(conversation as f64),
                        StaffCell::Text(comment),
                    ]
                })
                .collect()
        }
    };
    Ok(StaffReport {
        kind,
        from: from.to_string(),
        to: to.to_string(),
        rows,
    })
}
