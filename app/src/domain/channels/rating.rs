//! The rating form on a channel without buttons (WhatsApp): after closing, the
//! customer is asked to reply with a number; a reply that is only a number on the
//! channel's scale, within a day, rates the conversation instead of opening a new one.

use sqlx::PgPool;

/// How long after the question a bare number still counts as the answer.
const ANSWER_WITHIN_SECONDS: f64 = 24.0 * 3600.0;

/// The number a reply holds, if it is only a number on the scale (`" 5 "`, `"5."`).
pub fn number_in(text: &str, scale: i16) -> Option<i16> {
    let digits = text.trim().trim_end_matches(['.', '!', ')']).trim();
    if digits.is_empty() || digits.len() > 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|n| (1..=scale).contains(n))
}

/// The conversation a customer's bare number would rate: their latest one on the
/// channel, closed, asked for a rating (the question was sent) within the day, not yet
/// rated, with nothing opened since. Returns its id and scale.
pub async fn awaiting(
    pool: &PgPool,
    customer_id: i64,
    channel_id: i64,
) -> Result<Option<(i64, i16)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT c.id, ch.rating_scale FROM conversations c
         JOIN channels ch ON ch.id = c.channel_id
         JOIN outbox o ON o.conversation_id = c.id AND o.kind = 'rating_request' AND o.status = 'sent'
         WHERE c.customer_id = $1 AND c.channel_id = $2 AND c.status = 'closed'
           AND o.sent_at > now() - make_interval(secs => $3)
           AND NOT EXISTS (SELECT 1 FROM ratings r WHERE r.conversation_id = c.id)
           AND NOT EXISTS (SELECT 1 FROM conversations later WHERE later.customer_id = c.customer_id
                             AND later.id > c.id)
         ORDER BY c.id DESC LIMIT 1",
    )
    .bind(customer_id)
    .bind(channel_id)
    .bind(ANSWER_WITHIN_SECONDS)
    .fetch_optional(pool)
    .await
}

#[cfg(test)]
mod tests {
    use super::number_in;

    #[test]
    fn only_a_bare_number_on_the_scale_is_a_rating() {
        assert_eq!(number_in("5", 5), Some(5));
        assert_eq!(number_in(" 4. ", 5), Some(4));
        assert_eq!(number_in("10", 10), Some(10));
        assert_eq!(number_in("10", 5), None);
        assert_eq!(number_in("0", 5), None);
        assert_eq!(number_in("5 stars", 5), None);
        assert_eq!(number_in("-1", 5), None);
        assert_eq!(number_in("", 5), None);
    }
}
