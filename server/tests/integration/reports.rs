//! The conversation report on hand-built conversations with known times: every metric's
//! formula, every filter, sorting with empty values last, paging, the aggregates, the
//! quality mark, personal statistics giving the same figures, and the Excel file read
//! back cell by cell (openpyxl) and over HTTP with its permission.

use crate::common;

use app::domain::reports::{aggregate, conversations, quality, xlsx, ReportError};
use app::reports::model::{Direction, GroupBy, Mark, ReportColumn, ReportQuery, ReportRow};
use sqlx::PgPool;

const TASHKENT: &str = "Asia/Tashkent";

struct Data {
    aziza: i64,
    bekzod: i64,
    site: i64,
    app: i64,
    cards: i64,
    /// c1…c5 as described in `data`.
    c: [i64; 5],
}

#[allow(clippy::too_many_arguments)]
async fn conversation(
    pool: &PgPool,
    channel: i64,
    customer: i64,
    operator: Option<i64>,
    status: &str,
    direction: &str,
    created: &str,
    // Seconds after `created`: assigned, first reply, closed.
    times: (Option<i64>, Option<i64>, Option<i64>),
    resolved: Option<bool>,
) -> i64 {
    sqlx::query_scalar(
        "INSERT INTO conversations (customer_id, channel_id, status, language, operator_id, direction,
                                    created_at, assigned_at, first_response_at, closed_at, closed_by, resolved)
         VALUES ($1, $2, $3, 'ru', $4, $5, $6::timestamptz,
                 $6::timestamptz + make_interval(secs => $7), $6::timestamptz + make_interval(secs => $8),
                 $6::timestamptz + make_interval(secs => $9), CASE WHEN $9 IS NOT NULL THEN $4 END, $10)
         RETURNING id",
    )
    .bind(customer)
    .bind(channel)
    .bind(status)
    .bind(operator)
    .bind(direction)
    .bind(created)
    .bind(times.0.map(|s| s as f64))
    .bind(times.1.map(|s| s as f64))
    .bind(times.2.map(|s| s as f64))
    .bind(resolved)
    .fetch_one(pool)
    .await
    .unwrap()
}

async fn rate(pool: &PgPool, conversation: i64, score: i16, scale: i16) {
    sqlx::query("INSERT INTO ratings (conversation_id, score, scale) VALUES ($1, $2, $3)")
        .bind(conversation)
        .bind(score)
        .bind(scale)
        .execute(pool)
        .await
        .unwrap();
}

/// Five conversations (UTC; Tashkent is UTC+5):
/// - c1: site, Aziza, 10 Nov 05:00, assigned +60 s, reply +150 s, closed +600 s, resolved, 5/5;
/// - c2: site, Aziza, 10 Nov 06:30, assigned +120 s, reply +150 s, closed +1320 s, not resolved, 3/5;
/// - c3: app, Bekzod, 11 Nov 05:10, assigned +30 s, reply +90 s, closed +330 s, resolved, 8/10,
///   topic "Cards › Lost card";
/// - c4: app, still waiting since 11 Nov 07:00;
/// - c5: site, Bekzod, outbound, 12 Nov 04:00, closed +200 s, no mark.
async fn data(pool: &PgPool) -> Data {
    let aziza = app::domain::accounts::create_user(pool, "aziza", "Aziza", common::PASSWORD, &["operator"])
        .await
        .unwrap();
    let bekzod =
        app::domain::accounts::create_user(pool, "bekzod", "Bekzod", common::PASSWORD, &["operator"])
            .await
            .unwrap();
    let (site, alice) = common::customer(pool, "report-site", 5).await;
    let (app, bob) = common::customer(pool, "report-app", 10).await;
    sqlx::query("UPDATE customers SET display_name = 'Alisher', nickname = 'VIP' WHERE id = $1")
        .bind(alice)
        .execute(pool)
        .await
        .unwrap();
    sqlx::query("UPDATE customers SET display_name = 'Botir' WHERE id = $1")
        .bind(bob)
        .execute(pool)
        .await
        .unwrap();
    let c1 = conversation(
        pool,
        site,
        alice,
        Some(aziza),
        "closed",
        "inbound",
        "2026-11-10T05:00:00Z",
        (Some(60), Some(150), Some(600)),
        Some(true),
    )
    .await;
    let c2 = conversation(
        pool,
        site,
        alice,
        Some(aziza),
        "closed",
        "inbound",
        "2026-11-10T06:30:00Z",
        (Some(120), Some(150), Some(1320)),
        Some(false),
    )
    .await;
    let c3 = conversation(
        pool,
        app,
        bob,
        Some(bekzod),
        "closed",
        "inbound",
        "2026-11-11T05:10:00Z",
        (Some(30), Some(90), Some(330)),
        Some(true),
    )
    .await;
    let c4 = conversation(
        pool,
        app,
        bob,
        None,
        "waiting",
        "inbound",
        "2026-11-11T07:00:00Z",
        (None, None, None),
        None,
    )
    .await;
    let c5 = conversation(
        pool,
        site,
        alice,
        Some(bekzod),
        "closed",
        "outbound",
        "2026-11-12T04:00:00Z",
        (Some(0), Some(0), Some(200)),
        None,
    )
    .await;
    rate(pool, c1, 5, 5).await;
    rate(pool, c2, 3, 5).await;
    rate(pool, c3, 8, 10).await;
    let cards: i64 = sqlx::query_scalar("INSERT INTO topics (name, depth) VALUES ('Cards', 1) RETURNING id")
        .fetch_one(pool)
        .await
        .unwrap();
    let lost: i64 = sqlx::query_scalar(
        "INSERT INTO topics (name, depth, parent_id) VALUES ('Lost card', 2, $1) RETURNING id",
    )
    .bind(cards)
    .fetch_one(pool)
    .await
    .unwrap();
    sqlx::query("INSERT INTO conversation_topics (conversation_id, topic_id) VALUES ($1, $2)")
        .bind(c3)
        .bind(lost)
        .execute(pool)
        .await
        .unwrap();
    Data {
        aziza,
        bekzod,
        site,
        app,
        cards,
        c: [c1, c2, c3, c4, c5],
    }
}

async fn ids(pool: &PgPool, q: ReportQuery) -> Vec<i64> {
    conversations::page(pool, &q, TASHKENT)
        .await
        .unwrap()
        .rows
        .iter()
        .map(|r| r.id)
        .collect()
}

fn row(rows: &[ReportRow], id: i64) -> &ReportRow {
    rows.iter().find(|r| r.id == id).unwrap()
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn every_metric_follows_its_formula(pool: PgPool) {
    let d = data(&pool).await;
    let [c1, c2, c3, c4, c5] = d.c;
    let page = conversations::page(&pool, &ReportQuery::default(), TASHKENT)
        .await
        .unwrap();
    assert_eq!(page.total, 5);
    // Default order: oldest first unless `desc`; the page's own default is newest first.
    assert_eq!(
        page.rows.iter().map(|r| r.id).collect::<Vec<_>>(),
        vec![c1, c2, c3, c4, c5]
    );

    let r1 = row(&page.rows, c1);
    assert_eq!(r1.operator_login.as_deref(), Some("aziza"));
    assert_eq!(r1.operator_name.as_deref(), Some("Aziza"));
    assert_eq!(r1.created_at, "2026-11-10T05:00:00Z");
    assert_eq!(r1.closed_at.as_deref(), Some("2026-11-10T05:10:00Z"));
    assert_eq!(r1.queue_seconds, Some(60), "queue = first assignment − entry");
    assert_eq!(
        r1.reaction_seconds,
        Some(90),
        "reaction = first reply − first assignment"
    );
    assert_eq!(
        r1.handling_seconds,
        Some(540),
        "handling = close − first assignment"
    );
    assert_eq!((r1.rating, r1.rating_scale), (Some(5), 5));
    assert_eq!(r1.resolved, Some(true));
    assert_eq!(r1.direction, Direction::Inbound);

    let r2 = row(&page.rows, c2);
    assert_eq!(
        (r2.queue_seconds, r2.reaction_seconds, r2.handling_seconds),
        (Some(120), Some(30), Some(1200))
    );
    let r3 = row(&page.rows, c3);
    assert_eq!(r3.topics, vec!["Lost card".to_owned()]);
    assert_eq!((r3.rating, r3.rating_scale), (Some(8), 10));
    let r4 = row(&page.rows, c4);
    assert_eq!(
        (r4.queue_seconds, r4.reaction_seconds, r4.handling_seconds),
        (None, None, None)
    );
    assert!(r4.operator_login.is_none());
    let r5 = row(&page.rows, c5);
    assert_eq!(r5.direction, Direction::Outbound);
    assert_eq!(r5.queue_seconds, None, "outbound conversations never queue");
    assert_eq!(r5.reaction_seconds, None, "nor wait for a reaction");
    assert_eq!(r5.handling_seconds, Some(200));
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn a_transfer_does_not_restart_the_clocks(pool: PgPool) {
    let d = data(&pool).await;
    let c1 = d.c[0];
    // Handed to Bekzod an hour after creation: `assigned_at` moves, the first assignment stays.
    sqlx::query("UPDATE conversations SET operator_id = $2, assigned_at = created_at + interval '1 hour' WHERE id = $1")
        .bind(c1)
        .bind(d.bekzod)
        .execute(&pool)
        .await
        .unwrap();
    let q = ReportQuery {
        id: Some(c1),
        ..Default::default()
    };
    let page = conversations::page(&pool, &q, TASHKENT).await.unwrap();
    assert_eq!(page.rows[0].queue_seconds, Some(60));
    assert_eq!(page.rows[0].handling_seconds, Some(540));
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn every_column_filters(pool: PgPool) {
    let d = data(&pool).await;
    let [c1, c2, c3, c4, c5] = d.c;
    let q = ReportQuery::default;
    assert_eq!(
        ids(
            &pool,
            ReportQuery {
                operator_id: Some(d.aziza),
                ..q()
            }
        )
        .await,
        vec![c1, c2]
    );
    assert_eq!(
        ids(
            &pool,
            ReportQuery {
                channel_id: Some(d.app),
                ..q()
            }
        )
        .await,
        vec![c3, c4]
    );
    assert_eq!(
        ids(
            &pool,
            ReportQuery {
                channel_id: Some(d.site),
                direction: Some(Direction::Outbound),
                ..q()
            }
        )
        .await,
        vec![c5]
    );
    assert_eq!(
        ids(
            &pool,
            ReportQuery {
                handling_min: Some(600),
                ..q()
            }
        )
        .await,
        vec![c2]
    );
    assert_eq!(
        ids(
            &pool,
            ReportQuery {
                reaction_min: Some(60),
                ..q()
            }
        )
        .await,
        vec![c1, c3]
    );
    assert_eq!(
        ids(
            &pool,
            ReportQuery {
                queue_min: Some(100),
                ..q()
            }
        )
        .await,
        vec![c2]
    );
    assert_eq!(
        ids(
            &pool,
            ReportQuery {
                resolved: Some(Mark::No),
                ..q()
            }
        )
        .await,
        vec![c2]
    );
    assert_eq!(
        ids(
            &pool,
            ReportQuery {
                resolved: Some(Mark::Unmarked),
                ..q()
            }
        )
        .await,
        vec![c4, c5]
    );
    assert_eq!(
        ids(
            &pool,
            ReportQuery {
                rating: Some(8),
                ..q()
            }
        )
        .await,
        vec![c3]
    );
    assert_eq!(
        ids(
            &pool,
            ReportQuery {
                topic_id: Some(d.cards),
                ..q()
            }
        )
        .await,
        vec![c3],
        "a topic finds its subtopics"
    );
    assert_eq!(
        ids(
            &pool,
            ReportQuery {
                status: Some(protocol::ConversationStatus::Waiting),
                ..q()
            }
        )
        .await,
        vec![c4]
    );
    assert_eq!(ids(&pool, ReportQuery { id: Some(c2), ..q() }).await, vec![c2]);
    // 11 Nov in Tashkent runs from 10 Nov 19:00 to 11 Nov 19:00 UTC.
    assert_eq!(
        ids(
            &pool,
            ReportQuery {
                from: "2026-11-11".into(),
                to: "2026-11-11".into(),
                ..q()
            }
        )
        .await,
        vec![c3, c4]
    );
    assert_eq!(
        ids(
            &pool,
            ReportQuery {
                closed_from: "2026-11-12".into(),
                ..q()
            }
        )
        .await,
        vec![c5]
    );
    assert_eq!(
        ids(
            &pool,
            ReportQuery {
                closed_to: "2026-11-10".into(),
                ..q()
            }
        )
        .await,
        vec![c1, c2]
    );
    assert_eq!(
        ids(
            &pool,
            ReportQuery {
                customer: "vip".into(),
                ..q()
            }
        )
        .await,
        vec![c1, c2, c5],
        "by nickname"
    );
    assert_eq!(
        ids(
            &pool,
            ReportQuery {
                customer: "BOTIR".into(),
                ..q()
            }
        )
        .await,
        vec![c3, c4]
    );
    assert_eq!(
        ids(
            &pool,
            ReportQuery {
                customer: "nobody-like-this".into(),
                ..q()
            }
        )
        .await,
        Vec::<i64>::new()
    );

    quality::set(&pool, c2, Some(false), d.bekzod).await.unwrap();
    quality::set(&pool, c1, Some(true), d.bekzod).await.unwrap();
    assert_eq!(
        ids(
            &pool,
            ReportQuery {
                quality: Some(Mark::No),
                ..q()
            }
        )
        .await,
        vec![c2]
    );
    assert_eq!(
        ids(
            &pool,
            ReportQuery {
                quality: Some(Mark::Unmarked),
                ..q()
            }
        )
        .await,
        vec![c3, c4, c5]
    );

    let bad = ReportQuery {
        from: "11/11/2026".into(),
        ..q()
    };
    assert_eq!(
        conversations::page(&pool, &bad, TASHKENT).await.unwrap_err(),
        ReportError::BadDate
    );
    let reversed = ReportQuery {
        from: "2026-11-12".into(),
        to: "2026-11-11".into(),
        ..q()
    };
    assert_eq!(
        conversations::page(&pool, &reversed, TASHKENT).await.unwrap_err(),
        ReportError::BadDate
    );
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn sorting_puts_empty_values_last_and_pages_do_not_overlap(pool: PgPool) {
    let d = data(&pool).await;
    let [c1, c2, c3, c4, c5] = d.c;
    let by = |sort, desc| ReportQuery {
        sort,
        desc,
        ..Default::default()
    };
    assert_eq!(
        ids(&pool, by(ReportColumn::Queue, false)).await,
        vec![c3, c1, c2, c5, c4]
    );
    assert_eq!(
        ids(&pool, by(ReportColumn::Handling, true)).await,
        vec![c2, c1, c3, c5, c4]
    );
    assert_eq!(
        ids(&pool, by(ReportColumn::Created, true)).await,
        vec![c5, c4, c3, c2, c1]
    );
    assert_eq!(
        ids(&pool, by(ReportColumn::Operator, false)).await,
        vec![c2, c1, c5, c3, c4]
    );
    assert_eq!(
        ids(&pool, by(ReportColumn::Rating, true)).await,
        vec![c3, c1, c2, c5, c4]
    );

    // 55 more waiting conversations: 60 in all, 50 on the first page, 10 on the second.
    sqlx::query(
        "INSERT INTO conversations (customer_id, channel_id, status, language, created_at)
         SELECT customer_id, channel_id, 'waiting', 'ru', created_at + make_interval(mins => g)
         FROM conversations, generate_series(1, 55) g WHERE id = $1",
    )
    .bind(c4)
    .execute(&pool)
    .await
    .unwrap();
    let first = conversations::page(&pool, &by(ReportColumn::Created, true), TASHKENT)
        .await
        .unwrap();
    let second = conversations::page(
        &pool,
        &ReportQuery {
            page: 1,
            ..by(ReportColumn::Created, true)
        },
        TASHKENT,
    )
    .await
    .unwrap();
    assert_eq!((first.total, first.rows.len(), second.rows.len()), (60, 50, 10));
    assert!(first
        .rows
        .iter()
        .all(|a| second.rows.iter().all(|b| a.id != b.id)));
    assert_eq!(second.rows.last().unwrap().id, c1);
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn aggregates_by_operator_period_topic_and_mark(pool: PgPool) {
    let d = data(&pool).await;
    let grouped = |g| ReportQuery {
        group_by: g,
        ..Default::default()
    };
    let by_operator = aggregate::groups(&pool, &grouped(GroupBy::Operator), TASHKENT)
        .await
        .unwrap();
    let aziza = by_operator.iter().find(|g| g.key == "Aziza").unwrap();
    assert_eq!(
        (
            aziza.conversations,
            aziza.closed,
            aziza.resolved,
            aziza.unresolved
        ),
        (2, 2, 1, 1)
    );
    assert_eq!(aziza.avg_handling_seconds, Some((540 + 1200) / 2));
    assert_eq!(aziza.avg_reaction_seconds, Some((90 + 30) / 2));
    assert_eq!(aziza.avg_queue_seconds, Some((60 + 120) / 2));
    assert_eq!((aziza.avg_rating_5, aziza.rated), (Some(4.0), 2));
    let bekzod = by_operator.iter().find(|g| g.key == "Bekzod").unwrap();
    assert_eq!(bekzod.avg_handling_seconds, Some((300 + 200) / 2));
    assert_eq!(
        bekzod.avg_reaction_seconds,
        Some(60),
        "the outbound conversation has no reaction time"
    );
    assert_eq!(bekzod.avg_rating_5, Some(4.0), "8 of 10 is 4 of 5");
    let nobody = by_operator.iter().find(|g| g.key.is_empty()).unwrap();
    assert_eq!(nobody.conversations, 1);

    let by_day = aggregate::groups(&pool, &grouped(GroupBy::Day), TASHKENT)
        .await
        .unwrap();
    let days: Vec<_> = by_day.iter().map(|g| (g.key.as_str(), g.conversations)).collect();
    assert_eq!(
        days,
        vec![("2026-11-10", 2), ("2026-11-11", 2), ("2026-11-12", 1)]
    );
    let by_hour = aggregate::groups(&pool, &grouped(GroupBy::Hour), TASHKENT)
        .await
        .unwrap();
    assert_eq!(
        by_hour[0].key, "2026-11-10 10:00",
        "hours in the staff member's zone"
    );
    let by_month = aggregate::groups(&pool, &grouped(GroupBy::Month), TASHKENT)
        .await
        .unwrap();
    assert_eq!(
        (by_month[0].key.as_str(), by_month[0].conversations),
        ("2026-11", 5)
    );
    let by_week = aggregate::groups(&pool, &grouped(GroupBy::Week), TASHKENT)
        .await
        .unwrap();
    assert_eq!(by_week[0].key, "2026-11-09", "weeks start on Monday");

    let by_topic = aggregate::groups(&pool, &grouped(GroupBy::Topic), TASHKENT)
        .await
        .unwrap();
    let topics: Vec<_> = by_topic
        .iter()
        .map(|g| (g.key.as_str(), g.conversations))
        .collect();
    assert_eq!(topics, vec![("", 4), ("Lost card", 1)]);
    let by_mark = aggregate::groups(&pool, &grouped(GroupBy::Resolved), TASHKENT)
        .await
        .unwrap();
    let marks: Vec<_> = by_mark
        .iter()
        .map(|g| (g.key.as_str(), g.conversations))
        .collect();
    assert_eq!(marks, vec![("none", 2), ("yes", 2), ("no", 1)]);
    let by_direction = aggregate::groups(&pool, &grouped(GroupBy::Direction), TASHKENT)
        .await
        .unwrap();
    assert_eq!(
        by_direction
            .iter()
            .map(|g| (g.key.as_str(), g.conversations))
            .collect::<Vec<_>>(),
        vec![("inbound", 4), ("outbound", 1)]
    );
    // Filters apply to the summary too.
    let site_only = ReportQuery {
        channel_id: Some(d.site),
        group_by: GroupBy::Channel,
        ..Default::default()
    };
    let by_channel = aggregate::groups(&pool, &site_only, TASHKENT).await.unwrap();
    assert_eq!(by_channel.len(), 1);
    assert_eq!(by_channel[0].conversations, 3);
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn personal_statistics_give_the_reports_figures(pool: PgPool) {
    let d = data(&pool).await;
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 10);
    let stats = app::domain::personal_stats::for_operator(&pool, d.aziza, TASHKENT, day, day)
        .await
        .unwrap();
    let q = ReportQuery {
        operator_id: Some(d.aziza),
        closed_from: "2026-11-10".into(),
        closed_to: "2026-11-10".into(),
        group_by: GroupBy::Operator,
        ..Default::default()
    };
    let report = &aggregate::groups(&pool, &q, TASHKENT).await.unwrap()[0];
    assert_eq!(stats.handled, report.closed);
    assert_eq!(stats.avg_handling_seconds, report.avg_handling_seconds);
    assert_eq!(stats.avg_first_response_seconds, report.avg_reaction_seconds);
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn only_closed_conversations_get_a_quality_mark(pool: PgPool) {
    let d = data(&pool).await;
    quality::set(&pool, d.c[0], Some(true), d.bekzod).await.unwrap();
    let (mark, by): (Option<bool>, Option<i64>) =
        sqlx::query_as("SELECT quality_accurate, quality_by FROM conversations WHERE id = $1")
            .bind(d.c[0])
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!((mark, by), (Some(true), Some(d.bekzod)));
    quality::set(&pool, d.c[0], None, d.bekzod).await.unwrap();
    let cleared: (Option<bool>, Option<i64>) =
        sqlx::query_as("SELECT quality_accurate, quality_by FROM conversations WHERE id = $1")
            .bind(d.c[0])
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(cleared, (None, None));
    assert_eq!(
        quality::set(&pool, d.c[3], Some(true), d.bekzod)
            .await
            .unwrap_err(),
        ReportError::NotFound
    );
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn closing_records_the_operators_mark(pool: PgPool) {
    let op = common::available_operator(&pool, "closer", &["ru"], 5).await;
    let c = common::waiting_on(&pool, "close-mark", 1, "ru").await;
    app::domain::conversations::take(&pool, c, op).await.unwrap();
    app::domain::conversations::close_resolved(&pool, c, op, Some(false))
        .await
        .unwrap();
    let resolved: Option<bool> = sqlx::query_scalar("SELECT resolved FROM conversations WHERE id = $1")
        .bind(c)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(resolved, Some(false));
}

/// The cells of the workbook's first sheet as JSON, read by openpyxl.
fn read_back(file: &[u8]) -> serde_json::Value {
    let path = std::env::temp_dir().join(format!("report-{}.xlsx", uuid::Uuid::new_v4()));
    std::fs::write(&path, file).unwrap();
    let script = r#"
import json, sys, datetime, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.worksheets[0]
def cell(c):
    v = c.value
    if isinstance(v, datetime.datetime): return {"datetime": v.isoformat()}
    if isinstance(v, datetime.timedelta): return {"seconds": v.total_seconds()}
    if isinstance(v, datetime.time): return {"seconds": v.hour * 3600 + v.minute * 60 + v.second}
    if isinstance(v, (int, float)) and c.number_format == "[h]:mm:ss": return {"seconds": round(v * 86400)}
    return v
print(json.dumps({"title": ws.title, "rows": [[cell(c) for c in row] for row in ws.iter_rows()]}))
"#;
    let out = std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(&path)
        .output()
        .expect("python3 runs");
    std::fs::remove_file(&path).ok();
    assert!(
        out.status.success(),
        "openpyxl failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn the_workbook_reads_back_cell_by_cell(pool: PgPool) {
    let d = data(&pool).await;
    let labels = app::reports::export_labels::xlsx_labels(app::reports::export_labels::locale_of(Some("kk")));
    let q = ReportQuery {
        sort: ReportColumn::Id,
        ..Default::default()
    };
    let mut progress = Vec::new();
    let path = std::env::temp_dir().join(format!("written-{}.xlsx", uuid::Uuid::new_v4()));
    xlsx::conversations(&pool, &q, TASHKENT, &labels, &path, |n| progress.push(n))
        .await
        .unwrap();
    let file = std::fs::read(&path).unwrap();
    std::fs::remove_file(&path).unwrap();
    assert_eq!(progress.last(), Some(&5));
    let book = read_back(&file);
    assert_eq!(book["title"], "Диалогтар");
    let rows = book["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 6, "a header and five conversations");
    assert_eq!(rows[0][1], "Оператор логині");
    assert_eq!(rows[0][6], "Өңдеу уақыты");
    let first = &rows[1];
    assert_eq!(first[0], d.c[0]);
    assert_eq!(first[1], "aziza");
    assert_eq!(first[2], "Aziza");
    assert_eq!(
        first[4]["datetime"], "2026-11-10T10:00:00",
        "a real date, in Tashkent time"
    );
    assert_eq!(first[5]["datetime"], "2026-11-10T10:10:00");
    assert_eq!(first[6]["seconds"], 540.0);
    assert_eq!(first[7]["seconds"], 90.0);
    assert_eq!(first[8]["seconds"], 60.0);
    assert_eq!(first[9], "Кіріс");
    assert_eq!(first[11], "Иә");
    assert_eq!(first[3], "Alisher (VIP)");
    assert_eq!(first[13], "Test site");
    assert_eq!(first[14], 5);
    let third = &rows[3];
    assert_eq!(third[12], "Lost card");
    let fourth = &rows[4];
    assert!(
        fourth[1].is_null() && fourth[5].is_null() && fourth[6].is_null(),
        "{fourth:?}"
    );
    assert_eq!(rows[5][9], "Шығыс");
}

/// A GET over real HTTP; status, content type and body.
async fn get(addr: std::net::SocketAddr, path: &str, cookie: Option<&str>) -> (u16, String, Vec<u8>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let cookie_line = cookie.map(|c| format!("Cookie: {c}\r\n")).unwrap_or_default();
    let request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\n{cookie_line}Connection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.unwrap();
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    let content_type = head
        .lines()
        .find(|l| l.to_ascii_lowercase().starts_with("content-type:"))
        .map(|l| l[13..].trim().to_owned())
        .unwrap_or_default();
    (status, content_type, raw[split + 4..].to_vec())
}

async fn session(pool: &PgPool, login: &str, roles: &[&str]) -> String {
    let id = app::domain::accounts::create_user(pool, login, login, common::PASSWORD, roles)
        .await
        .unwrap();
    let token = app::domain::sessions::open(pool, id, None, None).await.unwrap();
    format!("cc_session={token}")
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn the_download_needs_the_export_permission(pool: PgPool) {
    let d = data(&pool).await;
    let supervisor = session(&pool, "report.sup", &["supervisor"]).await;
    let operator = session(&pool, "report.op", &["operator"]).await;
    let addr = common::serve(pool).await;
    let path = format!("/reports/conversations.xlsx?operator={}&sort=queue", d.aziza);
    assert_eq!(get(addr, &path, None).await.0, 401);
    assert_eq!(get(addr, &path, Some(&operator)).await.0, 403);
    let (status, content_type, body) =
        get(addr, &path, Some(&format!("{supervisor}; i18n_pref_locale=ru"))).await;
    assert_eq!(status, 200);
    assert_eq!(
        content_type,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    let book = read_back(&body);
    assert_eq!(book["title"], "Диалоги");
    assert_eq!(
        book["rows"].as_array().unwrap().len(),
        3,
        "Aziza's two conversations under the header"
    );
    let (status, _, _) = get(
        addr,
        "/reports/conversations.xlsx?from=yesterday",
        Some(&supervisor),
    )
    .await;
    assert_eq!(status, 400);
}

async fn post(
    addr: std::net::SocketAddr,
    path: &str,
    cookie: &str,
    content_type: &str,
    body: &str,
) -> (u16, serde_json::Value) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nCookie: {cookie}\r\nContent-Type: {content_type}\r\nAccept: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.unwrap();
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    let text = String::from_utf8_lossy(&raw[split + 4..]).to_string();
    (
        status,
        serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text)),
    )
}

/// The report page's Excel button: the export runs in the background, its progress is
/// polled, and only the user who started it may fetch the file.
#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn a_background_export_reports_progress_and_serves_its_owner(pool: PgPool) {
    let d = data(&pool).await;
    let supervisor = session(&pool, "export.sup", &["supervisor"]).await;
    let other = session(&pool, "export.other", &["supervisor"]).await;
    let operator = session(&pool, "export.op", &["operator"]).await;
    let addr = common::serve(pool).await;
    let query =
        serde_json::json!({ "query": ReportQuery { operator_id: Some(d.aziza), ..Default::default() } })
            .to_string();
    let (_, refused) = post(addr, "/api/start_export", &operator, "application/json", &query).await;
    assert_eq!(
        refused,
        serde_json::json!("Forbidden"),
        "operators may not export"
    );
    let (status, started) = post(addr, "/api/start_export", &supervisor, "application/json", &query).await;
    assert_eq!(status, 200, "{started}");
    assert_eq!(started["total"], 2, "Aziza's two conversations are expected");
    let id = started["id"].as_str().unwrap().to_owned();
    let form = format!("id={id}");
    let mut progress = serde_json::Value::Null;
    for _ in 0..100 {
        let (status, p) = post(
            addr,
            "/api/export_progress",
            &supervisor,
            "application/x-www-form-urlencoded",
            &form,
        )
        .await;
        assert_eq!(status, 200, "{p}");
        progress = p;
        if progress["ready"] == true || progress["failed"] == true {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(progress["ready"], true, "{progress}");
    assert_eq!(progress["done"], 2);
    let (_, refused) = post(
        addr,
        "/api/export_progress",
        &other,
        "application/x-www-form-urlencoded",
        &form,
    )
    .await;
    assert_eq!(
        refused,
        serde_json::json!("NotFound"),
        "another supervisor never learns of the job"
    );
    let file = format!("/reports/exports/{id}");
    assert_eq!(get(addr, &file, Some(&other)).await.0, 404);
    assert_eq!(get(addr, &file, None).await.0, 401);
    let (status, content_type, body) =
        get(addr, &file, Some(&format!("{supervisor}; i18n_pref_locale=ru"))).await;
    assert_eq!(status, 200);
    assert_eq!(
        content_type,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    let book = read_back(&body);
    assert_eq!(
        book["rows"].as_array().unwrap().len(),
        3,
        "a header and Aziza's two conversations"
    );
}

mod kpi {
    use super::*;
    use app::domain::reports::kpi;
    use app::reports::kpi_model::{KpiKind, KpiReport, KpiThresholds};
    use chrono::NaiveDate;

    fn day(d: &str) -> NaiveDate {
        NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap()
    }

    fn value(r: &KpiReport, kind: KpiKind) -> (Option<f64>, i64, Option<bool>) {
        let k = r.kpis.iter().find(|k| k.kind == kind).unwrap();
        (k.value.map(|v| (v * 100.0).round() / 100.0), k.basis, k.met())
    }

    /// `data` plus c6 (a new customer, resolved at first contact) and c7 (another new
    /// customer who left before any operator answered).
    async fn kpi_data(pool: &PgPool) -> Data {
        let d = data(pool).await;
        let (_, carol) = common::customer(pool, "kpi-carol", 5).await;
        let (_, dave) = common::customer(pool, "kpi-dave", 5).await;
        conversation(
            pool,
            d.site,
            carol,
            Some(d.aziza),
            "closed",
            "inbound",
            "2026-11-12T06:00:00Z",
            (Some(20), Some(60), Some(100)),
            Some(true),
        )
        .await;
        conversation(
            pool,
            d.site,
            dave,
            None,
            "closed",
            "inbound",
            "2026-11-12T07:00:00Z",
            (None, None, Some(300)),
            None,
        )
        .await;
        quality::set(pool, d.c[0], Some(true), d.bekzod).await.unwrap();
        quality::set(pool, d.c[1], Some(false), d.bekzod).await.unwrap();
        quality::set(pool, d.c[2], Some(true), d.bekzod).await.unwrap();
        d
    }

    /// Rounded figures of `rollup::read`, comparable across the live and rolled-up paths.
    async fn rolled(pool: &PgPool, group: Option<i64>) -> Vec<i64> {
        use app::domain::reports::rollup;
        let start = chrono::DateTime::parse_from_rfc3339("2026-11-09T19:00:00Z")
            .unwrap()
            .to_utc();
        let end = chrono::DateTime::parse_from_rfc3339("2026-11-13T19:00:00Z")
            .unwrap()
            .to_utc();
        let scope = kpi::Scope {
            channel_id: None,
            group_id: group,
        };
        let (s, per_channel) = rollup::read(pool, start, end, scope, 7).await.unwrap();
        let mut v = vec![
            s.total,
            s.waiting,
            s.active,
            s.closed,
            s.handling_sum.round() as i64,
            s.handling_n,
            s.reaction_sum.round() as i64,
            s.reaction_n,
            (s.rating_sum * 100.0).round() as i64,
            s.rating_n,
            s.wait_sum.round() as i64,
            s.wait_n,
            s.accurate,
            s.marked,
            s.first_contact,
            s.handled,
            s.abandoned,
            s.inbound_closed,
        ];
        let mut channels = per_channel;
        channels.sort();
        v.extend(channels.into_iter().flat_map(|(c, n)| [c, n]));
        v
    }

    async fn refresh_all(pool: &PgPool) -> usize {
        let mut hours = 0;
        loop {
            match app::domain::reports::rollup::refresh(pool, 2).await.unwrap() {
                0 => return hours,
                n => hours += n,
            }
        }
    }

    /// Whole hours come from the rollup once the worker computed them; a change after
    /// that is seen at once (its hour is read live until recomputed); a group counts
    /// its members' conversations.
    #[sqlx::test(migrator = "app::domain::MIGRATOR")]
    async fn the_rollup_gives_the_live_figures_and_stays_exact(pool: PgPool) {
        let d = kpi_data(&pool).await;
        let live = rolled(&pool, None).await;
        assert_eq!(live[0], 7, "seven conversations in the period");
        assert!(
            refresh_all(&pool).await >= 5,
            "the conversations' hours were dirty"
        );
        let hours: i64 = sqlx::query_scalar("SELECT count(DISTINCT hour) FROM dashboard_hours")
            .fetch_one(&pool)
            .await
            .unwrap();
        assert!(hours >= 5, "{hours} hours rolled up");
        assert_eq!(
            rolled(&pool, None).await,
            live,
            "the rollup adds up to the live figures"
        );
        let report = kpi::report(&pool, day("2026-11-10"), day("2026-11-12"), TASHKENT)
            .await
            .unwrap();
        assert_eq!(value(&report, KpiKind::Abandoned), (Some(20.0), 5, Some(false)));

        // A new mark: seen before the worker's next turn, and the same after it.
        quality::set(&pool, d.c[1], Some(true), d.bekzod).await.unwrap();
        let report = kpi::report(&pool, day("2026-11-10"), day("2026-11-12"), TASHKENT)
            .await
            .unwrap();
        assert_eq!(value(&report, KpiKind::Accuracy), (Some(100.0), 3, Some(true)));
        let before = rolled(&pool, None).await;
        assert_eq!(refresh_all(&pool).await, 1, "only the changed hour was dirty");
        assert_eq!(rolled(&pool, None).await, before);

        // Aziza joins a group: her conversations count for it, from the rollup too.
        let group: i64 =
            sqlx::query_scalar("INSERT INTO operator_groups (name) VALUES ('Cards') RETURNING id")
                .fetch_one(&pool)
                .await
                .unwrap();
        sqlx::query("INSERT INTO group_members (group_id, user_id) VALUES ($1, $2)")
            .bind(group)
            .bind(d.aziza)
            .execute(&pool)
            .await
            .unwrap();
        let of_group = rolled(&pool, Some(group)).await;
        let aziza: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM conversations WHERE operator_id = $1 AND created_at >= '2026-11-09T19:00:00Z'
               AND created_at < '2026-11-13T19:00:00Z'",
        )
        .bind(d.aziza)
        .fetch_one(&pool)
        .await
        .unwrap();
        assert_eq!(of_group[0], aziza);
        refresh_all(&pool).await;
        assert_eq!(rolled(&pool, Some(group)).await, of_group);
        assert_eq!(rolled(&pool, None).await, before, "all groups unchanged");
    }

    #[sqlx::test(migrator = "app::domain::MIGRATOR")]
    async fn the_five_kpis_have_known_values(pool: PgPool) {
        kpi_data(&pool).await;
        let r = kpi::report(&pool, day("2026-11-10"), day("2026-11-12"), TASHKENT)
            .await
            .unwrap();
        // Queue times 60, 120, 30 and 20 s.
        assert_eq!(value(&r, KpiKind::AverageWait), (Some(57.5), 4, Some(true)));
        // Two of three marked conversations were accurate.
        assert_eq!(value(&r, KpiKind::Accuracy), (Some(66.67), 3, Some(false)));
        // 5/5, 3/5 and 8/10: 4.0 of 5, 80 %.
        assert_eq!(value(&r, KpiKind::Satisfaction), (Some(4.0), 3, Some(false)));
        let satisfaction = r.kpis.iter().find(|k| k.kind == KpiKind::Satisfaction).unwrap();
        assert_eq!(satisfaction.percent, Some(80.0));
        // Four handled; c1 and c3 were marked resolved but their customers wrote again
        // (c2, c4) within the window; only c6 counts.
        assert_eq!(
            value(&r, KpiKind::FirstContactResolution),
            (Some(25.0), 4, Some(false))
        );
        // Five inbound conversations closed, one (c7) before any reply.
        assert_eq!(value(&r, KpiKind::Abandoned), (Some(20.0), 5, Some(false)));

        let first_day = kpi::report(&pool, day("2026-11-10"), day("2026-11-10"), TASHKENT)
            .await
            .unwrap();
        assert_eq!(
            value(&first_day, KpiKind::AverageWait),
            (Some(90.0), 2, Some(false))
        );
        let empty = kpi::report(&pool, day("2026-01-01"), day("2026-01-31"), TASHKENT)
            .await
            .unwrap();
        assert!(empty.kpis.iter().all(|k| k.value.is_none() && k.met().is_none()));
        assert_eq!(
            kpi::report(&pool, day("2026-11-12"), day("2026-11-10"), TASHKENT)
                .await
                .unwrap_err(),
            ReportError::BadDate
        );
    }

    #[sqlx::test(migrator = "app::domain::MIGRATOR")]
    async fn thresholds_are_kept_and_checked(pool: PgPool) {
        kpi_data(&pool).await;
        let defaults = kpi::thresholds(&pool).await.unwrap();
        assert_eq!(
            defaults,
            KpiThresholds {
                wait_max_seconds: 60,
                accuracy_min_percent: 80.0,
                satisfaction_min: 4.25,
                fcr_min_percent: 80.0,
                abandoned_max_percent: 10.0,
                fcr_window_days: 7,
            }
        );
        let bad = KpiThresholds {
            abandoned_max_percent: 120.0,
            ..defaults.clone()
        };
        assert_eq!(
            kpi::save_thresholds(&pool, &bad).await.unwrap_err(),
            ReportError::Invalid
        );
        assert_eq!(kpi::thresholds(&pool).await.unwrap(), defaults, "nothing saved");
        let relaxed = KpiThresholds {
            abandoned_max_percent: 20.0,
            accuracy_min_percent: 60.0,
            ..defaults
        };
        kpi::save_thresholds(&pool, &relaxed).await.unwrap();
        let r = kpi::report(&pool, day("2026-11-10"), day("2026-11-12"), TASHKENT)
            .await
            .unwrap();
        assert_eq!(
            value(&r, KpiKind::Abandoned).2,
            Some(true),
            "20 % is at most 20 %"
        );
        assert_eq!(value(&r, KpiKind::Accuracy).2, Some(true));
    }
}

/// The text of a PDF, as pdftotext (poppler) reads it.
fn pdf_text(file: &[u8]) -> String {
    let path = std::env::temp_dir().join(format!("report-{}.pdf", uuid::Uuid::new_v4()));
    std::fs::write(&path, file).unwrap();
    let out = std::process::Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    std::fs::remove_file(&path).ok();
    assert!(
        out.status.success(),
        "pdftotext failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn the_pdf_prints_kazakh_and_uzbek_letters_and_every_row(pool: PgPool) {
    use app::reports::export_labels::{locale_of, xlsx_labels};
    let d = data(&pool).await;
    // A Kazakh and Uzbek (oʻ, gʻ) topic name must survive the embedded font.
    sqlx::query("UPDATE topics SET name = 'Қарыз өтеу — oʻzgartirish, gʻazna' WHERE name = 'Lost card'")
        .execute(&pool)
        .await
        .unwrap();
    let q = ReportQuery {
        sort: ReportColumn::Id,
        ..Default::default()
    };
    let labels = xlsx_labels(locale_of(Some("kk")));
    let file = app::domain::reports::conversations_pdf::conversations(
        &pool,
        &q,
        TASHKENT,
        &labels,
        "Диалогтар бойынша есеп",
        vec!["Қазақша жол".into()],
        |shown, total| format!("shown {shown} of {total}"),
    )
    .await
    .unwrap();
    assert!(file.starts_with(b"%PDF-"));
    let text = pdf_text(&file);
    // Headings and long cells wrap at spaces, so words are checked one by one.
    for expected in [
        "Диалогтар бойынша есеп",
        "Қазақша жол",
        "Өңдеу",
        "уақыты",
        "Қарыз",
        "өтеу",
        "oʻzgartirish,",
        "gʻazna",
        "aziza",
        "Alisher (VIP)",
        "10.11.2026 10:00",
        "0:09:00",
        "5/5",
        "8/10",
    ] {
        assert!(text.contains(expected), "{expected:?} missing from:\n{text}");
    }
    assert!(text.contains("shown 5 of 5"), "the footer:\n{text}");
    assert_eq!(d.c.len(), 5);
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn the_kpi_pdf_downloads_in_russian(pool: PgPool) {
    data(&pool).await;
    let supervisor = session(&pool, "kpi.sup", &["supervisor"]).await;
    let addr = common::serve(pool).await;
    let (status, content_type, body) = get(
        addr,
        "/reports/kpi.pdf?from=2026-11-10&to=2026-11-12",
        Some(&format!("{supervisor}; i18n_pref_locale=ru")),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(content_type, "application/pdf");
    let text = pdf_text(&body);
    for expected in [
        "Ключевые показатели",
        "Среднее время ожидания",
        "70 с",
        "не более 60 с",
        "Не выполнен",
        "2026-11-10",
    ] {
        assert!(text.contains(expected), "{expected:?} missing from:\n{text}");
    }
    let (status, _, _) = get(addr, "/reports/kpi.pdf?from=bad", Some(&supervisor)).await;
    assert_eq!(status, 400);
}

mod semiannual {
    use super::*;
    use app::domain::reports::{semiannual, semiannual_files};
    use app::reports::semiannual_model::{FormLanguage, HalfYear, StoredAnswer};

    const SECOND_2026: HalfYear = HalfYear { year: 2026, half: 2 };

    #[sqlx::test(migrator = "app::domain::MIGRATOR")]
    async fn rows_come_from_the_data_and_the_stored_answers(pool: PgPool) {
        data(&pool).await;
        let answers = vec![
            StoredAnswer {
                row: 1,
                ru: "Контакт-центр Банка".into(),
                kk: "Банктің байланыс орталығы".into(),
            },
            StoredAnswer {
                row: 20,
                ru: "3".into(),
                kk: "3".into(),
            },
        ];
        semiannual::save_answers(&pool, &answers).await.unwrap();
        let bad = vec![StoredAnswer {
            row: 13,
            ru: "1".into(),
            kk: "1".into(),
        }];
        assert_eq!(
            semiannual::save_answers(&pool, &bad).await.unwrap_err(),
            ReportError::Invalid,
            "row 13 is computed"
        );

        let ru = semiannual::form(&pool, SECOND_2026, FormLanguage::Ru, TASHKENT)
            .await
            .unwrap();
        assert_eq!(ru.rows.len(), 28);
        let value = |n: u8| ru.rows[usize::from(n) - 1].value.clone();
        assert_eq!(ru.title, "Отчет по деятельности контакт-центра");
        assert_eq!(value(1), "Контакт-центр Банка");
        assert_eq!(value(20), "3");
        // Four inbound conversations (c5 was outbound): two on each channel (both named "Test site").
        assert_eq!(value(13), "4");
        assert_eq!(value(14), "Test site — 4");
        assert_eq!(value(12), "2", "two operators worked");
        assert_eq!(value(15), "70", "queue 60, 120 and 30 s");
        assert_eq!(value(16), "4,00");
        assert_eq!(value(18), "0,0", "no inbound conversation closed unanswered");
        // Handling 540, 1200, 300 and 200 s: 560 s = 9.3 min.
        assert_eq!(value(19), "9,3");
        assert_eq!(value(8), "Cards");
        assert!(ru.rows[12].computed && !ru.rows[0].computed);

        let kk = semiannual::form(&pool, SECOND_2026, FormLanguage::Kk, TASHKENT)
            .await
            .unwrap();
        assert_eq!(kk.title, "Байланыс орталығының қызметі туралы есеп");
        assert_eq!(kk.letters, vec!["А", "Б", "В", "І"]);
        assert_eq!(kk.rows[0].value, "Банктің байланыс орталығы");
        assert_eq!(kk.rows[26].indicator, "Білім базасының болуы");

        let first_half = semiannual::form(
            &pool,
            HalfYear { year: 2026, half: 1 },
            FormLanguage::Ru,
            TASHKENT,
        )
        .await
        .unwrap();
        assert_eq!(first_half.rows[12].value, "0");
        assert_eq!(
            semiannual::form(
                &pool,
                HalfYear { year: 2026, half: 3 },
                FormLanguage::Ru,
                TASHKENT
            )
            .await
            .unwrap_err(),
            ReportError::BadDate
        );

        // Both files read back.
        let book = read_back(&semiannual_files::xlsx(&kk).unwrap());
        let rows = book["rows"].as_array().unwrap();
        let flat: Vec<String> = rows
            .iter()
            .flat_map(|r| r.as_array().unwrap().iter().map(|c| c.to_string()))
            .collect();
        assert!(flat
            .iter()
            .any(|c| c.contains("Байланыс орталығының қызметі туралы есеп")));
        assert!(flat
            .iter()
            .any(|c| c.contains("Әкімшілік деректер нысанының индексі: БОҚЕ-01")));
        assert!(flat.iter().any(|c| c.contains("Мекенжай бөлігі")));
        let text = pdf_text(&semiannual_files::pdf(&ru).unwrap());
        for expected in [
            "Отчет по деятельности контакт-центра",
            "ОДКЦ",
            "2-е полугодие 2026 года",
            "Контакт-центр Банка",
            "Адресная часть",
            "Наличие базы знаний",
        ] {
            assert!(text.contains(expected), "{expected:?} missing from:\n{text}");
        }
    }
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn a_transcript_prints_every_message_with_its_author(pool: PgPool) {
    use app::domain::conversations;
    use app::reports::export_labels::{locale_of, transcript_labels};
    let op = common::available_operator(&pool, "transcript.op", &["kk"], 3).await;
    let c = common::waiting_on(&pool, "transcript", 1, "kk").await;
    conversations::take(&pool, c, op).await.unwrap();
    conversations::operator_writes(
        &pool,
        c,
        op,
        &common::client_id(),
        "Сәлеметсіз бе! Қарызды мерзімінен бұрын өтеуге болады.",
    )
    .await
    .unwrap();
    conversations::close(&pool, c, op).await.unwrap();
    let file = app::domain::reports::transcript::pdf(
        &pool,
        c,
        TASHKENT,
        &transcript_labels(locale_of(Some("kk")), c),
    )
    .await
    .unwrap();
    let text = pdf_text(&file);
    for expected in [
        format!("{c} диалог: жазбасы"),
        "Здравствуйте".to_owned(),
        "мерзімінен бұрын өтеуге".to_owned(),
        "transcript.op".to_owned(),
        "Клиент".to_owned(),
    ] {
        assert!(text.contains(&expected), "{expected:?} missing from:\n{text}");
    }
    assert_eq!(
        app::domain::reports::transcript::pdf(
            &pool,
            999_999,
            TASHKENT,
            &transcript_labels(locale_of(None), 1)
        )
        .await
        .unwrap_err(),
        ReportError::NotFound
    );
}

mod staff {
    use super::*;
    use app::domain::reports::{staff, staff_files};
    use app::reports::staff_model::{StaffCell, StaffReportKind};
    use chrono::NaiveDate;

    fn day(d: &str) -> NaiveDate {
        NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap()
    }

    #[sqlx::test(migrator = "app::domain::MIGRATOR")]
    async fn shifts_states_and_satisfaction_per_operator(pool: PgPool) {
        let d = data(&pool).await;
        sqlx::query(
            "INSERT INTO shifts (user_id, started_at, ended_at, end_reason) VALUES
                ($1, '2026-11-10T04:00:00Z', '2026-11-10T12:30:00Z', 'end_shift'),
                ($2, '2026-11-11T04:00:00Z', '2026-11-11T06:00:00Z', 'terminated')",
        )
        .bind(d.aziza)
        .bind(d.bekzod)
        .execute(&pool)
        .await
        .unwrap();
        sqlx::query(
            "INSERT INTO state_changes (user_id, to_state_id, changed_at, changed_by)
             SELECT $1, id, t::timestamptz, $1 FROM operator_states,
                    (VALUES ('available', '2026-11-10T04:00:00Z'), ('pause', '2026-11-10T07:00:00Z'),
                            ('offline', '2026-11-10T07:15:00Z')) v(code, t)
             WHERE operator_states.code = v.code",
        )
        .bind(d.aziza)
        .execute(&pool)
        .await
        .unwrap();
        // The ratings of `data` belong to the operators who were rated.
        sqlx::query("UPDATE ratings r SET operator_id = c.operator_id FROM conversations c WHERE c.id = r.conversation_id")
            .execute(&pool)
            .await
            .unwrap();

        let shifts = staff::report(
            &pool,
            StaffReportKind::Shifts,
            day("2026-11-10"),
            day("2026-11-11"),
            TASHKENT,
        )
        .await
        .unwrap();
        assert_eq!(shifts.rows.len(), 2);
        assert_eq!(shifts.rows[0][0], StaffCell::Text("Aziza".into()));
        assert_eq!(
            shifts.rows[0][2],
            StaffCell::Instant("2026-11-10T04:00:00Z".into())
        );
        assert_eq!(shifts.rows[0][4], StaffCell::Seconds(8 * 3600 + 1800));
        assert_eq!(shifts.rows[1][5], StaffCell::EndReason(Some("terminated".into())));

        let states = staff::report(
            &pool,
            StaffReportKind::States,
            day("2026-11-10"),
            day("2026-11-10"),
            TASHKENT,
        )
        .await
        .unwrap();
        let of = |state: &str| {
            states
                .rows
                .iter()
                .find(|r| r[2] == StaffCell::Text(state.into()))
                .map(|r| (r[3].clone(), r[4].clone()))
        };
        assert_eq!(
            of("Available"),
            Some((StaffCell::Seconds(3 * 3600), StaffCell::Percent(20.0))),
            "{:?}",
            states.rows
        );
        assert_eq!(
            of("Pause"),
            Some((StaffCell::Seconds(900), StaffCell::Percent(1.7)))
        );

        let satisfaction = staff::report(
            &pool,
            StaffReportKind::Satisfaction,
            day("2026-11-01"),
            day("2026-12-31"),
            TASHKENT,
        )
        .await
        .unwrap();
        let bekzod = satisfaction
            .rows
            .iter()
            .find(|r| r[0] == StaffCell::Text("Bekzod".into()))
            .unwrap();
        // One rating, 8 of 10: 4.0 on 5, in the "4" column.
        assert_eq!(
            bekzod[2..],
            [
                StaffCell::Number(1.0),
                StaffCell::Number(4.0),
                StaffCell::Number(0.0),
                StaffCell::Number(0.0),
                StaffCell::Number(0.0),
                StaffCell::Number(1.0),
                StaffCell::Number(0.0),
                StaffCell::Percent(100.0),
            ]
        );
        let aziza = satisfaction
            .rows
            .iter()
            .find(|r| r[0] == StaffCell::Text("Aziza".into()))
            .unwrap();
        assert_eq!(aziza[3], StaffCell::Number(4.0), "5 and 3");
        assert_eq!(aziza[9], StaffCell::Percent(50.0));

        // The comments report lists what customers wrote, with the score and operator.
        sqlx::query("UPDATE ratings SET comment = 'Долго ждал ответа' WHERE score = 3")
            .execute(&pool)
            .await
            .unwrap();
        let comments = staff::report(
            &pool,
            StaffReportKind::Comments,
            day("2026-11-01"),
            day("2026-12-31"),
            TASHKENT,
        )
        .await
        .unwrap();
        assert_eq!(comments.rows.len(), 1, "{:?}", comments.rows);
        let row = &comments.rows[0];
        assert_eq!(row[0], StaffCell::Text("Aziza".into()));
        assert_eq!(row[3], StaffCell::Text("3 / 5".into()));
        assert_eq!(row[5], StaffCell::Text("Долго ждал ответа".into()));
        let comment_labels = app::reports::export_labels::staff_labels(
            app::reports::export_labels::locale_of(Some("kk")),
            &comments,
        );
        let book = read_back(&staff_files::xlsx(&comments, &comment_labels, TASHKENT).unwrap());
        let rows = book["rows"].as_array().unwrap();
        assert_eq!(rows[0][0], "Клиенттердің пікірлері");
        assert_eq!(rows[3][5], "Пікір");
        assert_eq!(rows[4][5], "Долго ждал ответа");

        let labels = app::reports::export_labels::staff_labels(
            app::reports::export_labels::locale_of(Some("ru")),
            &shifts,
        );
        let book = read_back(&staff_files::xlsx(&shifts, &labels, TASHKENT).unwrap());
        let rows = book["rows"].as_array().unwrap();
        assert_eq!(rows[0][0], "Смены: фактические начало и конец");
        assert_eq!(rows[3][2], "Начало");
        assert_eq!(rows[4][2]["datetime"], "2026-11-10T09:00:00");
        assert_eq!(rows[4][4]["seconds"], 30600.0);
        assert_eq!(rows[5][5], "Завершена супервизором");
        let text = pdf_text(&staff_files::pdf(&shifts, &labels, TASHKENT).unwrap());
        assert!(
            text.contains("Смены: фактические начало и конец") && text.contains("10.11.2026 09:00"),
            "{text}"
        );
    }
}
