//! What the API page sends and receives. A token and a webhook secret are shown once,
//! when made; afterwards only a token's first characters.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenView {
    pub id: i64,
    pub name: String,
    /// The token's first characters (`cc_…`).
    pub prefix: String,
    pub scopes: Vec<String>,
    pub allowlist: String,
    pub rate_per_minute: i32,
    pub created_by: Option<String>,
    /// RFC 3339.
    pub created_at: String,
    pub last_used_at: Option<String>,
    pub last_used_ip: Option<String>,
    pub revoked: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenForm {
    pub name: String,
    pub scopes: Vec<String>,
    /// Addresses and ranges, one per line; blank: wherever the security settings allow.
    pub allowlist: String,
    pub rate_per_minute: i32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookView {
    pub id: i64,
    pub url: String,
    pub description: String,
    pub events: Vec<String>,
    pub active: bool,
    pub delivered: i64,
    pub pending: i64,
    pub failed: i64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookForm {
    pub url: String,
    pub events: Vec<String>,
    pub description: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryView {
    pub id: i64,
    pub webhook_id: i64,
    pub event: String,
    /// `pending`, `delivered`, `failed`.
    pub status: String,
    pub attempts: i32,
    pub response_status: Option<i32>,
    pub last_error: Option<String>,
    /// RFC 3339.
    pub created_at: String,
    pub next_attempt_at: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiOverview {
    pub tokens: Vec<TokenView>,
    pub webhooks: Vec<WebhookView>,
    /// The newest deliveries of every webhook.
    pub deliveries: Vec<DeliveryView>,
    pub scopes: Vec<String>,
    pub events: Vec<String>,
}
