use crate::error::AppError;
use leptos::prelude::*;

/// Sets a customer's display name and nickname (empty nickname clears it).
#[server(name = SaveCustomerNames, prefix = "/api", endpoint = "save_customer_names")]
pub async fn save_customer_names(
    customer_id: i64,
    display_name: String,
    nickname: String,
) -> Result<(), AppError> {
    let (user, state) = super::staff().await?;
    let open = crate::domain::customer_card::profile::save_names(
        &state.pool,
        &user,
        customer_id,
        &display_name,
        &nickname,
    )
    .await
    .map_err(super::map_error)?;
    super::announce(&state, &open).await;
    Ok(())
}
