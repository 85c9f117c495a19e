//! The translated names of the report's columns, groups and values.

use crate::i18n::*;
use crate::reports::model::{Direction, GroupBy, ReportColumn};
use leptos_i18n::I18nContext;

pub fn column_name(i18n: I18nContext<Locale>, column: ReportColumn) -> String {
    match column {
        ReportColumn::Id => t_string!(i18n, report_col_id).to_string(),
        ReportColumn::Operator => t_string!(i18n, report_col_operator).to_string(),
        ReportColumn::Customer => t_string!(i18n, report_col_customer).to_string(),
        ReportColumn::Created => t_string!(i18n, report_col_created).to_string(),
        ReportColumn::Closed => t_string!(i18n, report_col_closed).to_string(),
        ReportColumn::Handling => t_string!(i18n, report_col_handling).to_string(),
        ReportColumn::Reaction => t_string!(i18n, report_col_reaction).to_string(),
        ReportColumn::Queue => t_string!(i18n, report_col_queue).to_string(),
        ReportColumn::Direction => t_string!(i18n, report_col_direction).to_string(),
        ReportColumn::Status => t_string!(i18n, report_col_status).to_string(),
        ReportColumn::Resolved => t_string!(i18n, report_col_resolved).to_string(),
        ReportColumn::Topics => t_string!(i18n, report_col_topics).to_string(),
        ReportColumn::Channel => t_string!(i18n, report_col_channel).to_string(),
        ReportColumn::Rating => t_string!(i18n, report_col_rating).to_string(),
        ReportColumn::Quality => t_string!(i18n, report_col_quality).to_string(),
    }
}

pub fn group_name(i18n: I18nContext<Locale>, group: GroupBy) -> String {
    match group {
        GroupBy::Hour => t_string!(i18n, report_group_hour).to_string(),
        GroupBy::Day => t_string!(i18n, report_group_day).to_string(),
        GroupBy::Week => t_string!(i18n, report_group_week).to_string(),
        GroupBy::Month => t_string!(i18n, report_group_month).to_string(),
        GroupBy::Year => t_string!(i18n, report_group_year).to_string(),
        GroupBy::Operator => column_name(i18n, ReportColumn::Operator),
        GroupBy::Topic => column_name(i18n, ReportColumn::Topics),
        GroupBy::Resolved => column_name(i18n, ReportColumn::Resolved),
        GroupBy::Direction => column_name(i18n, ReportColumn::Direction),
        GroupBy::Channel => column_name(i18n, ReportColumn::Channel),
    }
}

pub fn direction_name(i18n: I18nContext<Locale>, direction: Direction) -> String {
    match direction {
        Direction::Inbound => t_string!(i18n, report_direction_inbound).to_string(),
        Direction::Outbound => t_string!(i18n, report_direction_outbound).to_string(),
    }
}

pub fn yes_no(i18n: I18nContext<Locale>, value: Option<bool>) -> String {
    match value {
        Some(true) => t_string!(i18n, report_yes).to_string(),
        Some(false) => t_string!(i18n, report_no).to_string(),
        None => String::new(),
    }
}

/// `h:mm:ss`, or nothing.
pub fn duration(seconds: Option<i64>) -> String {
    seconds
        .map(crate::personal_stats::model::duration_text)
        .unwrap_or_default()
}
