//! Server functions of the license page (`licenses.manage`), and the seat an operator
//! takes when starting work.

pub mod model;

use crate::error::AppError;
use leptos::prelude::*;
use model::{License, LicenseOverview};

#[server(name = LicenseOverviewFn, prefix = "/api", endpoint = "license_overview")]
pub async fn license_overview() -> Result<LicenseOverview, AppError> {
    use crate::domain::licensing;
    let (_, state) = crate::auth::guard::require(crate::permission::Permission::LicensesManage).await?;
    licensing::overview(&state.pool, &licensing::product_key())
        .await
        .map_err(|_| AppError::Internal)
}

/// Loads a new license file (pasted or read from a file); it applies at once, in every
/// server process, without a restart.
#[server(name = LoadLicense, prefix = "/api", endpoint = "load_license")]
pub async fn load_license(text: String) -> Result<License, AppError> {
    use crate::domain::licensing::{self, LicenseError};
    let (user, state) = crate::auth::guard::require(crate::permission::Permission::LicensesManage).await?;
    let license = licensing::install(
        &state.pool,
        &text,
        &licensing::product_key(),
        Some((user.id, &user.login)),
    )
    .await
    .map_err(|e| match e {
        LicenseError::Malformed | LicenseError::BadSignature => AppError::LicenseInvalid,
        LicenseError::Expired => AppError::LicenseExpired,
        LicenseError::Database => AppError::Internal,
    })?;
    crate::auth::guard::audit(&state, &user, "license.loaded", &license.id, &license).await;
    Ok(license)
}

/// An operator (holder of `conversations.handle`) about to work takes a seat; others
/// never need one.
#[cfg(feature = "ssr")]
pub async fn take_seat(
    state: &crate::domain::state::AppState,
    user: &crate::model::CurrentUser,
) -> Result<(), AppError> {
    use crate::domain::licensing::{self, SeatError};
    if !user.can(crate::permission::Permission::ConversationsHandle) {
        return Ok(());
    }
    licensing::take_seat(&state.pool, user.id, &user.login, &licensing::product_key())
        .await
        .map_err(|e| match e {
            SeatError::Exhausted { max } => AppError::NoFreeSeat { max },
            SeatError::Database => AppError::Internal,
        })
}

/// Frees an operator's seat (sign-out, end of shift, blocked…); failures are logged.
#[cfg(feature = "ssr")]
pub async fn free_seat(state: &crate::domain::state::AppState, user_id: i64, reason: &str) {
    use crate::domain::licensing;
    if let Err(e) = licensing::free_seat(&state.pool, user_id, reason, &licensing::product_key()).await {
        tracing::error!(error = ?e, user_id, "seat not freed");
    }
}
