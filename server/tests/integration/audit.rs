//! The audit journal: a hash chain that verifies, refuses UPDATE, DELETE and TRUNCATE
//! in the database itself, whose application role lacks those grants, and whose
//! verification (in code and through `server audit verify`) names the first broken record.

use crate::common;

use app::domain::audit::{self, Actor, BreakKind, VerifyError};
use sqlx::{Executor, PgPool};

fn actor(n: i64) -> Actor {
    Actor {
        user_id: Some(n),
        login: format!("user{n}"),
        ip: Some("10.1.2.3".into()),
        user_agent: Some("test".into()),
    }
}

async fn write(pool: &PgPool, n: i64) {
    for i in 1..=n {
        audit::record(
            pool,
            &actor(i),
            "test.event",
            &format!("target {i}"),
            &serde_json::json!({ "i": i }),
        )
        .await
        .unwrap();
    }
}

/// Runs `sql` with the journal's triggers off, as only the database owner could.
async fn tamper(pool: &PgPool, sql: &str) {
    let mut tx = pool.begin().await.unwrap();
    tx.execute("ALTER TABLE audit_events DISABLE TRIGGER USER")
        .await
        .unwrap();
    tx.execute(sql).await.unwrap();
    tx.execute("ALTER TABLE audit_events ENABLE TRIGGER USER")
        .await
        .unwrap();
    tx.commit().await.unwrap();
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn records_chain_and_verify(pool: PgPool) {
    write(&pool, 5).await;
    let v = audit::verify(&pool).await.unwrap();
    assert_eq!(v.records, 5);
    let head: Vec<u8> = sqlx::query_scalar("SELECT hash FROM audit_events ORDER BY id DESC LIMIT 1")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(v.head, hex::encode(head));
    // Each record links to the one before it.
    let unlinked: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM audit_events a JOIN audit_events b ON b.id = (SELECT max(id) FROM audit_events WHERE id < a.id)
         WHERE a.prev_hash <> b.hash",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(unlinked, 0);
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn update_delete_and_truncate_fail_at_the_database(pool: PgPool) {
    write(&pool, 2).await;
    for sql in [
        "UPDATE audit_events SET details = '{}' WHERE id = 1",
        "DELETE FROM audit_events WHERE id = 1",
        "TRUNCATE audit_events",
    ] {
        let err = pool.execute(sql).await.expect_err(sql);
        assert!(err.to_string().contains("append-only"), "{sql}: {err}");
    }
    assert_eq!(audit::verify(&pool).await.unwrap().records, 2);
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn the_application_role_has_no_update_or_delete_grant(pool: PgPool) {
    write(&pool, 1).await;
    // The role exists cluster-wide once any database was prepared; create it if not.
    let _ = pool
        .execute("DO $$ BEGIN CREATE ROLE cc_app LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$")
        .await;
    pool.execute("GRANT USAGE ON SCHEMA public TO cc_app")
        .await
        .unwrap();
    server::database::grant_application_role(&pool).await.unwrap();
    let mut tx = pool.begin().await.unwrap();
    // Even with the trigger off, the role itself may not change a record.
    tx.execute("ALTER TABLE audit_events DISABLE TRIGGER USER")
        .await
        .unwrap();
    tx.execute("SET LOCAL ROLE cc_app").await.unwrap();
    let inserted = tx.execute("SELECT count(*) FROM audit_events").await;
    assert!(inserted.is_ok(), "{inserted:?}");
    tx.execute("SAVEPOINT s").await.unwrap();
    let err = tx
        .execute("UPDATE audit_events SET login = 'x' WHERE id = 1")
        .await
        .expect_err("UPDATE as cc_app");
    assert!(err.to_string().contains("permission denied"), "{err}");
    tx.execute("ROLLBACK TO SAVEPOINT s").await.unwrap();
    let err = tx
        .execute("DELETE FROM audit_events WHERE id = 1")
        .await
        .expect_err("DELETE as cc_app");
    assert!(err.to_string().contains("permission denied"), "{err}");
    tx.rollback().await.unwrap();
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn a_changed_record_is_found(pool: PgPool) {
    write(&pool, 4).await;
    tamper(
        &pool,
        "UPDATE audit_events SET details = '{\"i\": 99}' WHERE id = 3",
    )
    .await;
    match audit::verify(&pool).await {
        Err(VerifyError::Broken(b)) => {
            assert_eq!((b.id, b.kind, b.verified_before), (3, BreakKind::Altered, 2));
        }
        other => panic!("{other:?}"),
    }
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn a_removed_record_is_found(pool: PgPool) {
    write(&pool, 4).await;
    tamper(&pool, "DELETE FROM audit_events WHERE id = 2").await;
    match audit::verify(&pool).await {
        Err(VerifyError::Broken(b)) => {
            assert_eq!((b.id, b.kind, b.verified_before), (3, BreakKind::Unlinked, 1));
        }
        other => panic!("{other:?}"),
    }
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn concurrent_writers_keep_one_chain(pool: PgPool) {
    let mut tasks = Vec::new();
    for t in 0..8 {
        let pool = pool.clone();
        tasks.push(tokio::spawn(async move {
            for i in 0..25 {
                audit::record(
                    &pool,
                    &actor(t),
                    "test.concurrent",
                    "",
                    &serde_json::json!({ "t": t, "i": i }),
                )
                .await
                .unwrap();
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    assert_eq!(audit::verify(&pool).await.unwrap().records, 200);
}

/// `server audit verify` against this test's database: exit 0 and the count, then a
/// non-zero exit naming the changed record.
#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn the_verify_command_reports_ok_and_the_first_break(pool: PgPool) {
    write(&pool, 3).await;
    let db: String = sqlx::query_scalar("SELECT current_database()")
        .fetch_one(&pool)
        .await
        .unwrap();
    let base = std::env::var("DATABASE_URL").expect("DATABASE_URL");
    // postgres://user@host:port/<database>[?host=/socket/dir]
    let (address, query) = base
        .split_once('?')
        .map_or((base.as_str(), None), |(a, q)| (a, Some(q)));
    let server = address.rsplit_once('/').expect("a database in the URL").0;
    let url = match query {
        Some(q) => format!("{server}/{db}?{q}"),
        None => format!("{server}/{db}"),
    };
    let run = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_server"))
            .args(["audit", "verify"])
            .env("DATABASE_URL", &url)
            .output()
            .unwrap()
    };
    let ok = run();
    let out = String::from_utf8_lossy(&ok.stdout);
    assert!(
        ok.status.success(),
        "{out} {}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(out.contains("audit chain ok: 3 records"), "{out}");

    tamper(&pool, "UPDATE audit_events SET login = 'mallory' WHERE id = 2").await;
    let broken = run();
    assert!(!broken.status.success());
    let err = String::from_utf8_lossy(&broken.stderr);
    assert!(err.contains("audit chain broken at record 2"), "{err}");
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn sign_ins_and_sign_outs_are_journalled_with_address_and_browser(pool: PgPool) {
    common::operator(&pool, "journal.op").await;
    let addr = common::serve(pool.clone()).await;
    let form = "application/x-www-form-urlencoded";
    let failed = common::http(
        addr,
        "POST",
        "/api/sign_in",
        form,
        "login=journal.op&password=nope",
        None,
    )
    .await;
    assert!(failed.body.contains("WrongCredentials"), "{}", failed.body);
    let ok = common::http(
        addr,
        "POST",
        "/api/sign_in",
        form,
        "login=journal.op&password=Test-Passw0rd%21",
        None,
    )
    .await;
    let cookie = ok
        .head
        .lines()
        .find_map(|l| l.strip_prefix("set-cookie: "))
        .and_then(|c| c.split(';').next())
        .expect("a session cookie")
        .to_owned();
    common::http(addr, "POST", "/api/sign_out", form, "", Some(&cookie)).await;
    let events: Vec<(String, String, Option<String>, Option<String>, String)> =
        sqlx::query_as("SELECT event, login, ip, user_agent, details FROM audit_events ORDER BY id")
            .fetch_all(&pool)
            .await
            .unwrap();
    let names: Vec<&str> = events.iter().map(|e| e.0.as_str()).collect();
    assert_eq!(
        names,
        ["auth.login.failed", "auth.login.succeeded", "auth.logout"]
    );
    for (_, login, ip, agent, _) in &events {
        assert_eq!(login, "journal.op");
        assert_eq!(ip.as_deref(), Some("127.0.0.1"));
        assert_eq!(agent.as_deref(), Some("integration-test/1.0"));
    }
    assert!(events[0].4.contains("wrong_credentials"));
    assert_eq!(audit::verify(&pool).await.unwrap().records, 3);
}
