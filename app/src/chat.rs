//! Server functions of the operator workspace. Each checks a permission, calls one
//! domain function, tells the bus what changed, and maps the error.

mod close;
mod end_work;
mod open;
mod queue_board;
mod send;
mod take;
mod workspace;

pub use close::{close_conversation, CloseConversation};
pub use end_work::{end_operator_work, EndOperatorWork};
pub use open::{open_conversation, OpenConversation};
pub use queue_board::{queue_board, QueueBoardFn};
pub use send::{send_reply, SendReply};
pub use take::{take_conversation, TakeConversation};
pub use workspace::{workspace_snapshot, WorkspaceSnapshotFn};

#[cfg(feature = "ssr")]
pub(crate) fn map_conversation_error(
    err: crate::domain::conversations::ConversationError,
) -> crate::error::AppError {
    use crate::domain::conversations::ConversationError as E;
    use crate::error::AppError;
    match err {
        E::NotFound => AppError::NotFound,
        E::AlreadyTaken => AppError::AlreadyTaken,
        E::WrongState => AppError::BadMessage(protocol::MessageProblem::ConversationClosed),
        E::Forbidden => AppError::Forbidden,
        E::BadRating | E::Database => AppError::Internal,
    }
}
