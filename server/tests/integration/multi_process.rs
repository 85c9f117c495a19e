//! Three OS processes assign from one queue at once: no conversation is assigned twice
//! and no operator goes over capacity. The processes are this test binary started
//! again to run only `assigning_process` against the parent's database.

use crate::common;

use app::domain::routing;
use sqlx::postgres::PgConnectOptions;
use sqlx::PgPool;
use std::str::FromStr;

const DATABASE_ENV: &str = "CC_RACE_DATABASE";

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn three_processes_never_double_assign_nor_overfill(pool: PgPool) {
    for n in 0..10 {
        common::available_operator(&pool, &format!("race.{n}"), &["ru"], 12).await;
    }
    for n in 0..150 {
        common::waiting_on(&pool, "race", n, "ru").await;
    }
    sqlx::query("CREATE TABLE race_log (conversation_id bigint NOT NULL, process int NOT NULL)")
        .execute(&pool)
        .await
        .unwrap();
    let database: String = sqlx::query_scalar("SELECT current_database()")
        .fetch_one(&pool)
        .await
        .unwrap();
    let exe = std::env::current_exe().unwrap();
    let children: Vec<_> = (0..3)
        .map(|n| {
            std::process::Command::new(&exe)
                .args([
                    "multi_process::assigning_process",
                    "--exact",
                    "--ignored",
                    "--nocapture",
                ])
                .env(DATABASE_ENV, &database)
                .env("CC_RACE_PROCESS", n.to_string())
                // Their own "test result" lines would count as tests run; failures still
                // show on stderr and in the exit status.
                .stdout(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut child in children {
        assert!(child.wait().unwrap().success(), "an assigning process failed");
    }
    let (recorded, distinct, processes): (i64, i64, i64) = sqlx::query_as(
        "SELECT count(*), count(DISTINCT conversation_id), count(DISTINCT process) FROM race_log",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(recorded, 120, "10 operators × capacity 12");
    assert_eq!(distinct, recorded, "no conversation assigned twice");
    assert!(
        processes >= 2,
        "the processes really raced ({processes} assigned)"
    );
    let loads: Vec<i64> =
        sqlx::query_scalar("SELECT count(*) FROM conversations WHERE status = 'active' GROUP BY operator_id")
            .fetch_all(&pool)
            .await
            .unwrap();
    assert!(loads.iter().all(|l| *l == 12), "{loads:?}");
}

/// Run only as a child of the test above.
#[tokio::test]
#[ignore = "started by three_processes_never_double_assign_nor_overfill"]
async fn assigning_process() {
    let Ok(database) = std::env::var(DATABASE_ENV) else {
        return;
    };
    let process: i32 = std::env::var("CC_RACE_PROCESS").unwrap().parse().unwrap();
    let url = std::env::var("DATABASE_URL").expect("DATABASE_URL, as for every integration test");
    let options = PgConnectOptions::from_str(&url).unwrap().database(&database);
    let pool = PgPool::connect_with(options).await.unwrap();
    loop {
        let pairs = routing::assign_batch(&pool, 2).await.unwrap();
        if pairs.is_empty() {
            return;
        }
        let ids: Vec<i64> = pairs.iter().map(|(c, _)| *c).collect();
        sqlx::query("INSERT INTO race_log SELECT c, $2 FROM unnest($1::bigint[]) AS c")
            .bind(&ids)
            .bind(process)
            .execute(&pool)
            .await
            .unwrap();
    }
}
