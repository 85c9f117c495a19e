//! History search: full text over messages (Russian morphology plus the words as written,
//! for Uzbek, Kazakh and English; see `docs/history-and-card.md`) with filters by
//! customer, operator, channel, dates, topic and status. Operators find only the
//! conversations they handled; staff with `view_all` find every one.

pub mod query_text;
pub mod snippet;

use crate::history::model::{HistoryFilters, HistoryHit, HistoryPage, HistoryQuery, PAGE_SIZE};
use crate::model::CurrentUser;
use crate::permission::Permission;
use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use protocol::ConversationStatus;
use sqlx::PgPool;

#[derive(Debug, PartialEq, Eq)]
pub enum HistoryError {
    /// A date that does not parse, or a range that ends before it starts.
    BadDate,
    Database,
}

impl From<sqlx::Error> for HistoryError {
    fn from(err: sqlx::Error) -> Self {
        tracing::error!(error = %err, "history query failed");
        HistoryError::Database
    }
}

/// `ts_headline`'s options: private markers around matched words, two short fragments.
const HEADLINE_OPTIONS: &str = "'StartSel=' || chr(1) || ', StopSel=' || chr(2)
    || ', MaxWords=30, MinWords=12, ShortWord=2, MaxFragments=2, FragmentDelimiter=\" … \"'";

/// The conversations a search finds: with words, those with a matching message (the
/// latest such message is the snippet); without, all (the latest message is).
const WITH_WORDS: &str = "q AS (
        SELECT search_query('russian', $1, $2) || search_query('simple', $1, $2) AS query
    ),
    found AS (
        SELECT m.conversation_id, max(m.id) AS message_id
        FROM messages m, q WHERE m.search @@ q.query GROUP BY m.conversation_id
    )";

const WITHOUT_WORDS: &str = "q AS (SELECT NULL::tsquery AS query, $1::text AS head, $2::text AS last_word),
    found AS (SELECT id AS conversation_id, NULL::bigint AS message_id FROM conversations)";

#[derive(sqlx::FromRow)]
struct HitRow {
    conversation_id: i64,
    customer_name: String,
    channel_name: String,
    operator_name: Option<String>,
    status: String,
    created_at: DateTime<Utc>,
    snippet: Option<String>,
    snippet_at: Option<DateTime<Utc>>,
    rating: Option<i16>,
    rating_scale: i16,
}

fn day(text: &str) -> Result<Option<NaiveDate>, HistoryError> {
    if text.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| HistoryError::BadDate)
}

/// One page of conversations matching the query, newest first.
pub async fn search(
    pool: &PgPool,
    user: &CurrentUser,
    query: &HistoryQuery,
) -> Result<HistoryPage, HistoryError> {
    let (from, to) = (day(&query.from)?, day(&query.to)?);
    if let (Some(from), Some(to)) = (from, to) {
        if to < from {
            return Err(HistoryError::BadDate);
        }
    }
    let words = !query.text.trim().is_empty();
    let (head, last) = query_text::split_last_word(&query.text);
    let customer = query.customer.trim();
    let sql = format!(
        "WITH RECURSIVE {found_by},
         topic_tree(id) AS (
            SELECT id FROM topics WHERE id = $9
            UNION ALL SELECT t.id FROM topics t JOIN topic_tree tt ON t.parent_id = tt.id
         ),
         page AS (
            SELECT c.id AS conversation_id, cu.display_name AS customer_name, ch.name AS channel_name,
                   u.display_name AS operator_name, c.status, c.created_at, found.message_id,
                   ch.rating_scale
            FROM found
            JOIN conversations c ON c.id = found.conversation_id
            JOIN customers cu ON cu.id = c.customer_id
            JOIN channels ch ON ch.id = c.channel_id
            LEFT JOIN users u ON u.id = c.operator_id
            WHERE ($3 OR c.operator_id = $4)
              AND ($5::text IS NULL
                   OR strpos(lower(cu.display_name || ' ' || COALESCE(cu.nickname, '')), lower($5)) > 0)
              AND ($6::bigint IS NULL OR c.operator_id = $6)
              AND ($7::bigint IS NULL OR c.channel_id = $7)
              AND ($8::text IS NULL OR c.status = $8)
              AND ($9::bigint IS NULL OR EXISTS (
                    SELECT 1 FROM conversation_topics ct JOIN topic_tree tt ON tt.id = ct.topic_id
                    WHERE ct.conversation_id = c.id))
              AND ($10::date IS NULL OR c.created_at >= $10::date::timestamp AT TIME ZONE $12)
              AND ($11::date IS NULL OR c.created_at < ($11::date + 1)::timestamp AT TIME ZONE $12)
              AND ($13::bigint IS NULL OR c.id < $13)
            ORDER BY c.id DESC
            LIMIT $14
         )
         SELECT page.conversation_id, page.customer_name, page.channel_name, page.operator_name,
                page.status, page.created_at, page.rating_scale,
                CASE WHEN q.query IS NULL THEN left(m.body, 300)
                     WHEN strpos(ru.headline, chr(1)) > 0 THEN ru.headline
                     ELSE ts_headline('simple', doc.body, q.query, {HEADLINE_OPTIONS}) END AS snippet,
                m.created_at AS snippet_at,
                (SELECT r.score FROM ratings r WHERE r.conversation_id = page.conversation_id
                    ORDER BY r.id DESC LIMIT 1) AS rating
         FROM page CROSS JOIN q
         LEFT JOIN messages m ON m.id = COALESCE(page.message_id,
            (SELECT max(l.id) FROM messages l WHERE l.conversation_id = page.conversation_id))
         -- What `ts_headline` reads: the body without the markers, apostrophes as indexed.
         LEFT JOIN LATERAL (SELECT search_text(translate(m.body, chr(1) || chr(2), '')) AS body) doc ON true
         LEFT JOIN LATERAL (
            SELECT ts_headline('russian', doc.body, q.query, {HEADLINE_OPTIONS}) AS headline
            WHERE q.query IS NOT NULL
         ) ru ON true
         ORDER BY page.conversation_id DESC",
        found_by = if words { WITH_WORDS } else { WITHOUT_WORDS },
    );
    let rows: Vec<HitRow> = sqlx::query_as(&sql)
        .bind(head)
        .bind(last)
        .bind(user.can(Permission::ConversationsViewAll))
        .bind(user.id)
        .bind((!customer.is_empty()).then_some(customer))
        .bind(query.operator_id)
        .bind(query.channel_id)
        .bind(query.status.map(ConversationStatus::as_str))
        .bind(query.topic_id)
        .bind(from)
        .bind(to)
        .bind(&user.time_zone)
        .bind(query.before)
        .bind(PAGE_SIZE as i64 + 1)
        .fetch_all(pool)
        .await?;
    let more = rows.len() > PAGE_SIZE;
    let hits: Vec<HistoryHit> = rows
        .into_iter()
        .take(PAGE_SIZE)
        .map(|r| HistoryHit {
            conversation_id: r.conversation_id,
            customer_name: r.customer_name,
            channel_name: r.channel_name,
            operator_name: r.operator_name,
            status: ConversationStatus::parse(&r.status).unwrap_or(ConversationStatus::Closed),
            created_at: r.created_at.to_rfc3339_opts(SecondsFormat::Secs, true),
            snippet: match (&r.snippet, words) {
                (Some(s), true) => snippet::parts(s),
                (Some(s), false) => snippet::plain(s),
                (None, _) => Vec::new(),
            },
            snippet_at: r.snippet_at.map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true)),
            rating: r.rating,
            rating_scale: r.rating_scale,
        })
        .collect();
    let next_before = if more {
        hits.last().map(|h| h.conversation_id)
    } else {
        None
    };
    Ok(HistoryPage { hits, next_before })
}

/// The choices of the filters: operators (for staff who see everyone's conversations),
/// channels, and the topic tree in order.
pub async fn filters(pool: &PgPool, user: &CurrentUser) -> Result<HistoryFilters, HistoryError> {
    filters_for(pool, user.can(Permission::ConversationsViewAll)).await
}

/// The filters' choices; the operators only `with_operators` (for those who see everyone's).
pub async fn filters_for(pool: &PgPool, with_operators: bool) -> Result<HistoryFilters, HistoryError> {
    let operators = if with_operators {
        sqlx::query_as(
            "SELECT u.id, u.display_name AS name, 1 AS depth FROM users u
             WHERE EXISTS (SELECT 1 FROM user_roles ur JOIN role_permissions rp ON rp.role_id = ur.role_id
                           WHERE ur.user_id = u.id AND rp.permission = 'conversations.handle')
                OR EXISTS (SELECT 1 FROM conversations c WHERE c.operator_id = u.id)
             ORDER BY u.display_name, u.id",
        )
        .fetch_all(pool)
        .await?
    } else {
        Vec::new()
    };
    let channels = sqlx::query_as("SELECT id, name, 1 AS depth FROM channels ORDER BY name, id")
        .fetch_all(pool)
        .await?;
    let topics = sqlx::query_as(
        "WITH RECURSIVE tree AS (
            SELECT id, name, depth, ARRAY[position, id] AS sort_path FROM topics WHERE parent_id IS NULL
            UNION ALL
            SELECT t.id, t.name, t.depth, tree.sort_path || ARRAY[t.position, t.id]
            FROM topics t JOIN tree ON t.parent_id = tree.id
         )
         SELECT id, name, depth FROM tree ORDER BY sort_path",
    )
    .fetch_all(pool)
    .await?;
    Ok(HistoryFilters {
        operators,
        channels,
        topics,
    })
}
