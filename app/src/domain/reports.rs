//! Reports over conversations (TS 6.1, 12.3): the filtered rows every report starts
//! from, a page of them, their aggregates, and the supervisors' quality mark. Metric
//! formulas come from `domain::metrics`. Filters are bound parameters; only the sort
//! column and direction, chosen from a fixed list, are written into the SQL.

pub mod aggregate;
pub mod conversations;
pub mod conversations_pdf;
pub mod dashboard;
pub mod exports;
pub mod kpi;
pub mod pdf;
pub mod quality;
pub mod rollup;
pub mod semiannual;
pub mod semiannual_files;
pub mod staff;
pub mod staff_files;
pub mod transcript;
pub mod xlsx;

use super::metrics::{HANDLING_SECONDS, LATEST_RATING, QUEUE_SECONDS, REACTION_SECONDS};
use crate::reports::model::{Direction, Mark, ReportQuery, ReportRow};
use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use protocol::ConversationStatus;
use sqlx::{Postgres, QueryBuilder};

#[derive(Debug, PartialEq, Eq)]
pub enum ReportError {
    /// A date that does not parse, or a range that ends before it starts.
    BadDate,
    /// A setting out of its range.
    Invalid,
    NotFound,
    Database,
}

impl From<sqlx::Error> for ReportError {
    fn from(err: sqlx::Error) -> Self {
        tracing::error!(error = %err, "report query failed");
        ReportError::Database
    }
}

/// The operator groups, for the filters.
pub async fn groups(pool: &sqlx::PgPool) -> Result<Vec<crate::history::model::FilterOption>, ReportError> {
    Ok(
        sqlx::query_as("SELECT id, name, 1 AS depth FROM operator_groups ORDER BY name, id")
            .fetch_all(pool)
            .await?,
    )
}

/// A period of whole days from the page's `from` and `to` (`YYYY-MM-DD`); this month so
/// far where they are left empty.
pub fn period_or_this_month(
    today: NaiveDate,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<(NaiveDate, NaiveDate), ReportError> {
    use chrono::Datelike;
    let given = |d: Option<&str>| day(d.map(str::trim).unwrap_or_default());
    let from = given(from)?.unwrap_or(today.with_day(1).unwrap_or(today));
    let to = given(to)?.unwrap_or(today.max(from));
    if to < from {
        return Err(ReportError::BadDate);
    }
    Ok((from, to))
}

fn day(text: &str) -> Result<Option<NaiveDate>, ReportError> {
    if text.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| ReportError::BadDate)
}

fn range(from: &str, to: &str) -> Result<(Option<NaiveDate>, Option<NaiveDate>), ReportError> {
    let (from, to) = (day(from)?, day(to)?);
    match (from, to) {
        (Some(f), Some(t)) if t < f => Err(ReportError::BadDate),
        _ => Ok((from, to)),
    }
}

fn mark(m: Mark) -> Option<bool> {
    match m {
        Mark::Yes => Some(true),
        Mark::No => Some(false),
        Mark::Unmarked => None,
    }
}

/// Pushes `SELECT … ` of the report's rows that pass every filter of `q` (as a subquery
/// to wrap). Days are read in `zone`. Every conversation has its customer and channel
/// (foreign keys); they are left joins so that PostgreSQL skips them where a query does
/// not read them (the count, the page's ids in most orders).
pub(crate) fn push_rows(
    qb: &mut QueryBuilder<'static, Postgres>,
    q: &ReportQuery,
    zone: &str,
) -> Result<(), ReportError> {
    let (from, to) = range(&q.from, &q.to)?;
    let (closed_from, closed_to) = range(&q.closed_from, &q.closed_to)?;
    qb.push(format!(
        "SELECT * FROM (
            SELECT c.id, u.login AS operator_login, u.display_name AS operator_name,
                   cu.display_name || COALESCE(' (' || cu.nickname || ')', '') AS customer,
                   c.created_at, c.closed_at,
                   round({HANDLING_SECONDS})::bigint AS handling_seconds,
                   round({REACTION_SECONDS})::bigint AS reaction_seconds,
                   round({QUEUE_SECONDS})::bigint AS queue_seconds,
                   c.direction, c.status, c.resolved,
                   COALESCE((SELECT array_agg(t.name ORDER BY ct.set_at, t.id)
                             FROM conversation_topics ct JOIN topics t ON t.id = ct.topic_id
                             WHERE ct.conversation_id = c.id), '{{}}') AS topics,
                   ch.name AS channel, {LATEST_RATING} AS rating, ch.rating_scale,
                   c.quality_accurate AS quality
            FROM conversations c
            LEFT JOIN customers cu ON cu.id = c.customer_id
            LEFT JOIN channels ch ON ch.id = c.channel_id
            LEFT JOIN users u ON u.id = c.operator_id
            WHERE true"
    ));
    let zone = zone.to_owned();
    if let Some(from) = from {
        qb.push(" AND c.created_at >= ")
            .push_bind(from)
            .push("::date::timestamp AT TIME ZONE ")
            .push_bind(zone.clone());
    }
    if let Some(to) = to {
        qb.push(" AND c.created_at < (")
            .push_bind(to)
            .push("::date + 1)::timestamp AT TIME ZONE ")
            .push_bind(zone.clone());
    }
    if let Some(from) = closed_from {
        qb.push(" AND c.closed_at >= ")
            .push_bind(from)
            .push("::date::timestamp AT TIME ZONE ")
            .push_bind(zone.clone());
    }
    if let Some(to) = closed_to {
        qb.push(" AND c.closed_at < (")
            .push_bind(to)
            .push("::date + 1)::timestamp AT TIME ZONE ")
            .push_bind(zone.clone());
    }
    if let Some(id) = q.id {
        qb.push(" AND c.id = ").push_bind(id);
    }
    if let Some(operator) = q.operator_id {
        qb.push(" AND c.operator_id = ").push_bind(operator);
    }
    let customer = q.customer.trim();
    if !customer.is_empty() {
        qb.push(" AND strpos(lower(cu.display_name || ' ' || COALESCE(cu.nickname, '')), lower(")
            .push_bind(customer.to_owned())
            .push(")) > 0");
    }
    if let Some(direction) = q.direction {
        qb.push(" AND c.direction = ").push_bind(direction.as_str());
    }
    if let Some(status) = q.status {
        qb.push(" AND c.status = ").push_bind(status.as_str());
    }
    if let Some(resolved) = q.resolved {
        match mark(resolved) {
            Some(r) => qb.push(" AND c.resolved = ").push_bind(r),
            None => qb.push(" AND c.resolved IS NULL"),
        };
    }
    if let Some(quality) = q.quality {
        match mark(quality) {
            Some(v) => qb.push(" AND c.quality_accurate = ").push_bind(v),
            None => qb.push(" AND c.quality_accurate IS NULL"),
        };
    }
    if let Some(channel) = q.channel_id {
        qb.push(" AND c.channel_id = ").push_bind(channel);
    }
    if let Some(topic) = q.topic_id {
        qb.push(
            " AND c.id IN (SELECT ct.conversation_id FROM conversation_topics ct WHERE ct.topic_id IN (
                WITH RECURSIVE tree(id) AS (
                    SELECT id FROM topics WHERE id = ",
        )
        .push_bind(topic)
        .push(
            " UNION ALL SELECT t.id FROM topics t JOIN tree ON t.parent_id = tree.id
                ) SELECT id FROM tree))",
        );
    }
    qb.push(") r WHERE true");
    if let Some(min) = q.handling_min {
        qb.push(" AND r.handling_seconds >= ").push_bind(min);
    }
    if let Some(min) = q.reaction_min {
        qb.push(" AND r.reaction_seconds >= ").push_bind(min);
    }
    if let Some(min) = q.queue_min {
        qb.push(" AND r.queue_seconds >= ").push_bind(min);
    }
    if let Some(rating) = q.rating {
        qb.push(" AND r.rating = ").push_bind(rating);
    }
    Ok(())
}

/// A row as `push_rows` selects it.
#[derive(sqlx::FromRow)]
pub(crate) struct RowRecord {
    pub id: i64,
    pub operator_login: Option<String>,
    pub operator_name: Option<String>,
    pub customer: String,
    pub created_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
    pub handling_seconds: Option<i64>,
    pub reaction_seconds: Option<i64>,
    pub queue_seconds: Option<i64>,
    pub direction: String,
    pub status: String,
    pub resolved: Option<bool>,
    pub topics: Vec<String>,
    pub channel: String,
    pub rating: Option<i16>,
    pub rating_scale: i16,
    pub quality: Option<bool>,
}

impl RowRecord {
    pub fn into_row(self) -> ReportRow {
        let rfc = |t: DateTime<Utc>| t.to_rfc3339_opts(SecondsFormat::Secs, true);
        ReportRow {
            id: self.id,
            operator_login: self.operator_login,
            operator_name: self.operator_name,
            customer: self.customer,
            created_at: rfc(self.created_at),
            closed_at: self.closed_at.map(rfc),
            handling_seconds: self.handling_seconds,
            reaction_seconds: self.reaction_seconds,
            queue_seconds: self.queue_seconds,
            direction: Direction::parse(&self.direction).unwrap_or(Direction::Inbound),
            status: ConversationStatus::parse(&self.status).unwrap_or(ConversationStatus::Closed),
            resolved: self.resolved,
            topics: self.topics,
            channel: self.channel,
            rating: self.rating,
            rating_scale: self.rating_scale,
            quality: self.quality,
        }
    }
}
