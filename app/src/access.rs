//! Who may call what: every server function (`/api/<endpoint>`) and every other HTTP
//! route declares its access here. The server checks the declaration before the
//! handler runs and refuses anything undeclared; handlers check again (and check rows:
//! whose conversation, whose export). A test walks every permission × every endpoint.
//!
//! Settings endpoints also name the settings they change: the server reads them before
//! and after the call and journals the difference (`settings.changed`).

use crate::permission::Permission;
use crate::permission::Permission as P;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not (signing in).
    Public,
    /// Any signed-in staff member (their own account, news addressed to them).
    SignedIn,
    /// A signed-in staff member holding at least one of these.
    AnyOf(&'static [Permission]),
}

impl Access {
    /// Whether a signed-in holder of `permissions` passes.
    pub fn admits(self, permissions: &[Permission]) -> bool {
        match self {
            Access::Public | Access::SignedIn => true,
            Access::AnyOf(needed) => needed.iter().any(|p| permissions.contains(p)),
        }
    }
}

/// Settings an endpoint changes: a name for the journal and the queries that read them
/// (constants; never input).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Settings {
    pub area: &'static str,
    pub reads: &'static [(&'static str, &'static str)],
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Endpoint {
    pub path: &'static str,
    pub access: Access,
    pub settings: Option<Settings>,
}

const fn open(path: &'static str, access: Access) -> Endpoint {
    Endpoint {
        path,
        access,
        settings: None,
    }
}

const fn changes(path: &'static str, access: Access, settings: Settings) -> Endpoint {
    Endpoint {
        path,
        access,
        settings: Some(settings),
    }
}

const HANDLE_OR_SUPERVISE: Access = Access::AnyOf(&[P::ConversationsHandle, P::ConversationsViewAll]);
const ROUTING: Access = Access::AnyOf(&[P::SettingsRouting]);
const TOPICS: Access = Access::AnyOf(&[P::SettingsTopics]);
const WORKSPACE: Access = Access::AnyOf(&[P::SettingsWorkspace]);
const REPORTS: Access = Access::AnyOf(&[P::ReportsView]);
const REPORT_SETTINGS: Access = Access::AnyOf(&[P::SettingsReports]);
const EXPORT: Access = Access::AnyOf(&[P::ReportsExport]);
const PRESENCE: Access = Access::AnyOf(&[P::PresenceOwn]);
const REPLIES: Access = Access::AnyOf(&[P::ConversationsHandle, P::RepliesShared]);

const ROUTING_SETTINGS: Settings = Settings {
    area: "routing",
    reads: &[
        ("routing_settings", "SELECT * FROM routing_settings"),
        ("customer_segments", "SELECT * FROM customer_segments ORDER BY id"),
        ("priority_rules", "SELECT * FROM priority_rules ORDER BY id"),
        ("operator_groups", "SELECT * FROM operator_groups ORDER BY id"),
        ("operator_states", "SELECT * FROM operator_states ORDER BY code"),
        (
            "channels",
            "SELECT id, name, weight, group_id, auto_reply, wait_notice_seconds FROM channels ORDER BY id",
        ),
        (
            "operator_skills",
            "SELECT u.id, u.login, u.languages, u.capacity,
                    array(SELECT group_id FROM group_members m WHERE m.user_id = u.id ORDER BY 1) AS groups
             FROM users u ORDER BY u.id",
        ),
    ],
};

const TOPIC_SETTINGS: Settings = Settings {
    area: "topics",
    reads: &[
        ("topic_settings", "SELECT * FROM topic_settings"),
        (
            "topics",
            "SELECT id, parent_id, name, position, archived FROM topics ORDER BY id",
        ),
    ],
};

const WORKSPACE_SETTINGS: Settings = Settings {
    area: "workspace",
    reads: &[
        ("workspace_settings", "SELECT * FROM workspace_settings"),
        ("file_settings", "SELECT max_kb, allowed_types FROM file_settings"),
        (
            "channel_inactivity",
            "SELECT id, name, inactivity_close_minutes, inactivity_warning_minutes FROM channels ORDER BY id",
        ),
    ],
};

const REPORT_SETTINGS_READS: Settings = Settings {
    area: "reports",
    reads: &[
        ("kpi_settings", "SELECT * FROM kpi_settings"),
        (
            "semiannual_answers",
            "SELECT * FROM semiannual_answers ORDER BY row_number, language",
        ),
    ],
};

const NEWS: Settings = Settings {
    area: "news",
    reads: &[(
        "news",
        "SELECT n.id, n.title, n.body, n.for_all, array(SELECT group_id FROM news_groups g WHERE g.news_id = n.id ORDER BY 1) AS groups
         FROM news n ORDER BY n.id",
    )],
};

const SECURITY: Settings = Settings {
    area: "security",
    reads: &[("security_settings", "SELECT * FROM security_settings")],
};

const SHARED_REPLIES: Settings = Settings {
    area: "replies",
    reads: &[(
        "shared_replies",
        "SELECT id, title, body FROM canned_replies WHERE owner_id IS NULL ORDER BY id",
    )],
};

/// Every server function, by its path.
pub const SERVER_FUNCTIONS: &[Endpoint] = &[
    // Signing in and out, one's own account.
    open("/api/sign_in", Access::Public),
    open("/api/sign_out", Access::SignedIn),
    open("/api/current_user", Access::SignedIn),
    open("/api/change_own_password", Access::SignedIn),
    open("/api/two_factor_status", Access::SignedIn),
    open("/api/begin_totp_enrolment", Access::SignedIn),
    open("/api/confirm_totp_enrolment", Access::SignedIn),
    // Conversations.
    open("/api/workspace_snapshot", HANDLE_OR_SUPERVISE),
    open("/api/open_conversation", HANDLE_OR_SUPERVISE),
    open("/api/close_conversation", HANDLE_OR_SUPERVISE),
    open("/api/take_conversation", Access::AnyOf(&[P::ConversationsHandle])),
    open("/api/send_reply", Access::AnyOf(&[P::ConversationsHandle])),
    open("/api/start_outbound", Access::AnyOf(&[P::ConversationsHandle])),
    open("/api/mark_read", HANDLE_OR_SUPERVISE),
    open("/api/indicator_settings", HANDLE_OR_SUPERVISE),
    open("/api/transfer_options", HANDLE_OR_SUPERVISE),
    open("/api/transfer_conversation", HANDLE_OR_SUPERVISE),
    open("/api/queue_board", Access::AnyOf(&[P::ConversationsViewAll])),
    open("/api/end_operator_work", Access::AnyOf(&[P::OperatorsEndWork])),
    open(
        "/api/add_internal_note",
        Access::AnyOf(&[
            P::ConversationsWhisper,
            P::ConversationsHandle,
            P::ConversationsViewAll,
        ]),
    ),
    open("/api/invite_expert", Access::AnyOf(&[P::ConversationsWhisper])),
    open(
        "/api/expert_candidates",
        Access::AnyOf(&[P::ConversationsWhisper]),
    ),
    open("/api/search_history", HANDLE_OR_SUPERVISE),
    open("/api/history_filters", HANDLE_OR_SUPERVISE),
    open("/api/customer_card", HANDLE_OR_SUPERVISE),
    open("/api/add_customer_note", HANDLE_OR_SUPERVISE),
    open("/api/past_conversation_messages", HANDLE_OR_SUPERVISE),
    open("/api/save_customer_names", HANDLE_OR_SUPERVISE),
    open(
        "/api/set_customer_segment",
        Access::AnyOf(&[P::SettingsRouting, P::ConversationsViewAll]),
    ),
    open("/api/conversation_topics", HANDLE_OR_SUPERVISE),
    open("/api/set_conversation_topics", HANDLE_OR_SUPERVISE),
    open("/api/topic_choices", HANDLE_OR_SUPERVISE),
    open("/api/topic_history", HANDLE_OR_SUPERVISE),
    open("/api/my_stats", Access::AnyOf(&[P::ConversationsHandle])),
    // Replies: personal ones for operators, shared ones with `replies.shared`.
    open("/api/canned_replies", REPLIES),
    changes("/api/create_reply", REPLIES, SHARED_REPLIES),
    changes("/api/update_reply", REPLIES, SHARED_REPLIES),
    changes("/api/delete_reply", REPLIES, SHARED_REPLIES),
    // Presence.
    open("/api/my_presence", PRESENCE),
    open("/api/switch_state", PRESENCE),
    open("/api/set_shift", PRESENCE),
    // News: everyone reads what is addressed to them.
    open("/api/my_news", Access::SignedIn),
    open("/api/open_news", Access::SignedIn),
    open("/api/acknowledge_news", Access::SignedIn),
    open("/api/unread_news", Access::SignedIn),
    open("/api/unread_news_count", Access::SignedIn),
    open("/api/news_board", Access::AnyOf(&[P::NewsPublish])),
    changes("/api/publish_news", Access::AnyOf(&[P::NewsPublish]), NEWS),
    // Routing settings.
    open("/api/routing_config", ROUTING),
    changes("/api/add_group", ROUTING, ROUTING_SETTINGS),
    changes("/api/rename_group", ROUTING, ROUTING_SETTINGS),
    changes("/api/delete_group", ROUTING, ROUTING_SETTINGS),
    changes("/api/save_state", ROUTING, ROUTING_SETTINGS),
    changes("/api/save_channel_routing", ROUTING, ROUTING_SETTINGS),
    changes("/api/save_segment", ROUTING, ROUTING_SETTINGS),
    changes("/api/save_rule", ROUTING, ROUTING_SETTINGS),
    changes("/api/delete_rule", ROUTING, ROUTING_SETTINGS),
    changes("/api/save_weights", ROUTING, ROUTING_SETTINGS),
    changes("/api/save_operator_skills", ROUTING, ROUTING_SETTINGS),
    // Topic tree.
    open("/api/topic_tree", TOPICS),
    changes("/api/add_topic", TOPICS, TOPIC_SETTINGS),
    changes("/api/rename_topic", TOPICS, TOPIC_SETTINGS),
    changes("/api/move_topic", TOPICS, TOPIC_SETTINGS),
    changes("/api/archive_topic", TOPICS, TOPIC_SETTINGS),
    changes("/api/delete_topic", TOPICS, TOPIC_SETTINGS),
    changes("/api/save_topic_settings", TOPICS, TOPIC_SETTINGS),
    // Workspace settings.
    open("/api/workspace_settings", WORKSPACE),
    open("/api/file_limits", WORKSPACE),
    changes("/api/save_file_limits", WORKSPACE, WORKSPACE_SETTINGS),
    changes("/api/save_waiting_thresholds", WORKSPACE, WORKSPACE_SETTINGS),
    changes("/api/save_channel_inactivity", WORKSPACE, WORKSPACE_SETTINGS),
    // Reports.
    open("/api/dashboard", REPORTS),
    open("/api/report_page", REPORTS),
    open("/api/report_aggregate", REPORTS),
    open("/api/report_filters", REPORTS),
    open("/api/staff_report", REPORTS),
    open(
        "/api/kpi_report",
        Access::AnyOf(&[P::ReportsView, P::SettingsReports]),
    ),
    open(
        "/api/semiannual_form",
        Access::AnyOf(&[P::ReportsView, P::SettingsReports]),
    ),
    open("/api/semiannual_answers", REPORT_SETTINGS),
    changes("/api/save_kpi_thresholds", REPORT_SETTINGS, REPORT_SETTINGS_READS),
    changes(
        "/api/save_semiannual_answers",
        REPORT_SETTINGS,
        REPORT_SETTINGS_READS,
    ),
    open("/api/set_quality", Access::AnyOf(&[P::ConversationsQuality])),
    open("/api/start_export", EXPORT),
    open("/api/export_progress", EXPORT),
    // Administration.
    open("/api/list_staff", Access::AnyOf(&[P::UsersView, P::UsersManage])),
    open("/api/save_account", Access::AnyOf(&[P::UsersManage])),
    open("/api/set_account_blocked", Access::AnyOf(&[P::UsersManage])),
    open("/api/delete_account", Access::AnyOf(&[P::UsersManage])),
    open("/api/reset_password", Access::AnyOf(&[P::UsersManage])),
    open(
        "/api/list_roles",
        Access::AnyOf(&[P::RolesManage, P::UsersManage]),
    ),
    open("/api/save_role", Access::AnyOf(&[P::RolesManage])),
    open("/api/delete_role", Access::AnyOf(&[P::RolesManage])),
    open("/api/reset_two_factor", Access::AnyOf(&[P::UsersManage])),
    open("/api/security_settings", Access::AnyOf(&[P::SettingsSecurity])),
    changes(
        "/api/save_security_settings",
        Access::AnyOf(&[P::SettingsSecurity]),
        SECURITY,
    ),
    open("/api/license_overview", Access::AnyOf(&[P::LicensesManage])),
    open("/api/load_license", Access::AnyOf(&[P::LicensesManage])),
    open("/api/audit_page", Access::AnyOf(&[P::AuditView])),
    // Channels.
    open("/api/channels_overview", Access::AnyOf(&[P::ChannelsManage])),
    open("/api/save_telegram_channel", Access::AnyOf(&[P::ChannelsManage])),
    open("/api/save_meta_channel", Access::AnyOf(&[P::ChannelsManage])),
    open("/api/save_signed_channel", Access::AnyOf(&[P::ChannelsManage])),
    open("/api/crm_settings", Access::AnyOf(&[P::ApiManage])),
    open("/api/save_crm_settings", Access::AnyOf(&[P::ApiManage])),
    open("/api/crm_lookup", HANDLE_OR_SUPERVISE),
    open("/api/merge_candidates", Access::AnyOf(&[P::CustomersMerge])),
    open("/api/merge_customer", Access::AnyOf(&[P::CustomersMerge])),
    open("/api/unmerge_customer", Access::AnyOf(&[P::CustomersMerge])),
    open("/api/add_customer_identifier", HANDLE_OR_SUPERVISE),
    open("/api/remove_customer_identifier", HANDLE_OR_SUPERVISE),
    open("/api/save_network_settings", Access::AnyOf(&[P::ChannelsManage])),
    // API tokens and webhooks.
    open("/api/api_overview", Access::AnyOf(&[P::ApiManage])),
    open("/api/create_api_token", Access::AnyOf(&[P::ApiManage])),
    open("/api/revoke_api_token", Access::AnyOf(&[P::ApiManage])),
    open("/api/create_webhook", Access::AnyOf(&[P::ApiManage])),
    open("/api/set_webhook_active", Access::AnyOf(&[P::ApiManage])),
    open("/api/delete_webhook", Access::AnyOf(&[P::ApiManage])),
    open("/api/redeliver_webhook", Access::AnyOf(&[P::ApiManage])),
    open(
        "/api/retry_delivery",
        Access::AnyOf(&[P::ConversationsHandle, P::ConversationsViewAll]),
    ),
    open("/api/audit_verify", Access::AnyOf(&[P::AuditView])),
];

/// The other HTTP routes that staff use (uploads, downloads); a path ending in `/` covers
/// everything under it. The widget's socket, frame and uploads serve customers, who are
/// not staff; files are fetched by unguessable links (`/files/<token>`); `/ws/staff`
/// checks the session itself.
pub const ROUTES: &[Endpoint] = &[
    open("/files/upload", Access::AnyOf(&[P::ConversationsHandle])),
    open("/reports/exports/", EXPORT),
    open("/reports/conversations.xlsx", EXPORT),
    open("/reports/conversations.pdf", EXPORT),
    open("/reports/kpi.pdf", EXPORT),
    open("/reports/staff.xlsx", EXPORT),
    open("/reports/staff.pdf", EXPORT),
    open("/reports/semiannual.xlsx", EXPORT),
    open("/reports/semiannual.pdf", EXPORT),
    open("/reports/transcript.pdf", EXPORT),
    open("/admin/audit.csv", Access::AnyOf(&[P::AuditView])),
];

/// Permissions that only administrators use: endpoints that need one of these (and
/// nothing else) are administration, which the administration IP allowlist guards.
pub const ADMINISTRATIVE: [Permission; 11] = [
    P::UsersManage,
    P::RolesManage,
    P::AuditView,
    P::SettingsSecurity,
    P::SettingsRouting,
    P::SettingsTopics,
    P::SettingsWorkspace,
    P::SettingsReports,
    P::LicensesManage,
    P::ChannelsManage,
    P::ApiManage,
];

impl Endpoint {
    /// Whether this is administration (see [`ADMINISTRATIVE`]).
    pub fn administrative(&self) -> bool {
        matches!(self.access, Access::AnyOf(needed) if needed.iter().all(|p| ADMINISTRATIVE.contains(p)))
    }
}

/// Whether a page address is an administration page (guarded by the allowlist too).
pub fn administrative_page(path: &str) -> bool {
    path.starts_with("/admin/") || path.starts_with("/settings/")
}

/// The declaration of a server function's path.
pub fn server_function(path: &str) -> Option<&'static Endpoint> {
    SERVER_FUNCTIONS.iter().find(|e| e.path == path)
}

/// The declaration of a staff route's path.
pub fn route(path: &str) -> Option<&'static Endpoint> {
    ROUTES
        .iter()
        .find(|e| e.path == path || (e.path.ends_with('/') && path.starts_with(e.path)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_path_is_declared_once() {
        let mut paths: Vec<_> = SERVER_FUNCTIONS.iter().chain(ROUTES).map(|e| e.path).collect();
        let n = paths.len();
        paths.sort_unstable();
        paths.dedup();
        assert_eq!(paths.len(), n);
    }

    #[test]
    fn only_signing_in_is_public() {
        let public: Vec<_> = SERVER_FUNCTIONS
            .iter()
            .chain(ROUTES)
            .filter(|e| e.access == Access::Public)
            .map(|e| e.path)
            .collect();
        assert_eq!(public, ["/api/sign_in"]);
    }

    #[test]
    fn administration_is_what_only_administrators_use() {
        assert!(server_function("/api/save_role").unwrap().administrative());
        assert!(server_function("/api/save_weights").unwrap().administrative());
        assert!(route("/admin/audit.csv").unwrap().administrative());
        // Supervisors read the staff list and reports: not administration.
        assert!(!server_function("/api/list_staff").unwrap().administrative());
        assert!(!server_function("/api/report_page").unwrap().administrative());
        assert!(!server_function("/api/current_user").unwrap().administrative());
        assert!(administrative_page("/admin/staff") && administrative_page("/settings/routing"));
        assert!(!administrative_page("/workspace"));
    }

    #[test]
    fn a_trailing_slash_covers_what_is_under_it() {
        assert_eq!(
            route("/reports/exports/abc").map(|e| e.path),
            Some("/reports/exports/")
        );
        assert_eq!(route("/files/upload").map(|e| e.path), Some("/files/upload"));
        assert!(route("/files/abc123").is_none());
    }

    #[test]
    fn any_of_admits_exactly_its_holders() {
        let a = Access::AnyOf(&[P::ReportsView, P::ReportsExport]);
        assert!(a.admits(&[P::ReportsExport]));
        assert!(!a.admits(&[P::UsersManage, P::AuditView]));
        assert!(!a.admits(&[]));
        assert!(Access::SignedIn.admits(&[]));
    }
}
