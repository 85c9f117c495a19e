//! Concurrent licensing against a real database: seats up to the license's limit, a
//! refusal beyond it, seats freed at sign-out and after inactivity, a new license applied
//! without a restart, no seat for staff who don't handle conversations, and two OS
//! processes racing for seats never passing the limit.

use crate::common;

use app::domain::licensing::{self, SeatError};
use app::license::model::License;
use app::permission::Permission;
use ed25519_dalek::VerifyingKey;
use sqlx::postgres::PgConnectOptions;
use sqlx::PgPool;
use std::str::FromStr;

const DATABASE_ENV: &str = "CC_SEAT_RACE_DATABASE";
const KEY_ENV: &str = "CC_SEAT_RACE_KEY";

fn terms(max: i32) -> License {
    License {
        id: format!("test-{max}"),
        licensee: "Test Bank".into(),
        max_operators: max,
        issued: "2026-11-30".into(),
        expires: None,
    }
}

/// A throw-away pair and a license for `max` operators, loaded.
async fn licensed(pool: &PgPool, max: i32) -> (String, VerifyingKey) {
    let (private, public) = licensing::generate_pair();
    let key = licensing::verifying_key(&public).unwrap();
    let text = licensing::sign(&terms(max), &private).unwrap();
    licensing::install(pool, &text, &key, None).await.unwrap();
    (private, key)
}

/// An operator with a live session (a seat lapses without one).
async fn working(pool: &PgPool, login: &str) -> i64 {
    let id = common::operator(pool, login).await;
    common::session_cookie(pool, id).await;
    id
}

async fn seats(pool: &PgPool) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM license_seats")
        .fetch_one(pool)
        .await
        .unwrap()
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn seats_up_to_the_limit_and_a_new_license_without_restart(pool: PgPool) {
    let (private, key) = licensed(&pool, 2).await;
    let a = working(&pool, "seat.a").await;
    let b = working(&pool, "seat.b").await;
    let c = working(&pool, "seat.c").await;
    licensing::take_seat(&pool, a, "seat.a", &key).await.unwrap();
    // Taking again keeps the same seat.
    licensing::take_seat(&pool, a, "seat.a", &key).await.unwrap();
    licensing::take_seat(&pool, b, "seat.b", &key).await.unwrap();
    assert_eq!(
        licensing::take_seat(&pool, c, "seat.c", &key).await,
        Err(SeatError::Exhausted { max: 2 })
    );
    assert_eq!(seats(&pool).await, 2);

    // Signing out frees a seat for the next one.
    licensing::free_seat(&pool, a, "sign_out", &key).await.unwrap();
    licensing::take_seat(&pool, c, "seat.c", &key).await.unwrap();

    // A bigger license applies at once.
    let d = working(&pool, "seat.d").await;
    assert!(licensing::take_seat(&pool, d, "seat.d", &key).await.is_err());
    let bigger = licensing::sign(&terms(3), &private).unwrap();
    licensing::install(&pool, &bigger, &key, None).await.unwrap();
    licensing::take_seat(&pool, d, "seat.d", &key).await.unwrap();

    let overview = licensing::overview(&pool, &key).await.unwrap();
    assert_eq!(overview.max, 3);
    assert_eq!(overview.seats.len(), 3);
    let kinds: Vec<&str> = overview.history.iter().rev().map(|e| e.kind.as_str()).collect();
    assert_eq!(
        kinds,
        ["loaded", "taken", "taken", "refused", "freed", "taken", "refused", "loaded", "taken"]
    );
    assert_eq!(overview.history[0].in_use, 3);
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn forged_changed_and_expired_files_are_refused(pool: PgPool) {
    let (private, key) = licensed(&pool, 5).await;
    let (stranger, _) = licensing::generate_pair();
    let foreign = licensing::sign(&terms(500), &stranger).unwrap();
    assert_eq!(
        licensing::install(&pool, &foreign, &key, None).await,
        Err(licensing::LicenseError::BadSignature)
    );
    let changed = licensing::sign(&terms(5), &private)
        .unwrap()
        .replace("\"max_operators\":5", "\"max_operators\":50");
    assert_eq!(
        licensing::install(&pool, &changed, &key, None).await,
        Err(licensing::LicenseError::BadSignature)
    );
    let mut old = terms(50);
    old.expires = Some("2020-01-01".into());
    let expired = licensing::sign(&old, &private).unwrap();
    assert_eq!(
        licensing::install(&pool, &expired, &key, None).await,
        Err(licensing::LicenseError::Expired)
    );
    // A license changed in the database after loading counts for nothing: the
    // evaluation allowance applies.
    sqlx::query("UPDATE licenses SET text = replace(text, '\"max_operators\":5', '\"max_operators\":500')")
        .execute(&pool)
        .await
        .unwrap();
    let overview = licensing::overview(&pool, &key).await.unwrap();
    assert!(overview.license.is_none());
    assert_eq!(overview.max, licensing::EVALUATION_SEATS);
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn a_lapsed_session_frees_its_seat(pool: PgPool) {
    let (_, key) = licensed(&pool, 1).await;
    let a = working(&pool, "idle.a").await;
    let b = working(&pool, "idle.b").await;
    licensing::take_seat(&pool, a, "idle.a", &key).await.unwrap();
    assert!(licensing::take_seat(&pool, b, "idle.b", &key).await.is_err());
    sqlx::query("UPDATE sessions SET last_seen_at = now() - interval '61 minutes' WHERE user_id = $1")
        .bind(a)
        .execute(&pool)
        .await
        .unwrap();
    licensing::take_seat(&pool, b, "idle.b", &key).await.unwrap();
    let reasons: Vec<String> = sqlx::query_scalar("SELECT reason FROM license_events WHERE kind = 'freed'")
        .fetch_all(&pool)
        .await
        .unwrap();
    assert_eq!(reasons, ["inactive"]);
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn only_staff_who_handle_conversations_take_a_seat(pool: PgPool) {
    // The server trusts the product's key; with no license loaded the evaluation
    // allowance applies.
    let operator = working(&pool, "http.op").await;
    let op_cookie = common::session_cookie(&pool, operator).await;
    let lead = common::account_with(
        &pool,
        "http.lead",
        &[Permission::PresenceOwn, Permission::ConversationsViewAll],
    )
    .await;
    let lead_cookie = common::session_cookie(&pool, lead).await;
    let addr = common::serve(pool.clone()).await;
    let form = "application/x-www-form-urlencoded";
    let reply = common::http(
        addr,
        "POST",
        "/api/switch_state",
        form,
        "code=available",
        Some(&lead_cookie),
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(seats(&pool).await, 0);
    let reply = common::http(
        addr,
        "POST",
        "/api/switch_state",
        form,
        "code=available",
        Some(&op_cookie),
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(seats(&pool).await, 1);
    common::http(addr, "POST", "/api/sign_out", form, "", Some(&op_cookie)).await;
    assert_eq!(seats(&pool).await, 0);
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn two_processes_racing_never_pass_the_limit(pool: PgPool) {
    let (_, key) = licensed(&pool, 7).await;
    for n in 0..24 {
        working(&pool, &format!("race.{n}")).await;
    }
    let database: String = sqlx::query_scalar("SELECT current_database()")
        .fetch_one(&pool)
        .await
        .unwrap();
    let exe = std::env::current_exe().unwrap();
    let public = base64_of(&key);
    let children: Vec<_> = (0..2)
        .map(|n| {
            std::process::Command::new(&exe)
                .args([
                    "licensing::seat_taking_process",
                    "--exact",
                    "--ignored",
                    "--nocapture",
                ])
                .env(DATABASE_ENV, &database)
                .env(KEY_ENV, &public)
                .env("CC_SEAT_RACE_PROCESS", n.to_string())
                .stdout(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut child in children {
        assert!(child.wait().unwrap().success(), "a seat-taking process failed");
    }
    assert_eq!(seats(&pool).await, 7, "exactly the license's seats are taken");
    let (taken, refused): (i64, i64) = sqlx::query_as(
        "SELECT count(*) FILTER (WHERE kind = 'taken'), count(*) FILTER (WHERE kind = 'refused') FROM license_events",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    // 48 attempts: 7 seats taken, the 7 holders' second attempts keep their seat (no
    // event), the other 34 are refused.
    assert_eq!((taken, refused), (7, 34));
    let max_in_use: i32 = sqlx::query_scalar("SELECT max(in_use) FROM license_events")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert!(max_in_use <= 7);
}

fn base64_of(key: &VerifyingKey) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(key.to_bytes())
}

/// Run by `two_processes_racing_never_pass_the_limit` in child processes: every operator
/// tries to take a seat, in an order of this process's own.
#[tokio::test]
#[ignore = "run by two_processes_racing_never_pass_the_limit"]
async fn seat_taking_process() {
    let database = std::env::var(DATABASE_ENV).expect("started by the race test");
    let key = licensing::verifying_key(&std::env::var(KEY_ENV).unwrap()).unwrap();
    let process: usize = std::env::var("CC_SEAT_RACE_PROCESS").unwrap().parse().unwrap();
    let url = std::env::var("DATABASE_URL").unwrap();
    let options = PgConnectOptions::from_str(&url).unwrap().database(&database);
    let pool = sqlx::postgres::PgPoolOptions::new()
        .max_connections(6)
        .connect_with(options)
        .await
        .unwrap();
    let users: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, login FROM users WHERE login LIKE 'race.%' ORDER BY id")
            .fetch_all(&pool)
            .await
            .unwrap();
    let mut order = users.clone();
    if process == 1 {
        order.reverse();
    }
    let tasks: Vec<_> = order
        .into_iter()
        .map(|(id, login)| {
            let pool = pool.clone();
            tokio::spawn(async move {
                match licensing::take_seat(&pool, id, &login, &key).await {
                    Ok(()) | Err(SeatError::Exhausted { .. }) => {}
                    Err(e) => panic!("{e:?}"),
                }
            })
        })
        .collect();
    for t in tasks {
        t.await.unwrap();
    }
}
