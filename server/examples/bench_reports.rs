//! `make bench-reports`: the reports on a bank-sized history — 1,000,000 conversations
//! and 10,000,000 messages over three years, 300,000 customers, 200 operators.
//!
//! Runs against the database `cc_bench_reports` on the PostgreSQL named by
//! `BENCH_DATABASE_URL` (a superuser URL; the Makefile passes the embedded cluster's).
//! The dataset is built once (about a quarter of an hour on 2 cores) and reused; when it
//! is older than an hour its timestamps are moved forward so "today" has data again.
//! `BENCH_RESEED=1` builds it anew.
//!
//! Measures, with the code the server runs:
//! - a report page (count + one sorted page of 50) for a mix of filters and sorts a
//!   supervisor uses, 20 rounds; prints each query's p95 and `report_page_p95_ms`;
//! - the dashboard for the day, week, month and year, all channels and one group, with
//!   the hourly rollup caught up as the server's worker keeps it (`domain::reports::
//!   rollup`); `dashboard_ms` is the slowest of them (median of 5 runs each);
//! - the Excel export of all 1,000,000 rows in a child process (`bench_reports xlsx`),
//!   whose peak resident memory (VmHWM) is `xlsx_1m_peak_mb`.

use app::domain::reports::{dashboard, xlsx};
use app::reports::dashboard_model::{DashboardPeriod, DashboardQuery};
use app::reports::model::{Mark, ReportColumn, ReportQuery};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{Executor, PgPool};
use std::str::FromStr;
use std::time::Instant;

const DATABASE: &str = "cc_bench_reports";
const CONVERSATIONS: i64 = 1_000_000;
const MESSAGES_EACH: i64 = 10;
const CUSTOMERS: i64 = 300_000;
const OPERATORS: i64 = 200;
const CHUNK: i64 = 100_000;
const ZONE: &str = "Asia/Tashkent";
const ROUNDS: usize = 20;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let url = std::env::var("BENCH_DATABASE_URL")
        .map_err(|_| anyhow::anyhow!("BENCH_DATABASE_URL: a superuser URL of the PostgreSQL to use"))?;
    let server = PgConnectOptions::from_str(&url)?;
    // As the server's own pool: no JIT (server::database).
    let bench = server.clone().database(DATABASE).options([("jit", "off")]);
    if std::env::args().nth(1).as_deref() == Some("xlsx") {
        return export(bench).await;
    }

    let admin = PgPoolOptions::new()
        .max_connections(1)
        .connect_with(server)
        .await?;
    let exists: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)")
        .bind(DATABASE)
        .fetch_one(&admin)
        .await?;
    let reseed = std::env::var("BENCH_RESEED").is_ok_and(|v| v == "1");
    if exists && !reseed && complete(bench.clone()).await {
        println!("reusing the dataset in {DATABASE}");
    } else {
        admin
            .execute(format!("DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)").as_str())
            .await?;
        admin
            .execute(format!("CREATE DATABASE {DATABASE}").as_str())
            .await?;
        let pool = PgPoolOptions::new()
            .max_connections(2)
            .connect_with(bench.clone())
            .await?;
        app::domain::MIGRATOR.run(&pool).await?;
        seed(&pool).await?;
        pool.close().await;
    }
    let pool = PgPoolOptions::new()
        .max_connections(4)
        .connect_with(bench.clone())
        .await?;
    app::domain::MIGRATOR.run(&pool).await?;
    bring_to_now(&pool).await?;
    // The worker's rollup, caught up as a running server keeps it.
    let started = Instant::now();
    let mut hours = 0;
    loop {
        match app::domain::reports::rollup::refresh(&pool, 500).await {
            Ok(0) => break,
            Ok(n) => hours += n,
            Err(e) => anyhow::bail!("the rollup failed: {e:?}"),
        }
    }
    println!(
        "  rollup: {hours} hours recomputed in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    let page_p95 = report_pages(&pool).await?;
    let dashboard_ms = dashboards(&pool).await?;
    pool.close().await;

    let exe = std::env::current_exe()?;
    let started = Instant::now();
    let out = tokio::process::Command::new(exe).arg("xlsx").output().await?;
    if !out.status.success() {
        anyhow::bail!("the export failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    let child = String::from_utf8_lossy(&out.stdout).to_string();
    print!("{child}");
    let peak = child
        .lines()
        .find_map(|l| l.strip_prefix("peak_kb="))
        .and_then(|v| v.trim().parse::<u64>().ok())
        .ok_or_else(|| anyhow::anyhow!("the export did not report its peak memory"))?;
    println!(
        "export of 1,000,000 rows took {:.1} s",
        started.elapsed().as_secs_f64()
    );

    println!("report_page_p95_ms={page_p95}");
    println!("dashboard_ms={dashboard_ms}");
    println!("xlsx_1m_peak_mb={}", peak.div_ceil(1024));
    Ok(())
}

/// Whether an earlier run finished seeding.
async fn complete(bench: PgConnectOptions) -> bool {
    let Ok(pool) = PgPoolOptions::new().max_connections(1).connect_with(bench).await else {
        return false;
    };
    let done = sqlx::query_scalar::<_, bool>("SELECT done FROM bench_dataset")
        .fetch_one(&pool)
        .await
        .unwrap_or(false);
    pool.close().await;
    done
}

async fn run(pool: &PgPool, what: &str, sql: &str) -> anyhow::Result<()> {
    let started = Instant::now();
    sqlx::raw_sql(sql).execute(pool).await?;
    println!("  {what}: {:.1} s", started.elapsed().as_secs_f64());
    Ok(())
}

/// The dataset: three years to now, office hours heavier, ten messages a conversation.
async fn seed(pool: &PgPool) -> anyhow::Result<()> {
    println!("building the dataset in {DATABASE} (once)…");
    let started = Instant::now();
    run(
        pool,
        "channels, topics, operators, groups",
        &format!(
            "CREATE TABLE bench_dataset (done boolean NOT NULL, built_for timestamptz NOT NULL);
             INSERT INTO bench_dataset VALUES (false, now());
             SELECT setseed(0.17);
             INSERT INTO channels (kind, name, public_key, rating_scale)
             SELECT 'webchat', n, 'bench-' || i, CASE WHEN i = 4 THEN 10 ELSE 5 END
             FROM unnest(ARRAY['Сайт банка', 'Мобильное приложение', 'Интернет-банк', 'Портал госуслуг'])
                  WITH ORDINALITY AS t(n, i);
             INSERT INTO topics (parent_id, name, depth, position)
             SELECT NULL, n, 1, i FROM unnest(ARRAY['Карты', 'Кредиты', 'Вклады', 'Переводы', 'Госуслуги'])
                  WITH ORDINALITY AS t(n, i);
             INSERT INTO topics (parent_id, name, depth, position)
             SELECT p.id, p.name || ' — вопрос ' || g, 2, g FROM topics p, generate_series(1, 4) g;
             INSERT INTO users (login, display_name, password_hash)
             SELECT 'bench' || g, 'Оператор ' || g, '!' FROM generate_series(1, {OPERATORS}) g;
             INSERT INTO user_roles (user_id, role_id)
             SELECT u.id, r.id FROM users u, roles r WHERE u.login LIKE 'bench%' AND r.code = 'operator';
             INSERT INTO operator_groups (name) VALUES ('Карты и кредиты'), ('Вклады'), ('Госуслуги');
             INSERT INTO group_members (group_id, user_id)
             SELECT (SELECT min(id) FROM operator_groups) + (u.id % 3), u.id FROM users u WHERE u.login LIKE 'bench%';"
        ),
    )
    .await?;
    run(
        pool,
        "300,000 customers",
        &format!(
            "INSERT INTO customers (channel_id, visitor_hash, display_name, language)
             SELECT (SELECT min(id) FROM channels) + g % 4, sha256(convert_to('bench-' || g, 'UTF8')),
                    (ARRAY['Алишер', 'Дилноза', 'Айгерим', 'Нурлан', 'Sardor', 'Madina', 'Ерлан', 'Gulnora'])[1 + g % 8]
                        || ' ' || (ARRAY['Каримов', 'Юсупова', 'Ахметова', 'Сейткали', 'Rahimov', 'Tursunova'])[1 + g % 6]
                        || ' ' || g,
                    (ARRAY['ru', 'uz', 'ru', 'kk', 'uz-Cyrl', 'en'])[1 + g % 6]
             FROM generate_series(1, {CUSTOMERS}) g"
        ),
    )
    .await?;
    // Spread over three years to now; queue 5–300 s, first reply 10–120 s later,
    // handling 2–30 minutes; the newest few hundred still waiting or active.
    let operators = "(SELECT min(id) FROM users WHERE login LIKE 'bench%')";
    let customers = "(SELECT min(id) FROM customers)";
    let channels = "(SELECT min(id) FROM channels)";
    let mut first = 1;
    while first <= CONVERSATIONS {
        let last = (first + CHUNK - 1).min(CONVERSATIONS);
        run(
            pool,
            &format!("conversations {first}–{last}"),
            &format!(
                "INSERT INTO conversations (customer_id, channel_id, status, language, operator_id, created_at,
                                            queued_at, assigned_at, first_response_at, closed_at, closed_by,
                                            close_reason, direction, resolved, quality_accurate, quality_at, quality_by)
                 SELECT {customers} + (g * 7919) % {CUSTOMERS}, {channels} + g % 4,
                        CASE WHEN g > {CONVERSATIONS} - 40 THEN 'waiting'
                             WHEN g > {CONVERSATIONS} - 300 THEN 'active' ELSE 'closed' END,
                        'ru',
                        CASE WHEN g <= {CONVERSATIONS} - 40 THEN {operators} + (g * 31) % {OPERATORS} END,
                        p.created, p.created,
                        CASE WHEN g <= {CONVERSATIONS} - 40 THEN p.created + make_interval(secs => p.queue) END,
                        CASE WHEN g <= {CONVERSATIONS} - 40 THEN p.created + make_interval(secs => p.queue + p.reaction) END,
                        CASE WHEN g <= {CONVERSATIONS} - 300 THEN p.created + make_interval(secs => p.queue + p.handling) END,
                        CASE WHEN g <= {CONVERSATIONS} - 300 THEN {operators} + (g * 31) % {OPERATORS} END,
                        CASE WHEN g <= {CONVERSATIONS} - 300 THEN 'operator' END,
                        CASE WHEN p.r1 < 0.93 THEN 'inbound' ELSE 'outbound' END,
                        CASE WHEN g <= {CONVERSATIONS} - 300 THEN p.r2 < 0.86 END,
                        CASE WHEN g <= {CONVERSATIONS} - 300 AND p.r3 < 0.1 THEN p.r3 < 0.085 END,
                        CASE WHEN g <= {CONVERSATIONS} - 300 AND p.r3 < 0.1 THEN p.created + interval '1 day' END,
                        CASE WHEN g <= {CONVERSATIONS} - 300 AND p.r3 < 0.1 THEN {operators} END
                 FROM (
                     SELECT g, now() - interval '1096 days' + (interval '1096 days' - interval '2 hours') * g / {CONVERSATIONS}
                                - make_interval(secs => random() * 600) AS created,
                            5 + random() * 295 AS queue, 10 + random() * 110 AS reaction,
                            120 + random() * 1680 AS handling, random() AS r1, random() AS r2, random() AS r3
                     FROM generate_series({first}::bigint, {last}) g
                 ) p"
            ),
        )
        .await?;
        first = last + 1;
    }
    run(
        pool,
        "ratings (40%) and topics (70%)",
        "INSERT INTO ratings (conversation_id, operator_id, score, scale, created_at)
         SELECT c.id, c.operator_id,
                CASE WHEN c.channel_id = (SELECT max(id) FROM channels)
                     THEN (ARRAY[10, 9, 8, 10, 6, 9, 10, 3, 10, 7])[1 + c.id % 10]
                     ELSE (ARRAY[5, 5, 4, 5, 3, 4, 5, 2, 5, 1])[1 + c.id % 10] END,
                CASE WHEN c.channel_id = (SELECT max(id) FROM channels) THEN 10 ELSE 5 END,
                c.closed_at + interval '30 seconds'
         FROM conversations c WHERE c.status = 'closed' AND c.id % 5 < 2;
         INSERT INTO conversation_topics (conversation_id, topic_id, set_by, set_at)
         SELECT c.id, t.ids[1 + c.id % cardinality(t.ids)], c.operator_id, c.closed_at
         FROM conversations c, (SELECT array_agg(id ORDER BY id) AS ids FROM topics WHERE depth = 2) t
         WHERE c.status = 'closed' AND c.id % 10 < 7",
    )
    .await?;
    // Messages load faster without the search index; it is built once at the end.
    run(
        pool,
        "dropping the search index for the load",
        "DROP INDEX messages_search_idx",
    )
    .await?;
    let mut first = 1;
    while first <= CONVERSATIONS {
        let last = (first + CHUNK - 1).min(CONVERSATIONS);
        run(
            pool,
            &format!("messages of conversations {first}–{last}"),
            &format!(
                "INSERT INTO messages (conversation_id, client_id, sender, author_id, body, created_at)
                 SELECT c.id, gen_random_uuid(),
                        CASE WHEN m % 2 = 1 OR c.operator_id IS NULL THEN 'customer' ELSE 'operator' END,
                        CASE WHEN m % 2 = 0 THEN c.operator_id END,
                        CASE WHEN m % 2 = 1 OR c.operator_id IS NULL
                             THEN (ARRAY['Здравствуйте, карта заблокирована, что делать?',
                                         'Как досрочно погасить кредит?', 'Какой процент по вкладу на год?',
                                         'Перевод на карту не дошёл уже второй день',
                                         'Salom, kartamni qanday blokdan chiqaraman?',
                                         'Сәлеметсіз бе, депозит туралы сұрағым бар'])[1 + (c.id + m) % 6]
                             ELSE (ARRAY['Здравствуйте! Сейчас проверю и помогу.',
                                         'Уточните, пожалуйста, последние четыре цифры карты.',
                                         'Спасибо, операция выполнена. Чем ещё могу помочь?',
                                         'Assalomu alaykum! Hozir tekshirib beraman.'])[1 + (c.id + m) % 4] END,
                        c.created_at + make_interval(secs => m * 20)
                 FROM conversations c, generate_series(1, {MESSAGES_EACH}) m
                 WHERE c.id BETWEEN {first} AND {last}"
            ),
        )
        .await?;
        first = last + 1;
    }
    run(
        pool,
        "the search index",
        "SET maintenance_work_mem = '1GB'; CREATE INDEX messages_search_idx ON messages USING gin (search)",
    )
    .await?;
    run(pool, "VACUUM ANALYZE", "VACUUM ANALYZE").await?;
    sqlx::query("UPDATE bench_dataset SET done = true")
        .execute(pool)
        .await?;
    println!("dataset built in {:.0} s", started.elapsed().as_secs_f64());
    Ok(())
}

/// Moves every conversation's times forward by the dataset's age, so "today" and "this
/// hour" hold what they held when it was built.
async fn bring_to_now(pool: &PgPool) -> anyhow::Result<()> {
    let age: f64 =
        sqlx::query_scalar("SELECT EXTRACT(EPOCH FROM now() - built_for)::float8 FROM bench_dataset")
            .fetch_one(pool)
            .await?;
    if age < 3600.0 {
        return Ok(());
    }
    run(
        pool,
        &format!("moving the dataset {:.1} days forward", age / 86_400.0),
        "BEGIN;
         CREATE TEMP TABLE shift AS SELECT now() - built_for AS by FROM bench_dataset;
         UPDATE conversations SET created_at = created_at + s.by, queued_at = queued_at + s.by,
                assigned_at = assigned_at + s.by, first_assigned_at = first_assigned_at + s.by,
                first_response_at = first_response_at + s.by, closed_at = closed_at + s.by,
                quality_at = quality_at + s.by
         FROM shift s;
         UPDATE ratings SET created_at = created_at + s.by FROM shift s;
         UPDATE bench_dataset SET built_for = built_for + s.by FROM shift s;
         COMMIT;
         VACUUM ANALYZE conversations;
         VACUUM ANALYZE ratings",
    )
    .await
}

fn percentile(mut samples: Vec<f64>, p: f64) -> f64 {
    samples.sort_by(f64::total_cmp);
    let rank = ((p * samples.len() as f64).ceil() as usize).clamp(1, samples.len());
    samples[rank - 1]
}

fn day(days_ago: i64) -> String {
    (chrono::Utc::now().date_naive() - chrono::Duration::days(days_ago))
        .format("%Y-%m-%d")
        .to_string()
}

/// The report pages a supervisor asks for: each is a count and one page of 50.
async fn report_pages(pool: &PgPool) -> anyhow::Result<u64> {
    let (operator, channel, topic): (i64, i64, i64) = sqlx::query_as(
        "SELECT (SELECT min(id) + 17 FROM users WHERE login LIKE 'bench%'), (SELECT min(id) + 1 FROM channels),
                (SELECT min(id) FROM topics WHERE depth = 1)",
    )
    .fetch_one(pool)
    .await?;
    let base = ReportQuery::default();
    let cases: Vec<(&str, ReportQuery)> = vec![
        (
            "this month, newest first",
            ReportQuery {
                from: day(29),
                to: day(0),
                sort: ReportColumn::Created,
                desc: true,
                ..base.clone()
            },
        ),
        (
            "last quarter, longest handling, page 3",
            ReportQuery {
                from: day(91),
                to: day(0),
                sort: ReportColumn::Handling,
                desc: true,
                page: 3,
                ..base.clone()
            },
        ),
        (
            "a year ago, a channel, lowest rating",
            ReportQuery {
                from: day(395),
                to: day(365),
                channel_id: Some(channel),
                sort: ReportColumn::Rating,
                desc: false,
                ..base.clone()
            },
        ),
        (
            "an operator, all three years, newest",
            ReportQuery {
                operator_id: Some(operator),
                sort: ReportColumn::Created,
                desc: true,
                ..base.clone()
            },
        ),
        (
            "an operator this month, unresolved, by customer",
            ReportQuery {
                from: day(29),
                to: day(0),
                operator_id: Some(operator),
                resolved: Some(Mark::No),
                sort: ReportColumn::Customer,
                ..base.clone()
            },
        ),
        (
            "this week, a topic tree, slowest reaction",
            ReportQuery {
                from: day(6),
                to: day(0),
                topic_id: Some(topic),
                sort: ReportColumn::Reaction,
                desc: true,
                ..base.clone()
            },
        ),
        (
            "this month, customer name part, queue ≥ 60 s",
            ReportQuery {
                from: day(29),
                to: day(0),
                customer: "Айгерим".into(),
                queue_min: Some(60),
                sort: ReportColumn::Queue,
                desc: true,
                ..base.clone()
            },
        ),
        (
            "all three years, marked inaccurate, newest",
            ReportQuery {
                quality: Some(Mark::No),
                sort: ReportColumn::Created,
                desc: true,
                ..base.clone()
            },
        ),
    ];
    // Warm the cache once, as a running server's is.
    for (_, q) in &cases {
        app::domain::reports::conversations::page(pool, q, ZONE)
            .await
            .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    }
    let mut all = Vec::new();
    for (name, q) in &cases {
        let mut samples = Vec::new();
        let mut total = 0;
        for _ in 0..ROUNDS {
            let started = Instant::now();
            let page = app::domain::reports::conversations::page(pool, q, ZONE)
                .await
                .map_err(|e| anyhow::anyhow!("{e:?}"))?;
            samples.push(started.elapsed().as_secs_f64() * 1000.0);
            total = page.total;
        }
        println!(
            "  report page: {name} ({total} rows): p50 {:.0} ms, p95 {:.0} ms",
            percentile(samples.clone(), 0.5),
            percentile(samples.clone(), 0.95)
        );
        all.extend(samples);
    }
    Ok(percentile(all, 0.95).ceil() as u64)
}

/// The dashboard's read for each period, all and one group; the slowest median.
async fn dashboards(pool: &PgPool) -> anyhow::Result<u64> {
    let group: i64 = sqlx::query_scalar("SELECT min(id) FROM operator_groups")
        .fetch_one(pool)
        .await?;
    let mut slowest: f64 = 0.0;
    for period in [
        DashboardPeriod::Day,
        DashboardPeriod::Week,
        DashboardPeriod::Month,
        DashboardPeriod::Year,
    ] {
        for group_id in [None, Some(group)] {
            let q = DashboardQuery {
                period,
                group_id,
                channel_id: None,
            };
            let mut samples = Vec::new();
            let mut total = 0;
            for _ in 0..6 {
                let started = Instant::now();
                let board = dashboard::read(pool, &q, ZONE)
                    .await
                    .map_err(|e| anyhow::anyhow!("{e:?}"))?;
                samples.push(started.elapsed().as_secs_f64() * 1000.0);
                total = board.total;
            }
            samples.remove(0);
            let median = percentile(samples, 0.5);
            println!(
                "  dashboard {period:?}{}: {total} conversations, {median:.0} ms",
                if group_id.is_some() { ", one group" } else { "" }
            );
            slowest = slowest.max(median);
        }
    }
    Ok(slowest.ceil() as u64)
}

/// The child process: every row to a workbook, as `GET /reports/conversations.xlsx`
/// writes it; prints its peak memory.
async fn export(bench: PgConnectOptions) -> anyhow::Result<()> {
    let pool = PgPoolOptions::new()
        .max_connections(2)
        .connect_with(bench)
        .await?;
    let labels = app::reports::export_labels::xlsx_labels(app::i18n::Locale::ru);
    let q = ReportQuery::default();
    let mut rows = 0;
    let path = std::env::temp_dir().join("bench-reports-1m.xlsx");
    xlsx::conversations(&pool, &q, ZONE, &labels, &path, |n| rows = n)
        .await
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let size = std::fs::metadata(&path)?.len();
    std::fs::remove_file(&path)?;
    let status = std::fs::read_to_string("/proc/self/status")?;
    let peak = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .unwrap_or(0);
    println!("  export: {rows} rows, {:.1} MB file", size as f64 / 1_048_576.0);
    println!("peak_kb={peak}");
    Ok(())
}
