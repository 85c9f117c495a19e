//! Operator states and shifts against a real PostgreSQL.

use crate::common;

use app::domain::presence::{self, PresenceError};
use sqlx::PgPool;

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn an_operator_starts_offline_and_every_switch_is_recorded(pool: PgPool) {
    let op = common::operator(&pool, "st.op").await;
    let now = presence::current(&pool, op).await.unwrap();
    assert_eq!(now.state.code, "offline");

    let p = presence::switch(&pool, op, "available", op).await.unwrap();
    assert_eq!(p.state.code, "available");
    assert!(p.state.receives_chats);
    presence::switch(&pool, op, "available", op).await.unwrap();
    presence::switch(&pool, op, "pause", op).await.unwrap();
    assert_eq!(
        presence::current(&pool, op)
            .await
            .unwrap()
            .state
            .recommended_minutes,
        Some(15)
    );

    let changes: Vec<(Option<String>, String, i64)> = sqlx::query_as(
        "SELECT f.code, t.code, c.changed_by FROM state_changes c
         LEFT JOIN operator_states f ON f.id = c.from_state_id
         JOIN operator_states t ON t.id = c.to_state_id ORDER BY c.id",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(
        changes,
        vec![
            (None, "available".into(), op),
            (Some("available".into()), "pause".into(), op)
        ],
        "choosing the same state again records nothing"
    );
    assert_eq!(
        presence::switch(&pool, op, "no-such-state", op)
            .await
            .unwrap_err(),
        PresenceError::UnknownState
    );
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn a_shift_runs_from_first_availability_to_sign_out(pool: PgPool) {
    let op = common::operator(&pool, "sh.op").await;
    presence::switch(&pool, op, "pause", op).await.unwrap();
    let open: i64 = sqlx::query_scalar("SELECT count(*) FROM shifts")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(open, 0, "a pause does not start a shift");

    presence::switch(&pool, op, "available", op).await.unwrap();
    presence::switch(&pool, op, "pause", op).await.unwrap();
    presence::switch(&pool, op, "available", op).await.unwrap();
    let shifts: i64 = sqlx::query_scalar("SELECT count(*) FROM shifts")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(shifts, 1, "one shift however often the operator comes back");

    presence::sign_out(&pool, op).await.unwrap();
    assert_eq!(presence::current(&pool, op).await.unwrap().state.code, "offline");
    let (ended, reason): (bool, Option<String>) =
        sqlx::query_as("SELECT ended_at IS NOT NULL, end_reason FROM shifts")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert!(ended);
    assert_eq!(reason.as_deref(), Some("sign_out"));
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn administrators_add_custom_states_but_cannot_rewrite_built_in_ones(pool: PgPool) {
    presence::save_custom_state(&pool, "training", "Обучение", false, Some(30))
        .await
        .unwrap();
    presence::save_custom_state(&pool, "pause", "Hijacked", true, None)
        .await
        .unwrap();
    let states = presence::states(&pool).await.unwrap();
    let training = states.iter().find(|s| s.code == "training").unwrap();
    assert_eq!(
        (
            training.name.as_str(),
            training.built_in,
            training.recommended_minutes
        ),
        ("Обучение", false, Some(30))
    );
    let pause = states.iter().find(|s| s.code == "pause").unwrap();
    assert_eq!((pause.name.as_str(), pause.receives_chats), ("Pause", false));
    assert_eq!(states.first().unwrap().code, "available");
}
