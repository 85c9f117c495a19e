//! Channels customers write through: the web-chat widget (this file), and the
//! messengers (Telegram, Facebook Messenger, Instagram, WhatsApp, the mobile SDK), whose
//! configuration, customers, incoming messages and outbox live in the modules below.

pub mod contacts;
pub mod inbound;
pub mod messenger;
pub mod network;
pub mod outbox;
pub mod rating;
pub mod signature;

use sqlx::PgPool;

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Channel {
    pub id: i64,
    pub name: String,
    pub public_key: String,
    pub rating_scale: i16,
    /// `webchat`, or `mobile` (the mobile SDK speaks the widget's protocol).
    pub kind: String,
}

impl Channel {
    pub fn is_mobile(&self) -> bool {
        self.kind == "mobile"
    }
}

/// An active web-chat or mobile channel by the key in the widget's script tag or the app.
pub async fn find_by_key(pool: &PgPool, key: &str) -> Result<Option<Channel>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, name, public_key, rating_scale, kind FROM channels
         WHERE public_key = $1 AND active AND kind IN ('webchat', 'mobile')",
    )
    .bind(key)
    .fetch_optional(pool)
    .await
}

/// Creates a web-chat channel, or updates the name and scale of the one with this key.
pub async fn upsert_webchat(
    pool: &PgPool,
    name: &str,
    key: &str,
    rating_scale: i16,
) -> Result<Channel, sqlx::Error> {
    sqlx::query_as(
        "INSERT INTO channels (kind, name, public_key, rating_scale) VALUES ('webchat', $1, $2, $3)
         ON CONFLICT (public_key) DO UPDATE SET name = EXCLUDED.name, rating_scale = EXCLUDED.rating_scale
         RETURNING id, name, public_key, rating_scale, kind",
    )
    .bind(name)
    .bind(key)
    .bind(rating_scale)
    .fetch_one(pool)
    .await
}
