//! Messages the contact center sends by itself while a customer waits: the channel's
//! auto-reply on entering the queue, and wait notices with the place and expected
//! wait, never more often than once a minute (KZ 12.2; the column's CHECK holds it).

use super::queue::queue_place;
use crate::domain::messages::{self, StoreError};
use crate::i18n::{td_string, Locale};
use protocol::{Message, Sender};
use sqlx::PgPool;

/// The channel's auto-reply, stored in a conversation that has just entered the queue.
pub async fn auto_reply(pool: &PgPool, conversation_id: i64) -> Result<Option<Message>, StoreError> {
    let text: Option<String> = sqlx::query_scalar(
        "SELECT ch.auto_reply FROM conversations c JOIN channels ch ON ch.id = c.channel_id WHERE c.id = $1",
    )
    .bind(conversation_id)
    .fetch_optional(pool)
    .await?
    .flatten();
    match text {
        Some(text) => system_message(pool, conversation_id, &text).await.map(Some),
        None => Ok(None),
    }
}

/// Sends a wait notice to every waiting conversation whose channel asks for them and
/// whose last notice (or entry into the queue) is at least the channel's interval ago.
/// Returns `(customer, message)` for each notice sent.
pub async fn send_wait_notices(pool: &PgPool) -> Result<Vec<(i64, Message)>, StoreError> {
    let due: Vec<(i64, i64, String)> = sqlx::query_as(
        "UPDATE conversations c SET last_wait_notice_at = now()
         FROM channels ch
         WHERE ch.id = c.channel_id AND c.status = 'waiting' AND ch.wait_notice_seconds IS NOT NULL
           AND COALESCE(c.last_wait_notice_at, c.queued_at)
               <= now() - make_interval(secs => ch.wait_notice_seconds)
         RETURNING c.id, c.customer_id, c.language",
    )
    .fetch_all(pool)
    .await?;
    let mut sent = Vec::new();
    for (conversation_id, customer_id, language) in due {
        let Some((place, minutes)) = queue_place(pool, conversation_id).await? else {
            continue;
        };
        let text = wait_notice(&language, place, minutes);
        sent.push((customer_id, system_message(pool, conversation_id, &text).await?));
    }
    Ok(sent)
}

/// The wait notice in the customer's language.
pub fn wait_notice(language: &str, place: i64, minutes: Option<i64>) -> String {
    let locale: Locale = language.parse().unwrap_or_default();
    match minutes {
        Some(minutes) => td_string!(locale, notice_wait, place, minutes).to_string(),
        None => td_string!(locale, notice_wait_no_estimate, place).to_string(),
    }
}

async fn system_message(pool: &PgPool, conversation_id: i64, text: &str) -> Result<Message, StoreError> {
    let mut conn = pool.acquire().await?;
    let client_id = uuid::Uuid::new_v4().to_string();
    let (message, _) =
        messages::store(&mut conn, conversation_id, &client_id, Sender::System, None, text).await?;
    Ok(message)
}

#[cfg(test)]
mod tests {
    use super::wait_notice;

    #[test]
    fn wait_notices_speak_the_customers_language() {
        assert_eq!(
            wait_notice("ru", 3, Some(4)),
            "Ваше место в очереди: 3. Ожидаемое время ожидания — около 4 мин. Спасибо, что ждёте."
        );
        assert!(wait_notice("uz-Latn", 2, None).contains('2'));
        assert_ne!(wait_notice("kk", 2, None), wait_notice("ru", 2, None));
        assert_ne!(wait_notice("uz-Cyrl", 2, None), wait_notice("uz-Latn", 2, None));
        assert!(
            wait_notice("xx", 1, None).starts_with("Ваше место в очереди"),
            "Russian by default"
        );
    }
}
