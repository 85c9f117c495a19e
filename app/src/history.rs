//! Server functions of the history page (`conversations.handle` sees the conversations
//! one handled, `conversations.view_all` every one).

pub mod model;
mod search;
mod search_filters;

pub use search::{search_history, SearchHistory};
pub use search_filters::{history_filters, HistoryFiltersFn};

#[cfg(feature = "ssr")]
pub(crate) fn map_error(err: crate::domain::history::HistoryError) -> crate::error::AppError {
    use crate::domain::history::HistoryError as E;
    use crate::error::AppError;
    match err {
        E::BadDate => AppError::Invalid,
        E::Database => AppError::Internal,
    }
}
