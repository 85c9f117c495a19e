//! What the audit journal page sends and receives. The query lives in the page's
//! address, and the same query with `/admin/audit.csv` downloads the records.

use serde::{Deserialize, Serialize};

/// Records per page of the journal viewer.
pub const PAGE_SIZE: i64 = 100;

/// Filters of the journal. Dates are the viewer's local days, `YYYY-MM-DD`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditQuery {
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
    /// Part of the login of whoever acted.
    #[serde(default)]
    pub login: String,
    /// An event type or its prefix (`auth.`, `settings.changed`).
    #[serde(default)]
    pub event: String,
    /// Text anywhere in the target, the details or the IP address.
    #[serde(default)]
    pub text: String,
    /// Zero-based.
    #[serde(default)]
    pub page: i64,
}

impl AuditQuery {
    /// The query as address parameters (for the page and the CSV link).
    pub fn to_query_string(&self) -> String {
        let pairs = [
            ("from", &self.from),
            ("to", &self.to),
            ("login", &self.login),
            ("event", &self.event),
            ("text", &self.text),
        ];
        pairs
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| format!("{k}={}", crate::ui::guarded::encode_component(v)))
            .collect::<Vec<_>>()
            .join("&")
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRecord {
    pub id: i64,
    /// RFC 3339, UTC.
    pub at: String,
    pub login: String,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub event: String,
    pub target: String,
    /// JSON text.
    pub details: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    pub records: Vec<AuditRecord>,
    pub total: i64,
}

/// The result of walking the chain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChainStatus {
    Intact {
        records: u64,
        head: String,
    },
    /// `altered`: the record's content changed; otherwise a record before it was
    /// removed or one was inserted.
    Broken {
        id: i64,
        altered: bool,
        verified_before: u64,
    },
}
