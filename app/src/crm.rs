//! Server functions of the CRM lookup: its settings on the API page (`api.manage`) and
//! the lookup shown in the customer card (whoever may read the card).

pub mod model;

use crate::error::AppError;
use leptos::prelude::*;
use model::{CrmForm, CrmView};

#[server(name = CrmSettings, prefix = "/api", endpoint = "crm_settings")]
pub async fn crm_settings() -> Result<CrmForm, AppError> {
    let (_, state) = crate::auth::guard::require(crate::permission::Permission::ApiManage).await?;
    crate::domain::crm::form(&state.pool, &state.secrets)
        .await
        .map_err(|_| AppError::Internal)
}

/// Saves the endpoint (blank: off), its bearer token (sealed; blank keeps it) and timeout.
#[server(name = SaveCrmSettings, prefix = "/api", endpoint = "save_crm_settings", input = leptos::server_fn::codec::Json)]
pub async fn save_crm_settings(form: CrmForm) -> Result<(), AppError> {
    use crate::domain::crm::{self, CrmError};
    let (user, state) = crate::auth::guard::require(crate::permission::Permission::ApiManage).await?;
    crm::save(&state.pool, &state.secrets, &form)
        .await
        .map_err(|e| match e {
            CrmError::Invalid(field) => AppError::ApiField {
                field: field.to_owned(),
            },
            CrmError::Database => AppError::Internal,
        })?;
    let details = serde_json::json!({
        "url": form.url.trim(),
        "timeout_ms": form.timeout_ms,
        "token_changed": !form.token.trim().is_empty() || form.clear_token,
    });
    crate::auth::guard::audit(&state, &user, "crm.updated", "crm", &details).await;
    Ok(())
}

/// What the bank's CRM knows about the customer of a conversation.
#[server(name = CrmLookup, prefix = "/api", endpoint = "crm_lookup")]
pub async fn crm_lookup(conversation_id: i64) -> Result<CrmView, AppError> {
    use crate::domain::customer_card::access;
    use crate::permission::Permission;
    let (user, state) =
        crate::auth::guard::require_any(&[Permission::ConversationsHandle, Permission::ConversationsViewAll])
            .await?;
    let customer_id = crate::domain::conversations::summary(&state.pool, conversation_id)
        .await
        .map_err(|_| AppError::NotFound)?
        .customer_id;
    if !access::may_read(&state.pool, &user, customer_id)
        .await
        .map_err(|_| AppError::Internal)?
    {
        return Err(AppError::Forbidden);
    }
    Ok(crate::domain::crm::lookup(&state.pool, &state.secrets, customer_id).await)
}
