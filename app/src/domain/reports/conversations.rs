//! The conversation report: one page of the filtered rows in the chosen order.

use super::{push_rows, ReportError, RowRecord};
use crate::reports::model::{ReportColumn, ReportPage, ReportQuery, PAGE_SIZE};
use sqlx::{PgPool, QueryBuilder};

/// The SQL a column sorts by (over the rows `push_rows` selects, aliased `r`).
pub(crate) fn sort_expression(column: ReportColumn) -> &'static str {
    match column {
        ReportColumn::Id => "r.id",
        ReportColumn::Operator => "lower(r.operator_name)",
        ReportColumn::Customer => "lower(r.customer)",
        ReportColumn::Created => "r.created_at",
        ReportColumn::Closed => "r.closed_at",
        ReportColumn::Handling => "r.handling_seconds",
        ReportColumn::Reaction => "r.reaction_seconds",
        ReportColumn::Queue => "r.queue_seconds",
        ReportColumn::Direction => "r.direction",
        ReportColumn::Status => "r.status",
        ReportColumn::Resolved => "r.resolved",
        ReportColumn::Topics => "lower(array_to_string(r.topics, ', '))",
        ReportColumn::Channel => "lower(r.channel)",
        ReportColumn::Rating => "r.rating",
        ReportColumn::Quality => "r.quality",
    }
}

/// ` ORDER BY …` for the query: empty values last either way, then by id (newest
/// first) so pages never overlap.
pub(crate) fn order_by(q: &ReportQuery) -> String {
    let dir = if q.desc { "DESC" } else { "ASC" };
    format!(
        " ORDER BY {} {dir} NULLS LAST, r.id DESC",
        sort_expression(q.sort)
    )
}

/// How many conversations pass the report's filters.
pub async fn count(pool: &PgPool, q: &ReportQuery, zone: &str) -> Result<i64, ReportError> {
    let mut count = QueryBuilder::new("SELECT count(*) FROM (");
    push_rows(&mut count, q, zone)?;
    count.push(") r");
    Ok(count.build_query_scalar().fetch_one(pool).await?)
}

/// The page `q.page` of the report, `PAGE_SIZE` rows, and the number of rows in all.
///
/// In two steps: the page's ids, in order, from the sort column alone (the topics and
/// other per-row lookups are not computed for the thousands of rows being sorted), then
/// those rows whole.
pub async fn page(pool: &PgPool, q: &ReportQuery, zone: &str) -> Result<ReportPage, ReportError> {
    let total = count(pool, q, zone).await?;

    let mut ids = QueryBuilder::new("SELECT r.id FROM (");
    push_rows(&mut ids, q, zone)?;
    ids.push(") r");
    ids.push(order_by(q));
    ids.push(" LIMIT ")
        .push_bind(PAGE_SIZE)
        .push(" OFFSET ")
        .push_bind(q.page.max(0).saturating_mul(PAGE_SIZE));
    let ids: Vec<i64> = ids.build_query_scalar().fetch_all(pool).await?;

    let mut qb = QueryBuilder::new("SELECT r.* FROM (");
    push_rows(&mut qb, q, zone)?;
    qb.push(") r WHERE r.id = ANY(").push_bind(ids).push(")");
    qb.push(order_by(q));
    let rows: Vec<RowRecord> = qb.build_query_as().fetch_all(pool).await?;
    Ok(ReportPage {
        rows: rows.into_iter().map(RowRecord::into_row).collect(),
        total,
        page: q.page.max(0),
        page_size: PAGE_SIZE,
    })
}
