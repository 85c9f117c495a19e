//! The report's aggregate table: the filtered conversations grouped by a period (in
//! the staff member's zone), operator, topic, resolved mark, direction or channel.

use super::{push_rows, ReportError};
use crate::reports::model::{AggregateRow, GroupBy, ReportQuery};
use sqlx::{PgPool, QueryBuilder};

/// The group key over the rows (aliased `r`); `$zone` is bound where a period needs it.
fn key_expression(group: GroupBy) -> (&'static str, Option<&'static str>) {
    match group {
        GroupBy::Hour => (
            "to_char(date_trunc('hour', r.created_at AT TIME ZONE ",
            Some("), 'YYYY-MM-DD HH24:00')"),
        ),
        GroupBy::Day => (
            "to_char(date_trunc('day', r.created_at AT TIME ZONE ",
            Some("), 'YYYY-MM-DD')"),
        ),
        GroupBy::Week => (
            "to_char(date_trunc('week', r.created_at AT TIME ZONE ",
            Some("), 'YYYY-MM-DD')"),
        ),
        GroupBy::Month => (
            "to_char(date_trunc('month', r.created_at AT TIME ZONE ",
            Some("), 'YYYY-MM')"),
        ),
        GroupBy::Year => (
            "to_char(date_trunc('year', r.created_at AT TIME ZONE ",
            Some("), 'YYYY')"),
        ),
        GroupBy::Operator => ("COALESCE(r.operator_name, '')", None),
        GroupBy::Topic => ("COALESCE(topic.name, '')", None),
        GroupBy::Resolved => (
            "CASE r.resolved WHEN true THEN 'yes' WHEN false THEN 'no' ELSE 'none' END",
            None,
        ),
        GroupBy::Direction => ("r.direction", None),
        GroupBy::Channel => ("r.channel", None),
    }
}

#[derive(sqlx::FromRow)]
struct Record {
    key: String,
    conversations: i64,
    closed: i64,
    resolved: i64,
    unresolved: i64,
    avg_handling: Option<f64>,
    avg_reaction: Option<f64>,
    avg_queue: Option<f64>,
    avg_rating_5: Option<f64>,
    rated: i64,
}

/// Every group of the filtered conversations (`q.page` and the sort are ignored).
/// A conversation with several topics counts once under each.
pub async fn groups(pool: &PgPool, q: &ReportQuery, zone: &str) -> Result<Vec<AggregateRow>, ReportError> {
    let mut qb = QueryBuilder::new("SELECT ");
    let (head, tail) = key_expression(q.group_by);
    qb.push(head);
    if let Some(tail) = tail {
        qb.push_bind(zone.to_owned()).push(tail);
    }
    qb.push(
        " AS key,
           count(DISTINCT r.id) AS conversations,
           count(DISTINCT r.id) FILTER (WHERE r.status = 'closed') AS closed,
           count(DISTINCT r.id) FILTER (WHERE r.resolved) AS resolved,
           count(DISTINCT r.id) FILTER (WHERE NOT r.resolved) AS unresolved,
           avg(r.handling_seconds)::float8 AS avg_handling,
           avg(r.reaction_seconds)::float8 AS avg_reaction,
           avg(r.queue_seconds)::float8 AS avg_queue,
           avg(r.rating * 5.0 / r.rating_scale)::float8 AS avg_rating_5,
           count(r.rating) AS rated
         FROM (",
    );
    push_rows(&mut qb, q, zone)?;
    qb.push(") r");
    if q.group_by == GroupBy::Topic {
        qb.push(
            " LEFT JOIN LATERAL (SELECT t.name FROM conversation_topics ct JOIN topics t ON t.id = ct.topic_id
                                 WHERE ct.conversation_id = r.id) topic ON true",
        );
    }
    qb.push(" GROUP BY 1");
    qb.push(if q.group_by.is_period() {
        " ORDER BY 1"
    } else {
        " ORDER BY 2 DESC, 1"
    });
    let records: Vec<Record> = qb.build_query_as().fetch_all(pool).await?;
    let round = |v: Option<f64>| v.map(|s| s.round() as i64);
    Ok(records
        .into_iter()
        .map(|r| AggregateRow {
            key: r.key,
            conversations: r.conversations,
            closed: r.closed,
            resolved: r.resolved,
            unresolved: r.unresolved,
            avg_handling_seconds: round(r.avg_handling),
            avg_reaction_seconds: round(r.avg_reaction),
            avg_queue_seconds: round(r.avg_queue),
            avg_rating_5: r.avg_rating_5.map(|v| (v * 100.0).round() / 100.0),
            rated: r.rated,
        })
        .collect())
}
