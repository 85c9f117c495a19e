use crate::error::AppError;
use leptos::prelude::*;

/// Moves a customer to a segment (or none); a waiting conversation of theirs is
/// re-prioritised and the queue reorders.
#[server(name = SetCustomerSegment, prefix = "/api", endpoint = "set_customer_segment", input = leptos::server_fn::codec::Json)]
pub async fn set_customer_segment(customer_id: i64, segment_id: Option<i64>) -> Result<(), AppError> {
    use crate::auth::guard;
    use crate::domain::bus::BusEvent;
    use crate::permission::Permission;
    let (_, state) =
        guard::require_any(&[Permission::SettingsRouting, Permission::ConversationsViewAll]).await?;
    let open = crate::domain::customer_card::profile::set_segment(&state.pool, customer_id, segment_id)
        .await
        .map_err(super::map_error)?;
    state.bus.publish(BusEvent::QueueReordered);
    crate::domain::routing::assign_and_announce(&state.pool, &state.bus).await;
    super::announce(&state, &open).await;
    Ok(())
}
