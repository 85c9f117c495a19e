//! The conversation report as a PDF for printing: the report's order and filters, at
//! most `MAX_ROWS` rows (Excel carries any number).

use super::conversations::order_by;
use super::pdf::{table, PdfTable};
use super::xlsx::XlsxLabels;
use super::{push_rows, ReportError, RowRecord};
use crate::reports::model::ReportQuery;
use chrono::{DateTime, Utc};
use sqlx::{PgPool, QueryBuilder};

/// The most rows a PDF prints.
pub const MAX_ROWS: i64 = 5000;

/// Column shares of the page, in `xlsx::COLUMNS` order.
const WIDTHS: [f32; 16] = [
    4.0, 7.0, 9.0, 10.0, 10.0, 10.0, 6.0, 6.0, 6.0, 6.0, 7.0, 5.0, 11.0, 8.0, 4.0, 5.0,
];

/// `title`, `lines` (what the report covers) and `footer(shown, total)` come translated.
pub async fn conversations(
    pool: &PgPool,
    q: &ReportQuery,
    zone: &str,
    labels: &XlsxLabels,
    title: &str,
    lines: Vec<String>,
    footer: impl Fn(i64, i64) -> String,
) -> Result<Vec<u8>, ReportError> {
    let tz: chrono_tz::Tz = zone.parse().unwrap_or(chrono_tz::Asia::Tashkent);
    let local = |t: DateTime<Utc>| t.with_timezone(&tz).format("%d.%m.%Y %H:%M").to_string();
    let total = super::conversations::count(pool, q, zone).await?;
    let mut qb = QueryBuilder::new("SELECT r.* FROM (");
    push_rows(&mut qb, q, zone)?;
    qb.push(") r");
    qb.push(order_by(q));
    qb.push(" LIMIT ").push_bind(MAX_ROWS);
    let records: Vec<RowRecord> = qb.build_query_as().fetch_all(pool).await?;
    let shown = records.len() as i64;
    let duration = |s: Option<i64>| {
        s.map(crate::personal_stats::model::duration_text)
            .unwrap_or_default()
    };
    let yes_no = |v: Option<bool>| match v {
        Some(true) => labels.yes.clone(),
        Some(false) => labels.no.clone(),
        None => String::new(),
    };
    let rows = records
        .into_iter()
        .map(|r| {
            let status = match r.status.as_str() {
                "waiting" => labels.statuses[0].clone(),
                "active" => labels.statuses[1].clone(),
                _ => labels.statuses[2].clone(),
            };
            vec![
                r.id.to_string(),
                r.operator_login.unwrap_or_default(),
                r.operator_name.unwrap_or_default(),
                r.customer,
                local(r.created_at),
                r.closed_at.map(local).unwrap_or_default(),
                duration(r.handling_seconds),
                duration(r.reaction_seconds),
                duration(r.queue_seconds),
                if r.direction == "outbound" {
                    labels.outbound.clone()
                } else {
                    labels.inbound.clone()
                },
                status,
                yes_no(r.resolved),
                r.topics.join(", "),
                r.channel,
                r.rating
                    .map(|s| format!("{s}/{}", r.rating_scale))
                    .unwrap_or_default(),
                yes_no(r.quality),
            ]
        })
        .collect();
    table(&PdfTable {
        title,
        lines,
        headers: labels.headers.clone(),
        widths: WIDTHS.to_vec(),
        rows,
        footer: vec![footer(shown, total)],
    })
}
