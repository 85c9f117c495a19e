//! Server functions for topics (TS 9.8). The tree and its settings need
//! `settings.topics`; a conversation's topics and a customer's topic history need
//! `conversations.handle` or `conversations.view_all` and the same read rule as the
//! conversation itself.

pub mod model;

mod add_topic;
mod archive_topic;
mod conversation_topics;
mod delete_topic;
mod move_topic;
mod rename_topic;
mod save_topic_settings;
mod set_conversation_topics;
mod topic_choices;
mod topic_history;
mod topic_tree;

pub use add_topic::{add_topic, AddTopic};
pub use archive_topic::{archive_topic, ArchiveTopic};
pub use conversation_topics::{conversation_topics, ConversationTopicsFn};
pub use delete_topic::{delete_topic, DeleteTopic};
pub use move_topic::{move_topic, MoveTopic};
pub use rename_topic::{rename_topic, RenameTopic};
pub use save_topic_settings::{save_topic_settings, SaveTopicSettings};
pub use set_conversation_topics::{set_conversation_topics, SetConversationTopics};
pub use topic_choices::{topic_choices, TopicChoices};
pub use topic_history::{topic_history, TopicHistoryFn};
pub use topic_tree::{topic_tree, TopicTreeFn};

#[cfg(feature = "ssr")]
pub fn map_error(err: crate::domain::topics::TopicError) -> crate::error::AppError {
    use crate::domain::topics::TopicError as E;
    use crate::error::AppError;
    match err {
        E::NotFound => AppError::NotFound,
        E::Invalid | E::Archived | E::BelowDeepest { .. } => AppError::Invalid,
        E::Duplicate => AppError::Duplicate,
        E::TooDeep { max } => AppError::TopicTooDeep { max },
        E::Forbidden => AppError::Forbidden,
        E::Required => AppError::TopicRequired,
        E::Database => AppError::Internal,
    }
}

/// The caller, if they may edit the topic tree, and the state.
#[cfg(feature = "ssr")]
async fn editor(
) -> Result<(crate::model::CurrentUser, crate::domain::state::AppState), crate::error::AppError> {
    crate::auth::guard::require(crate::permission::Permission::SettingsTopics).await
}

/// The caller, if they work with conversations, and the state.
#[cfg(feature = "ssr")]
async fn handler(
) -> Result<(crate::model::CurrentUser, crate::domain::state::AppState), crate::error::AppError> {
    use crate::permission::Permission;
    crate::auth::guard::require_any(&[Permission::ConversationsHandle, Permission::ConversationsViewAll])
        .await
}
