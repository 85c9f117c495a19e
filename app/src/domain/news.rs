//! News for staff (TS 8.5): publishing to everyone or to operator groups, each reader's
//! list, and the acknowledgement that lets them into the workspace.
//!
//! A news item is addressed to an active staff member when it went to everyone or to a
//! group they belong to, and it was published after their account was made (a new
//! colleague is not held at the door by the news of past years). Addressed and not
//! acknowledged is "unread"; unread news must be read before the conversations show.

use crate::news::model::{DraftProblem, NewsBoard, NewsDraft, NewsItem, PublishedNews};
use sqlx::PgPool;

#[derive(Debug, PartialEq, Eq)]
pub enum NewsError {
    /// The draft is incomplete, or names a group that does not exist.
    Invalid(Vec<DraftProblem>),
    /// No such news item addressed to the reader.
    NotFound,
    Database,
}

impl From<sqlx::Error> for NewsError {
    fn from(err: sqlx::Error) -> Self {
        tracing::error!(error = %err, "news query failed");
        NewsError::Database
    }
}

/// Whether news `n` is addressed to user `u` (both aliases must be in scope).
const ADDRESSED: &str = "NOT u.blocked AND u.created_at <= n.published_at AND (n.for_all OR EXISTS (
        SELECT 1 FROM news_groups ng JOIN group_members gm ON gm.group_id = ng.group_id
        WHERE ng.news_id = n.id AND gm.user_id = u.id))";

const UTC_TEXT: &str = r#"'YYYY-MM-DD"T"HH24:MI:SS"Z"'"#;

fn reader_query(filter: &str, order: &str) -> String {
    format!(
        "SELECT n.id, n.title, n.body, a.display_name AS author,
                to_char(n.published_at AT TIME ZONE 'UTC', {UTC_TEXT}) AS published_at,
                to_char(r.read_at AT TIME ZONE 'UTC', {UTC_TEXT}) AS read_at
         FROM news n
         JOIN users u ON u.id = $1
         LEFT JOIN users a ON a.id = n.author_id
         LEFT JOIN news_reads r ON r.news_id = n.id AND r.user_id = u.id
         WHERE {ADDRESSED} {filter}
         ORDER BY {order}"
    )
}

/// Publishes a news item; the author has read what they wrote. Returns its id.
pub async fn publish(pool: &PgPool, author_id: i64, draft: &NewsDraft) -> Result<i64, NewsError> {
    let problems = draft.problems();
    if !problems.is_empty() {
        return Err(NewsError::Invalid(problems));
    }
    let mut groups = if draft.for_all {
        Vec::new()
    } else {
        draft.group_ids.clone()
    };
    groups.sort_unstable();
    groups.dedup();
    let mut tx = pool.begin().await?;
    let known: i64 = sqlx::query_scalar("SELECT count(*) FROM operator_groups WHERE id = ANY($1)")
        .bind(&groups)
        .fetch_one(&mut *tx)
        .await?;
    if known != groups.len() as i64 {
        return Err(NewsError::Invalid(vec![DraftProblem::NoAudience]));
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO news (title, body, author_id, for_all) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(draft.title.trim())
    .bind(draft.body.trim())
    .bind(author_id)
    .bind(draft.for_all)
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query("INSERT INTO news_groups (news_id, group_id) SELECT $1, g FROM unnest($2::bigint[]) AS g")
        .bind(id)
        .bind(&groups)
        .execute(&mut *tx)
        .await?;
    sqlx::query("INSERT INTO news_reads (news_id, user_id) VALUES ($1, $2)")
        .bind(id)
        .bind(author_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(id)
}

/// Every news item addressed to the reader, newest first, with their read marks.
pub async fn for_reader(pool: &PgPool, user_id: i64) -> Result<Vec<NewsItem>, NewsError> {
    Ok(
        sqlx::query_as(&reader_query("", "n.published_at DESC, n.id DESC"))
            .bind(user_id)
            .fetch_all(pool)
            .await?,
    )
}

/// The reader's unread news, oldest first (the order the window shows them in).
pub async fn unread(pool: &PgPool, user_id: i64) -> Result<Vec<NewsItem>, NewsError> {
    Ok(
        sqlx::query_as(&reader_query("AND r.user_id IS NULL", "n.published_at, n.id"))
            .bind(user_id)
            .fetch_all(pool)
            .await?,
    )
}

/// How many news items the reader has not acknowledged.
pub async fn unread_count(pool: &PgPool, user_id: i64) -> Result<i64, NewsError> {
    Ok(sqlx::query_scalar(&format!(
        "SELECT count(*) FROM news n JOIN users u ON u.id = $1
         WHERE {ADDRESSED}
           AND NOT EXISTS (SELECT 1 FROM news_reads r WHERE r.news_id = n.id AND r.user_id = u.id)"
    ))
    .bind(user_id)
    .fetch_one(pool)
    .await?)
}

/// The reader acknowledges a news item addressed to them (again: nothing changes).
pub async fn acknowledge(pool: &PgPool, news_id: i64, user_id: i64) -> Result<(), NewsError> {
    let addressed: bool = sqlx::query_scalar(&format!(
        "SELECT EXISTS (SELECT 1 FROM news n JOIN users u ON u.id = $2 WHERE n.id = $1 AND {ADDRESSED})"
    ))
    .bind(news_id)
    .bind(user_id)
    .fetch_one(pool)
    .await?;
    if !addressed {
        return Err(NewsError::NotFound);
    }
    sqlx::query("INSERT INTO news_reads (news_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
        .bind(news_id)
        .bind(user_id)
        .execute(pool)
        .await?;
    Ok(())
}

/// One news item addressed to the reader.
pub async fn item(pool: &PgPool, news_id: i64, user_id: i64) -> Result<NewsItem, NewsError> {
    sqlx::query_as(&reader_query("AND n.id = $2", "n.id"))
        .bind(user_id)
        .bind(news_id)
        .fetch_optional(pool)
        .await?
        .ok_or(NewsError::NotFound)
}

/// Every published news item, newest first, with how many of its audience read it;
/// and the groups a new one can go to.
pub async fn board(pool: &PgPool) -> Result<NewsBoard, NewsError> {
    let published: Vec<PublishedNews> = sqlx::query_as(&format!(
        "SELECT n.id, n.title, a.display_name AS author,
                to_char(n.published_at AT TIME ZONE 'UTC', {UTC_TEXT}) AS published_at,
                n.for_all,
                ARRAY(SELECT g.name FROM news_groups ng JOIN operator_groups g ON g.id = ng.group_id
                      WHERE ng.news_id = n.id ORDER BY g.name) AS groups,
                (SELECT count(*) FROM users u JOIN news_reads r ON r.user_id = u.id AND r.news_id = n.id
                 WHERE {ADDRESSED}) AS read_count,
                (SELECT count(*) FROM users u WHERE {ADDRESSED}) AS audience_count
         FROM news n LEFT JOIN users a ON a.id = n.author_id
         ORDER BY n.published_at DESC, n.id DESC
         LIMIT 500"
    ))
    .fetch_all(pool)
    .await?;
    let groups = sqlx::query_as("SELECT id, name FROM operator_groups ORDER BY name")
        .fetch_all(pool)
        .await?;
    Ok(NewsBoard { published, groups })
}
