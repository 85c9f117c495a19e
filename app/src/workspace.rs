//! Server functions of the workspace's list indicators, unread marks, transfers,
//! outbound conversations and the workspace settings page. Each checks a permission,
//! calls one domain function, tells the bus what changed, and maps the error.

mod indicator_settings;
mod mark_read;
pub mod model;
mod outbound;
mod settings;
mod transfer;

pub use indicator_settings::{indicator_settings, IndicatorSettingsFn};
pub use mark_read::{mark_read, MarkRead};
pub use outbound::{start_outbound, StartOutbound};
pub use settings::{
    save_channel_inactivity, save_waiting_thresholds, workspace_settings, SaveChannelInactivity,
    SaveWaitingThresholds, WorkspaceSettingsFn,
};
pub use transfer::{transfer_conversation, transfer_options, TransferConversation, TransferOptionsFn};
