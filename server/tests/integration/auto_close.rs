//! Inactivity auto-close per channel, against a real PostgreSQL: the silent customer is
//! warned once, then the conversation closes after the full period; a customer reply
//! cancels; several server processes never warn twice. Time is moved with SQL.

use crate::common;

use app::domain::{auto_close, conversation_events, conversations, workspace_settings};
use app::workspace::model::{ChannelInactivity, EventKind};
use protocol::{ConversationStatus, Sender};
use sqlx::PgPool;

/// The channel with `key` closes after 30 minutes of silence, warning 5 minutes before.
async fn inactivity(pool: &PgPool, key: &str, text: Option<&str>) {
    let id: i64 = sqlx::query_scalar("SELECT id FROM channels WHERE public_key = $1")
        .bind(key)
        .fetch_one(pool)
        .await
        .unwrap();
    workspace_settings::save_channel(
        pool,
        &ChannelInactivity {
            id,
            name: key.into(),
            close_minutes: Some(30),
            warning_minutes: Some(5),
            warning_text: text.map(str::to_owned),
        },
    )
    .await
    .unwrap();
}

/// A conversation in `language` where the operator answered last.
async fn answered(pool: &PgPool, n: usize, language: &str, operator: i64) -> i64 {
    let c = common::waiting_on(pool, "site", n, language).await;
    conversations::take(pool, c, operator).await.unwrap();
    conversations::operator_writes(pool, c, operator, &common::client_id(), "Чем ещё помочь?")
        .await
        .unwrap();
    c
}

/// Moves the conversation's messages (and its warning) `minutes` into the past.
async fn silent_for(pool: &PgPool, c: i64, minutes: i32) {
    sqlx::query(
        "UPDATE messages SET created_at = created_at - make_interval(mins => $2) WHERE conversation_id = $1",
    )
    .bind(c)
    .bind(minutes)
    .execute(pool)
    .await
    .unwrap();
    sqlx::query(
        "UPDATE conversations SET inactivity_warned_at = inactivity_warned_at - make_interval(mins => $2),
             assigned_at = assigned_at - make_interval(mins => $2)
         WHERE id = $1",
    )
    .bind(c)
    .bind(minutes)
    .execute(pool)
    .await
    .unwrap();
}

async fn status(pool: &PgPool, c: i64) -> (String, Option<String>) {
    sqlx::query_as("SELECT status, close_reason FROM conversations WHERE id = $1")
        .bind(c)
        .fetch_one(pool)
        .await
        .unwrap()
}

async fn system_messages(pool: &PgPool, c: i64) -> Vec<String> {
    app::domain::messages::of_conversation(pool, c)
        .await
        .unwrap()
        .into_iter()
        .filter(|m| m.sender == Sender::System)
        .map(|m| m.body)
        .collect()
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn a_silent_customer_is_warned_then_the_conversation_closes(pool: PgPool) {
    let op = common::available_operator(&pool, "op", &["kk"], 3).await;
    let c = answered(&pool, 1, "kk", op).await;
    inactivity(&pool, "site", None).await;

    // 20 minutes: nothing yet (the warning comes 25 minutes after the operator's last word).
    silent_for(&pool, c, 20).await;
    assert!(auto_close::send_warnings(&pool).await.unwrap().is_empty());
    // 26 minutes: warned once, in the conversation's language (Kazakh here).
    silent_for(&pool, c, 6).await;
    let sent = auto_close::send_warnings(&pool).await.unwrap();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].1.sender, Sender::System);
    assert_eq!(sent[0].1.body, auto_close::warning_text("kk", 5));
    assert!(sent[0].1.body.contains('5'));
    assert!(
        auto_close::send_warnings(&pool).await.unwrap().is_empty(),
        "only once"
    );
    // Not closed before the warning had its full 5 minutes.
    silent_for(&pool, c, 4).await;
    assert!(auto_close::close_inactive(&pool).await.unwrap().is_empty());
    assert_eq!(status(&pool, c).await.0, "active");
    // Past 30 minutes and 5 after the warning: closed for inactivity, recorded.
    silent_for(&pool, c, 2).await;
    assert_eq!(auto_close::close_inactive(&pool).await.unwrap(), vec![c]);
    assert_eq!(
        status(&pool, c).await,
        ("closed".into(), Some("inactivity".into()))
    );
    let kinds: Vec<EventKind> = conversation_events::of_conversation(&pool, c)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.kind)
        .collect();
    assert_eq!(
        kinds,
        vec![EventKind::InactivityWarning, EventKind::InactivityClosed]
    );
    // The customer's widget gets the rating form as after any close.
    let state =
        conversations::latest_of_customer(&pool, conversations::summary(&pool, c).await.unwrap().customer_id)
            .await
            .unwrap()
            .unwrap();
    assert_eq!(state.status, ConversationStatus::Closed);
    assert!(auto_close::close_inactive(&pool).await.unwrap().is_empty());
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn a_customer_reply_cancels_and_a_waiting_customer_is_never_closed(pool: PgPool) {
    let op = common::available_operator(&pool, "op", &["ru"], 3).await;
    let c = answered(&pool, 1, "ru", op).await;
    inactivity(&pool, "site", Some("Мы закроем чат, если вы не ответите.")).await;
    silent_for(&pool, c, 26).await;
    let sent = auto_close::send_warnings(&pool).await.unwrap();
    assert_eq!(
        sent[0].1.body, "Мы закроем чат, если вы не ответите.",
        "the channel's own text"
    );

    // The customer answers: the warning no longer holds, and the customer now waits for
    // the operator, so nothing closes however long it takes.
    let summary = conversations::summary(&pool, c).await.unwrap();
    let channel: i64 = sqlx::query_scalar("SELECT channel_id FROM conversations WHERE id = $1")
        .bind(c)
        .fetch_one(&pool)
        .await
        .unwrap();
    conversations::customer_writes(
        &pool,
        summary.customer_id,
        channel,
        "ru",
        &common::client_id(),
        "Я тут",
    )
    .await
    .unwrap();
    let warned: Option<String> =
        sqlx::query_scalar("SELECT inactivity_warned_at::text FROM conversations WHERE id = $1")
            .bind(c)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(warned, None);
    silent_for(&pool, c, 120).await;
    assert!(auto_close::send_warnings(&pool).await.unwrap().is_empty());
    assert!(auto_close::close_inactive(&pool).await.unwrap().is_empty());
    assert_eq!(status(&pool, c).await.0, "active");

    // The operator answers again and the customer falls silent: a new warning, then the close.
    conversations::operator_writes(&pool, c, op, &common::client_id(), "Проверил, всё готово")
        .await
        .unwrap();
    silent_for(&pool, c, 26).await;
    assert_eq!(auto_close::send_warnings(&pool).await.unwrap().len(), 1);
    silent_for(&pool, c, 6).await;
    assert_eq!(auto_close::close_inactive(&pool).await.unwrap(), vec![c]);
    assert_eq!(system_messages(&pool, c).await.len(), 2);
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn channels_without_auto_close_keep_their_conversations(pool: PgPool) {
    let op = common::available_operator(&pool, "op", &["ru"], 3).await;
    let c = answered(&pool, 1, "ru", op).await;
    silent_for(&pool, c, 24 * 60).await;
    assert!(auto_close::send_warnings(&pool).await.unwrap().is_empty());
    assert!(auto_close::close_inactive(&pool).await.unwrap().is_empty());
    assert_eq!(status(&pool, c).await.0, "active");
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn several_server_processes_never_warn_or_close_twice(pool: PgPool) {
    let op = common::available_operator(&pool, "op", &["ru"], 50).await;
    let mut all = Vec::new();
    for n in 1..=20 {
        all.push(answered(&pool, n, "ru", op).await);
    }
    inactivity(&pool, "site", None).await;
    for c in &all {
        silent_for(&pool, *c, 26).await;
    }
    // Three "processes", each with its own connections, sweep at once.
    let other = sqlx::postgres::PgPoolOptions::new()
        .connect_with(pool.connect_options().as_ref().clone())
        .await
        .unwrap();
    let third = sqlx::postgres::PgPoolOptions::new()
        .connect_with(pool.connect_options().as_ref().clone())
        .await
        .unwrap();
    let (a, b, c) = tokio::join!(
        auto_close::send_warnings(&pool),
        auto_close::send_warnings(&other),
        auto_close::send_warnings(&third)
    );
    assert_eq!(a.unwrap().len() + b.unwrap().len() + c.unwrap().len(), 20);
    for id in &all {
        assert_eq!(
            system_messages(&pool, *id).await.len(),
            1,
            "conversation {id} warned once"
        );
        silent_for(&pool, *id, 6).await;
    }
    let (a, b, c) = tokio::join!(
        auto_close::close_inactive(&pool),
        auto_close::close_inactive(&other),
        auto_close::close_inactive(&third)
    );
    let mut closed = [a.unwrap(), b.unwrap(), c.unwrap()].concat();
    closed.sort_unstable();
    assert_eq!(closed, all);
}
