//! `make bench-routing`: assignment decision latency with 10,000 queued conversations
//! and 500 operators, and a check that 3 server processes assigning 2,000
//! conversations on one database never assign one twice nor overfill an operator.
//!
//! Runs against a fresh database `cc_bench` on the PostgreSQL named by
//! `BENCH_DATABASE_URL` (a superuser URL; the Makefile passes the embedded cluster's).
//! Ends with the lines `assign_p50_ms=…`, `assign_p99_ms=…`, `double_assignments=…`.
//! `bench_routing worker N` is one of the three assigning processes; with
//! `BENCH_SEED_ONLY=1` it seeds the first phase's data and stops (to study plans).

use app::domain::routing;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{Executor, PgPool};
use std::str::FromStr;
use std::time::{Duration, Instant};

const DATABASE: &str = "cc_bench";
const QUEUED: i64 = 10_000;
const OPERATORS: i64 = 500;
const DECISIONS: usize = 1_000;
const RACE_CONVERSATIONS: i64 = 2_000;
const RACE_OPERATORS: i64 = 100;
const RACE_CAPACITY: i32 = 15;
const PROCESSES: usize = 3;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let url = std::env::var("BENCH_DATABASE_URL")
        .map_err(|_| anyhow::anyhow!("BENCH_DATABASE_URL: a superuser URL of the PostgreSQL to use"))?;
    let server = PgConnectOptions::from_str(&url)?;
    let bench = server.clone().database(DATABASE);
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("worker") {
        return worker(bench, args.get(2).cloned().unwrap_or_default()).await;
    }

    let admin = PgPoolOptions::new()
        .max_connections(1)
        .connect_with(server)
        .await?;
    admin
        .execute(format!("DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)").as_str())
        .await?;
    admin
        .execute(format!("CREATE DATABASE {DATABASE}").as_str())
        .await?;
    let pool = PgPoolOptions::new()
        .max_connections(4)
        .connect_with(bench.clone())
        .await?;
    app::domain::MIGRATOR.run(&pool).await?;

    // 1. Latency of one decision against a deep queue and a large floor.
    let started = Instant::now();
    seed_operators(&pool, OPERATORS, 3, "lat").await?;
    seed_queue(&pool, QUEUED).await?;
    sqlx::query("ANALYZE").execute(&pool).await?;
    println!(
        "seeded {QUEUED} waiting conversations and {OPERATORS} available operators in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    if std::env::var_os("BENCH_SEED_ONLY").is_some() {
        println!("BENCH_SEED_ONLY: database {DATABASE} left seeded for EXPLAIN");
        return Ok(());
    }
    let mut times = Vec::with_capacity(DECISIONS);
    for _ in 0..DECISIONS {
        let t = Instant::now();
        let made = routing::assign_batch(&pool, 1).await?;
        times.push(t.elapsed());
        anyhow::ensure!(made.len() == 1, "a decision placed {} conversations", made.len());
    }
    times.sort_unstable();
    let (p50, p99) = (percentile(&times, 50), percentile(&times, 99));
    println!(
        "{DECISIONS} decisions, one conversation each: p50 {p50:.2} ms, p90 {:.2} ms, p99 {p99:.2} ms, max {:.2} ms",
        percentile(&times, 90),
        percentile(&times, 100)
    );
    let t = Instant::now();
    let batch = routing::assign_batch(&pool, 50).await?;
    println!(
        "one batch of {} assignments: {:.2} ms",
        batch.len(),
        t.elapsed().as_secs_f64() * 1000.0
    );

    // 2. Three processes race for 2,000 conversations and less capacity than that.
    pool.execute(
        "DELETE FROM messages; DELETE FROM conversations; DELETE FROM customers;
         DELETE FROM operator_presence; DELETE FROM user_roles; DELETE FROM shifts;
         DELETE FROM state_changes; DELETE FROM users;
         CREATE TABLE bench_assignments (conversation_id bigint NOT NULL, operator_id bigint NOT NULL,
                                         process int NOT NULL)",
    )
    .await?;
    seed_operators(&pool, RACE_OPERATORS, RACE_CAPACITY, "race").await?;
    seed_queue(&pool, RACE_CONVERSATIONS).await?;
    let exe = std::env::current_exe()?;
    let children: Vec<_> = (0..PROCESSES)
        .map(|n| {
            std::process::Command::new(&exe)
                .args(["worker", &n.to_string()])
                .spawn()
        })
        .collect::<Result<_, _>>()?;
    for mut child in children {
        anyhow::ensure!(child.wait()?.success(), "an assigning process failed");
    }
    let (recorded, distinct, doubles): (i64, i64, i64) = sqlx::query_as(
        "SELECT count(*), count(DISTINCT conversation_id),
                (SELECT count(*) FROM (SELECT conversation_id FROM bench_assignments
                                       GROUP BY conversation_id HAVING count(*) > 1) d)
         FROM bench_assignments",
    )
    .fetch_one(&pool)
    .await?;
    let by_process: Vec<(i32, i64)> =
        sqlx::query_as("SELECT process, count(*) FROM bench_assignments GROUP BY process ORDER BY process")
            .fetch_all(&pool)
            .await?;
    let overfilled: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM users u
         WHERE (SELECT count(*) FROM conversations c WHERE c.operator_id = u.id AND c.status = 'active') > u.capacity",
    )
    .fetch_one(&pool)
    .await?;
    let active: i64 = sqlx::query_scalar("SELECT count(*) FROM conversations WHERE status = 'active'")
        .fetch_one(&pool)
        .await?;
    let expected = (RACE_OPERATORS * i64::from(RACE_CAPACITY)).min(RACE_CONVERSATIONS);
    println!(
        "{PROCESSES} processes, {RACE_CONVERSATIONS} conversations, capacity {expected}: \
         {recorded} assignments ({distinct} conversations), by process {by_process:?}; \
         active {active}, operators over capacity {overfilled}"
    );
    anyhow::ensure!(
        active == expected,
        "expected {expected} active conversations, found {active}"
    );
    pool.close().await;
    admin
        .execute(format!("DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)").as_str())
        .await?;

    println!("assign_p50_ms={p50:.2}");
    println!("assign_p99_ms={p99:.2}");
    println!("double_assignments={}", doubles + overfilled);
    Ok(())
}

/// One assigning process: small batches until the queue has nothing it can place.
async fn worker(bench: PgConnectOptions, n: String) -> anyhow::Result<()> {
    let process: i32 = n.parse()?;
    let pool = PgPoolOptions::new()
        .max_connections(2)
        .connect_with(bench)
        .await?;
    let mut idle = 0;
    while idle < 3 {
        let pairs = routing::assign_batch(&pool, 5).await?;
        if pairs.is_empty() {
            idle += 1;
            tokio::time::sleep(Duration::from_millis(20)).await;
            continue;
        }
        idle = 0;
        let (conversations, operators): (Vec<i64>, Vec<i64>) = pairs.into_iter().unzip();
        sqlx::query(
            "INSERT INTO bench_assignments (conversation_id, operator_id, process)
             SELECT c, o, $3 FROM unnest($1::bigint[], $2::bigint[]) AS v(c, o)",
        )
        .bind(&conversations)
        .bind(&operators)
        .bind(process)
        .execute(&pool)
        .await?;
    }
    Ok(())
}

/// `n` available operators with the operator role; every fifth speaks Uzbek too.
async fn seed_operators(pool: &PgPool, n: i64, capacity: i32, prefix: &str) -> anyhow::Result<()> {
    sqlx::query(
        "WITH made AS (
             INSERT INTO users (login, display_name, password_hash, capacity, languages)
             SELECT $2 || '.' || i, 'Operator ' || i, 'not-a-hash', $3,
                    CASE WHEN i % 5 = 0 THEN ARRAY['ru', 'uz'] ELSE ARRAY['ru'] END
             FROM generate_series(1, $1) AS i
             RETURNING id
         ), roles AS (
             INSERT INTO user_roles (user_id, role_id)
             SELECT id, (SELECT id FROM roles WHERE code = 'operator') FROM made
         )
         INSERT INTO operator_presence (user_id, state_id, since)
         SELECT id, (SELECT id FROM operator_states WHERE code = 'available'),
                now() - make_interval(secs => id % 600)
         FROM made",
    )
    .bind(n)
    .bind(prefix)
    .bind(capacity)
    .execute(pool)
    .await?;
    Ok(())
}

/// `n` waiting conversations over two channels, a tenth of them Premium, a tenth in
/// Uzbek, some with an attribute that a rule weighs, entered over the last hour.
async fn seed_queue(pool: &PgPool, n: i64) -> anyhow::Result<()> {
    pool.execute(
        "INSERT INTO channels (kind, name, public_key, weight) VALUES
             ('webchat', 'Site', 'bench-site', 0), ('webchat', 'App', 'bench-app', 50)
         ON CONFLICT (public_key) DO NOTHING;
         INSERT INTO priority_rules (attribute, value, weight) VALUES ('product', 'card', 80)
         ON CONFLICT DO NOTHING",
    )
    .await?;
    sqlx::query(
        "WITH made AS (
             INSERT INTO customers (channel_id, visitor_hash, display_name, segment_id)
             SELECT (SELECT id FROM channels WHERE public_key = CASE WHEN i % 3 = 0 THEN 'bench-app' ELSE 'bench-site' END),
                    sha256(('bench-' || i || '-' || clock_timestamp())::bytea), 'Customer ' || i,
                    CASE WHEN i % 10 = 0 THEN (SELECT id FROM customer_segments WHERE code = 'premium') END
             FROM generate_series(1, $1) AS i
             RETURNING id, channel_id, segment_id
         )
         INSERT INTO conversations (customer_id, channel_id, status, language, segment_id, attributes, queued_at)
         SELECT id, channel_id, 'waiting', CASE WHEN id % 10 = 3 THEN 'uz-Latn' ELSE 'ru' END, segment_id,
                CASE WHEN id % 7 = 0 THEN '{\"product\": \"card\"}'::jsonb ELSE '{}'::jsonb END,
                now() - make_interval(secs => (id * 37) % 3600)
         FROM made",
    )
    .bind(n)
    .execute(pool)
    .await?;
    Ok(())
}

fn percentile(sorted: &[Duration], p: usize) -> f64 {
    let i = (sorted.len() * p / 100).min(sorted.len() - 1);
    sorted[i].as_secs_f64() * 1000.0
}
