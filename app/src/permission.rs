//! The catalogue of named permissions. Roles are sets of these; every page and server
//! function checks one of them, never a role name.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Permission {
    /// Take conversations from the queue, answer and close them.
    ConversationsHandle,
    /// See every conversation and the queue (supervision).
    ConversationsViewAll,
    /// See the list of staff accounts and their roles.
    UsersView,
    /// Switch one's own operator state (available, pause, …).
    PresenceOwn,
    /// Edit routing: weights, segments, rules, channels' routing, operators' skills, states.
    SettingsRouting,
    /// End an operator's work, redistributing or returning their conversations.
    OperatorsEndWork,
    /// Edit the topic tree, its depth and whether a topic is required before closing.
    SettingsTopics,
    /// Edit workspace settings: file limits, waiting-indicator thresholds, inactivity auto-close.
    SettingsWorkspace,
    /// Publish news to all staff or to groups.
    NewsPublish,
    /// Write and edit shared canned replies (personal ones need only `ConversationsHandle`).
    RepliesShared,
    /// Read reports: conversations, aggregates, metrics.
    ReportsView,
    /// Download reports as Excel and PDF files.
    ReportsExport,
    /// Give a conversation a quality mark (accurate and complete: yes or no).
    ConversationsQuality,
    /// Set the KPI thresholds and the organisation's report details.
    SettingsReports,
    /// Join any live conversation invisibly, write internal notes and invite experts.
    ConversationsWhisper,
    /// Create, edit, block and delete staff accounts, reset passwords, assign roles
    /// (never to oneself).
    UsersManage,
    /// Create, edit and delete custom roles (never one the editor holds).
    RolesManage,
    /// Read, verify and export the audit journal.
    AuditView,
    /// Set the password policy, two-factor sign-in, session timeout and IP allowlists.
    SettingsSecurity,
    /// Load license files and see operator seats.
    LicensesManage,
    /// Connect and configure channels (Telegram, Meta, WhatsApp, mobile), their
    /// credentials and the outbound network (proxy, CA bundle).
    ChannelsManage,
    /// Create and revoke API tokens, subscribe webhooks and read their delivery log.
    ApiManage,
    /// Merge two customers into one history, and undo a merge.
    CustomersMerge,
}

impl Permission {
    pub const ALL: [Permission; 23] = [
        Permission::ConversationsHandle,
        Permission::ConversationsViewAll,
        Permission::UsersView,
        Permission::PresenceOwn,
        Permission::SettingsRouting,
        Permission::OperatorsEndWork,
        Permission::SettingsTopics,
        Permission::SettingsWorkspace,
        Permission::NewsPublish,
        Permission::RepliesShared,
        Permission::ReportsView,
        Permission::ReportsExport,
        Permission::ConversationsQuality,
        Permission::SettingsReports,
        Permission::ConversationsWhisper,
        Permission::UsersManage,
        Permission::RolesManage,
        Permission::AuditView,
        Permission::SettingsSecurity,
        Permission::LicensesManage,
        Permission::ChannelsManage,
        Permission::ApiManage,
        Permission::CustomersMerge,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Permission::ConversationsHandle => "conversations.handle",
            Permission::ConversationsViewAll => "conversations.view_all",
            Permission::UsersView => "users.view",
            Permission::PresenceOwn => "presence.own",
            Permission::SettingsRouting => "settings.routing",
            Permission::OperatorsEndWork => "operators.end_work",
            Permission::SettingsTopics => "settings.topics",
            Permission::SettingsWorkspace => "settings.workspace",
            Permission::NewsPublish => "news.publish",
            Permission::RepliesShared => "replies.shared",
            Permission::ReportsView => "reports.view",
            Permission::ReportsExport => "reports.export",
            Permission::ConversationsQuality => "conversations.quality",
            Permission::SettingsReports => "settings.reports",
            Permission::ConversationsWhisper => "conversations.whisper",
            Permission::UsersManage => "users.manage",
            Permission::RolesManage => "roles.manage",
            Permission::AuditView => "audit.view",
            Permission::SettingsSecurity => "settings.security",
            Permission::LicensesManage => "licenses.manage",
            Permission::ChannelsManage => "channels.manage",
            Permission::ApiManage => "api.manage",
            Permission::CustomersMerge => "customers.merge",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.code() == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_round_trip() {
        let mut codes: Vec<_> = Permission::ALL.iter().map(|p| p.code()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), Permission::ALL.len());
        for p in Permission::ALL {
            assert_eq!(Permission::from_code(p.code()), Some(p));
        }
    }
}
