//! The conversation list's waiting indicators and unread counts, against a real
//! PostgreSQL: who owes the next word switches as messages alternate; unread counts
//! follow what each staff member has seen.

use crate::common;

use app::domain::{conversations, reads};
use app::model::CurrentUser;
use app::permission::Permission;
use sqlx::PgPool;

fn staff(id: i64, permissions: Vec<Permission>) -> CurrentUser {
    CurrentUser {
        id,
        login: format!("user{id}"),
        display_name: format!("User {id}"),
        permissions,
        time_zone: "Asia/Tashkent".into(),
        utc_offset_seconds: 5 * 3600,
        must_change_password: false,
        must_enrol_totp: false,
    }
}

async fn customer_says(pool: &PgPool, channel: i64, customer: i64, body: &str) -> i64 {
    let (m, ..) = conversations::customer_writes(pool, customer, channel, "ru", &common::client_id(), body)
        .await
        .unwrap();
    m.id
}

async fn operator_says(pool: &PgPool, conversation: i64, operator: i64, body: &str) -> i64 {
    let (m, _) = conversations::operator_writes(pool, conversation, operator, &common::client_id(), body)
        .await
        .unwrap();
    m.id
}

/// Whether an indicator's instant is when this message was sent.
async fn is_sent_at(pool: &PgPool, instant: &Option<String>, message: i64) -> bool {
    let Some(instant) = instant else { return false };
    sqlx::query_scalar(
        "SELECT date_trunc('milliseconds', created_at) = $2::timestamptz FROM messages WHERE id = $1",
    )
    .bind(message)
    .bind(instant)
    .fetch_one(pool)
    .await
    .unwrap()
}

/// Moves every message of a conversation a minute into the past, so the next ones are
/// clearly later.
async fn age(pool: &PgPool, conversation: i64) {
    sqlx::query(
        "UPDATE messages SET created_at = created_at - interval '1 minute' WHERE conversation_id = $1",
    )
    .bind(conversation)
    .execute(pool)
    .await
    .unwrap();
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn the_indicator_switches_between_customer_and_operator_waiting(pool: PgPool) {
    let (channel, customer) = common::customer(&pool, "ind", 5).await;
    let op = common::operator(&pool, "op").await;

    // The customer writes: waiting for an answer, in the queue as well.
    let first = customer_says(&pool, channel, customer, "Здравствуйте").await;
    let c = first_conversation(&pool, first).await;
    let s = conversations::summary(&pool, c).await.unwrap();
    assert!(is_sent_at(&pool, &s.customer_waiting_since, first).await);
    assert_eq!(s.operator_waiting_since, None);
    age(&pool, c).await;

    // A second message does not restart the customer's wait: it runs from the earliest unanswered one.
    conversations::take(&pool, c, op).await.unwrap();
    let second = customer_says(&pool, channel, customer, "Вы тут?").await;
    let s = conversations::summary(&pool, c).await.unwrap();
    assert!(is_sent_at(&pool, &s.customer_waiting_since, first).await);
    assert!(!is_sent_at(&pool, &s.customer_waiting_since, second).await);
    assert_eq!(s.operator_waiting_since, None);
    age(&pool, c).await;

    // The operator answers: now the operator waits, since their last message.
    let reply = operator_says(&pool, c, op, "Да, слушаю").await;
    let s = conversations::summary(&pool, c).await.unwrap();
    assert_eq!(s.customer_waiting_since, None);
    assert!(is_sent_at(&pool, &s.operator_waiting_since, reply).await);
    age(&pool, c).await;

    // A second operator message moves the operator's wait to it.
    let again = operator_says(&pool, c, op, "Уточните, пожалуйста").await;
    let s = conversations::summary(&pool, c).await.unwrap();
    assert!(is_sent_at(&pool, &s.operator_waiting_since, again).await);
    assert!(!is_sent_at(&pool, &s.operator_waiting_since, reply).await);
    age(&pool, c).await;

    // The customer answers: the customer waits again, since that answer.
    let answer = customer_says(&pool, channel, customer, "Карта заблокирована").await;
    let s = conversations::summary(&pool, c).await.unwrap();
    assert!(is_sent_at(&pool, &s.customer_waiting_since, answer).await);
    assert_eq!(s.operator_waiting_since, None);

    // Closed: nobody waits.
    conversations::close(&pool, c, op).await.unwrap();
    let s = conversations::summary(&pool, c).await.unwrap();
    assert_eq!((s.customer_waiting_since, s.operator_waiting_since), (None, None));
}

async fn first_conversation(pool: &PgPool, message: i64) -> i64 {
    sqlx::query_scalar("SELECT conversation_id FROM messages WHERE id = $1")
        .bind(message)
        .fetch_one(pool)
        .await
        .unwrap()
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn the_workspace_lists_carry_the_indicators(pool: PgPool) {
    let (channel, customer) = common::customer(&pool, "lists", 5).await;
    let op = common::operator(&pool, "op").await;
    let m = customer_says(&pool, channel, customer, "Салом").await;
    let c = first_conversation(&pool, m).await;
    let me = staff(op, vec![Permission::ConversationsHandle]);
    let snapshot = conversations::workspace(&pool, &me).await.unwrap();
    let row = snapshot.queue.iter().find(|s| s.id == c).unwrap();
    assert!(row.customer_waiting_since.is_some());
    conversations::take(&pool, c, op).await.unwrap();
    operator_says(&pool, c, op, "Здравствуйте!").await;
    let snapshot = conversations::workspace(&pool, &me).await.unwrap();
    let row = snapshot.mine.iter().find(|s| s.id == c).unwrap();
    assert!(row.customer_waiting_since.is_none());
    assert!(row.operator_waiting_since.is_some());
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn unread_counts_follow_what_each_staff_member_has_seen(pool: PgPool) {
    let (channel, customer) = common::customer(&pool, "unread", 5).await;
    let op = common::operator(&pool, "op").await;
    let supervisor =
        app::domain::accounts::create_user(&pool, "sup", "sup", common::PASSWORD, &["supervisor"])
            .await
            .unwrap();
    let me = staff(op, vec![Permission::ConversationsHandle]);
    let boss = staff(supervisor, vec![Permission::ConversationsViewAll]);
    let unread = |pool: PgPool, user: CurrentUser, id: i64| async move {
        let s = conversations::workspace(&pool, &user).await.unwrap();
        s.queue
            .iter()
            .chain(&s.mine)
            .find(|c| c.id == id)
            .map(|c| c.unread)
    };

    let first = customer_says(&pool, channel, customer, "Один").await;
    let c = first_conversation(&pool, first).await;
    let second = customer_says(&pool, channel, customer, "Два").await;
    assert_eq!(
        unread(pool.clone(), me.clone(), c).await,
        Some(2),
        "in the queue too"
    );
    conversations::take(&pool, c, op).await.unwrap();
    assert_eq!(unread(pool.clone(), me.clone(), c).await, Some(2));

    // Reading up to the first message leaves one; the operator's own messages never count.
    reads::mark_read(&pool, op, c, first).await.unwrap();
    operator_says(&pool, c, op, "Отвечаю").await;
    assert_eq!(unread(pool.clone(), me.clone(), c).await, Some(1));
    reads::mark_read(&pool, op, c, second).await.unwrap();
    assert_eq!(unread(pool.clone(), me.clone(), c).await, Some(0));
    // Marks never go backwards.
    reads::mark_read(&pool, op, c, first).await.unwrap();
    assert_eq!(unread(pool.clone(), me.clone(), c).await, Some(0));

    // A new message from the customer is unread again; each staff member has their own marks.
    customer_says(&pool, channel, customer, "Три").await;
    assert_eq!(unread(pool.clone(), me.clone(), c).await, Some(1));
    assert_eq!(unread(pool.clone(), boss.clone(), c).await, Some(3));

    // A message of another conversation can't mark this one.
    let (other_channel, other_customer) = common::customer(&pool, "other", 5).await;
    let foreign = customer_says(&pool, other_channel, other_customer, "Чужое").await;
    reads::mark_read(&pool, supervisor, c, foreign).await.unwrap();
    assert_eq!(unread(pool.clone(), boss, c).await, Some(3));
}
