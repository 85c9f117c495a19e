//! Server functions of the news (TS 8.5): publishers (`news.publish`) write news for
//! everyone or for groups; every signed-in staff member reads what is addressed to
//! them and acknowledges it.

pub mod model;

mod acknowledge;
mod board;
mod my_news;
mod publish;
mod unread;

pub use acknowledge::{acknowledge_news, AcknowledgeNews};
pub use board::{news_board, NewsBoardFn};
pub use my_news::{my_news, open_news, MyNews, OpenNews};
pub use publish::{publish_news, PublishNews};
pub use unread::{unread_news, unread_news_count, UnreadNews, UnreadNewsCount};

#[cfg(feature = "ssr")]
fn map_error(err: crate::domain::news::NewsError) -> crate::error::AppError {
    use crate::domain::news::NewsError as E;
    use crate::error::AppError;
    match err {
        E::Invalid(_) => AppError::Invalid,
        E::NotFound => AppError::NotFound,
        E::Database => AppError::Internal,
    }
}
