//! The conversation cycle against a real PostgreSQL: idempotent sends, taking,
//! replying, closing, rating, resuming.

use crate::common;

use app::domain::conversations::{self, ConversationError};
use app::domain::messages::{self, StoreError};
use protocol::{ConversationStatus, MessageProblem, Sender};
use sqlx::PgPool;

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn a_retried_customer_message_is_stored_once(pool: PgPool) {
    let (channel, customer) = common::customer(&pool, "idem", 5).await;
    let id = common::client_id();
    let (first, new, opened) = conversations::customer_writes(&pool, customer, channel, "ru", &id, "Salom")
        .await
        .unwrap();
    assert!(new && opened);
    let (again, new_again, opened_again) =
        conversations::customer_writes(&pool, customer, channel, "ru", &id, "Salom")
            .await
            .unwrap();
    assert!(!new_again && !opened_again);
    assert_eq!(first, again);
    assert_eq!(
        messages::of_conversation(&pool, first.conversation_id)
            .await
            .unwrap()
            .len(),
        1
    );

    let (second, ..) =
        conversations::customer_writes(&pool, customer, channel, "ru", &common::client_id(), "Yana")
            .await
            .unwrap();
    assert_eq!(
        second.conversation_id, first.conversation_id,
        "one open conversation per customer"
    );
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn bad_messages_store_nothing(pool: PgPool) {
    let (channel, customer) = common::customer(&pool, "bad", 5).await;
    let refuse = |r: Result<_, StoreError>| match r {
        Err(StoreError::Refused(p)) => p,
        other => panic!("expected a refusal, got {other:?}"),
    };
    let w = |body: String, id: String| {
        let pool = pool.clone();
        async move { conversations::customer_writes(&pool, customer, channel, "ru", &id, &body).await }
    };
    assert_eq!(
        refuse(w("  ".into(), common::client_id()).await),
        MessageProblem::Empty
    );
    assert_eq!(
        refuse(w("x".repeat(10_001), common::client_id()).await),
        MessageProblem::TooLong
    );
    assert_eq!(
        refuse(w("hi".into(), "not-a-uuid".into()).await),
        MessageProblem::BadClientId
    );
    let count: i64 = sqlx::query_scalar("SELECT count(*) FROM conversations")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(count, 0);
    assert!(
        w("x".repeat(10_000), common::client_id()).await.is_ok(),
        "exactly the limit is fine"
    );
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn only_one_operator_can_take_a_conversation(pool: PgPool) {
    let (channel, customer) = common::customer(&pool, "take", 5).await;
    let a = common::operator(&pool, "op.a").await;
    let b = common::operator(&pool, "op.b").await;
    let (m, ..) = conversations::customer_writes(&pool, customer, channel, "ru", &common::client_id(), "Hi")
        .await
        .unwrap();
    let (ra, rb) = tokio::join!(
        conversations::take(&pool, m.conversation_id, a),
        conversations::take(&pool, m.conversation_id, b)
    );
    assert!(ra.is_ok() ^ rb.is_ok(), "exactly one wins: {ra:?} {rb:?}");
    assert!(matches!(
        ra.err().or(rb.err()),
        Some(ConversationError::AlreadyTaken)
    ));
    assert_eq!(
        conversations::take(&pool, 999_999, a).await,
        Err(ConversationError::NotFound)
    );
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn close_rate_and_resume(pool: PgPool) {
    let (channel, customer) = common::customer(&pool, "cycle", 10).await;
    let op = common::operator(&pool, "op.c").await;
    let other = common::operator(&pool, "op.d").await;
    let (m, ..) =
        conversations::customer_writes(&pool, customer, channel, "uz-Cyrl", &common::client_id(), "Салом")
            .await
            .unwrap();
    let id = m.conversation_id;

    // Nobody can reply before taking it; only the assigned operator can reply or close.
    assert!(matches!(
        conversations::operator_writes(&pool, id, op, &common::client_id(), "Ассалому алайкум").await,
        Err(StoreError::Refused(MessageProblem::ConversationClosed))
    ));
    conversations::take(&pool, id, op).await.unwrap();
    let reply_id = common::client_id();
    let (reply, new) = conversations::operator_writes(&pool, id, op, &reply_id, "Ассалому алайкум")
        .await
        .unwrap();
    assert!(new);
    assert_eq!(reply.sender, Sender::Operator);
    assert_eq!(reply.author.as_deref(), Some("op.c"));
    let (_, new_again) = conversations::operator_writes(&pool, id, op, &reply_id, "Ассалому алайкум")
        .await
        .unwrap();
    assert!(!new_again, "an operator's retry is idempotent too");
    assert!(
        conversations::operator_writes(&pool, id, other, &common::client_id(), "hi")
            .await
            .is_err()
    );
    assert_eq!(
        conversations::close(&pool, id, other).await,
        Err(ConversationError::WrongState)
    );

    // Rating is only for the closed conversation, on the channel's scale, by its customer.
    assert_eq!(
        conversations::rate(&pool, id, customer, 7, None).await,
        Err(ConversationError::WrongState)
    );
    conversations::close(&pool, id, op).await.unwrap();
    let summary = conversations::summary(&pool, id).await.unwrap();
    assert_eq!(summary.status, ConversationStatus::Closed);
    assert_eq!(
        conversations::rate(&pool, id, customer, 11, None).await,
        Err(ConversationError::BadRating)
    );
    assert_eq!(
        conversations::rate(&pool, id, customer, 0, None).await,
        Err(ConversationError::BadRating)
    );
    let (_, stranger) = common::customer(&pool, "stranger", 5).await;
    assert_eq!(
        conversations::rate(&pool, id, stranger, 7, None).await,
        Err(ConversationError::NotFound)
    );
    let too_long = "ж".repeat(conversations::MAX_RATING_COMMENT + 1);
    assert_eq!(
        conversations::rate(&pool, id, customer, 7, Some(&too_long)).await,
        Err(ConversationError::BadRating),
        "a comment over 1,000 characters is refused"
    );
    conversations::rate(&pool, id, customer, 7, Some("  Спасибо, быстро помогли!  "))
        .await
        .unwrap();
    let summary = conversations::summary(&pool, id).await.unwrap();
    assert_eq!((summary.rating, summary.rating_scale), (Some(7), 10));
    let comment: Option<String> =
        sqlx::query_scalar("SELECT comment FROM ratings WHERE conversation_id = $1")
            .bind(id)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(
        comment.as_deref(),
        Some("Спасибо, быстро помогли!"),
        "kept, trimmed"
    );

    // Resuming reopens it with the same operator, and keeps the rating on record.
    assert_eq!(conversations::resume(&pool, customer).await, Ok(id));
    let summary = conversations::summary(&pool, id).await.unwrap();
    assert_eq!(summary.status, ConversationStatus::Active);
    assert_eq!(summary.operator_id, Some(op));
    assert_eq!(
        conversations::resume(&pool, customer).await,
        Err(ConversationError::WrongState)
    );
    let ratings: i64 = sqlx::query_scalar("SELECT count(*) FROM ratings")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(ratings, 1);
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn the_workspace_lists_the_queue_and_the_operators_own(pool: PgPool) {
    let (channel, c1) = common::customer(&pool, "ws1", 5).await;
    let (_, c2) = common::customer(&pool, "ws2", 5).await;
    let op = common::operator(&pool, "op.w").await;
    let (m1, ..) = conversations::customer_writes(&pool, c1, channel, "ru", &common::client_id(), "first")
        .await
        .unwrap();
    conversations::customer_writes(&pool, c2, channel, "ru", &common::client_id(), "second")
        .await
        .unwrap();
    conversations::take(&pool, m1.conversation_id, op).await.unwrap();
    let token = app::domain::sessions::open(&pool, op, None, None).await.unwrap();
    let user = app::domain::sessions::resolve(&pool, &token).await.unwrap();
    let snapshot = conversations::workspace(&pool, &user).await.unwrap();
    assert_eq!(snapshot.queue.len(), 1);
    assert_eq!(snapshot.queue[0].last_message.as_deref(), Some("second"));
    assert_eq!(snapshot.mine.len(), 1);
    assert_eq!(snapshot.mine[0].id, m1.conversation_id);
    assert!(conversations::can_read(&user, &snapshot.mine[0]));
}
