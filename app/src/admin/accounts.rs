use super::model::{AccountDraft, SavedAccount};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
async fn manager() -> Result<(crate::model::CurrentUser, crate::domain::state::AppState), AppError> {
    crate::auth::guard::require(crate::permission::Permission::UsersManage).await
}

/// Creates an account (with a one-time password, returned once) or changes one.
#[server(name = SaveAccount, prefix = "/api", endpoint = "save_account", input = leptos::server_fn::codec::Json)]
pub async fn save_account(draft: AccountDraft) -> Result<SavedAccount, AppError> {
    use crate::domain::account_admin;
    use serde_json::json;
    let (user, state) = manager().await?;
    match draft.id {
        None => {
            let (id, one_time, after) = account_admin::create(&state.pool, &draft)
                .await
                .map_err(super::map_error)?;
            crate::auth::guard::audit(
                &state,
                &user,
                "user.created",
                &after.login,
                &json!({ "after": after }),
            )
            .await;
            Ok(SavedAccount {
                id,
                one_time_password: Some(one_time),
            })
        }
        Some(id) => {
            let (before, after) = account_admin::update(&state.pool, user.id, &draft)
                .await
                .map_err(super::map_error)?;
            if before != after {
                let event = if before.roles != after.roles {
                    "user.roles_changed"
                } else {
                    "user.updated"
                };
                crate::auth::guard::audit(
                    &state,
                    &user,
                    event,
                    &after.login,
                    &json!({ "before": before, "after": after }),
                )
                .await;
            }
            Ok(SavedAccount {
                id,
                one_time_password: None,
            })
        }
    }
}

/// Blocks an account (its sessions end at once) or unblocks it (lifting a lockout too).
#[server(name = SetAccountBlocked, prefix = "/api", endpoint = "set_account_blocked")]
pub async fn set_account_blocked(id: i64, blocked: bool) -> Result<(), AppError> {
    let (user, state) = manager().await?;
    let after = crate::domain::account_admin::set_blocked(&state.pool, user.id, id, blocked)
        .await
        .map_err(super::map_error)?;
    if blocked {
        let _ = crate::domain::presence::sign_out(&state.pool, id).await;
        crate::license::free_seat(&state, id, "blocked").await;
    }
    let event = if blocked { "user.blocked" } else { "user.unblocked" };
    crate::auth::guard::audit(&state, &user, event, &after.login, &serde_json::json!({})).await;
    Ok(())
}

/// Deletes an account (it keeps its name in conversations and the journal).
#[server(name = DeleteAccount, prefix = "/api", endpoint = "delete_account")]
pub async fn delete_account(id: i64) -> Result<(), AppError> {
    let (user, state) = manager().await?;
    let before = crate::domain::account_admin::delete(&state.pool, user.id, id)
        .await
        .map_err(super::map_error)?;
    let _ = crate::domain::presence::sign_out(&state.pool, id).await;
    crate::license::free_seat(&state, id, "deleted").await;
    crate::auth::guard::audit(
        &state,
        &user,
        "user.deleted",
        &before.login,
        &serde_json::json!({ "before": before }),
    )
    .await;
    Ok(())
}

/// A new one-time password for an account (shown once), to be changed at sign-in.
#[server(name = ResetPassword, prefix = "/api", endpoint = "reset_password")]
pub async fn reset_password(id: i64) -> Result<String, AppError> {
    let (user, state) = manager().await?;
    let (one_time, login) = crate::domain::account_admin::reset_password(&state.pool, user.id, id)
        .await
        .map_err(super::map_error)?;
    let _ = crate::domain::presence::sign_out(&state.pool, id).await;
    crate::auth::guard::audit(
        &state,
        &user,
        "user.password_reset",
        &login,
        &serde_json::json!({}),
    )
    .await;
    Ok(one_time)
}
