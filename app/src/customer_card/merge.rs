//! Merging customers from the card (`customers.merge`, and the right to edit the
//! customer the card shows): finding who might be the same person, merging them into
//! this customer, and undoing a merge. Both are journalled.

use super::model::MergeCandidate;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
fn merge_error(e: crate::domain::customers::merge::MergeError) -> AppError {
    use crate::domain::customers::merge::MergeError as E;
    match e {
        E::NotFound => AppError::NotFound,
        E::Invalid => AppError::Invalid,
        E::BothOpen => AppError::MergeBothOpen,
        E::Conflict => AppError::MergeConflict,
        E::Database(e) => {
            tracing::error!(error = %e, "merge query failed");
            AppError::Internal
        }
    }
}

#[cfg(feature = "ssr")]
async fn may_merge(
    customer_id: i64,
) -> Result<(crate::model::CurrentUser, crate::domain::state::AppState), AppError> {
    let (user, state) = crate::auth::guard::require(crate::permission::Permission::CustomersMerge).await?;
    if !crate::domain::customer_card::access::may_merge(&state.pool, &user, customer_id)
        .await
        .map_err(|_| AppError::Internal)?
    {
        return Err(AppError::Forbidden);
    }
    Ok((user, state))
}

/// Customers other than this one whose name, phone, e-mail or bank id matches `query`
/// (at least three characters), at most 10.
#[server(name = MergeCandidates, prefix = "/api", endpoint = "merge_candidates")]
pub async fn merge_candidates(customer_id: i64, query: String) -> Result<Vec<MergeCandidate>, AppError> {
    let (_, state) = may_merge(customer_id).await?;
    crate::domain::customers::search::candidates(&state.pool, customer_id, &query)
        .await
        .map_err(|_| AppError::Internal)
}

/// Merges `other_id` into `customer_id`: one history from now on.
#[server(name = MergeCustomer, prefix = "/api", endpoint = "merge_customer")]
pub async fn merge_customer(customer_id: i64, other_id: i64) -> Result<(), AppError> {
    use crate::domain::customers::merge;
    let (user, state) = may_merge(customer_id).await?;
    let merge_id = merge::merge(
        &state.pool,
        customer_id,
        other_id,
        Some(user.id),
        "merged by staff",
    )
    .await
    .map_err(merge_error)?;
    let details = serde_json::json!({ "survivor": customer_id, "absorbed": other_id, "merge": merge_id });
    crate::auth::guard::audit(
        &state,
        &user,
        "customer.merged",
        &customer_id.to_string(),
        &details,
    )
    .await;
    super::announce(&state, &open_of(&state, customer_id).await).await;
    Ok(())
}

/// Undoes a merge into `customer_id`.
#[server(name = UnmergeCustomer, prefix = "/api", endpoint = "unmerge_customer")]
pub async fn unmerge_customer(customer_id: i64, merge_id: i64) -> Result<(), AppError> {
    use crate::domain::customers::merge;
    let (user, state) = may_merge(customer_id).await?;
    let survivor = merge::survivor_of(&state.pool, merge_id)
        .await
        .map_err(|_| AppError::Internal)?;
    if survivor != Some(customer_id) {
        return Err(AppError::NotFound);
    }
    let (survivor, absorbed) = merge::unmerge(&state.pool, merge_id, user.id)
        .await
        .map_err(merge_error)?;
    let details = serde_json::json!({ "survivor": survivor, "absorbed": absorbed, "merge": merge_id });
    crate::auth::guard::audit(
        &state,
        &user,
        "customer.unmerged",
        &survivor.to_string(),
        &details,
    )
    .await;
    let mut open = open_of(&state, survivor).await;
    open.extend(open_of(&state, absorbed).await);
    super::announce(&state, &open).await;
    Ok(())
}

#[cfg(feature = "ssr")]
async fn open_of(state: &crate::domain::state::AppState, customer_id: i64) -> Vec<i64> {
    crate::domain::customer_card::profile::open_conversations(&state.pool, customer_id)
        .await
        .unwrap_or_default()
}
