//! Messenger channels' configuration: what is not secret in `channels.settings`
//! (JSON), the credentials sealed in `channels.secret_box`, and the provider's state
//! (last error, last message received).

use crate::channels::model::{
    ChannelKind, ChannelRow, MetaForm, MetaSettings, SignedForm, TelegramForm, TelegramMode,
    TelegramSettings, CUSTOMER_LANGUAGES,
};
use crate::domain::secrets::SecretBox;
use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{Map, Value};
use sqlx::PgPool;

#[derive(Debug, PartialEq, Eq)]
pub enum ChannelError {
    NotFound,
    /// A field is missing or malformed (the field's name).
    Invalid(&'static str),
    /// The stored credentials do not open with this server's key.
    Unreadable,
    Database,
}

impl From<sqlx::Error> for ChannelError {
    fn from(err: sqlx::Error) -> Self {
        tracing::error!(error = %err, "channel query failed");
        ChannelError::Database
    }
}

/// A messenger channel with its credentials opened, for the adapters.
#[derive(Clone)]
pub struct MessengerChannel {
    pub id: i64,
    pub kind: ChannelKind,
    pub name: String,
    pub public_key: String,
    pub active: bool,
    pub rating_scale: i16,
    pub settings: Value,
    pub secrets: Map<String, Value>,
}

impl std::fmt::Debug for MessengerChannel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the secrets.
        f.debug_struct("MessengerChannel")
            .field("id", &self.id)
            .field("kind", &self.kind)
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

impl MessengerChannel {
    pub fn secret(&self, name: &str) -> Option<&str> {
        self.secrets
            .get(name)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
    }

    pub fn telegram(&self) -> TelegramSettings {
        serde_json::from_value(self.settings.clone()).unwrap_or_default()
    }

    pub fn meta(&self) -> MetaSettings {
        serde_json::from_value(self.settings.clone()).unwrap_or_default()
    }
}

fn purpose(id: i64) -> String {
    format!("channel:{id}")
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    kind: String,
    name: String,
    public_key: String,
    active: bool,
    rating_scale: i16,
    settings: Value,
    secret_box: Option<Vec<u8>>,
}

impl Row {
    fn open(self, secrets: &SecretBox) -> Result<MessengerChannel, ChannelError> {
        let opened = match &self.secret_box {
            Some(sealed) => {
                let plain = secrets
                    .open(&purpose(self.id), sealed)
                    .map_err(|_| ChannelError::Unreadable)?;
                serde_json::from_slice(&plain).map_err(|_| ChannelError::Unreadable)?
            }
            None => Map::new(),
        };
        Ok(MessengerChannel {
            id: self.id,
            kind: ChannelKind::from_code(&self.kind).unwrap_or(ChannelKind::Webchat),
            name: self.name,
            public_key: self.public_key,
            active: self.active,
            rating_scale: self.rating_scale,
            settings: self.settings,
            secrets: opened,
        })
    }
}

const COLUMNS: &str = "id, kind, name, public_key, active, rating_scale, settings, secret_box";

/// A channel by id, credentials opened.
pub async fn load(pool: &PgPool, secrets: &SecretBox, id: i64) -> Result<MessengerChannel, ChannelError> {
    one(pool, secrets, "id = $1::bigint", id.to_string(), None).await
}

/// An active channel of `kind` by its public key (the key in its webhook's address).
pub async fn by_key(
    pool: &PgPool,
    secrets: &SecretBox,
    kind: ChannelKind,
    key: &str,
) -> Result<MessengerChannel, ChannelError> {
    one(
        pool,
        secrets,
        "public_key = $1 AND active",
        key.to_owned(),
        Some(kind),
    )
    .await
}

/// An active Meta channel (Messenger, Instagram, WhatsApp) by its public key.
pub async fn meta_by_key(
    pool: &PgPool,
    secrets: &SecretBox,
    key: &str,
) -> Result<MessengerChannel, ChannelError> {
    let channel = one(pool, secrets, "public_key = $1 AND active", key.to_owned(), None).await?;
    match channel.kind {
        ChannelKind::Messenger | ChannelKind::Instagram | ChannelKind::Whatsapp => Ok(channel),
        _ => Err(ChannelError::NotFound),
    }
}

async fn one(
    pool: &PgPool,
    secrets: &SecretBox,
    filter: &'static str,
    value: String,
    kind: Option<ChannelKind>,
) -> Result<MessengerChannel, ChannelError> {
    let row: Option<Row> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM channels WHERE {filter} AND ($2::text IS NULL OR kind = $2)"
    ))
    .bind(value)
    .bind(kind.map(ChannelKind::code))
    .fetch_optional(pool)
    .await?;
    row.ok_or(ChannelError::NotFound)?.open(secrets)
}

/// Every active channel of `kind`; one whose credentials do not open is logged and left out.
pub async fn active_of_kind(
    pool: &PgPool,
    secrets: &SecretBox,
    kind: ChannelKind,
) -> Result<Vec<MessengerChannel>, ChannelError> {
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM channels WHERE kind = $1 AND active ORDER BY id"
    ))
    .bind(kind.code())
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            let id = r.id;
            r.open(secrets)
                .inspect_err(|_| {
                    tracing::error!(channel = id, "channel credentials do not open with this key")
                })
                .ok()
        })
        .collect())
}

/// A Telegram bot token: the bot's number, a colon, and its secret part.
pub fn valid_bot_token(token: &str) -> bool {
    let Some((number, secret)) = token.split_once(':') else {
        return false;
    };
    !number.is_empty()
        && number.len() <= 20
        && number.bytes().all(|b| b.is_ascii_digit())
        && (20..=100).contains(&secret.len())
        && secret
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// An absolute http(s) address without spaces, query or fragment, at most 300 characters;
/// returned without a trailing slash.
pub fn clean_base_url(url: &str) -> Option<String> {
    let url = url.trim().trim_end_matches('/');
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let host = rest.split('/').next().unwrap_or_default();
    (url.len() <= 300
        && !host.is_empty()
        && !url.contains(char::is_whitespace)
        && !url.contains(['?', '#', '@']))
    .then(|| url.to_owned())
}

fn check_name(name: &str) -> Result<String, ChannelError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(ChannelError::Invalid("name"));
    }
    Ok(name.to_owned())
}

/// What a channel's form saves, checked.
struct Saved<'a> {
    id: Option<i64>,
    kind: ChannelKind,
    name: String,
    settings: Value,
    rating_scale: i16,
    active: bool,
    /// Credentials to set (blank ones keep what is stored).
    secrets: Vec<(&'static str, &'a str)>,
}

fn check_scale(scale: i16) -> Result<i16, ChannelError> {
    matches!(scale, 5 | 10)
        .then_some(scale)
        .ok_or(ChannelError::Invalid("rating_scale"))
}

/// Creates (with a random public key, its webhook's address, and a random webhook
/// secret) or updates a channel, sealing the credentials given. Returns its id.
async fn store(pool: &PgPool, secrets: &SecretBox, saved: Saved<'_>) -> Result<i64, ChannelError> {
    let mut tx = pool.begin().await?;
    let id = match saved.id {
        Some(id) => {
            let found: Option<String> =
                sqlx::query_scalar("SELECT kind FROM channels WHERE id = $1 FOR UPDATE")
                    .bind(id)
                    .fetch_optional(&mut *tx)
                    .await?;
            if found.as_deref() != Some(saved.kind.code()) {
                return Err(ChannelError::NotFound);
            }
            sqlx::query(
                "UPDATE channels SET name = $2, settings = $3, rating_scale = $4, active = $5 WHERE id = $1",
            )
            .bind(id)
            .bind(&saved.name)
            .bind(&saved.settings)
            .bind(saved.rating_scale)
            .bind(saved.active)
            .execute(&mut *tx)
            .await?;
            id
        }
        None => {
            sqlx::query_scalar(
                "INSERT INTO channels (kind, name, public_key, rating_scale, active, settings)
                 VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            )
            .bind(saved.kind.code())
            .bind(&saved.name)
            .bind(crate::domain::files::storage::random_hex(16))
            .bind(saved.rating_scale)
            .bind(saved.active)
            .bind(&saved.settings)
            .fetch_one(&mut *tx)
            .await?
        }
    };
    let given: Vec<_> = saved.secrets.iter().filter(|(_, v)| !v.is_empty()).collect();
    if !given.is_empty() {
        let sealed: Option<Vec<u8>> = sqlx::query_scalar("SELECT secret_box FROM channels WHERE id = $1")
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        let mut values: Map<String, Value> = match sealed {
            Some(s) => secrets
                .open(&purpose(id), &s)
                .ok()
                .and_then(|plain| serde_json::from_slice(&plain).ok())
                .unwrap_or_default(),
            None => Map::new(),
        };
        for (name, value) in given {
            values.insert((*name).into(), Value::String((*value).to_owned()));
        }
        values
            .entry("webhook_secret")
            .or_insert_with(|| Value::String(crate::domain::files::storage::random_hex(24)));
        let plain = serde_json::to_vec(&values).expect("secrets serialise");
        sqlx::query(
            "UPDATE channels SET secret_box = $2, last_error = NULL, last_error_at = NULL WHERE id = $1",
        )
        .bind(id)
        .bind(secrets.seal(&purpose(id), &plain))
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(id)
}

/// Creates or updates a Telegram channel; a blank token keeps the stored one.
pub async fn save_telegram(
    pool: &PgPool,
    secrets: &SecretBox,
    form: &TelegramForm,
) -> Result<i64, ChannelError> {
    let name = check_name(&form.name)?;
    let token = form.bot_token.trim();
    if !token.is_empty() && !valid_bot_token(token) {
        return Err(ChannelError::Invalid("bot_token"));
    }
    if form.id.is_none() && token.is_empty() {
        return Err(ChannelError::Invalid("bot_token"));
    }
    let api_base = clean_base_url(&form.settings.api_base).ok_or(ChannelError::Invalid("api_base"))?;
    let public_url = match form.settings.mode {
        TelegramMode::Webhook => {
            clean_base_url(&form.settings.public_url).ok_or(ChannelError::Invalid("public_url"))?
        }
        TelegramMode::Polling => String::new(),
    };
    let settings = serde_json::to_value(TelegramSettings {
        mode: form.settings.mode,
        api_base,
        public_url,
    })
    .expect("settings serialise");
    store(
        pool,
        secrets,
        Saved {
            id: form.id,
            kind: ChannelKind::Telegram,
            name,
            settings,
            rating_scale: check_scale(form.rating_scale)?,
            active: form.active,
            secrets: vec![("bot_token", token)],
        },
    )
    .await
}

/// A Graph API version: `v` and two numbers, like `v21.0`.
pub fn valid_api_version(version: &str) -> bool {
    version
        .strip_prefix('v')
        .and_then(|v| v.split_once('.'))
        .is_some_and(|(a, b)| {
            (1..=3).contains(&a.len())
                && (1..=2).contains(&b.len())
                && a.bytes().chain(b.bytes()).all(|c| c.is_ascii_digit())
        })
}

/// A Meta credential: printable, no spaces, of a plausible length.
fn valid_credential(value: &str, min: usize) -> bool {
    (min..=1000).contains(&value.len()) && value.bytes().all(|b| b.is_ascii_graphic())
}

/// Creates or updates a Messenger, Instagram or WhatsApp channel. A new one gets a
/// random verify token for Meta's webhook handshake; blank credentials keep the stored ones.
pub async fn save_meta(pool: &PgPool, secrets: &SecretBox, form: &MetaForm) -> Result<i64, ChannelError> {
    let kind = match form.kind {
        Some(k @ (ChannelKind::Messenger | ChannelKind::Instagram | ChannelKind::Whatsapp)) => k,
        _ => return Err(ChannelError::Invalid("kind")),
    };
    let name = check_name(&form.name)?;
    let token = form.access_token.trim();
    let app_secret = form.app_secret.trim();
    if (form.id.is_none() || !token.is_empty()) && !valid_credential(token, 20) {
        return Err(ChannelError::Invalid("access_token"));
    }
    if (form.id.is_none() || !app_secret.is_empty()) && !valid_credential(app_secret, 16) {
        return Err(ChannelError::Invalid("app_secret"));
    }
    let given = &form.settings;
    let graph_base = clean_base_url(&given.graph_base).ok_or(ChannelError::Invalid("graph_base"))?;
    let api_version = given.api_version.trim();
    if !valid_api_version(api_version) {
        return Err(ChannelError::Invalid("api_version"));
    }
    let account_id = given.account_id.trim();
    if account_id.is_empty() || account_id.len() > 30 || !account_id.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ChannelError::Invalid("account_id"));
    }
    let template_name = given.template_name.trim();
    let template_language = given.template_language.trim();
    if kind == ChannelKind::Whatsapp && !template_name.is_empty() {
        if template_name.len() > 512
            || !template_name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        {
            return Err(ChannelError::Invalid("template_name"));
        }
        if !(2..=10).contains(&template_language.len())
            || !template_language
                .bytes()
                .all(|b| b.is_ascii_alphabetic() || b == b'_')
        {
            return Err(ChannelError::Invalid("template_language"));
        }
    }
    let public_url = match given.public_url.trim() {
        "" => String::new(),
        url if kind == ChannelKind::Instagram => {
            clean_base_url(url).ok_or(ChannelError::Invalid("public_url"))?
        }
        _ => String::new(),
    };
    let customer_language = given.customer_language.trim();
    if !customer_language.is_empty() && !CUSTOMER_LANGUAGES.contains(&customer_language) {
        return Err(ChannelError::Invalid("customer_language"));
    }
    // The verify token stays what Meta was told.
    let verify_token = match form.id {
        Some(id) => sqlx::query_scalar::<_, Option<String>>(
            "SELECT settings->>'verify_token' FROM channels WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(pool)
        .await?
        .flatten()
        .unwrap_or_default(),
        None => String::new(),
    };
    let verify_token = if verify_token.is_empty() {
        crate::domain::files::storage::random_hex(16)
    } else {
        verify_token
    };
    let whatsapp = kind == ChannelKind::Whatsapp;
    let settings = serde_json::to_value(MetaSettings {
        graph_base,
        api_version: api_version.to_owned(),
        account_id: account_id.to_owned(),
        verify_token,
        template_name: if whatsapp {
            template_name.to_owned()
        } else {
            String::new()
        },
        template_language: if whatsapp && !template_name.is_empty() {
            template_language.to_owned()
        } else {
            String::new()
        },
        customer_language: customer_language.to_owned(),
        public_url,
    })
    .expect("settings serialise");
    store(
        pool,
        secrets,
        Saved {
            id: form.id,
            kind,
            name,
            settings,
            rating_scale: check_scale(form.rating_scale)?,
            active: form.active,
            secrets: vec![("access_token", token), ("app_secret", app_secret)],
        },
    )
    .await
}

/// Creates or updates a web-chat or mobile channel and its identity secret (at least 32
/// characters; blank keeps the stored one; a mobile channel cannot be without one).
pub async fn save_signed(pool: &PgPool, secrets: &SecretBox, form: &SignedForm) -> Result<i64, ChannelError> {
    let kind = match form.kind {
        Some(k @ (ChannelKind::Webchat | ChannelKind::Mobile)) => k,
        _ => return Err(ChannelError::Invalid("kind")),
    };
    let name = check_name(&form.name)?;
    let secret = form.identity_secret.trim();
    if !secret.is_empty() && !valid_credential(secret, 32) {
        return Err(ChannelError::Invalid("identity_secret"));
    }
    if kind == ChannelKind::Mobile && form.id.is_none() && secret.is_empty() {
        return Err(ChannelError::Invalid("identity_secret"));
    }
    let settings: Value = match form.id {
        Some(id) => sqlx::query_scalar("SELECT settings FROM channels WHERE id = $1")
            .bind(id)
            .fetch_optional(pool)
            .await?
            .unwrap_or_else(|| Value::Object(Map::new())),
        None => Value::Object(Map::new()),
    };
    store(
        pool,
        secrets,
        Saved {
            id: form.id,
            kind,
            name,
            settings,
            rating_scale: check_scale(form.rating_scale)?,
            active: form.active,
            secrets: vec![("identity_secret", secret)],
        },
    )
    .await
}

/// Notes the provider's latest error (`None`: it works again).
pub async fn record_error(pool: &PgPool, id: i64, error: Option<&str>) {
    let error = error.map(|e| e.chars().take(500).collect::<String>());
    let result = sqlx::query(
        "UPDATE channels SET last_error = $2,
                last_error_at = CASE WHEN $2::text IS NULL THEN NULL ELSE now() END
         WHERE id = $1 AND last_error IS DISTINCT FROM $2",
    )
    .bind(id)
    .bind(error)
    .execute(pool)
    .await;
    if let Err(e) = result {
        tracing::error!(error = %e, channel = id, "recording a channel's state failed");
    }
}

/// Notes that a message arrived through the channel (and that the provider works).
pub async fn received(pool: &PgPool, id: i64) {
    let result = sqlx::query(
        "UPDATE channels SET last_inbound_at = now(), last_error = NULL, last_error_at = NULL WHERE id = $1",
    )
    .bind(id)
    .execute(pool)
    .await;
    if let Err(e) = result {
        tracing::error!(error = %e, channel = id, "recording a channel's state failed");
    }
}

#[derive(sqlx::FromRow)]
struct ListRow {
    id: i64,
    kind: String,
    name: String,
    public_key: String,
    active: bool,
    rating_scale: i16,
    settings: Value,
    has_credentials: bool,
    last_error: Option<String>,
    last_error_at: Option<DateTime<Utc>>,
    last_inbound_at: Option<DateTime<Utc>>,
    pending: i64,
    failed: i64,
}

/// Every channel, for the channels page (no secret leaves).
pub async fn list(pool: &PgPool) -> Result<Vec<ChannelRow>, ChannelError> {
    let rows: Vec<ListRow> = sqlx::query_as(
        "SELECT ch.id, ch.kind, ch.name, ch.public_key, ch.active, ch.rating_scale, ch.settings,
                ch.secret_box IS NOT NULL AS has_credentials, ch.last_error, ch.last_error_at,
                ch.last_inbound_at,
                (SELECT count(*) FROM outbox o WHERE o.channel_id = ch.id AND o.status = 'pending') AS pending,
                (SELECT count(*) FROM outbox o WHERE o.channel_id = ch.id AND o.status = 'failed') AS failed
         FROM channels ch ORDER BY ch.kind, ch.name, ch.id",
    )
    .fetch_all(pool)
    .await?;
    let at = |t: Option<DateTime<Utc>>| t.map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true));
    Ok(rows
        .into_iter()
        .map(|r| {
            let kind = ChannelKind::from_code(&r.kind).unwrap_or(ChannelKind::Webchat);
            ChannelRow {
                id: r.id,
                kind,
                telegram: (kind == ChannelKind::Telegram)
                    .then(|| serde_json::from_value(r.settings.clone()).unwrap_or_default()),
                meta: matches!(
                    kind,
                    ChannelKind::Messenger | ChannelKind::Instagram | ChannelKind::Whatsapp
                )
                .then(|| serde_json::from_value(r.settings).unwrap_or_default()),
                name: r.name,
                public_key: r.public_key,
                active: r.active,
                rating_scale: r.rating_scale,
                has_credentials: r.has_credentials,
                last_error: r.last_error,
                last_error_at: at(r.last_error_at),
                last_inbound_at: at(r.last_inbound_at),
                pending: r.pending,
                failed: r.failed,
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bot_tokens_look_like_telegrams() {
        assert!(valid_bot_token("123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"));
        assert!(!valid_bot_token("123456789"));
        assert!(!valid_bot_token("abc:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"));
        assert!(!valid_bot_token("123:short"));
        assert!(!valid_bot_token("123:AAHdqTcvCH1vGWJxfSeofSAs0K5PALD saw"));
    }

    #[test]
    fn graph_api_versions_look_like_v21_0() {
        assert!(valid_api_version("v21.0"));
        assert!(valid_api_version("v9.12"));
        assert!(!valid_api_version("21.0"));
        assert!(!valid_api_version("v21"));
        assert!(!valid_api_version("v21.x"));
        assert!(!valid_api_version("v21.0/../x"));
    }

    #[test]
    fn base_addresses_are_plain_http_urls() {
        assert_eq!(
            clean_base_url(" https://api.telegram.org/ ").as_deref(),
            Some("https://api.telegram.org")
        );
        assert_eq!(
            clean_base_url("http://127.0.0.1:9000").as_deref(),
            Some("http://127.0.0.1:9000")
        );
        assert_eq!(clean_base_url("ftp://x"), None);
        assert_eq!(clean_base_url("https://"), None);
        assert_eq!(clean_base_url("https://user@evil"), None);
        assert_eq!(clean_base_url("https://a b"), None);
    }
}
