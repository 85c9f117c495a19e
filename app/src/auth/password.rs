use crate::error::AppError;
use leptos::prelude::*;

/// The signed-in user changes their own password (required after a reset or for a new
/// account before anything else works).
#[server(name = ChangeOwnPassword, prefix = "/api", endpoint = "change_own_password")]
pub async fn change_own_password(current: String, new: String, next: Option<String>) -> Result<(), AppError> {
    let (user, state) = super::guard::current().await?;
    crate::domain::account_admin::change_own_password(&state.pool, user.id, &current, &new)
        .await
        .map_err(crate::admin::map_error)?;
    super::guard::audit(
        &state,
        &user,
        "user.password_changed",
        &user.login,
        &serde_json::json!({}),
    )
    .await;
    leptos_axum::redirect(&super::login::safe_next(next.as_deref()));
    Ok(())
}
