//! Outbound conversations (TS 9.4), against a real PostgreSQL: the operator writes
//! first to a customer who wrote before, through the customer's channel; refused while
//! the customer has a conversation open.

use crate::common;

use app::domain::outbound::{self, OutboundError};
use app::domain::{conversation_events, conversations, messages};
use app::workspace::model::EventKind;
use protocol::{ConversationStatus, MessageProblem, Sender};
use sqlx::PgPool;

/// A customer's conversation, handled by `op` and closed.
async fn closed_conversation(pool: &PgPool, op: i64) -> (i64, i64, i64) {
    let (channel, customer) = common::customer(pool, "out", 10).await;
    let (m, ..) =
        conversations::customer_writes(pool, customer, channel, "uz-Latn", &common::client_id(), "Salom")
            .await
            .unwrap();
    let c = m.conversation_id;
    conversations::take(pool, c, op).await.unwrap();
    conversations::close(pool, c, op).await.unwrap();
    (c, customer, channel)
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn the_operator_starts_a_conversation_with_a_customer_who_wrote_before(pool: PgPool) {
    let op = common::operator(&pool, "op").await;
    let (old, customer, channel) = closed_conversation(&pool, op).await;

    let (id, to_customer, message) =
        outbound::start(&pool, op, old, &common::client_id(), "Kartangiz tayyor")
            .await
            .unwrap();
    assert_ne!(id, old);
    assert_eq!(to_customer, customer);
    assert_eq!(
        (message.sender, message.body.as_str()),
        (Sender::Operator, "Kartangiz tayyor")
    );
    let (direction, channel_id, language, assigned): (String, i64, String, bool) = sqlx::query_as(
        "SELECT direction, channel_id, language, assigned_at IS NOT NULL FROM conversations WHERE id = $1",
    )
    .bind(id)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(
        (direction.as_str(), channel_id, language.as_str(), assigned),
        ("outbound", channel, "uz-Latn", true)
    );
    let summary = conversations::summary(&pool, id).await.unwrap();
    assert_eq!(
        (summary.status, summary.operator_id),
        (ConversationStatus::Active, Some(op))
    );
    // The operator waits for the customer now.
    assert!(summary.operator_waiting_since.is_some());
    let old_direction: String = sqlx::query_scalar("SELECT direction FROM conversations WHERE id = $1")
        .bind(old)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(old_direction, "inbound");

    // What the customer's widget loads on connecting: the new conversation with the message.
    let latest = conversations::latest_of_customer(&pool, customer)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((latest.id, latest.status), (id, ConversationStatus::Active));
    let shown = messages::of_conversation(&pool, id).await.unwrap();
    assert_eq!(shown.len(), 1);
    assert_eq!(shown[0].body, "Kartangiz tayyor");
    let events = conversation_events::of_conversation(&pool, id).await.unwrap();
    assert_eq!(events[0].kind, EventKind::Outbound);

    // The customer's answer goes into it, not into a new one.
    let (answer, _, opened) = conversations::customer_writes(
        &pool,
        customer,
        channel,
        "uz-Latn",
        &common::client_id(),
        "Rahmat!",
    )
    .await
    .unwrap();
    assert_eq!((answer.conversation_id, opened), (id, false));
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn refused_while_the_customer_has_an_open_conversation(pool: PgPool) {
    let op = common::operator(&pool, "op").await;
    let (old, customer, channel) = closed_conversation(&pool, op).await;
    // The customer has written again meanwhile: that conversation waits in the queue.
    let (m, ..) = conversations::customer_writes(
        &pool,
        customer,
        channel,
        "uz-Latn",
        &common::client_id(),
        "Yana men",
    )
    .await
    .unwrap();
    assert_eq!(
        outbound::start(&pool, op, old, &common::client_id(), "Salom").await,
        Err(OutboundError::AlreadyOpen(m.conversation_id))
    );
    // And a started outbound conversation is open too: a second start is refused.
    conversations::take(&pool, m.conversation_id, op).await.unwrap();
    conversations::close(&pool, m.conversation_id, op).await.unwrap();
    let (id, ..) = outbound::start(&pool, op, old, &common::client_id(), "Salom")
        .await
        .unwrap();
    assert_eq!(
        outbound::start(&pool, op, old, &common::client_id(), "Yana salom").await,
        Err(OutboundError::AlreadyOpen(id))
    );
    // Blank messages and unknown conversations are refused.
    assert_eq!(
        outbound::start(&pool, op, old, &common::client_id(), "   ").await,
        Err(OutboundError::Refused(MessageProblem::Empty))
    );
    assert_eq!(
        outbound::start(&pool, op, 999_999, &common::client_id(), "Salom").await,
        Err(OutboundError::NotFound)
    );
}
