//! Reading the journal: one page for the viewer, or every matching record for export.

use crate::audit::model::{AuditQuery, AuditRecord, PAGE_SIZE};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use sqlx::PgPool;

/// The most records one export holds (a year of a large center is well below it).
pub const EXPORT_LIMIT: i64 = 500_000;

#[derive(Debug, PartialEq, Eq)]
pub enum JournalError {
    BadDate,
    Database,
}

impl From<sqlx::Error> for JournalError {
    fn from(e: sqlx::Error) -> Self {
        tracing::error!(error = %e, "audit journal read failed");
        JournalError::Database
    }
}

/// The filter in database terms: instants, patterns.
struct Bounds {
    from: Option<DateTime<Utc>>,
    to: Option<DateTime<Utc>>,
    login: String,
    event: String,
    text: String,
}

fn bounds(q: &AuditQuery, utc_offset_seconds: i32) -> Result<Bounds, JournalError> {
    let day = |s: &str, plus_days: i64| -> Result<Option<DateTime<Utc>>, JournalError> {
        if s.trim().is_empty() {
            return Ok(None);
        }
        let date = NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| JournalError::BadDate)?;
        let local_midnight = date.and_hms_opt(0, 0, 0).ok_or(JournalError::BadDate)?.and_utc();
        Ok(Some(
            local_midnight + Duration::days(plus_days) - Duration::seconds(utc_offset_seconds.into()),
        ))
    };
    Ok(Bounds {
        from: day(&q.from, 0)?,
        // The whole last day.
        to: day(&q.to, 1)?,
        login: like(&q.login),
        event: q.event.trim().to_owned(),
        text: like(&q.text),
    })
}

/// `%text%` with the pattern's own characters escaped.
fn like(s: &str) -> String {
    let escaped = s
        .trim()
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

const FILTER: &str = "($1::timestamptz IS NULL OR at >= $1)
      AND ($2::timestamptz IS NULL OR at < $2)
      AND login ILIKE $3
      AND ($4 = '' OR event = $4 OR event LIKE $4 || '%')
      AND (target ILIKE $5 OR details ILIKE $5 OR coalesce(ip, '') ILIKE $5)";

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    at: DateTime<Utc>,
    login: String,
    ip: Option<String>,
    user_agent: Option<String>,
    event: String,
    target: String,
    details: String,
}

impl From<Row> for AuditRecord {
    fn from(r: Row) -> Self {
        AuditRecord {
            id: r.id,
            at: r.at.to_rfc3339(),
            login: r.login,
            ip: r.ip,
            user_agent: r.user_agent,
            event: r.event,
            target: r.target,
            details: r.details,
        }
    }
}

/// One page, newest first, and how many records match.
pub async fn page(
    pool: &PgPool,
    q: &AuditQuery,
    utc_offset_seconds: i32,
) -> Result<(Vec<AuditRecord>, i64), JournalError> {
    let b = bounds(q, utc_offset_seconds)?;
    let total: i64 = sqlx::query_scalar(&format!("SELECT count(*) FROM audit_events WHERE {FILTER}"))
        .bind(b.from)
        .bind(b.to)
        .bind(&b.login)
        .bind(&b.event)
        .bind(&b.text)
        .fetch_one(pool)
        .await?;
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT id, at, login, ip, user_agent, event, target, details FROM audit_events
         WHERE {FILTER} ORDER BY id DESC LIMIT $6 OFFSET $7"
    ))
    .bind(b.from)
    .bind(b.to)
    .bind(&b.login)
    .bind(&b.event)
    .bind(&b.text)
    .bind(PAGE_SIZE)
    .bind(q.page.max(0) * PAGE_SIZE)
    .fetch_all(pool)
    .await?;
    Ok((rows.into_iter().map(Into::into).collect(), total))
}

/// Every matching record, oldest first (up to [`EXPORT_LIMIT`]).
pub async fn all(
    pool: &PgPool,
    q: &AuditQuery,
    utc_offset_seconds: i32,
) -> Result<Vec<AuditRecord>, JournalError> {
    let b = bounds(q, utc_offset_seconds)?;
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT id, at, login, ip, user_agent, event, target, details FROM audit_events
         WHERE {FILTER} ORDER BY id LIMIT $6"
    ))
    .bind(b.from)
    .bind(b.to)
    .bind(&b.login)
    .bind(&b.event)
    .bind(&b.text)
    .bind(EXPORT_LIMIT)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

/// Records as CSV (RFC 4180, UTF-8 with a byte-order mark so that Excel reads Cyrillic),
/// times in the viewer's zone.
pub fn csv(records: &[AuditRecord], header: &[String; 8], utc_offset_seconds: i32) -> String {
    let mut out = String::from("\u{feff}");
    let mut line = |fields: &[&str]| {
        let cells: Vec<String> = fields.iter().map(|f| csv_cell(f)).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    };
    line(&header.iter().map(String::as_str).collect::<Vec<_>>());
    for r in records {
        let at = crate::time::date_time_seconds(&r.at, utc_offset_seconds);
        line(&[
            &r.id.to_string(),
            &at,
            &r.login,
            r.ip.as_deref().unwrap_or(""),
            r.user_agent.as_deref().unwrap_or(""),
            &r.event,
            &r.target,
            &r.details,
        ]);
    }
    out
}

/// A quoted cell; a leading `= + - @` is neutralised so that a spreadsheet never runs it
/// as a formula (CSV injection).
fn csv_cell(s: &str) -> String {
    let guarded = if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_owned()
    };
    format!("\"{}\"", guarded.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_days_become_utc_bounds() {
        let q = AuditQuery {
            from: "2026-11-30".into(),
            to: "2026-11-30".into(),
            ..Default::default()
        };
        let b = bounds(&q, 5 * 3600).unwrap();
        assert_eq!(b.from.unwrap().to_rfc3339(), "2026-11-29T19:00:00+00:00");
        assert_eq!(b.to.unwrap().to_rfc3339(), "2026-11-30T19:00:00+00:00");
        let bad = AuditQuery {
            from: "30.11.2026".into(),
            ..Default::default()
        };
        assert!(matches!(bounds(&bad, 0), Err(JournalError::BadDate)));
    }

    #[test]
    fn patterns_match_literally() {
        assert_eq!(like("50%_a\\"), "%50\\%\\_a\\\\%");
    }

    #[test]
    fn csv_quotes_and_defuses_formulas() {
        assert_eq!(csv_cell("a\"b"), "\"a\"\"b\"");
        assert_eq!(csv_cell("=HYPERLINK(1)"), "\"'=HYPERLINK(1)\"");
        let header = ["#", "t", "u", "ip", "ua", "e", "o", "d"].map(String::from);
        let rec = AuditRecord {
            id: 1,
            at: "2026-11-30T10:00:00+00:00".into(),
            login: "админ".into(),
            ip: None,
            user_agent: None,
            event: "auth.login.succeeded".into(),
            target: String::new(),
            details: "{}".into(),
        };
        let text = csv(&[rec], &header, 5 * 3600);
        assert!(text.starts_with('\u{feff}'));
        assert!(text.contains("\"1\",\"30.11.2026 15:00:00\",\"админ\""), "{text}");
    }
}
