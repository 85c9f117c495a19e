//! The staff reports' titles and column headings in a locale, for the page and the files.

use crate::i18n::*;

/// A staff report's title and column headings in the locale.
pub fn staff_title(locale: Locale, kind: crate::reports::staff_model::StaffReportKind) -> String {
    use crate::reports::staff_model::StaffReportKind as K;
    match kind {
        K::Shifts => td_string!(locale, staff_shifts).to_string(),
        K::States => td_string!(locale, staff_states).to_string(),
        K::Satisfaction => td_string!(locale, staff_satisfaction).to_string(),
        K::Comments => td_string!(locale, staff_comments).to_string(),
    }
}

pub fn staff_column(locale: Locale, column: crate::reports::staff_model::StaffColumn) -> String {
    use crate::reports::staff_model::StaffColumn as C;
    match column {
        C::Operator => td_string!(locale, report_col_operator).to_string(),
        C::Login => td_string!(locale, report_col_operator_login).to_string(),
        C::Started => td_string!(locale, staff_col_started).to_string(),
        C::Ended => td_string!(locale, staff_col_ended).to_string(),
        C::Duration => td_string!(locale, staff_col_duration).to_string(),
        C::EndReason => td_string!(locale, staff_col_end_reason).to_string(),
        C::State => td_string!(locale, report_col_status).to_string(),
        C::Share => td_string!(locale, staff_col_share).to_string(),
        C::Rated => td_string!(locale, staff_col_rated).to_string(),
        C::Average => td_string!(locale, staff_col_average).to_string(),
        C::Score1 => "1".to_owned(),
        C::Score2 => "2".to_owned(),
        C::Score3 => "3".to_owned(),
        C::Score4 => "4".to_owned(),
        C::Score5 => "5".to_owned(),
        C::Satisfied => td_string!(locale, staff_col_satisfied).to_string(),
        C::RatedAt => td_string!(locale, staff_col_rated_at).to_string(),
        C::Score => td_string!(locale, staff_col_score).to_string(),
        C::Conversation => td_string!(locale, staff_col_conversation).to_string(),
        C::Comment => td_string!(locale, staff_col_comment).to_string(),
    }
}
