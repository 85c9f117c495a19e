//! Thirty days of the demo bank's past conversations, made once, so the reports, the
//! KPIs and the history have something to show on the first `make run`. Deterministic
//! (`setseed`), closed, with replies, ratings, resolved and quality marks and topics.

use sqlx::PgPool;

/// How many past conversations the demo gets.
const CONVERSATIONS: i32 = 360;

pub async fn seed(pool: &PgPool, channel_id: i64) -> anyhow::Result<()> {
    let made: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM customers WHERE channel_id = $1 AND display_name LIKE 'Demo %')",
    )
    .bind(channel_id)
    .fetch_one(pool)
    .await?;
    if made {
        return Ok(());
    }
    let mut tx = pool.begin().await?;
    sqlx::query("SELECT setseed(0.42)").execute(&mut *tx).await?;
    sqlx::query(
        "INSERT INTO customers (channel_id, visitor_hash, display_name, language)
         SELECT $1, sha256(convert_to('demo-history-' || g, 'UTF8')), 'Demo ' || g,
                (ARRAY['ru', 'uz', 'ru', 'kk'])[1 + g % 4]
         FROM generate_series(1, 80) g
         ON CONFLICT DO NOTHING",
    )
    .bind(channel_id)
    .execute(&mut *tx)
    .await?;
    // Times: business hours in Tashkent (UTC+5) over the last 30 days; queue 5–120 s,
    // first reply 10–90 s later, handling 2–20 minutes.
    sqlx::query(
        "WITH operators AS (
             SELECT array_agg(u.id ORDER BY u.id) AS ids FROM users u
             JOIN user_roles ur ON ur.user_id = u.id JOIN roles r ON r.id = ur.role_id
             WHERE r.code = 'operator'
         ), customers AS (
             SELECT array_agg(id ORDER BY id) AS ids FROM customers
             WHERE channel_id = $1 AND display_name LIKE 'Demo %'
         ), planned AS (
             SELECT g,
                    date_trunc('day', now() - make_interval(days => 1 + (g % 30)))
                        + make_interval(hours => 4 + (random() * 9)::int, mins => (random() * 59)::int) AS created,
                    5 + random() * 115 AS queue, 10 + random() * 80 AS reaction, 120 + random() * 1080 AS handling,
                    random() AS r1, random() AS r2, random() AS r3
             FROM generate_series(1, $2) g
         )
         INSERT INTO conversations (customer_id, channel_id, status, language, operator_id, created_at, queued_at,
                                    assigned_at, first_response_at, closed_at, closed_by, close_reason, resolved,
                                    quality_accurate, quality_at)
         SELECT c.ids[1 + (p.g % cardinality(c.ids))], $1, 'closed', 'ru', o.ids[1 + (p.g % cardinality(o.ids))],
                p.created, p.created,
                p.created + make_interval(secs => p.queue),
                p.created + make_interval(secs => p.queue + p.reaction),
                p.created + make_interval(secs => p.queue + p.handling),
                o.ids[1 + (p.g % cardinality(o.ids))], 'operator', p.r1 < 0.85,
                CASE WHEN p.r2 < 0.4 THEN p.r2 < 0.34 END,
                CASE WHEN p.r2 < 0.4 THEN p.created + interval '1 day' END
         FROM planned p, operators o, customers c
         WHERE cardinality(o.ids) > 0",
    )
    .bind(channel_id)
    .bind(CONVERSATIONS)
    .execute(&mut *tx)
    .await?;
    let demo =
        "c.channel_id = $1 AND c.customer_id IN (SELECT id FROM customers WHERE display_name LIKE 'Demo %')";
    sqlx::query(&format!(
        "INSERT INTO messages (conversation_id, client_id, sender, author_id, body, created_at)
         SELECT c.id, gen_random_uuid(), 'customer', NULL,
                (ARRAY['Здравствуйте, карта заблокирована', 'Как досрочно погасить кредит?',
                       'Какой процент по вкладу?', 'Перевод не дошёл'])[1 + c.id % 4], c.created_at
         FROM conversations c WHERE {demo}
         UNION ALL
         SELECT c.id, gen_random_uuid(), 'operator', c.operator_id,
                'Здравствуйте! Сейчас проверю и помогу.', c.first_response_at
         FROM conversations c WHERE {demo}"
    ))
    .bind(channel_id)
    .execute(&mut *tx)
    .await?;
    sqlx::query(&format!(
        "INSERT INTO ratings (conversation_id, operator_id, score, scale, created_at)
         SELECT c.id, c.operator_id, (ARRAY[5, 5, 4, 5, 3, 4, 5, 2, 5, 4])[1 + c.id % 10], 5, c.closed_at
         FROM conversations c WHERE {demo} AND c.id % 3 <> 0"
    ))
    .bind(channel_id)
    .execute(&mut *tx)
    .await?;
    sqlx::query(&format!(
        "INSERT INTO conversation_topics (conversation_id, topic_id, set_by, set_at)
         SELECT c.id, t.ids[1 + c.id % cardinality(t.ids)], c.operator_id, c.closed_at
         FROM conversations c, (SELECT array_agg(id ORDER BY id) AS ids FROM topics WHERE depth = 2) t
         WHERE {demo} AND cardinality(t.ids) > 0
         ON CONFLICT DO NOTHING"
    ))
    .bind(channel_id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}
