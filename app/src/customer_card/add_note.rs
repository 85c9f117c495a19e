use super::model::CustomerNote;
use crate::error::AppError;
use leptos::prelude::*;

/// Adds a note about a customer.
#[server(name = AddCustomerNote, prefix = "/api", endpoint = "add_customer_note")]
pub async fn add_customer_note(customer_id: i64, body: String) -> Result<CustomerNote, AppError> {
    let (user, state) = super::staff().await?;
    crate::domain::customer_card::notes::add(&state.pool, &user, customer_id, &body)
        .await
        .map_err(super::map_error)
}
