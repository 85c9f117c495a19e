//! Identifiers the customer gave in the conversation (a phone, an e-mail, their bank
//! customer id), typed into the card by whoever may edit the customer's names. Staff
//! cannot vouch for them, so they are unverified: they show in the card and find other
//! records of the person in the merge search, but merge nothing by themselves; an
//! unverified one can be removed again (a typo), a verified one cannot.

use super::profile::require_edit_names;
use super::CardError;
use crate::domain::customers::identifiers::{self, IdKind, Source};
use crate::model::CurrentUser;
use sqlx::PgPool;

fn parse(kind: &str, value: &str) -> Result<(IdKind, String), CardError> {
    let kind = IdKind::from_code(kind).ok_or(CardError::Invalid)?;
    let value = identifiers::normalise(kind, value).ok_or(CardError::BadIdentifier(kind.code()))?;
    Ok((kind, value))
}

/// Adds an unverified identifier in its stored form (a phone's digits, a lower-cased
/// e-mail). One the customer has already is left as it is.
pub async fn add(
    pool: &PgPool,
    user: &CurrentUser,
    customer_id: i64,
    kind: &str,
    value: &str,
) -> Result<(), CardError> {
    let (kind, value) = parse(kind, value)?;
    require_edit_names(pool, user, customer_id).await?;
    identifiers::attach(pool, customer_id, kind, &value, false, Source::Operator)
        .await
        .map_err(|_| CardError::Database)?;
    Ok(())
}

/// Removes an unverified identifier; a verified one stays (`Invalid`), one the customer
/// does not have is `NotFound`.
pub async fn remove(
    pool: &PgPool,
    user: &CurrentUser,
    customer_id: i64,
    kind: &str,
    value: &str,
) -> Result<(), CardError> {
    let (kind, value) = parse(kind, value)?;
    require_edit_names(pool, user, customer_id).await?;
    let removed = sqlx::query(
        "DELETE FROM customer_identifiers
         WHERE customer_id = $1 AND kind = $2 AND value = $3 AND NOT verified",
    )
    .bind(customer_id)
    .bind(kind.code())
    .bind(&value)
    .execute(pool)
    .await?
    .rows_affected();
    if removed == 1 {
        return Ok(());
    }
    let held: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM customer_identifiers WHERE customer_id = $1 AND kind = $2 AND value = $3)",
    )
    .bind(customer_id)
    .bind(kind.code())
    .bind(&value)
    .fetch_one(pool)
    .await?;
    Err(if held {
        CardError::Invalid
    } else {
        CardError::NotFound
    })
}
