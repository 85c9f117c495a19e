//! Identifiers staff type into the card (unverified; see
//! `domain::customer_card::given_identifiers`): adding one, removing an unverified one.
//! Both are journalled with the kind, not the value.

use crate::error::AppError;
use leptos::prelude::*;

/// Adds the customer's phone (`phone`), e-mail (`email`) or bank customer id (`bank_id`).
#[server(name = AddCustomerIdentifier, prefix = "/api", endpoint = "add_customer_identifier")]
pub async fn add_customer_identifier(customer_id: i64, kind: String, value: String) -> Result<(), AppError> {
    let (user, state) = super::staff().await?;
    crate::domain::customer_card::given_identifiers::add(&state.pool, &user, customer_id, &kind, &value)
        .await
        .map_err(super::map_error)?;
    let details = serde_json::json!({ "kind": kind });
    let target = customer_id.to_string();
    crate::auth::guard::audit(&state, &user, "customer.identifier_added", &target, &details).await;
    Ok(())
}

/// Removes an unverified identifier of the customer.
#[server(name = RemoveCustomerIdentifier, prefix = "/api", endpoint = "remove_customer_identifier")]
pub async fn remove_customer_identifier(
    customer_id: i64,
    kind: String,
    value: String,
) -> Result<(), AppError> {
    let (user, state) = super::staff().await?;
    crate::domain::customer_card::given_identifiers::remove(&state.pool, &user, customer_id, &kind, &value)
        .await
        .map_err(super::map_error)?;
    let details = serde_json::json!({ "kind": kind });
    let target = customer_id.to_string();
    crate::auth::guard::audit(&state, &user, "customer.identifier_removed", &target, &details).await;
    Ok(())
}
