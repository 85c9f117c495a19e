//! A staff report as Excel (typed cells: numbers, dates in the staff member's zone,
//! durations) and as PDF.

use super::pdf::{table, PdfTable};
use super::ReportError;
use crate::reports::staff_model::{StaffCell, StaffReport};
use rust_xlsxwriter::{Format, Workbook};

/// The translated words of a staff report.
pub struct StaffLabels {
    pub title: String,
    pub period: String,
    pub headers: Vec<String>,
    /// Signed out, ended the shift, ended by a supervisor, still open.
    pub end_reasons: [String; 4],
}

fn end_reason(labels: &StaffLabels, reason: &Option<String>) -> String {
    match reason.as_deref() {
        Some("sign_out") => labels.end_reasons[0].clone(),
        Some("end_shift") => labels.end_reasons[1].clone(),
        Some("terminated") => labels.end_reasons[2].clone(),
        _ => labels.end_reasons[3].clone(),
    }
}

/// The cell as text, times in `tz`.
pub fn text(cell: &StaffCell, labels: &StaffLabels, tz: chrono_tz::Tz) -> String {
    match cell {
        StaffCell::Text(t) => t.clone(),
        StaffCell::Number(n) if n.fract() == 0.0 => format!("{n:.0}"),
        StaffCell::Number(n) => format!("{n:.2}"),
        StaffCell::Instant(t) => chrono::DateTime::parse_from_rfc3339(t)
            .map(|t| t.with_timezone(&tz).format("%d.%m.%Y %H:%M").to_string())
            .unwrap_or_default(),
        StaffCell::Seconds(s) => crate::personal_stats::model::duration_text(*s),
        StaffCell::Percent(p) => format!("{p:.1} %"),
        StaffCell::EndReason(r) => end_reason(labels, r),
        StaffCell::Empty => String::new(),
    }
}

pub fn xlsx(report: &StaffReport, labels: &StaffLabels, zone: &str) -> Result<Vec<u8>, ReportError> {
    let tz: chrono_tz::Tz = zone.parse().unwrap_or(chrono_tz::Asia::Tashkent);
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    let bold = Format::new().set_bold();
    let when = Format::new().set_num_format("yyyy-mm-dd hh:mm");
    let duration = Format::new().set_num_format("[h]:mm:ss");
    let percent = Format::new().set_num_format("0.0");
    sheet.write_string_with_format(0, 0, &labels.title, &bold)?;
    sheet.write_string(1, 0, &labels.period)?;
    for (col, header) in labels.headers.iter().enumerate() {
        sheet.write_string_with_format(3, col as u16, header, &bold)?;
        let width = report.kind.columns().get(col).map_or(14.0, |c| c.width());
        sheet.set_column_width(col as u16, width)?;
    }
    for (i, row) in report.rows.iter().enumerate() {
        let r = 4 + i as u32;
        for (c, cell) in row.iter().enumerate() {
            let c = c as u16;
            match cell {
                StaffCell::Number(n) => {
                    sheet.write_number(r, c, *n)?;
                }
                StaffCell::Percent(p) => {
                    sheet.write_number_with_format(r, c, *p, &percent)?;
                }
                StaffCell::Seconds(s) => {
                    sheet.write_number_with_format(r, c, *s as f64 / 86_400.0, &duration)?;
                }
                StaffCell::Instant(t) => {
                    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(t) {
                        sheet.write_datetime_with_format(r, c, &t.with_timezone(&tz).naive_local(), &when)?;
                    }
                }
                StaffCell::Empty => {}
                other => {
                    sheet.write_string(r, c, text(other, labels, tz))?;
                }
            }
        }
    }
    Ok(workbook.save_to_buffer()?)
}

pub fn pdf(report: &StaffReport, labels: &StaffLabels, zone: &str) -> Result<Vec<u8>, ReportError> {
    let tz: chrono_tz::Tz = zone.parse().unwrap_or(chrono_tz::Asia::Tashkent);
    let widths = report.kind.columns().iter().map(|c| c.width() as f32).collect();
    table(&PdfTable {
        title: &labels.title,
        lines: vec![labels.period.clone()],
        headers: labels.headers.clone(),
        widths,
        rows: report
            .rows
            .iter()
            .map(|row| row.iter().map(|c| text(c, labels, tz)).collect())
            .collect(),
        footer: Vec::new(),
    })
}
