//! Personal statistics (TS 8.6) from conversations, ratings and state changes with
//! known times: every figure, and the clipping of state intervals to the period.

use crate::common;

use app::domain::personal_stats::{bounds, for_operator, StatsError};
use chrono::{NaiveDate, Utc};
use sqlx::PgPool;

const TASHKENT: &str = "Asia/Tashkent";

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// A closed conversation with the given UTC times (`None` leaves a time unset).
async fn closed(
    pool: &PgPool,
    channel: i64,
    customer: i64,
    operator: i64,
    assigned: &str,
    first_response: Option<&str>,
    closed_at: &str,
) -> i64 {
    sqlx::query_scalar(
        "INSERT INTO conversations (customer_id, channel_id, status, language, operator_id,
                                    created_at, assigned_at, first_response_at, closed_at, closed_by)
         VALUES ($1, $2, 'closed', 'ru', $3, $4::timestamptz, $4::timestamptz, $5::timestamptz, $6::timestamptz, $3)
         RETURNING id",
    )
    .bind(customer)
    .bind(channel)
    .bind(operator)
    .bind(assigned)
    .bind(first_response)
    .bind(closed_at)
    .fetch_one(pool)
    .await
    .unwrap()
}

async fn rating(pool: &PgPool, conversation: i64, operator: i64, score: i16, at: &str) {
    sqlx::query(
        "INSERT INTO ratings (conversation_id, operator_id, score, scale, created_at) VALUES ($1, $2, $3, 5, $4::timestamptz)",
    )
    .bind(conversation)
    .bind(operator)
    .bind(score)
    .bind(at)
    .execute(pool)
    .await
    .unwrap();
}

async fn change(pool: &PgPool, operator: i64, state: &str, at: &str) {
    sqlx::query(
        "INSERT INTO state_changes (user_id, to_state_id, changed_at, changed_by)
         SELECT $1, id, $3::timestamptz, $1 FROM operator_states WHERE code = $2",
    )
    .bind(operator)
    .bind(state)
    .bind(at)
    .execute(pool)
    .await
    .unwrap();
}

fn seconds_in(stats: &app::personal_stats::model::PersonalStats, code: &str) -> i64 {
    stats
        .states
        .iter()
        .find(|s| s.state.code == code)
        .unwrap_or_else(|| panic!("no state {code}"))
        .seconds
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn every_figure_of_a_tashkent_day(pool: PgPool) {
    let op = common::operator(&pool, "ps.op").await;
    let other = common::operator(&pool, "ps.other").await;
    let (channel, customer) = common::customer(&pool, "ps-site", 5).await;
    // 10 March 2026 in Tashkent runs from 9 March 19:00 to 10 March 19:00 UTC.
    let c1 = closed(
        &pool,
        channel,
        customer,
        op,
        "2026-03-10T05:00:00Z",
        Some("2026-03-10T05:00:30Z"),
        "2026-03-10T05:10:00Z",
    )
    .await;
    let c2 = closed(
        &pool,
        channel,
        customer,
        op,
        "2026-03-10T06:00:00Z",
        Some("2026-03-10T06:01:30Z"),
        "2026-03-10T06:20:00Z",
    )
    .await;
    // Closed without a reply: counts as handled, not in the first-response average.
    let c3 = closed(
        &pool,
        channel,
        customer,
        op,
        "2026-03-09T19:30:00Z",
        None,
        "2026-03-09T20:00:00Z",
    )
    .await;
    // Closed after the day ended (00:05 on the 11th in Tashkent).
    let late = closed(
        &pool,
        channel,
        customer,
        op,
        "2026-03-10T18:50:00Z",
        Some("2026-03-10T18:51:00Z"),
        "2026-03-10T19:05:00Z",
    )
    .await;
    // Someone else's.
    let theirs = closed(
        &pool,
        channel,
        customer,
        other,
        "2026-03-10T07:00:00Z",
        Some("2026-03-10T07:00:05Z"),
        "2026-03-10T07:05:00Z",
    )
    .await;
    // Still open.
    sqlx::query(
        "INSERT INTO conversations (customer_id, channel_id, status, language, operator_id, assigned_at)
         VALUES ($1, $2, 'active', 'ru', $3, '2026-03-10T08:00:00Z')",
    )
    .bind(customer)
    .bind(channel)
    .bind(op)
    .execute(&pool)
    .await
    .unwrap();

    rating(&pool, c1, op, 4, "2026-03-10T05:15:00Z").await;
    rating(&pool, c2, op, 5, "2026-03-10T06:25:00Z").await;
    // The customer changed their mind: the latest rating counts.
    rating(&pool, c2, op, 3, "2026-03-10T06:30:00Z").await;
    rating(&pool, late, op, 1, "2026-03-10T19:10:00Z").await;
    rating(&pool, theirs, other, 1, "2026-03-10T07:10:00Z").await;
    let _ = c3;

    change(&pool, op, "available", "2026-03-09T18:00:00Z").await; // before the day: clipped
    change(&pool, op, "pause", "2026-03-09T20:00:00Z").await;
    change(&pool, op, "available", "2026-03-09T20:15:00Z").await;
    change(&pool, op, "offline", "2026-03-10T18:30:00Z").await; // runs past the day's end: clipped
    change(&pool, op, "available", "2026-03-10T20:00:00Z").await; // after the day
    change(&pool, other, "pause", "2026-03-10T01:00:00Z").await;

    let d = day("2026-03-10");
    let stats = for_operator(&pool, op, TASHKENT, Some(d), Some(d)).await.unwrap();
    assert_eq!(
        (stats.from.as_str(), stats.to.as_str()),
        ("2026-03-10", "2026-03-10")
    );
    assert_eq!(stats.handled, 3);
    assert_eq!(stats.avg_handling_seconds, Some((600 + 1200 + 1800) / 3));
    assert_eq!(stats.avg_first_response_seconds, Some((30 + 90) / 2));
    assert_eq!(stats.ratings.len(), 1);
    assert_eq!(stats.ratings[0].scale, 5);
    assert_eq!(stats.ratings[0].count, 2);
    assert!((stats.ratings[0].average - 3.5).abs() < 1e-9);

    assert_eq!(seconds_in(&stats, "available"), 3600 + 22 * 3600 + 15 * 60);
    assert_eq!(seconds_in(&stats, "pause"), 15 * 60);
    assert_eq!(seconds_in(&stats, "offline"), 30 * 60);
    assert_eq!(seconds_in(&stats, "busy"), 0);
    let total: i64 = stats.states.iter().map(|s| s.seconds).sum();
    assert_eq!(total, 24 * 3600, "a day is accounted for exactly once");

    // Two days: the late conversation and its rating come in, and the evening after.
    let two = for_operator(&pool, op, TASHKENT, Some(d), Some(day("2026-03-11")))
        .await
        .unwrap();
    assert_eq!(two.handled, 4);
    assert_eq!(two.avg_first_response_seconds, Some((30 + 90 + 60) / 3));
    assert_eq!(two.ratings[0].count, 3);
    assert_eq!(seconds_in(&two, "offline"), 90 * 60);
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn an_empty_period_has_zeros_and_no_averages(pool: PgPool) {
    let op = common::operator(&pool, "ps.empty").await;
    let d = day("2026-01-05");
    let stats = for_operator(&pool, op, TASHKENT, Some(d), Some(d)).await.unwrap();
    assert_eq!(stats.handled, 0);
    assert_eq!(stats.avg_handling_seconds, None);
    assert_eq!(stats.avg_first_response_seconds, None);
    assert!(stats.ratings.is_empty());
    assert!(!stats.states.is_empty(), "every state is listed");
    assert!(stats.states.iter().all(|s| s.seconds == 0));
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn today_runs_until_now_and_is_the_default(pool: PgPool) {
    let op = common::operator(&pool, "ps.now").await;
    sqlx::query(
        "INSERT INTO state_changes (user_id, to_state_id, changed_at)
         SELECT $1, id, now() - interval '2 days' FROM operator_states WHERE code = 'pause'",
    )
    .bind(op)
    .execute(&pool)
    .await
    .unwrap();
    let stats = for_operator(&pool, op, TASHKENT, None, None).await.unwrap();
    let today = app::domain::personal_stats::today(TASHKENT);
    assert_eq!(stats.from, today.to_string());
    assert_eq!(stats.to, today.to_string());
    // The open pause counts from the day's start until now, not to the day's end.
    let (start, _) = bounds(TASHKENT, today, today);
    let expected = (Utc::now() - start).num_seconds();
    let got = seconds_in(&stats, "pause");
    assert!(
        (got - expected).abs() <= 5,
        "pause {got} s, expected about {expected} s"
    );
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn a_reversed_or_overlong_period_is_refused(pool: PgPool) {
    let op = common::operator(&pool, "ps.bad").await;
    assert_eq!(
        for_operator(
            &pool,
            op,
            TASHKENT,
            Some(day("2026-03-10")),
            Some(day("2026-03-09"))
        )
        .await
        .unwrap_err(),
        StatsError::Invalid
    );
    assert_eq!(
        for_operator(
            &pool,
            op,
            TASHKENT,
            Some(day("2025-01-01")),
            Some(day("2026-03-09"))
        )
        .await
        .unwrap_err(),
        StatsError::Invalid
    );
}
