//! Messenger customers: the channel's own id for a chat (Telegram chat id, Meta's
//! page-scoped id, a WhatsApp number) is a contact of one customer, created on the
//! first message.

use chrono::{DateTime, Utc};
use sqlx::PgPool;

/// The customer behind a contact, created with the messenger's name on first contact;
/// later messages refresh the name the messenger gives. Returns the customer's id and
/// language.
pub async fn customer_for(
    pool: &PgPool,
    channel_id: i64,
    external_id: &str,
    profile_name: &str,
    language: &str,
) -> Result<(i64, String), sqlx::Error> {
    let profile_name: String = profile_name.trim().chars().take(200).collect();
    let found: Option<(i64, String)> = sqlx::query_as(
        "UPDATE customer_contacts ct SET last_seen_at = now(),
                profile_name = CASE WHEN $3 = '' THEN ct.profile_name ELSE $3 END
         FROM customers cu
         WHERE ct.channel_id = $1 AND ct.external_id = $2 AND cu.id = ct.customer_id
         RETURNING cu.id, cu.language",
    )
    .bind(channel_id)
    .bind(external_id)
    .bind(&profile_name)
    .fetch_optional(pool)
    .await?;
    if let Some(found) = found {
        return Ok(found);
    }
    let mut tx = pool.begin().await?;
    // One creator per contact: a second update from the same chat waits here and finds
    // the customer the first one made.
    sqlx::query("SELECT pg_advisory_xact_lock(2, hashtext($1))")
        .bind(format!("{channel_id}:{external_id}"))
        .execute(&mut *tx)
        .await?;
    let again: Option<(i64, String)> = sqlx::query_as(
        "SELECT cu.id, cu.language FROM customer_contacts ct JOIN customers cu ON cu.id = ct.customer_id
         WHERE ct.channel_id = $1 AND ct.external_id = $2",
    )
    .bind(channel_id)
    .bind(external_id)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(found) = again {
        return Ok(found);
    }
    let display_name = if profile_name.is_empty() {
        let skip = external_id.chars().count().saturating_sub(6);
        format!("#{}", external_id.chars().skip(skip).collect::<String>())
    } else {
        profile_name.clone()
    };
    let customer_id: i64 = sqlx::query_scalar(
        "INSERT INTO customers (channel_id, display_name, language) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(channel_id)
    .bind(&display_name)
    .bind(language)
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO customer_contacts (customer_id, channel_id, external_id, profile_name) VALUES ($1, $2, $3, $4)",
    )
    .bind(customer_id)
    .bind(channel_id)
    .bind(external_id)
    .bind(&profile_name)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok((customer_id, language.to_owned()))
}

/// Where a conversation's messages go, and when the customer last wrote from there
/// (WhatsApp and Messenger allow free messages only within a day of it).
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Recipient {
    pub external_id: String,
    pub last_seen_at: DateTime<Utc>,
}

/// The recipient of a conversation's messages: its channel's contact of its customer.
pub async fn recipient_of(pool: &PgPool, conversation_id: i64) -> Result<Option<Recipient>, sqlx::Error> {
    sqlx::query_as(
        "SELECT ct.external_id, ct.last_seen_at FROM conversations c
         JOIN customer_contacts ct ON ct.customer_id = c.customer_id AND ct.channel_id = c.channel_id
         WHERE c.id = $1",
    )
    .bind(conversation_id)
    .fetch_optional(pool)
    .await
}

/// Whether a chat is already a customer's contact (then its profile need not be asked for).
pub async fn known(pool: &PgPool, channel_id: i64, external_id: &str) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM customer_contacts WHERE channel_id = $1 AND external_id = $2)",
    )
    .bind(channel_id)
    .bind(external_id)
    .fetch_one(pool)
    .await
}

/// The customer's language for a messenger's language code (`ru`, `uz`, `kk`, `en-US`…);
/// unknown ones are Russian, as on the widget.
pub fn language_of(code: &str) -> &'static str {
    match code.split(['-', '_']).next().unwrap_or_default() {
        "en" => "en",
        "uz" => "uz-Latn",
        "kk" => "kk",
        _ => "ru",
    }
}

#[cfg(test)]
mod tests {
    use super::language_of;

    #[test]
    fn messenger_languages_map_to_the_products() {
        assert_eq!(language_of("en-US"), "en");
        assert_eq!(language_of("uz"), "uz-Latn");
        assert_eq!(language_of("kk"), "kk");
        assert_eq!(language_of("ru"), "ru");
        assert_eq!(language_of(""), "ru");
        assert_eq!(language_of("de"), "ru");
    }
}
