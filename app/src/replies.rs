//! Canned replies: server functions (thin adapters over `domain::replies`), the wire
//! types, and the pure logic the reply box uses (placeholders, `/` search).
//!
//! Operators (`conversations.handle`) keep personal replies and use the shared ones;
//! holders of `replies.shared` write the shared ones.

mod delete;
mod list;
pub mod matching;
pub mod model;
pub mod placeholders;
mod save;

pub use delete::{delete_reply, DeleteReply};
pub use list::{canned_replies, CannedReplies};
pub use save::{create_reply, update_reply, CreateReply, UpdateReply};

#[cfg(feature = "ssr")]
fn map_error(err: crate::domain::replies::RepliesError) -> crate::error::AppError {
    use crate::domain::replies::RepliesError as E;
    use crate::error::AppError;
    match err {
        E::Invalid => AppError::Invalid,
        E::Duplicate => AppError::Duplicate,
        E::NotFound => AppError::NotFound,
        E::Forbidden => AppError::Forbidden,
        E::Database => AppError::Internal,
    }
}

/// The caller, if they may use canned replies at all, and what they may edit.
#[cfg(feature = "ssr")]
async fn editor(
) -> Result<(crate::domain::replies::Editor, crate::domain::state::AppState), crate::error::AppError> {
    use crate::permission::Permission;
    let (user, state) =
        crate::auth::guard::require_any(&[Permission::ConversationsHandle, Permission::RepliesShared])
            .await?;
    Ok((
        crate::domain::replies::Editor::new(user.id, &user.permissions),
        state,
    ))
}
