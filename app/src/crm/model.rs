//! What the CRM lookup settings page and the customer card exchange.

use serde::{Deserialize, Serialize};

/// The CRM endpoint's settings. The token travels only inward: a stored one shows as
/// `has_token`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CrmForm {
    /// `https://crm.bank.local/contact-center/lookup`; blank switches the lookup off.
    pub url: String,
    /// Bearer token the endpoint expects; blank keeps the stored one.
    pub token: String,
    /// Forget the stored token.
    #[serde(default)]
    pub clear_token: bool,
    pub timeout_ms: i32,
    /// Read only: a token is stored.
    #[serde(default)]
    pub has_token: bool,
}

/// What the CRM said about the customer, for the card.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CrmView {
    /// No endpoint is set.
    Off,
    NotFound,
    Found(CrmRecord),
    /// The endpoint failed (timeout, error status, malformed answer): the reason.
    Failed(String),
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CrmRecord {
    /// The name the bank knows the customer by.
    pub name: Option<String>,
    /// The bank's segment or tariff for the customer (shown as given).
    pub segment: Option<String>,
    /// Further facts, as label and value, in the CRM's order.
    pub fields: Vec<CrmField>,
    /// The customer's page in the CRM (http or https only).
    pub url: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CrmField {
    pub label: String,
    pub value: String,
}
