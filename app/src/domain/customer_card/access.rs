//! Who may read a customer's card, edit their names and change their segment.

use crate::model::CurrentUser;
use crate::permission::Permission;
use sqlx::PgPool;

/// Staff with `view_all`; an operator who handles or handled a conversation of the customer.
pub async fn may_read(pool: &PgPool, user: &CurrentUser, customer_id: i64) -> Result<bool, sqlx::Error> {
    if user.can(Permission::ConversationsViewAll) {
        return Ok(true);
    }
    if !user.can(Permission::ConversationsHandle) {
        return Ok(false);
    }
    sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM conversations WHERE customer_id = $1 AND operator_id = $2)",
    )
    .bind(customer_id)
    .bind(user.id)
    .fetch_one(pool)
    .await
}

/// Whoever handles the customer now (an active conversation), and staff with `view_all`.
pub async fn may_edit_names(
    pool: &PgPool,
    user: &CurrentUser,
    customer_id: i64,
) -> Result<bool, sqlx::Error> {
    if user.can(Permission::ConversationsViewAll) {
        return Ok(true);
    }
    if !user.can(Permission::ConversationsHandle) {
        return Ok(false);
    }
    sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM conversations
                        WHERE customer_id = $1 AND operator_id = $2 AND status = 'active')",
    )
    .bind(customer_id)
    .bind(user.id)
    .fetch_one(pool)
    .await
}

/// The segment weighs in routing: those who edit routing or supervise may change it.
pub fn may_change_segment(user: &CurrentUser) -> bool {
    user.can(Permission::SettingsRouting) || user.can(Permission::ConversationsViewAll)
}

/// Merging into a customer and undoing it: `customers.merge`, and the right to edit the
/// customer's names (handles them now, or sees all).
pub async fn may_merge(pool: &PgPool, user: &CurrentUser, customer_id: i64) -> Result<bool, sqlx::Error> {
    if !user.can(Permission::CustomersMerge) {
        return Ok(false);
    }
    may_edit_names(pool, user, customer_id).await
}
