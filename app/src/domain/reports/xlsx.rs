//! The conversation report as an Excel workbook: typed cells (numbers, dates in the
//! staff member's zone, durations as `[h]:mm:ss`), one row per conversation in the
//! report's order, written row by row in constant memory.

use super::conversations::order_by;
use super::{push_rows, ReportError, RowRecord};
use crate::reports::model::ReportQuery;
use chrono::{DateTime, Utc};
use futures::TryStreamExt;
use rust_xlsxwriter::{Format, Workbook, XlsxError};
use sqlx::{PgPool, QueryBuilder};

/// The translated words the workbook is written with.
#[derive(Clone, Debug)]
pub struct XlsxLabels {
    pub sheet: String,
    /// In `COLUMNS` order.
    pub headers: Vec<String>,
    pub inbound: String,
    pub outbound: String,
    /// Waiting, active, closed.
    pub statuses: [String; 3],
    pub yes: String,
    pub no: String,
}

/// The columns, left to right (TS 6.1), and their widths.
pub const COLUMNS: [(&str, f64); 16] = [
    ("id", 8.0),
    ("operator_login", 14.0),
    ("operator", 20.0),
    ("customer", 24.0),
    ("created", 19.0),
    ("closed", 19.0),
    ("handling", 10.0),
    ("reaction", 10.0),
    ("queue", 10.0),
    ("direction", 12.0),
    ("status", 12.0),
    ("resolved", 10.0),
    ("topics", 30.0),
    ("channel", 18.0),
    ("rating", 8.0),
    ("quality", 10.0),
];

impl From<XlsxError> for ReportError {
    fn from(err: XlsxError) -> Self {
        tracing::error!(error = %err, "writing a workbook failed");
        ReportError::Database
    }
}

/// Every row of the report (all pages) written to the `.xlsx` file at `path`; `progress`
/// is told the number of rows written every 1,000 rows. Rows go to disk as they come
/// (constant-memory worksheet) and the workbook is zipped straight into the file, so
/// memory stays flat however many rows there are.
pub async fn conversations(
    pool: &PgPool,
    q: &ReportQuery,
    zone: &str,
    labels: &XlsxLabels,
    path: &std::path::Path,
    mut progress: impl FnMut(u64),
) -> Result<(), ReportError> {
    let tz: chrono_tz::Tz = zone.parse().unwrap_or(chrono_tz::Asia::Tashkent);
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet_with_constant_memory()?;
    sheet.set_name(&labels.sheet)?;
    let bold = Format::new().set_bold();
    let when = Format::new().set_num_format("yyyy-mm-dd hh:mm:ss");
    let duration = Format::new().set_num_format("[h]:mm:ss");
    for (col, (_, width)) in COLUMNS.iter().enumerate() {
        sheet.set_column_width(col as u16, *width)?;
    }
    for (col, header) in labels.headers.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, header, &bold)?;
    }
    sheet.set_freeze_panes(1, 0)?;

    let mut qb = QueryBuilder::new("SELECT r.* FROM (");
    push_rows(&mut qb, q, zone)?;
    qb.push(") r");
    qb.push(order_by(q));
    let mut rows = qb.build_query_as::<RowRecord>().fetch(pool);
    let local = |t: DateTime<Utc>| t.with_timezone(&tz).naive_local();
    let mut n: u32 = 0;
    while let Some(r) = rows.try_next().await? {
        n += 1;
        let row = n;
        sheet.write_number(row, 0, r.id as f64)?;
        if let Some(login) = &r.operator_login {
            sheet.write_string(row, 1, login)?;
        }
        if let Some(name) = &r.operator_name {
            sheet.write_string(row, 2, name)?;
        }
        sheet.write_string(row, 3, &r.customer)?;
        sheet.write_datetime_with_format(row, 4, &local(r.created_at), &when)?;
        if let Some(closed) = r.closed_at {
            sheet.write_datetime_with_format(row, 5, &local(closed), &when)?;
        }
        for (col, seconds) in [
            (6, r.handling_seconds),
            (7, r.reaction_seconds),
            (8, r.queue_seconds),
        ] {
            if let Some(s) = seconds {
                sheet.write_number_with_format(row, col, s as f64 / 86_400.0, &duration)?;
            }
        }
        let direction = if r.direction == "outbound" {
            &labels.outbound
        } else {
            &labels.inbound
        };
        sheet.write_string(row, 9, direction)?;
        let status = match r.status.as_str() {
            "waiting" => &labels.statuses[0],
            "active" => &labels.statuses[1],
            _ => &labels.statuses[2],
        };
        sheet.write_string(row, 10, status)?;
        let yes_no = |v: bool| if v { &labels.yes } else { &labels.no };
        if let Some(resolved) = r.resolved {
            sheet.write_string(row, 11, yes_no(resolved))?;
        }
        if !r.topics.is_empty() {
            sheet.write_string(row, 12, r.topics.join(", "))?;
        }
        sheet.write_string(row, 13, &r.channel)?;
        if let Some(rating) = r.rating {
            sheet.write_number(row, 14, f64::from(rating))?;
        }
        if let Some(quality) = r.quality {
            sheet.write_string(row, 15, yes_no(quality))?;
        }
        if n % 1000 == 0 {
            progress(u64::from(n));
        }
    }
    progress(u64::from(n));
    sheet.autofilter(0, 0, n, (COLUMNS.len() - 1) as u16)?;
    drop(rows);
    let path = path.to_owned();
    tokio::task::spawn_blocking(move || workbook.save(path))
        .await
        .map_err(|_| ReportError::Database)??;
    Ok(())
}
