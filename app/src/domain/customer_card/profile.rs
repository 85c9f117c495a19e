//! What staff change about a customer: names (whoever handles them) and the segment
//! (routing editors and supervisors; a waiting conversation takes the new priority).

use super::{access, CardError};
use crate::customer_card::model::NAME_MAX;
use crate::model::CurrentUser;
use sqlx::PgPool;

fn valid_name(name: &str) -> bool {
    let n = name.chars().count();
    (1..=NAME_MAX).contains(&n)
}

/// Sets the display name (required) and the nickname (empty clears it); returns the
/// customer's open conversations, whose lists show the name.
pub async fn save_names(
    pool: &PgPool,
    user: &CurrentUser,
    customer_id: i64,
    display_name: &str,
    nickname: &str,
) -> Result<Vec<i64>, CardError> {
    let (display_name, nickname) = (display_name.trim(), nickname.trim());
    if !valid_name(display_name) || !(nickname.is_empty() || valid_name(nickname)) {
        return Err(CardError::Invalid);
    }
    require_edit_names(pool, user, customer_id).await?;
    let updated = sqlx::query("UPDATE customers SET display_name = $2, nickname = $3 WHERE id = $1")
        .bind(customer_id)
        .bind(display_name)
        .bind((!nickname.is_empty()).then_some(nickname))
        .execute(pool)
        .await?
        .rows_affected();
    if updated != 1 {
        return Err(CardError::NotFound);
    }
    open_conversations(pool, customer_id).await
}

/// Moves the customer to a segment (or none). Their open conversations take it too, so a
/// waiting one is re-prioritised at once (the priority trigger). Returns them.
pub async fn set_segment(
    pool: &PgPool,
    customer_id: i64,
    segment_id: Option<i64>,
) -> Result<Vec<i64>, CardError> {
    let mut tx = pool.begin().await?;
    if let Some(id) = segment_id {
        let known: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM customer_segments WHERE id = $1)")
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        if !known {
            return Err(CardError::Invalid);
        }
    }
    let updated = sqlx::query("UPDATE customers SET segment_id = $2 WHERE id = $1")
        .bind(customer_id)
        .bind(segment_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if updated != 1 {
        return Err(CardError::NotFound);
    }
    let open: Vec<i64> = sqlx::query_scalar(
        "UPDATE conversations SET segment_id = $2
         WHERE customer_id = $1 AND status IN ('waiting', 'active') RETURNING id",
    )
    .bind(customer_id)
    .bind(segment_id)
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(open)
}

pub async fn open_conversations(pool: &PgPool, customer_id: i64) -> Result<Vec<i64>, CardError> {
    Ok(sqlx::query_scalar(
        "SELECT id FROM conversations WHERE customer_id = $1 AND status IN ('waiting', 'active')",
    )
    .bind(customer_id)
    .fetch_all(pool)
    .await?)
}

/// Whoever may edit the customer's names passes; anyone else is `Forbidden` (or
/// `NotFound` for a customer who does not exist).
pub(super) async fn require_edit_names(
    pool: &PgPool,
    user: &CurrentUser,
    customer_id: i64,
) -> Result<(), CardError> {
    if access::may_edit_names(pool, user, customer_id).await? {
        Ok(())
    } else {
        Err(exists_or_not_found(pool, customer_id, CardError::Forbidden).await?)
    }
}

/// `err` when the customer exists, `NotFound` when not.
async fn exists_or_not_found(
    pool: &PgPool,
    customer_id: i64,
    err: CardError,
) -> Result<CardError, CardError> {
    let exists: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM customers WHERE id = $1)")
        .bind(customer_id)
        .fetch_one(pool)
        .await?;
    Ok(if exists { err } else { CardError::NotFound })
}
