//! The translated text of every error a user can meet.

use crate::error::AppError;
use crate::i18n::*;
use protocol::MessageProblem;

pub fn error_text(i18n: leptos_i18n::I18nContext<Locale>, err: &AppError) -> String {
    match err {
        AppError::WrongCredentials => t_string!(i18n, err_wrong_credentials).to_string(),
        AppError::LockedOut { minutes } => {
            let minutes = *minutes;
            t_string!(i18n, err_locked_out, minutes).to_string()
        }
        AppError::AccountBlocked => t_string!(i18n, err_account_blocked).to_string(),
        AppError::NotSignedIn => t_string!(i18n, err_not_signed_in).to_string(),
        AppError::SessionExpired => t_string!(i18n, err_session_expired).to_string(),
        AppError::Forbidden => t_string!(i18n, err_forbidden).to_string(),
        AppError::NotFound => t_string!(i18n, err_not_found).to_string(),
        AppError::AlreadyTaken => t_string!(i18n, err_already_taken).to_string(),
        AppError::BadMessage(MessageProblem::Empty) => t_string!(i18n, err_msg_empty).to_string(),
        AppError::BadMessage(MessageProblem::TooLong) => t_string!(i18n, err_msg_too_long).to_string(),
        AppError::BadMessage(MessageProblem::BadClientId) => t_string!(i18n, err_internal).to_string(),
        AppError::BadMessage(MessageProblem::ConversationClosed) => {
            t_string!(i18n, err_msg_conversation_closed).to_string()
        }
        AppError::Invalid => t_string!(i18n, err_invalid).to_string(),
        AppError::Duplicate => t_string!(i18n, err_duplicate).to_string(),
        AppError::FileTooLarge { max_kb } => {
            let max_kb = *max_kb;
            t_string!(i18n, err_file_too_large, max_kb).to_string()
        }
        AppError::FileTypeNotAllowed => t_string!(i18n, err_file_type).to_string(),
        AppError::TopicRequired => t_string!(i18n, err_topic_required).to_string(),
        AppError::TopicTooDeep { max } => {
            let max = *max;
            t_string!(i18n, err_topic_too_deep, max).to_string()
        }
        AppError::OperatorUnavailable => t_string!(i18n, err_operator_unavailable).to_string(),
        AppError::OperatorAtCapacity => t_string!(i18n, err_operator_at_capacity).to_string(),
        AppError::CustomerHasOpenConversation { .. } => t_string!(i18n, err_customer_has_open).to_string(),
        AppError::SelfGrant => t_string!(i18n, err_self_grant).to_string(),
        AppError::LastAdministrator => t_string!(i18n, err_last_administrator).to_string(),
        AppError::BuiltInRole => t_string!(i18n, err_built_in_role).to_string(),
        AppError::WeakPassword => t_string!(i18n, err_weak_password).to_string(),
        AppError::WrongCurrentPassword => t_string!(i18n, err_wrong_current_password).to_string(),
        AppError::PasswordChangeRequired => t_string!(i18n, err_password_change_required).to_string(),
        AppError::TotpRequired => t_string!(i18n, err_totp_required).to_string(),
        AppError::TotpWrong => t_string!(i18n, err_totp_wrong).to_string(),
        AppError::TotpEnrolmentRequired => t_string!(i18n, err_totp_enrolment_required).to_string(),
        AppError::AllowlistLine { line } => {
            let line = *line;
            t_string!(i18n, err_allowlist_line, line).to_string()
        }
        AppError::AllowlistExcludesYou => t_string!(i18n, err_allowlist_excludes_you).to_string(),
        AppError::AddressNotAllowed => t_string!(i18n, err_address_not_allowed).to_string(),
        AppError::NoFreeSeat { max } => {
            let max = *max;
            t_string!(i18n, err_no_free_seat, max).to_string()
        }
        AppError::LicenseInvalid => t_string!(i18n, err_license_invalid).to_string(),
        AppError::LicenseExpired => t_string!(i18n, err_license_expired).to_string(),
        AppError::ChannelField { field } => {
            let field = match field.as_str() {
                "name" => t_string!(i18n, channels_field_name),
                "bot_token" => t_string!(i18n, channels_field_bot_token),
                "api_base" => t_string!(i18n, channels_field_api_base),
                "public_url" => t_string!(i18n, channels_field_public_url),
                "access_token" => t_string!(i18n, channels_field_access_token),
                "identity_secret" => t_string!(i18n, channels_field_identity_secret),
                "app_secret" => t_string!(i18n, channels_field_app_secret),
                "graph_base" => t_string!(i18n, channels_field_graph_base),
                "api_version" => t_string!(i18n, channels_field_api_version),
                "account_id" => t_string!(i18n, channels_field_account_id),
                "template_name" => t_string!(i18n, channels_field_template_name),
                "template_language" => t_string!(i18n, channels_field_template_language),
                "customer_language" => t_string!(i18n, channels_field_customer_language),
                _ => t_string!(i18n, channels_field_rating_scale),
            };
            t_string!(i18n, err_channel_field, field).to_string()
        }
        AppError::ApiField { field } => {
            let field = match field.as_str() {
                "name" => t_string!(i18n, col_name).to_string(),
                "scopes" => t_string!(i18n, api_col_scopes).to_string(),
                "rate" => t_string!(i18n, api_col_rate).to_string(),
                "events" => t_string!(i18n, api_col_events).to_string(),
                "description" => t_string!(i18n, api_description).to_string(),
                "timeout" => t_string!(i18n, crm_timeout).to_string(),
                "token" => t_string!(i18n, crm_token).to_string(),
                _ => "URL".to_owned(),
            };
            t_string!(i18n, err_api_field, field).to_string()
        }
        AppError::CredentialsUnreadable => t_string!(i18n, err_credentials_unreadable).to_string(),
        AppError::MergeBothOpen => t_string!(i18n, err_merge_both_open).to_string(),
        AppError::BadIdentifier { kind } => match kind.as_str() {
            "phone" => t_string!(i18n, err_bad_phone).to_string(),
            "email" => t_string!(i18n, err_bad_email).to_string(),
            _ => t_string!(i18n, err_bad_bank_id).to_string(),
        },
        AppError::MergeConflict => t_string!(i18n, err_merge_conflict).to_string(),
        AppError::BadProxy => t_string!(i18n, err_bad_proxy).to_string(),
        AppError::BadCaBundle => t_string!(i18n, err_bad_ca_bundle).to_string(),
        AppError::Internal => t_string!(i18n, err_internal).to_string(),
        AppError::Transport(_) => t_string!(i18n, err_transport).to_string(),
    }
}
