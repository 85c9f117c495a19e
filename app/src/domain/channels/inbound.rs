//! A customer's message from a messenger: stored like a widget message (the customer's
//! open conversation, or a new one in the queue), then announced, auto-answered and
//! routed. A provider that delivers the same update twice stores one message: its
//! client id is derived from the provider's own message id.

use crate::domain::bus::{Bus, BusEvent};
use crate::domain::conversations;
use crate::domain::files::attachments::{self, StoredFile};
use crate::domain::files::FileError;
use crate::domain::messages::StoreError;
use crate::domain::routing;
use protocol::Message;
use sqlx::PgPool;
use uuid::Uuid;

/// The client id of a provider's message: the same provider message, the same id.
pub fn client_id(channel_id: i64, provider_message_id: &str) -> String {
    Uuid::new_v5(
        &Uuid::NAMESPACE_OID,
        format!("cc-channel:{channel_id}:{provider_message_id}").as_bytes(),
    )
    .to_string()
}

/// Who wrote, through which channel.
#[derive(Clone, Debug)]
pub struct Origin<'a> {
    pub channel_id: i64,
    pub customer_id: i64,
    pub language: &'a str,
}

/// A text message. Returns the stored message (`None`: the provider repeated one already stored).
pub async fn text(
    pool: &PgPool,
    bus: &Bus,
    from: &Origin<'_>,
    provider_message_id: &str,
    body: &str,
) -> Result<Option<Message>, StoreError> {
    let (message, new, opened) = conversations::customer_writes(
        pool,
        from.customer_id,
        from.channel_id,
        from.language,
        &client_id(from.channel_id, provider_message_id),
        body,
    )
    .await?;
    if !new {
        return Ok(None);
    }
    announce(pool, bus, from.customer_id, &message, opened).await;
    Ok(Some(message))
}

/// A file (photo, document) with its caption, already stored on disk. Returns the
/// message, or `None` for a repeat (the caller removes the file it stored again).
pub async fn file(
    pool: &PgPool,
    bus: &Bus,
    from: &Origin<'_>,
    provider_message_id: &str,
    caption: &str,
    stored: &StoredFile,
) -> Result<Option<Message>, FileError> {
    let (message, new, opened) = attachments::customer_sends(
        pool,
        from.customer_id,
        from.channel_id,
        from.language,
        &client_id(from.channel_id, provider_message_id),
        caption,
        stored,
    )
    .await?;
    if !new {
        return Ok(None);
    }
    announce(pool, bus, from.customer_id, &message, opened).await;
    Ok(Some(message))
}

/// After a customer's new message is stored: staff see it, and a conversation it opened
/// gets the channel's auto-reply and goes to routing.
pub async fn announce(pool: &PgPool, bus: &Bus, customer_id: i64, message: &Message, opened: bool) {
    if let Ok((_, summary)) = conversations::announce(pool, bus, message.conversation_id).await {
        bus.publish(BusEvent::Message {
            customer_id,
            operator_id: summary.operator_id,
            message: message.clone(),
        });
    }
    if opened {
        if let Ok(Some(reply)) = routing::notices::auto_reply(pool, message.conversation_id).await {
            bus.publish(BusEvent::Message {
                customer_id,
                operator_id: None,
                message: reply,
            });
        }
        routing::assign_and_announce(pool, bus).await;
    }
}

#[cfg(test)]
mod tests {
    use super::client_id;

    #[test]
    fn a_repeated_provider_message_has_the_same_client_id() {
        assert_eq!(client_id(1, "tg:5:77"), client_id(1, "tg:5:77"));
        assert_ne!(client_id(1, "tg:5:77"), client_id(2, "tg:5:77"));
        assert_ne!(client_id(1, "tg:5:77"), client_id(1, "tg:5:78"));
        assert!(uuid::Uuid::parse_str(&client_id(1, "x")).is_ok());
    }
}
