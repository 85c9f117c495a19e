//! The words of an exported workbook in the staff member's language (their language
//! cookie, Russian by default).

use crate::domain::reports::xlsx::XlsxLabels;
use crate::i18n::*;

/// The locale a language cookie value names; Russian for anything else.
pub fn locale_of(code: Option<&str>) -> Locale {
    match code.unwrap_or_default() {
        "en" => Locale::en,
        "uz-Latn" => Locale::uz_Latn,
        "uz-Cyrl" => Locale::uz_Cyrl,
        "kk" => Locale::kk,
        _ => Locale::ru,
    }
}

pub fn xlsx_labels(locale: Locale) -> XlsxLabels {
    XlsxLabels {
        sheet: td_string!(locale, report_sheet).to_string(),
        headers: vec![
            td_string!(locale, report_col_id).to_string(),
            td_string!(locale, report_col_operator_login).to_string(),
            td_string!(locale, report_col_operator).to_string(),
            td_string!(locale, report_col_customer).to_string(),
            td_string!(locale, report_col_created).to_string(),
            td_string!(locale, report_col_closed).to_string(),
            td_string!(locale, report_col_handling).to_string(),
            td_string!(locale, report_col_reaction).to_string(),
            td_string!(locale, report_col_queue).to_string(),
            td_string!(locale, report_col_direction).to_string(),
            td_string!(locale, report_col_status).to_string(),
            td_string!(locale, report_col_resolved).to_string(),
            td_string!(locale, report_col_topics).to_string(),
            td_string!(locale, report_col_channel).to_string(),
            td_string!(locale, report_col_rating).to_string(),
            td_string!(locale, report_col_quality).to_string(),
        ],
        inbound: td_string!(locale, report_direction_inbound).to_string(),
        outbound: td_string!(locale, report_direction_outbound).to_string(),
        statuses: [
            td_string!(locale, status_waiting).to_string(),
            td_string!(locale, status_active).to_string(),
            td_string!(locale, status_closed).to_string(),
        ],
        yes: td_string!(locale, report_yes).to_string(),
        no: td_string!(locale, report_no).to_string(),
    }
}

/// "Generated on … (zone)" for the head of a printed report.
pub fn generated_line(locale: Locale, zone: &str) -> String {
    let tz: chrono_tz::Tz = zone.parse().unwrap_or(chrono_tz::Asia::Tashkent);
    let when = chrono::Utc::now()
        .with_timezone(&tz)
        .format("%d.%m.%Y %H:%M")
        .to_string();
    let zone = zone.to_owned();
    td_string!(locale, report_generated, when, zone).to_string()
}

pub fn conversations_title(locale: Locale) -> String {
    td_string!(locale, report_title).to_string()
}

pub fn found_line(locale: Locale, count: i64) -> String {
    td_string!(locale, report_total, count).to_string()
}

/// "Shown N of M …" under a printed report.
pub fn shown_line(locale: Locale, shown: i64, total: i64) -> String {
    td_string!(locale, report_pdf_shown, shown, total).to_string()
}

/// The KPI report as printed: title, period line, headings and one row per KPI.
pub fn kpi_table(
    locale: Locale,
    report: &crate::reports::kpi_model::KpiReport,
) -> (String, String, Vec<String>, Vec<Vec<String>>) {
    use crate::reports::kpi_model::KpiKind;
    let from = report.from.clone();
    let to = report.to.clone();
    let period = td_string!(locale, kpi_period_line, from, to).to_string();
    let headers = vec![
        td_string!(locale, kpi_col_indicator).to_string(),
        td_string!(locale, kpi_col_value).to_string(),
        td_string!(locale, kpi_col_threshold).to_string(),
        td_string!(locale, kpi_col_status).to_string(),
        td_string!(locale, kpi_col_basis).to_string(),
    ];
    let amount = |kind: KpiKind, v: f64| {
        let value = format!("{v:.2}");
        match kind {
            KpiKind::AverageWait => {
                let value = format!("{v:.0}");
                td_string!(locale, kpi_seconds, value).to_string()
            }
            KpiKind::Satisfaction => {
                let percent = format!("{:.0}", v * 20.0);
                td_string!(locale, kpi_points, value, percent).to_string()
            }
            _ => td_string!(locale, kpi_percent, value).to_string(),
        }
    };
    let rows = report
        .kpis
        .iter()
        .map(|k| {
            let name = match k.kind {
                KpiKind::AverageWait => td_string!(locale, kpi_wait).to_string(),
                KpiKind::Accuracy => td_string!(locale, kpi_accuracy).to_string(),
                KpiKind::Satisfaction => td_string!(locale, kpi_satisfaction).to_string(),
                KpiKind::FirstContactResolution => td_string!(locale, kpi_fcr).to_string(),
                KpiKind::Abandoned => td_string!(locale, kpi_abandoned).to_string(),
            };
            let value = amount(k.kind, k.threshold);
            let threshold = if k.at_most {
                td_string!(locale, kpi_at_most, value).to_string()
            } else {
                td_string!(locale, kpi_at_least, value).to_string()
            };
            let status = match k.met() {
                Some(true) => td_string!(locale, kpi_met).to_string(),
                Some(false) => td_string!(locale, kpi_missed).to_string(),
                None => td_string!(locale, kpi_no_data).to_string(),
            };
            vec![
                name,
                k.value.map(|v| amount(k.kind, v)).unwrap_or_else(|| "—".into()),
                threshold,
                status,
                k.basis.to_string(),
            ]
        })
        .collect();
    (td_string!(locale, kpi_title).to_string(), period, headers, rows)
}

pub fn transcript_labels(
    locale: Locale,
    conversation_id: i64,
) -> crate::domain::reports::transcript::TranscriptLabels {
    let id = conversation_id;
    crate::domain::reports::transcript::TranscriptLabels {
        title: td_string!(locale, transcript_title, id).to_string(),
        headers: vec![
            td_string!(locale, transcript_time).to_string(),
            td_string!(locale, transcript_author).to_string(),
            td_string!(locale, transcript_message).to_string(),
        ],
        customer: td_string!(locale, report_col_customer).to_string(),
        system: td_string!(locale, transcript_system).to_string(),
        file: td_string!(locale, transcript_file).to_string(),
    }
}

pub fn staff_labels(
    locale: Locale,
    report: &crate::reports::staff_model::StaffReport,
) -> crate::domain::reports::staff_files::StaffLabels {
    let from = report.from.clone();
    let to = report.to.clone();
    crate::domain::reports::staff_files::StaffLabels {
        title: super::staff_labels::staff_title(locale, report.kind),
        period: td_string!(locale, staff_period_line, from, to).to_string(),
        headers: report
            .kind
            .columns()
            .iter()
            .map(|c| super::staff_labels::staff_column(locale, *c))
            .collect(),
        end_reasons: [
            td_string!(locale, staff_end_sign_out).to_string(),
            td_string!(locale, staff_end_end_shift).to_string(),
            td_string!(locale, staff_end_terminated).to_string(),
            td_string!(locale, staff_end_open).to_string(),
        ],
    }
}
