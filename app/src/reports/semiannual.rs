use super::semiannual_model::{FormLanguage, HalfYear, SemiannualForm, StoredAnswer};
use crate::error::AppError;
use leptos::prelude::*;

/// The semi-annual form of a half-year in Russian or Kazakh.
#[server(name = SemiannualFormFn, prefix = "/api", endpoint = "semiannual_form", input = leptos::server_fn::codec::Json)]
pub async fn semiannual_form(period: HalfYear, language: FormLanguage) -> Result<SemiannualForm, AppError> {
    use crate::permission::Permission;
    let (user, state) =
        crate::auth::guard::require_any(&[Permission::ReportsView, Permission::SettingsReports]).await?;
    crate::domain::reports::semiannual::form(&state.pool, period, language, &user.time_zone)
        .await
        .map_err(super::map_error)
}

/// The organisation's own answers to the rows the data cannot fill.
#[server(name = SemiannualAnswers, prefix = "/api", endpoint = "semiannual_answers")]
pub async fn semiannual_answers() -> Result<Vec<StoredAnswer>, AppError> {
    use crate::permission::Permission;
    let (_, state) = crate::auth::guard::require(Permission::SettingsReports).await?;
    crate::domain::reports::semiannual::answers(&state.pool)
        .await
        .map_err(super::map_error)
}

/// Saves those answers.
#[server(name = SaveSemiannualAnswers, prefix = "/api", endpoint = "save_semiannual_answers", input = leptos::server_fn::codec::Json)]
pub async fn save_semiannual_answers(answers: Vec<StoredAnswer>) -> Result<(), AppError> {
    use crate::permission::Permission;
    let (_, state) = crate::auth::guard::require(Permission::SettingsReports).await?;
    crate::domain::reports::semiannual::save_answers(&state.pool, &answers)
        .await
        .map_err(super::map_error)
}
