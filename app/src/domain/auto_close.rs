//! Inactivity auto-close per channel (TS 9.5). When the operator has had the last word
//! and the customer stays silent, the customer is warned once
//! (`inactivity_warning_minutes` before the close), then the conversation closes after
//! `inactivity_close_minutes` with reason `inactivity`; the customer gets the rating
//! form as after any close. A customer message clears the warning.
//!
//! The sweep runs every few seconds on every server process, like the answer timeout:
//! each step is one `UPDATE … WHERE … RETURNING` over rows locked with `SKIP LOCKED`,
//! so two processes never warn or close the same conversation twice.

use super::bus::{Bus, BusEvent};
use super::conversations;
use super::messages::{self, StoreError};
use crate::i18n::{td_string, Locale};
use protocol::{Message, Sender};
use sqlx::{PgConnection, PgPool};

/// The operator's last message is the last word in the conversation, and when it was sent.
/// Reads the conversation as `c`.
const OPERATOR_LAST_WORD: &str = "(SELECT m.created_at FROM messages m
        WHERE m.conversation_id = c.id AND m.sender = 'operator'
          AND NOT EXISTS (SELECT 1 FROM messages later WHERE later.conversation_id = c.id
                          AND later.sender = 'customer' AND later.id > m.id)
        ORDER BY m.id DESC LIMIT 1)";

/// A customer's message: whatever warning they had no longer holds.
pub async fn clear_warning(conn: &mut PgConnection, conversation_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE conversations SET inactivity_warned_at = NULL WHERE id = $1 AND inactivity_warned_at IS NOT NULL",
    )
    .bind(conversation_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Warns the silent customers whose close is `inactivity_warning_minutes` away; returns
/// `(customer, message)` for each warning sent.
pub async fn send_warnings(pool: &PgPool) -> Result<Vec<(i64, Message)>, StoreError> {
    let due: Vec<(i64, i64, String, Option<String>, i32)> = sqlx::query_as(&format!(
        "WITH due AS (
             SELECT c.id FROM conversations c JOIN channels ch ON ch.id = c.channel_id
             WHERE c.status = 'active' AND c.inactivity_warned_at IS NULL
               AND ch.inactivity_close_minutes IS NOT NULL AND ch.inactivity_warning_minutes IS NOT NULL
               AND {OPERATOR_LAST_WORD} <= now() - make_interval(mins =>
                   ch.inactivity_close_minutes - ch.inactivity_warning_minutes)
             FOR UPDATE OF c SKIP LOCKED
         )
         UPDATE conversations c SET inactivity_warned_at = now()
         FROM due, channels ch
         WHERE c.id = due.id AND ch.id = c.channel_id AND c.inactivity_warned_at IS NULL
         RETURNING c.id, c.customer_id, c.language, ch.inactivity_warning_text, ch.inactivity_warning_minutes"
    ))
    .fetch_all(pool)
    .await?;
    let mut sent = Vec::new();
    for (conversation_id, customer_id, language, custom, minutes) in due {
        let text = custom.unwrap_or_else(|| warning_text(&language, minutes));
        let mut tx = pool.begin().await?;
        let client_id = uuid::Uuid::new_v4().to_string();
        let (message, _) =
            messages::store(&mut tx, conversation_id, &client_id, Sender::System, None, &text).await?;
        super::conversation_events::record(
            &mut tx,
            conversation_id,
            super::conversation_events::NewEvent {
                kind: "inactivity_warning",
                ..Default::default()
            },
        )
        .await?;
        tx.commit().await?;
        sent.push((customer_id, message));
    }
    Ok(sent)
}

/// Closes the conversations whose customer has been silent for the channel's full
/// period (and, when the channel warns, was warned at least the warning's time ago);
/// returns their ids.
pub async fn close_inactive(pool: &PgPool) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar(&format!(
        "WITH due AS (
             SELECT c.id FROM conversations c JOIN channels ch ON ch.id = c.channel_id
             WHERE c.status = 'active' AND ch.inactivity_close_minutes IS NOT NULL
               AND {OPERATOR_LAST_WORD} <= now() - make_interval(mins => ch.inactivity_close_minutes)
               AND (ch.inactivity_warning_minutes IS NULL
                    OR c.inactivity_warned_at <= now() - make_interval(mins => ch.inactivity_warning_minutes))
             FOR UPDATE OF c SKIP LOCKED
         ), closed AS (
             UPDATE conversations c
             SET status = 'closed', closed_at = now(), closed_by = NULL, close_reason = 'inactivity'
             FROM due WHERE c.id = due.id AND c.status = 'active'
             RETURNING c.id
         ), logged AS (
             INSERT INTO conversation_events (conversation_id, kind) SELECT id, 'inactivity_closed' FROM closed
         )
         SELECT id FROM closed ORDER BY id"
    ))
    .fetch_all(pool)
    .await
}

/// The default warning in the conversation's language.
pub fn warning_text(language: &str, minutes: i32) -> String {
    let locale: Locale = language.parse().unwrap_or_default();
    td_string!(locale, notice_inactivity_warning, minutes).to_string()
}

/// One pass: warnings, then closes; tells the widgets and the workspaces.
pub async fn sweep(pool: &PgPool, bus: &Bus) {
    match send_warnings(pool).await {
        Ok(sent) => {
            for (customer_id, message) in sent {
                let operator_id = conversations::summary(pool, message.conversation_id)
                    .await
                    .ok()
                    .and_then(|s| s.operator_id);
                bus.publish(BusEvent::Message {
                    customer_id,
                    operator_id,
                    message,
                });
            }
        }
        Err(err) => tracing::error!(error = ?err, "sending inactivity warnings failed"),
    }
    match close_inactive(pool).await {
        Ok(closed) => {
            for id in &closed {
                let _ = conversations::announce(pool, bus, *id).await;
            }
            if !closed.is_empty() {
                // Their operators have room again.
                super::routing::assign_and_announce(pool, bus).await;
            }
        }
        Err(err) => tracing::error!(error = %err, "closing inactive conversations failed"),
    }
}

#[cfg(test)]
mod tests {
    use super::warning_text;

    #[test]
    fn the_warning_speaks_the_customers_language() {
        assert!(warning_text("ru", 5).contains('5'));
        assert_ne!(warning_text("kk", 5), warning_text("ru", 5));
        assert_ne!(warning_text("uz-Cyrl", 5), warning_text("uz-Latn", 5));
        assert_ne!(warning_text("en", 5), warning_text("ru", 5));
    }
}
