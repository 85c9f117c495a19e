//! Conversations leaving their operator, against a real PostgreSQL: the answer
//! timeout, the end of an operator's work (both modes), wait notices and the
//! auto-reply.

use crate::common;

use app::domain::routing::{self, settings, EndWorkMode};
use app::domain::{conversations, presence};
use common::{available_operator, operator_of, waiting_on};
use sqlx::PgPool;

async fn assigned_ago(pool: &PgPool, conversation: i64, seconds: i64) {
    sqlx::query("UPDATE conversations SET assigned_at = now() - make_interval(secs => $2) WHERE id = $1")
        .bind(conversation)
        .bind(seconds as f64)
        .execute(pool)
        .await
        .unwrap();
}

async fn events(pool: &PgPool, conversation: i64) -> Vec<(String, Option<i64>, Option<i64>)> {
    sqlx::query_as(
        "SELECT kind, operator_id, by_user FROM routing_events WHERE conversation_id = $1 ORDER BY id",
    )
    .bind(conversation)
    .fetch_all(pool)
    .await
    .unwrap()
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn an_unanswered_conversation_goes_to_another_operator_with_raised_priority(pool: PgPool) {
    let slow = available_operator(&pool, "slow", &["ru"], 3).await;
    let c = waiting_on(&pool, "site", 1, "ru").await;
    assert_eq!(routing::assign_waiting(&pool).await.unwrap(), vec![(c, slow)]);
    let quick = available_operator(&pool, "quick", &["ru"], 3).await;

    // Within the timeout (180 s by default) nothing moves.
    assigned_ago(&pool, c, 100).await;
    assert!(routing::requeue_unanswered(&pool).await.unwrap().is_empty());
    // Past it, unanswered: back to the queue, boosted, recorded.
    assigned_ago(&pool, c, 200).await;
    assert_eq!(routing::requeue_unanswered(&pool).await.unwrap(), vec![(c, slow)]);
    let (status, boost): (String, i32) =
        sqlx::query_as("SELECT status, priority_boost FROM conversations WHERE id = $1")
            .bind(c)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!((status.as_str(), boost), ("waiting", 100));
    assert_eq!(
        events(&pool, c).await,
        vec![("timeout".to_owned(), Some(slow), None)]
    );
    // Both are free; the one who did not let it go unanswered gets it.
    assert_eq!(routing::assign_waiting(&pool).await.unwrap(), vec![(c, quick)]);
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn an_answered_conversation_stays_with_its_operator(pool: PgPool) {
    let op = available_operator(&pool, "answers", &["ru"], 3).await;
    let c = waiting_on(&pool, "site", 1, "ru").await;
    routing::assign_waiting(&pool).await.unwrap();
    conversations::operator_writes(&pool, c, op, &common::client_id(), "Здравствуйте!")
        .await
        .unwrap();
    assigned_ago(&pool, c, 3600).await;
    sqlx::query(
        "UPDATE messages SET created_at = now() - interval '3599 seconds' WHERE conversation_id = $1",
    )
    .bind(c)
    .execute(&pool)
    .await
    .unwrap();
    assert!(routing::requeue_unanswered(&pool).await.unwrap().is_empty());
    assert_eq!(operator_of(&pool, c).await, Some(op));
}

async fn two_conversations_of(pool: &PgPool, leaving: i64) -> (i64, i64) {
    let a = waiting_on(pool, "site", 1, "ru").await;
    let b = waiting_on(pool, "site", 2, "ru").await;
    assert_eq!(routing::assign_waiting(pool).await.unwrap().len(), 2);
    assert_eq!(operator_of(pool, a).await, Some(leaving));
    assert_eq!(operator_of(pool, b).await, Some(leaving));
    (a, b)
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn ending_an_operators_work_redistributes_their_conversations_now(pool: PgPool) {
    let supervisor = common::operator(&pool, "boss").await;
    let leaving = available_operator(&pool, "leaving", &["ru"], 3).await;
    let (a, b) = two_conversations_of(&pool, leaving).await;
    let other = available_operator(&pool, "stays", &["ru"], 3).await;
    let newcomer = waiting_on(&pool, "site", 3, "ru").await;
    common::queued_ago(&pool, newcomer, 3600).await;

    let moved = routing::end_work(&pool, leaving, supervisor, EndWorkMode::Redistribute)
        .await
        .unwrap();
    assert_eq!(moved, vec![a, b]);
    // They go ahead of a customer who has waited an hour.
    let assigned = routing::assign_waiting(&pool).await.unwrap();
    assert_eq!(assigned, vec![(a, other), (b, other), (newcomer, other)]);
    assert_eq!(
        events(&pool, a).await,
        vec![("redistributed".to_owned(), Some(leaving), Some(supervisor))]
    );
    let state = presence::current(&pool, leaving).await.unwrap();
    assert_eq!(state.state.code, "offline");
    let end_reason: Option<String> =
        sqlx::query_scalar("SELECT end_reason FROM shifts WHERE user_id = $1 ORDER BY id DESC LIMIT 1")
            .bind(leaving)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(end_reason.as_deref(), Some("terminated"));
    let changed_by: i64 = sqlx::query_scalar(
        "SELECT changed_by FROM state_changes WHERE user_id = $1 ORDER BY id DESC LIMIT 1",
    )
    .bind(leaving)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(changed_by, supervisor);
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn ending_an_operators_work_can_return_their_conversations_to_the_waiting_list(pool: PgPool) {
    let supervisor = common::operator(&pool, "boss").await;
    let leaving = available_operator(&pool, "leaving", &["ru"], 3).await;
    let (a, b) = two_conversations_of(&pool, leaving).await;
    let earlier = waiting_on(&pool, "site", 3, "ru").await;
    common::queued_ago(&pool, earlier, 3600).await;

    let moved = routing::end_work(&pool, leaving, supervisor, EndWorkMode::ReturnToQueue)
        .await
        .unwrap();
    assert_eq!(moved, vec![a, b]);
    // Back in the waiting list at their own place: behind the hour-long wait.
    assert_eq!(routing::queue_place(&pool, earlier).await.unwrap().unwrap().0, 1);
    assert!(routing::queue_place(&pool, a).await.unwrap().is_some());
    assert_eq!(operator_of(&pool, a).await, None);
    assert_eq!(
        events(&pool, b).await,
        vec![("returned".to_owned(), Some(leaving), Some(supervisor))]
    );
    // The operator, now offline, never gets them back.
    assert!(routing::assign_waiting(&pool).await.unwrap().is_empty());
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn wait_notices_come_no_more_often_than_the_channels_interval(pool: PgPool) {
    let c = waiting_on(&pool, "site", 1, "ru").await;
    let other = waiting_on(&pool, "quiet", 1, "ru").await;
    common::channel_routing(&pool, "site", 0, None, None, Some(60))
        .await
        .unwrap();
    // Not yet a minute in the queue: nothing.
    assert!(routing::notices::send_wait_notices(&pool)
        .await
        .unwrap()
        .is_empty());
    common::queued_ago(&pool, c, 61).await;
    common::queued_ago(&pool, other, 600).await;
    let sent = routing::notices::send_wait_notices(&pool).await.unwrap();
    assert_eq!(sent.len(), 1, "only the channel that asks for notices");
    assert_eq!(sent[0].1.conversation_id, c);
    assert_eq!(
        sent[0].1.body, "Ваше место в очереди: 2. Оператор ответит, как только освободится.",
        "behind the quiet channel's customer, who has waited longer"
    );
    assert_eq!(sent[0].1.sender, protocol::Sender::System);
    // Right after a notice, none again.
    assert!(routing::notices::send_wait_notices(&pool)
        .await
        .unwrap()
        .is_empty());
    // Shorter than a minute can't be set.
    let refused = common::channel_routing(&pool, "site", 0, None, None, Some(30)).await;
    assert_eq!(refused, Err(settings::SettingsError::Invalid));
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn the_channels_auto_reply_greets_a_conversation_entering_the_queue(pool: PgPool) {
    let c = waiting_on(&pool, "site", 1, "ru").await;
    assert_eq!(routing::notices::auto_reply(&pool, c).await.unwrap(), None);
    let greeting = Some("Здравствуйте! Оператор скоро ответит.");
    common::channel_routing(&pool, "site", 0, None, greeting, None)
        .await
        .unwrap();
    let reply = routing::notices::auto_reply(&pool, c).await.unwrap().unwrap();
    assert_eq!(reply.body, "Здравствуйте! Оператор скоро ответит.");
    let stored = app::domain::messages::of_conversation(&pool, c).await.unwrap();
    assert_eq!(stored.last().unwrap().id, reply.id);
}
