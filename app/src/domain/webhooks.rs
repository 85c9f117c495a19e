//! Outgoing webhooks: subscriptions per event, each with its own signing secret
//! (sealed at rest). Events are queued by database triggers in the transaction that
//! made them (`webhook_deliveries`); a worker posts them, signed the Standard Webhooks
//! way (`webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64 HMAC-SHA256>`),
//! retrying with backoff for a day. Every attempt's outcome is kept: the delivery log.

use super::secrets::SecretBox;
use base64::Engine;
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;
use sqlx::PgPool;

/// The events one can subscribe to.
pub const EVENTS: [&str; 9] = [
    "message.received",
    "message.sent",
    "conversation.created",
    "conversation.assigned",
    "conversation.closed",
    "rating.received",
    "operator.state_changed",
    "customer.merged",
    "customer.unmerged",
];

/// Give up after a day; wait 5 s, 15 s, 45 s … at most an hour between attempts.
pub const GIVE_UP_AFTER_HOURS: i64 = 24;
const LEASE_SECONDS: f64 = 60.0;

pub fn backoff_seconds(attempts: i32) -> i64 {
    let exp = attempts.saturating_sub(1).clamp(0, 10) as u32;
    (5_i64 * 3_i64.pow(exp)).min(3600)
}

#[derive(Debug, PartialEq, Eq)]
pub enum WebhookError {
    BadUrl,
    BadEvents,
    BadDescription,
    NotFound,
    Database,
}

impl From<sqlx::Error> for WebhookError {
    fn from(err: sqlx::Error) -> Self {
        tracing::error!(error = %err, "webhook query failed");
        WebhookError::Database
    }
}

fn purpose(id: i64) -> String {
    format!("webhook:{id}")
}

/// A webhook address: http(s), a host, at most 500 characters, no credentials.
pub fn valid_url(url: &str) -> bool {
    let Some(rest) = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
    else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    (8..=500).contains(&url.len())
        && !host.is_empty()
        && !host.contains('@')
        && !url.contains(char::is_whitespace)
}

/// The Standard Webhooks signature of a payload: `v1,` and the Base64 HMAC-SHA256 of
/// `<id>.<timestamp>.<body>` under the secret (`whsec_` and Base64 of its bytes).
pub fn signature(secret: &str, id: &str, timestamp: i64, body: &[u8]) -> String {
    let key = secret
        .strip_prefix("whsec_")
        .and_then(|b| base64::engine::general_purpose::STANDARD.decode(b).ok())
        .unwrap_or_else(|| secret.as_bytes().to_vec());
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).expect("HMAC takes any key");
    mac.update(id.as_bytes());
    mac.update(b".");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    format!(
        "v1,{}",
        base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
    )
}

pub fn new_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    format!(
        "whsec_{}",
        base64::engine::general_purpose::STANDARD.encode(bytes)
    )
}

fn check(url: &str, events: &[String], description: &str) -> Result<Vec<String>, WebhookError> {
    if !valid_url(url.trim()) {
        return Err(WebhookError::BadUrl);
    }
    if description.chars().count() > 200 {
        return Err(WebhookError::BadDescription);
    }
    let mut events = events.to_vec();
    events.sort();
    events.dedup();
    if events.is_empty() || events.iter().any(|e| !EVENTS.contains(&e.as_str())) {
        return Err(WebhookError::BadEvents);
    }
    Ok(events)
}

/// Subscribes a URL to events; returns the id and the signing secret (shown once here,
/// and on request to whoever may manage webhooks).
pub async fn create(
    pool: &PgPool,
    secrets: &SecretBox,
    url: &str,
    events: &[String],
    description: &str,
    by: Option<i64>,
) -> Result<(i64, String), WebhookError> {
    let events = check(url, events, description)?;
    let secret = new_secret();
    let mut tx = pool.begin().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO webhooks (url, description, events, secret_box, created_by) VALUES ($1, $2, $3, '', $4) RETURNING id",
    )
    .bind(url.trim())
    .bind(description.trim())
    .bind(&events)
    .bind(by)
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query("UPDATE webhooks SET secret_box = $2 WHERE id = $1")
        .bind(id)
        .bind(secrets.seal(&purpose(id), secret.as_bytes()))
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok((id, secret))
}

pub async fn set_active(pool: &PgPool, id: i64, active: bool) -> Result<(), WebhookError> {
    let n = sqlx::query("UPDATE webhooks SET active = $2 WHERE id = $1")
        .bind(id)
        .bind(active)
        .execute(pool)
        .await?
        .rows_affected();
    if n == 1 {
        Ok(())
    } else {
        Err(WebhookError::NotFound)
    }
}

pub async fn delete(pool: &PgPool, id: i64) -> Result<(), WebhookError> {
    let n = sqlx::query("DELETE FROM webhooks WHERE id = $1")
        .bind(id)
        .execute(pool)
        .await?
        .rows_affected();
    if n == 1 {
        Ok(())
    } else {
        Err(WebhookError::NotFound)
    }
}

/// A subscription with its delivery counts (the API page and `GET /api/v1/webhooks`).
#[derive(Clone, Debug, sqlx::FromRow, serde::Serialize, utoipa::ToSchema)]
#[schema(as = ApiWebhook)]
pub struct WebhookRow {
    pub id: i64,
    pub url: String,
    pub description: String,
    pub events: Vec<String>,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub delivered: i64,
    pub pending: i64,
    pub failed: i64,
}

pub async fn list(pool: &PgPool) -> Result<Vec<WebhookRow>, WebhookError> {
    Ok(sqlx::query_as(
        "SELECT w.id, w.url, w.description, w.events, w.active, w.created_at,
                count(*) FILTER (WHERE d.status = 'delivered') AS delivered,
                count(*) FILTER (WHERE d.status = 'pending') AS pending,
                count(*) FILTER (WHERE d.status = 'failed') AS failed
         FROM webhooks w LEFT JOIN webhook_deliveries d ON d.webhook_id = w.id
         GROUP BY w.id ORDER BY w.id",
    )
    .fetch_all(pool)
    .await?)
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct DeliveryRow {
    pub id: i64,
    pub webhook_id: i64,
    pub event_id: uuid::Uuid,
    pub event: String,
    pub status: String,
    pub attempts: i32,
    pub response_status: Option<i32>,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub delivered_at: Option<DateTime<Utc>>,
    pub next_attempt_at: DateTime<Utc>,
}

/// The newest deliveries (of one webhook, or all), at most `limit`.
pub async fn log(
    pool: &PgPool,
    webhook_id: Option<i64>,
    limit: i64,
) -> Result<Vec<DeliveryRow>, WebhookError> {
    Ok(sqlx::query_as(
        "SELECT id, webhook_id, event_id, event, status, attempts, response_status, last_error,
                created_at, delivered_at, next_attempt_at
         FROM webhook_deliveries WHERE ($1::bigint IS NULL OR webhook_id = $1)
         ORDER BY id DESC LIMIT $2",
    )
    .bind(webhook_id)
    .bind(limit)
    .fetch_all(pool)
    .await?)
}

/// A claimed delivery: where, what, and the secret to sign it with.
#[derive(Clone, Debug)]
pub struct Job {
    pub id: i64,
    pub webhook_id: i64,
    pub event_id: uuid::Uuid,
    pub url: String,
    pub payload: serde_json::Value,
    pub attempts: i32,
    pub created_at: DateTime<Utc>,
    pub secret: String,
}

/// Claims up to `limit` due deliveries (several processes share them).
pub async fn claim(pool: &PgPool, secrets: &SecretBox, limit: i64) -> Result<Vec<Job>, sqlx::Error> {
    let rows: Vec<(
        i64,
        i64,
        uuid::Uuid,
        String,
        serde_json::Value,
        i32,
        DateTime<Utc>,
        Vec<u8>,
    )> = sqlx::query_as(
        "WITH due AS (
             SELECT d.id FROM webhook_deliveries d
             WHERE d.status = 'pending' AND d.next_attempt_at <= now()
               AND (d.locked_until IS NULL OR d.locked_until < now())
             ORDER BY d.id LIMIT $1 FOR UPDATE SKIP LOCKED),
         claimed AS (
             UPDATE webhook_deliveries d SET locked_until = now() + make_interval(secs => $2),
                    attempts = d.attempts + 1
             FROM due WHERE d.id = due.id RETURNING d.*)
         SELECT c.id, c.webhook_id, c.event_id, w.url, c.payload, c.attempts, c.created_at, w.secret_box
         FROM claimed c JOIN webhooks w ON w.id = c.webhook_id ORDER BY c.id",
    )
    .bind(limit)
    .bind(LEASE_SECONDS)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(id, webhook_id, event_id, url, payload, attempts, created_at, sealed)| Job {
                secret: secrets
                    .open(&purpose(webhook_id), &sealed)
                    .ok()
                    .and_then(|b| String::from_utf8(b).ok())
                    .unwrap_or_default(),
                id,
                webhook_id,
                event_id,
                url,
                payload,
                attempts,
                created_at,
            },
        )
        .collect())
}

/// How an attempt ended: the HTTP status (if one came) and whether it counts as delivered.
pub async fn finish(
    pool: &PgPool,
    job: &Job,
    status: Option<u16>,
    error: Option<String>,
) -> Result<(), sqlx::Error> {
    let delivered = status.is_some_and(|s| (200..300).contains(&s));
    let give_up = Utc::now() - job.created_at > chrono::Duration::hours(GIVE_UP_AFTER_HOURS);
    let state = match (delivered, give_up) {
        (true, _) => "delivered",
        (false, true) => "failed",
        (false, false) => "pending",
    };
    sqlx::query(
        "UPDATE webhook_deliveries SET status = $2, response_status = $3, last_error = $4, locked_until = NULL,
                delivered_at = CASE WHEN $2 = 'delivered' THEN now() END,
                next_attempt_at = now() + make_interval(secs => $5)
         WHERE id = $1",
    )
    .bind(job.id)
    .bind(state)
    .bind(status.map(i32::from))
    .bind(error.map(|e| e.chars().take(500).collect::<String>()))
    .bind(backoff_seconds(job.attempts) as f64)
    .execute(pool)
    .await?;
    Ok(())
}

/// Delivers a failed (or delivered) event once more, now.
pub async fn redeliver(pool: &PgPool, delivery_id: i64) -> Result<(), WebhookError> {
    let n = sqlx::query(
        "UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = now(), locked_until = NULL,
                attempts = 0, created_at = now()
         WHERE id = $1 AND status <> 'pending'",
    )
    .bind(delivery_id)
    .execute(pool)
    .await?
    .rows_affected();
    if n == 1 {
        Ok(())
    } else {
        Err(WebhookError::NotFound)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_follow_standard_webhooks() {
        // The example of the Standard Webhooks specification's reference libraries.
        let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        let body = br#"{"test": 2432232314}"#;
        assert_eq!(
            signature(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body),
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
        );
    }

    #[test]
    fn webhook_addresses_are_plain_http_urls() {
        assert!(valid_url("https://crm.bank.uz/hooks/cc"));
        assert!(valid_url("http://10.0.0.5:8080/in"));
        assert!(!valid_url("ftp://crm.bank.uz"));
        assert!(!valid_url("https://user:pw@crm.bank.uz"));
        assert!(!valid_url("https://"));
    }

    #[test]
    fn backoff_is_capped_at_an_hour() {
        assert_eq!(backoff_seconds(1), 5);
        assert_eq!(backoff_seconds(4), 135);
        assert_eq!(backoff_seconds(20), 3600);
    }
}
