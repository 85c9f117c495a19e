//! Automatic assignment against a real PostgreSQL: language skills, states, capacity,
//! least load, and no double assignment under concurrency.

use crate::common;

use app::domain::{accounts, channels, conversations, customers, presence, routing};
use sqlx::PgPool;

async fn available_operator(pool: &PgPool, login: &str, languages: &[&str], capacity: i32) -> i64 {
    let id = common::operator(pool, login).await;
    let languages: Vec<String> = languages.iter().map(|l| (*l).to_owned()).collect();
    routing::set_skills(pool, id, &languages, capacity).await.unwrap();
    presence::switch(pool, id, "available", id).await.unwrap();
    id
}

/// A new customer writes once in `language`; returns the conversation.
async fn waiting(pool: &PgPool, n: usize, language: &str) -> i64 {
    let channel = channels::upsert_webchat(pool, "Site", "route", 5).await.unwrap();
    let token = format!("routing-visitor-{n:06}-0123456789abcdef");
    let customer = customers::find_or_create_visitor(pool, channel.id, &token, language)
        .await
        .unwrap();
    let (m, ..) = conversations::customer_writes(
        pool,
        customer.id,
        channel.id,
        language,
        &common::client_id(),
        "Salom",
    )
    .await
    .unwrap();
    m.conversation_id
}

async fn operator_of(pool: &PgPool, conversation: i64) -> Option<i64> {
    sqlx::query_scalar("SELECT operator_id FROM conversations WHERE id = $1")
        .bind(conversation)
        .fetch_one(pool)
        .await
        .unwrap()
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn an_operator_who_speaks_only_russian_gets_only_russian_conversations(pool: PgPool) {
    let ru = available_operator(&pool, "ru.only", &["ru"], 3).await;
    let uz_conversation = waiting(&pool, 1, "uz-Latn").await;
    let ru_conversation = waiting(&pool, 2, "ru").await;
    let assigned = routing::assign_waiting(&pool).await.unwrap();
    assert_eq!(assigned, vec![(ru_conversation, ru)]);
    assert_eq!(
        operator_of(&pool, uz_conversation).await,
        None,
        "stays in the queue"
    );

    let uz = available_operator(&pool, "uz.speaker", &["uz", "ru"], 3).await;
    assert_eq!(
        routing::assign_waiting(&pool).await.unwrap(),
        vec![(uz_conversation, uz)]
    );
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn only_operators_in_a_state_that_receives_chats_get_conversations(pool: PgPool) {
    let op = available_operator(&pool, "paused", &["ru"], 3).await;
    presence::switch(&pool, op, "pause", op).await.unwrap();
    let offline = common::operator(&pool, "never.available").await;
    let c = waiting(&pool, 1, "ru").await;
    assert!(routing::assign_waiting(&pool).await.unwrap().is_empty());
    assert_eq!(operator_of(&pool, c).await, None);
    presence::switch(&pool, op, "available", op).await.unwrap();
    assert_eq!(routing::assign_waiting(&pool).await.unwrap(), vec![(c, op)]);
    assert_ne!(operator_of(&pool, c).await, Some(offline));
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn the_least_loaded_operator_gets_the_next_one_and_capacity_is_a_ceiling(pool: PgPool) {
    let a = available_operator(&pool, "cap.one", &["ru"], 1).await;
    let b = available_operator(&pool, "cap.two", &["ru"], 2).await;
    let mut cs = Vec::new();
    for n in 0..4 {
        cs.push(waiting(&pool, n, "ru").await);
    }
    let assigned = routing::assign_waiting(&pool).await.unwrap();
    assert_eq!(assigned.len(), 3, "three places in all");
    assert_eq!(assigned.iter().filter(|(_, op)| *op == a).count(), 1);
    assert_eq!(assigned.iter().filter(|(_, op)| *op == b).count(), 2);
    // Oldest first: the fourth waits.
    assert_eq!(operator_of(&pool, cs[3]).await, None);
    // Closing one frees a place for it.
    let (freed, by) = assigned[0];
    conversations::close(&pool, freed, by).await.unwrap();
    assert_eq!(routing::assign_waiting(&pool).await.unwrap(), vec![(cs[3], by)]);
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn a_supervisor_without_the_handle_permission_is_never_assigned(pool: PgPool) {
    let sup = accounts::create_user(&pool, "sup.r", "Sup", common::PASSWORD, &["supervisor"])
        .await
        .unwrap();
    sqlx::query("INSERT INTO operator_presence (user_id, state_id) SELECT $1, id FROM operator_states WHERE code = 'available'")
        .bind(sup)
        .execute(&pool)
        .await
        .unwrap();
    waiting(&pool, 1, "ru").await;
    assert!(routing::assign_waiting(&pool).await.unwrap().is_empty());
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn concurrent_assigners_never_double_assign_nor_overfill(pool: PgPool) {
    let mut ops = Vec::new();
    for n in 0..4 {
        ops.push(available_operator(&pool, &format!("conc.{n}"), &["ru"], 5).await);
    }
    for n in 0..40 {
        waiting(&pool, n, "ru").await;
    }
    let runs = (0..4).map(|_| {
        let pool = pool.clone();
        tokio::spawn(async move { routing::assign_waiting(&pool).await.unwrap() })
    });
    let mut all = Vec::new();
    for run in runs {
        all.extend(run.await.unwrap());
    }
    let mut ids: Vec<i64> = all.iter().map(|(c, _)| *c).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), all.len(), "no conversation assigned twice");
    assert_eq!(all.len(), 20, "4 operators × capacity 5");
    let loads: Vec<i64> =
        sqlx::query_scalar("SELECT count(*) FROM conversations WHERE status = 'active' GROUP BY operator_id")
            .fetch_all(&pool)
            .await
            .unwrap();
    assert!(loads.iter().all(|l| *l == 5), "{loads:?}");
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn a_waiting_customer_knows_their_place_and_it_moves_up(pool: PgPool) {
    let a = waiting(&pool, 1, "ru").await;
    let b = waiting(&pool, 2, "ru").await;
    let c = waiting(&pool, 3, "ru").await;
    assert_eq!(routing::queue_place(&pool, a).await.unwrap(), Some((1, None)));
    assert_eq!(
        routing::queue_place(&pool, c).await.unwrap(),
        Some((3, None)),
        "no handling times yet"
    );

    let op = available_operator(&pool, "place.op", &["ru"], 1).await;
    assert_eq!(routing::assign_waiting(&pool).await.unwrap(), vec![(a, op)]);
    assert_eq!(
        routing::queue_place(&pool, a).await.unwrap(),
        None,
        "no longer waiting"
    );
    assert_eq!(routing::queue_place(&pool, b).await.unwrap(), Some((1, None)));

    // Once a conversation has been handled, an estimate appears (never below a minute).
    sqlx::query("UPDATE conversations SET assigned_at = now() - interval '6 minutes' WHERE id = $1")
        .bind(a)
        .execute(&pool)
        .await
        .unwrap();
    conversations::close(&pool, a, op).await.unwrap();
    // Place 2 × ~6 min handling ÷ 1 operator receiving chats ≈ 12 min.
    let (place, minutes) = routing::queue_place(&pool, c).await.unwrap().unwrap();
    assert_eq!(place, 2);
    assert!(matches!(minutes, Some(12..=13)), "{minutes:?}");
}
