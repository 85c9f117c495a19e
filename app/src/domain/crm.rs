//! Customer lookup and enrichment through the bank's CRM or core banking (TS 15.3.1).
//! When a customer card opens, the product `POST`s what it knows of the customer (id,
//! name, language, identifiers, channels) to one configured endpoint inside the bank
//! (direct, no proxy, the bank's CA bundle trusted) with its bearer token, and shows the
//! answer: `{"found": true, "name", "segment", "fields": [{"label", "value"}], "url"}`,
//! or `404` / `{"found": false}`. The protocol is in `docs/integrations.md`.

use crate::crm::model::{CrmField, CrmForm, CrmRecord, CrmView};
use crate::domain::channels::{messenger::clean_base_url, network};
use crate::domain::customers::identifiers;
use crate::domain::secrets::SecretBox;
use serde::Deserialize;
use serde_json::json;
use sqlx::PgPool;
use std::time::Duration;

const PURPOSE: &str = "crm";
/// Largest answer read, in bytes.
const MAX_ANSWER: usize = 64 * 1024;
const MAX_FIELDS: usize = 30;

#[derive(Debug, PartialEq, Eq)]
pub enum CrmError {
    /// The field that is malformed.
    Invalid(&'static str),
    Database,
}

impl From<sqlx::Error> for CrmError {
    fn from(e: sqlx::Error) -> Self {
        tracing::error!(error = %e, "CRM settings query failed");
        CrmError::Database
    }
}

struct Settings {
    url: String,
    token: Option<String>,
    timeout_ms: i32,
}

async fn settings(pool: &PgPool, secrets: &SecretBox) -> Result<Settings, sqlx::Error> {
    let (url, sealed, timeout_ms): (String, Option<Vec<u8>>, i32) =
        sqlx::query_as("SELECT url, secret_box, timeout_ms FROM crm_settings")
            .fetch_one(pool)
            .await?;
    let token = sealed
        .and_then(|s| secrets.open(PURPOSE, &s).ok())
        .and_then(|plain| String::from_utf8(plain).ok());
    Ok(Settings {
        url,
        token,
        timeout_ms,
    })
}

/// The settings for the page (the token never leaves).
pub async fn form(pool: &PgPool, secrets: &SecretBox) -> Result<CrmForm, CrmError> {
    let s = settings(pool, secrets).await?;
    Ok(CrmForm {
        url: s.url,
        token: String::new(),
        clear_token: false,
        timeout_ms: s.timeout_ms,
        has_token: s.token.is_some(),
    })
}

pub async fn save(pool: &PgPool, secrets: &SecretBox, form: &CrmForm) -> Result<(), CrmError> {
    let url = form.url.trim();
    let url = if url.is_empty() {
        String::new()
    } else {
        clean_base_url(url).ok_or(CrmError::Invalid("url"))?
    };
    if !(200..=15000).contains(&form.timeout_ms) {
        return Err(CrmError::Invalid("timeout"));
    }
    let token = form.token.trim();
    if token.len() > 1000 || !token.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(CrmError::Invalid("token"));
    }
    sqlx::query(
        "UPDATE crm_settings SET url = $1, timeout_ms = $2, updated_at = now(),
                secret_box = CASE WHEN $3 THEN NULL WHEN $4::bytea IS NOT NULL THEN $4 ELSE secret_box END",
    )
    .bind(&url)
    .bind(form.timeout_ms)
    .bind(form.clear_token)
    .bind((!token.is_empty()).then(|| secrets.seal(PURPOSE, token.as_bytes())))
    .execute(pool)
    .await?;
    Ok(())
}

#[derive(Deserialize)]
struct Answer {
    #[serde(default = "yes")]
    found: bool,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    segment: Option<String>,
    #[serde(default)]
    fields: Vec<AnswerField>,
    #[serde(default)]
    url: Option<String>,
}

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
struct AnswerField {
    label: String,
    #[serde(default)]
    value: serde_json::Value,
}

fn cut(text: &str, max: usize) -> String {
    text.trim().chars().take(max).collect()
}

/// The CRM's answer, kept within bounds: short texts, at most 30 fields, and a link
/// only if it is a plain http(s) address.
fn record_of(answer: Answer) -> CrmView {
    if !answer.found {
        return CrmView::NotFound;
    }
    let fields = answer
        .fields
        .into_iter()
        .filter(|f| !f.label.trim().is_empty())
        .take(MAX_FIELDS)
        .map(|f| CrmField {
            label: cut(&f.label, 100),
            value: match f.value {
                serde_json::Value::String(s) => cut(&s, 500),
                serde_json::Value::Null => String::new(),
                other => cut(&other.to_string(), 500),
            },
        })
        .collect();
    CrmView::Found(CrmRecord {
        name: answer.name.map(|n| cut(&n, 200)).filter(|n| !n.is_empty()),
        segment: answer.segment.map(|s| cut(&s, 100)).filter(|s| !s.is_empty()),
        fields,
        url: answer
            .url
            .filter(|u| u.len() <= 500 && (u.starts_with("https://") || u.starts_with("http://")))
            .filter(|u| !u.contains(char::is_whitespace)),
    })
}

/// Looks the customer up; every failure is a `Failed` view with its reason (the card
/// shows it; the conversation goes on).
pub async fn lookup(pool: &PgPool, secrets: &SecretBox, customer_id: i64) -> CrmView {
    match try_lookup(pool, secrets, customer_id).await {
        Ok(view) => view,
        Err(reason) => {
            tracing::warn!(customer = customer_id, reason, "the CRM lookup failed");
            CrmView::Failed(reason)
        }
    }
}

async fn try_lookup(pool: &PgPool, secrets: &SecretBox, customer_id: i64) -> Result<CrmView, String> {
    let db = |e: sqlx::Error| format!("database: {e}");
    let s = settings(pool, secrets).await.map_err(db)?;
    if s.url.is_empty() {
        return Ok(CrmView::Off);
    }
    let customer: (String, String) =
        sqlx::query_as("SELECT display_name, language FROM customers WHERE id = $1")
            .bind(customer_id)
            .fetch_one(pool)
            .await
            .map_err(db)?;
    let ids: Vec<_> = identifiers::of(pool, customer_id)
        .await
        .map_err(db)?
        .into_iter()
        .map(|(kind, value, verified, _)| json!({ "kind": kind, "value": value, "verified": verified }))
        .collect();
    let channels: Vec<(String, String)> = sqlx::query_as(
        "SELECT ch.kind, ct.external_id FROM customer_contacts ct JOIN channels ch ON ch.id = ct.channel_id
         WHERE ct.customer_id = $1 ORDER BY ct.id",
    )
    .bind(customer_id)
    .fetch_all(pool)
    .await
    .map_err(db)?;
    let body = json!({
        "customer": {
            "id": customer_id,
            "display_name": customer.0,
            "language": customer.1,
            "identifiers": ids,
            "channels": channels.iter().map(|(kind, id)| json!({ "kind": kind, "external_id": id })).collect::<Vec<_>>(),
        }
    });
    // Direct (the CRM is inside the bank), built once per network settings.
    static DIRECT: std::sync::OnceLock<network::CachedClient> = std::sync::OnceLock::new();
    let client = DIRECT
        .get_or_init(network::CachedClient::direct)
        .get(pool)
        .await?;
    let mut request = client
        .post(&s.url)
        .timeout(Duration::from_millis(s.timeout_ms as u64))
        .json(&body);
    if let Some(token) = &s.token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.map_err(|e| {
        if e.is_timeout() {
            "timed out".to_owned()
        } else {
            format!("network: {}", e.without_url())
        }
    })?;
    let status = response.status();
    if status == reqwest::StatusCode::NOT_FOUND {
        return Ok(CrmView::NotFound);
    }
    if !status.is_success() {
        return Err(format!("HTTP {}", status.as_u16()));
    }
    let bytes = network::body_within(response, MAX_ANSWER as u64)
        .await
        .map_err(|e| format!("network: {}", e.without_url()))?
        .ok_or("the answer is larger than 64 KB")?;
    let answer: Answer =
        serde_json::from_slice(&bytes).map_err(|_| "the answer is not the expected JSON".to_owned())?;
    Ok(record_of(answer))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_kept_within_bounds() {
        let answer: Answer = serde_json::from_value(json!({
            "name": "  Karimova Aziza  ",
            "segment": "Premium",
            "fields": [{"label": "Cards", "value": 3}, {"label": "", "value": "x"}, {"label": "Manager", "value": "Ali"}],
            "url": "javascript:alert(1)"
        }))
        .unwrap();
        let CrmView::Found(r) = record_of(answer) else {
            panic!("found")
        };
        assert_eq!(r.name.as_deref(), Some("Karimova Aziza"));
        assert_eq!(r.fields.len(), 2);
        assert_eq!(r.fields[0].value, "3");
        assert_eq!(r.url, None);
        let not: Answer = serde_json::from_value(json!({"found": false})).unwrap();
        assert_eq!(record_of(not), CrmView::NotFound);
    }
}
