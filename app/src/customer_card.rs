//! Server functions of the customer card in the workspace. Reading follows the card's
//! rule (`view_all`, or the operator who handles or handled the customer); the segment
//! is changed by routing editors and supervisors.

mod add_note;
mod card;
mod identifiers;
mod merge;
pub mod model;
mod past_messages;
mod save_names;
mod set_segment;

pub use add_note::{add_customer_note, AddCustomerNote};
pub use card::{customer_card, CustomerCardFn};
pub use identifiers::{
    add_customer_identifier, remove_customer_identifier, AddCustomerIdentifier, RemoveCustomerIdentifier,
};
pub use merge::{
    merge_candidates, merge_customer, unmerge_customer, MergeCandidates, MergeCustomer, UnmergeCustomer,
};
pub use past_messages::{past_conversation_messages, PastConversationMessages};
pub use save_names::{save_customer_names, SaveCustomerNames};
pub use set_segment::{set_customer_segment, SetCustomerSegment};

#[cfg(feature = "ssr")]
fn map_error(err: crate::domain::customer_card::CardError) -> crate::error::AppError {
    use crate::domain::customer_card::CardError as E;
    use crate::error::AppError;
    match err {
        E::NotFound => AppError::NotFound,
        E::Forbidden => AppError::Forbidden,
        E::Invalid => AppError::Invalid,
        E::BadIdentifier(kind) => AppError::BadIdentifier {
            kind: kind.to_owned(),
        },
        E::Database => AppError::Internal,
    }
}

/// Staff who work with conversations (the card's own rule is checked in the domain).
#[cfg(feature = "ssr")]
async fn staff() -> Result<(crate::model::CurrentUser, crate::domain::state::AppState), crate::error::AppError>
{
    use crate::permission::Permission;
    crate::auth::guard::require_any(&[Permission::ConversationsHandle, Permission::ConversationsViewAll])
        .await
}

/// Tells the workspaces that these conversations changed (a name, a segment).
#[cfg(feature = "ssr")]
async fn announce(state: &crate::domain::state::AppState, conversations: &[i64]) {
    for id in conversations {
        let _ = crate::domain::conversations::announce(&state.pool, &state.bus, *id).await;
    }
}
