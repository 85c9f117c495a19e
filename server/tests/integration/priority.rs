//! The queue's order against a real PostgreSQL: waiting time, channel, segment,
//! attribute rules; and groups with overflow.

use crate::common;

use app::domain::routing::{self, settings};
use app::model::{RoutingWeights, Segment};
use common::{available_operator, queued_ago, waiting_on};
use sqlx::PgPool;

async fn weights(pool: &PgPool, wait_weight: i32, overflow_seconds: i32) {
    settings::save_weights(
        pool,
        &RoutingWeights {
            wait_weight,
            overflow_seconds,
            answer_timeout_seconds: 180,
            reassign_boost: 100,
        },
    )
    .await
    .unwrap();
}

async fn place(pool: &PgPool, conversation: i64) -> i64 {
    routing::queue_place(pool, conversation).await.unwrap().unwrap().0
}

async fn channel_routing(pool: &PgPool, key: &str, weight: i32, group_id: Option<i64>) {
    common::channel_routing(pool, key, weight, group_id, None, None)
        .await
        .unwrap();
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn the_longest_waiting_comes_first_when_nothing_else_differs(pool: PgPool) {
    let a = waiting_on(&pool, "site", 1, "ru").await;
    let b = waiting_on(&pool, "site", 2, "ru").await;
    queued_ago(&pool, b, 120).await;
    assert_eq!((place(&pool, b).await, place(&pool, a).await), (1, 2));
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn channel_weight_outranks_a_short_wait_and_weights_reorder_at_once(pool: PgPool) {
    weights(&pool, 10, 120).await;
    let site = waiting_on(&pool, "site", 1, "ru").await;
    let app = waiting_on(&pool, "mobile", 2, "ru").await;
    queued_ago(&pool, site, 5 * 60).await; // 50 points of waiting
    channel_routing(&pool, "mobile", 100, None).await;
    assert_eq!(place(&pool, app).await, 1, "100 > 50");
    // Waiting is worth more now: the site's customer goes first.
    weights(&pool, 30, 120).await;
    assert_eq!(place(&pool, site).await, 1, "150 > 100");

    let op = available_operator(&pool, "first.op", &["ru"], 1).await;
    assert_eq!(routing::assign_waiting(&pool).await.unwrap(), vec![(site, op)]);
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn a_premium_customer_and_a_matching_rule_go_ahead(pool: PgPool) {
    let standard = waiting_on(&pool, "site", 1, "ru").await;
    let premium = waiting_on(&pool, "site", 2, "ru").await;
    let flagged = waiting_on(&pool, "site", 3, "ru").await;
    queued_ago(&pool, standard, 60).await;
    sqlx::query(
        "UPDATE conversations SET segment_id = (SELECT id FROM customer_segments WHERE code = 'premium')
         WHERE id = $1",
    )
    .bind(premium)
    .execute(&pool)
    .await
    .unwrap();
    sqlx::query("UPDATE conversations SET attributes = '{\"product\": \"card\"}' WHERE id = $1")
        .bind(flagged)
        .execute(&pool)
        .await
        .unwrap();
    // Premium weighs 300 by default; the rule adds 500 for card questions.
    assert_eq!(place(&pool, premium).await, 1);
    settings::save_rule(&pool, "product", "card", 500).await.unwrap();
    assert_eq!(place(&pool, flagged).await, 1);
    assert_eq!(place(&pool, premium).await, 2);
    assert_eq!(place(&pool, standard).await, 3);

    // A custom segment with a weight of its own.
    let vip = settings::save_segment(
        &pool,
        &Segment {
            id: 0,
            code: "vip".into(),
            name: "VIP".into(),
            built_in: false,
            weight: 1000,
        },
    )
    .await
    .unwrap();
    sqlx::query("UPDATE conversations SET segment_id = $2 WHERE id = $1")
        .bind(standard)
        .bind(vip)
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(place(&pool, standard).await, 1);
    let board = routing::queue_board(&pool).await.unwrap();
    assert_eq!(board.waiting[0].conversation_id, standard);
    assert_eq!(board.waiting[0].segment.as_ref().unwrap().code, "vip");
    assert!(board.waiting[0].priority >= 1000);
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn a_customer_segment_comes_along_into_new_conversations(pool: PgPool) {
    let first = waiting_on(&pool, "site", 1, "ru").await;
    sqlx::query(
        "UPDATE customers SET segment_id = (SELECT id FROM customer_segments WHERE code = 'premium')
         WHERE id = (SELECT customer_id FROM conversations WHERE id = $1)",
    )
    .bind(first)
    .execute(&pool)
    .await
    .unwrap();
    sqlx::query("UPDATE conversations SET status = 'closed' WHERE id = $1")
        .bind(first)
        .execute(&pool)
        .await
        .unwrap();
    let second = waiting_on(&pool, "site", 1, "ru").await;
    assert_ne!(first, second);
    let segment: Option<String> = sqlx::query_scalar(
        "SELECT s.code FROM conversations c JOIN customer_segments s ON s.id = c.segment_id WHERE c.id = $1",
    )
    .bind(second)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(segment.as_deref(), Some("premium"));
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn a_group_conversation_waits_for_its_group_until_it_overflows(pool: PgPool) {
    weights(&pool, 10, 60).await;
    let cards = settings::add_group(&pool, "Cards").await.unwrap();
    let outsider = available_operator(&pool, "outsider", &["ru"], 3).await;
    waiting_on(&pool, "cards-site", 0, "ru").await; // creates the channel
    channel_routing(&pool, "cards-site", 0, Some(cards)).await;
    let c = waiting_on(&pool, "cards-site", 1, "ru").await;
    assert!(routing::assign_waiting(&pool)
        .await
        .unwrap()
        .iter()
        .all(|(id, _)| *id != c));
    assert_eq!(
        common::operator_of(&pool, c).await,
        None,
        "the outsider is not in Cards"
    );

    // Past the overflow time, anyone may take it.
    queued_ago(&pool, c, 61).await;
    let assigned = routing::assign_waiting(&pool).await.unwrap();
    assert!(assigned.contains(&(c, outsider)), "{assigned:?}");
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn a_group_member_gets_the_group_conversation_first(pool: PgPool) {
    let cards = settings::add_group(&pool, "Cards").await.unwrap();
    let other = available_operator(&pool, "other", &["ru"], 3).await;
    let member = available_operator(&pool, "member", &["ru"], 3).await;
    let mut skills = settings::load(&pool)
        .await
        .unwrap()
        .operators
        .into_iter()
        .find(|o| o.id == member)
        .unwrap();
    skills.groups = vec![cards];
    settings::save_operator(&pool, &skills).await.unwrap();
    waiting_on(&pool, "cards-site", 0, "ru").await;
    channel_routing(&pool, "cards-site", 0, Some(cards)).await;
    // The first conversation (no group yet) went to someone; a new one goes to Cards.
    routing::assign_waiting(&pool).await.unwrap();
    let c = waiting_on(&pool, "cards-site", 1, "ru").await;
    assert_eq!(routing::assign_waiting(&pool).await.unwrap(), vec![(c, member)]);
    assert_ne!(member, other);
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn bad_settings_are_refused_and_change_nothing(pool: PgPool) {
    use app::domain::routing::settings::SettingsError;
    let before = settings::load(&pool).await.unwrap();
    let bad = RoutingWeights {
        answer_timeout_seconds: 1,
        ..before.weights
    };
    assert_eq!(
        settings::save_weights(&pool, &bad).await,
        Err(SettingsError::Invalid)
    );
    assert_eq!(
        settings::save_rule(&pool, "Bad Name", "x", 1).await,
        Err(SettingsError::Invalid)
    );
    let premium = Segment {
        id: 0,
        code: "premium".into(),
        name: "Again".into(),
        built_in: false,
        weight: 1,
    };
    assert_eq!(
        settings::save_segment(&pool, &premium).await,
        Err(SettingsError::Duplicate)
    );
    assert_eq!(settings::load(&pool).await.unwrap(), before);
}
