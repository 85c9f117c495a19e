//! Topics of conversations (TS 9.8): a tree administrators edit (4 levels by default,
//! up to 10), several topics per conversation, optionally required before closing, and
//! the history of the topics set on a customer's conversations.
//!
//! Archiving a topic archives everything under it (so an archived topic never has a
//! live child); archived topics stay on past conversations but can't be chosen.

use crate::model::CurrentUser;
use crate::permission::Permission;
use crate::topics::model::{
    ConversationTopics, HistorySort, Topic, TopicHistoryRow, TopicRef, TopicSettings, TopicTree,
};
use chrono::{DateTime, SecondsFormat, Utc};
use protocol::staff::ConversationSummary;
use protocol::ConversationStatus;
use sqlx::{PgConnection, PgPool};

#[derive(Debug, PartialEq, Eq)]
pub enum TopicError {
    NotFound,
    /// A name is blank or too long, a value out of range.
    Invalid,
    /// A sibling has this name already.
    Duplicate,
    /// The new topic would be deeper than the tree may grow.
    TooDeep {
        max: i32,
    },
    /// The depth limit can't go below the deepest existing topic.
    BelowDeepest {
        deepest: i32,
    },
    /// The topic (or its parent) is archived.
    Archived,
    /// The caller may not change this conversation's topics.
    Forbidden,
    /// Closing needs at least one topic.
    Required,
    Database,
}

impl From<sqlx::Error> for TopicError {
    fn from(err: sqlx::Error) -> Self {
        if let sqlx::Error::Database(db) = &err {
            if db.is_unique_violation() {
                return TopicError::Duplicate;
            }
            if db.is_check_violation() {
                return TopicError::Invalid;
            }
        }
        tracing::error!(error = %err, "topic query failed");
        TopicError::Database
    }
}

/// Path separator shown between levels.
pub const SEPARATOR: &str = " › ";

/// Every topic with its path and its depth-first sort key (siblings by position, then id).
const TREE: &str = "tree AS (
        SELECT t.id, t.parent_id, t.name, t.depth, t.archived, t.name::text AS path,
               ARRAY[t.position::bigint, t.id] AS sort_key
        FROM topics t WHERE t.parent_id IS NULL
        UNION ALL
        SELECT t.id, t.parent_id, t.name, t.depth, t.archived, tree.path || ' › ' || t.name,
               tree.sort_key || ARRAY[t.position::bigint, t.id]
        FROM topics t JOIN tree ON t.parent_id = tree.id
    )";

/// A topic and everything under it: `subtree` of the topic `$1`.
const SUBTREE: &str = "subtree AS (
        SELECT id FROM topics WHERE id = $1
        UNION ALL
        SELECT t.id FROM topics t JOIN subtree s ON t.parent_id = s.id
    )";

const MAX_NAME: usize = 200;
/// More topics than this on one conversation is a mistake, not a classification.
pub const MAX_PER_CONVERSATION: usize = 20;

fn clean_name(name: &str) -> Result<String, TopicError> {
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if (1..=MAX_NAME).contains(&name.chars().count()) {
        Ok(name)
    } else {
        Err(TopicError::Invalid)
    }
}

pub async fn settings(pool: &PgPool) -> Result<TopicSettings, TopicError> {
    let (max_depth, required_before_close): (i32, bool) =
        sqlx::query_as("SELECT max_depth, required_before_close FROM topic_settings")
            .fetch_one(pool)
            .await?;
    Ok(TopicSettings {
        max_depth,
        required_before_close,
    })
}

#[derive(sqlx::FromRow)]
struct TopicRow {
    id: i64,
    parent_id: Option<i64>,
    name: String,
    path: String,
    depth: i32,
    archived: bool,
    used: bool,
}

/// The whole tree, depth first, with its settings.
pub async fn tree(pool: &PgPool) -> Result<TopicTree, TopicError> {
    let rows: Vec<TopicRow> = sqlx::query_as(&format!(
        "WITH RECURSIVE {TREE}
         SELECT tree.id, tree.parent_id, tree.name, tree.path, tree.depth, tree.archived,
                EXISTS (SELECT 1 FROM conversation_topics ct WHERE ct.topic_id = tree.id) AS used
         FROM tree ORDER BY tree.sort_key"
    ))
    .fetch_all(pool)
    .await?;
    let mut topics: Vec<Topic> = rows
        .into_iter()
        .map(|r| Topic {
            id: r.id,
            parent_id: r.parent_id,
            name: r.name,
            path: r.path,
            depth: r.depth,
            archived: r.archived,
            used: r.used,
        })
        .collect();
    mark_used_ancestors(&mut topics);
    Ok(TopicTree {
        settings: settings(pool).await?,
        topics,
    })
}

/// A topic counts as used when anything under it was used (it can't be deleted then).
/// `topics` is in depth-first order, so children come after their parents.
fn mark_used_ancestors(topics: &mut [Topic]) {
    for i in (0..topics.len()).rev() {
        if let (true, Some(parent)) = (topics[i].used, topics[i].parent_id) {
            if let Some(p) = topics[..i].iter_mut().rev().find(|t| t.id == parent) {
                p.used = true;
            }
        }
    }
}

/// Adds a root topic (`parent` None) or a child; refuses one deeper than the limit.
pub async fn add(pool: &PgPool, parent: Option<i64>, name: &str) -> Result<i64, TopicError> {
    let name = clean_name(name)?;
    let mut tx = pool.begin().await?;
    // Additions and depth changes take turns, so the limit always holds.
    let max_depth: i32 = sqlx::query_scalar("SELECT max_depth FROM topic_settings FOR UPDATE")
        .fetch_one(&mut *tx)
        .await?;
    let depth = match parent {
        None => 1,
        Some(parent) => {
            let found: Option<(i32, bool)> =
                sqlx::query_as("SELECT depth, archived FROM topics WHERE id = $1")
                    .bind(parent)
                    .fetch_optional(&mut *tx)
                    .await?;
            match found {
                None => return Err(TopicError::NotFound),
                Some((_, true)) => return Err(TopicError::Archived),
                Some((depth, false)) => depth + 1,
            }
        }
    };
    if depth > max_depth {
        return Err(TopicError::TooDeep { max: max_depth });
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO topics (parent_id, name, depth, position)
         SELECT $1, $2, $3, COALESCE(max(position) + 1, 0)
         FROM topics WHERE parent_id IS NOT DISTINCT FROM $1
         RETURNING id",
    )
    .bind(parent)
    .bind(&name)
    .bind(depth)
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn rename(pool: &PgPool, id: i64, name: &str) -> Result<(), TopicError> {
    let name = clean_name(name)?;
    let done = sqlx::query("UPDATE topics SET name = $2 WHERE id = $1")
        .bind(id)
        .bind(&name)
        .execute(pool)
        .await?
        .rows_affected();
    (done == 1).then_some(()).ok_or(TopicError::NotFound)
}

/// Moves a topic one place up or down among its siblings (nothing at either end).
pub async fn shift(pool: &PgPool, id: i64, up: bool) -> Result<(), TopicError> {
    let mut tx = pool.begin().await?;
    let parent: Option<Option<i64>> = sqlx::query_scalar("SELECT parent_id FROM topics WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
    let parent = parent.ok_or(TopicError::NotFound)?;
    let mut siblings: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM topics WHERE parent_id IS NOT DISTINCT FROM $1 ORDER BY position, id FOR UPDATE",
    )
    .bind(parent)
    .fetch_all(&mut *tx)
    .await?;
    let at = siblings
        .iter()
        .position(|s| *s == id)
        .ok_or(TopicError::NotFound)?;
    let other = if up {
        at.checked_sub(1)
    } else {
        Some(at + 1).filter(|o| *o < siblings.len())
    };
    let Some(other) = other else {
        return Ok(());
    };
    siblings.swap(at, other);
    renumber(&mut tx, &siblings).await?;
    tx.commit().await?;
    Ok(())
}

async fn renumber(conn: &mut PgConnection, ids: &[i64]) -> Result<(), TopicError> {
    sqlx::query(
        "UPDATE topics SET position = x.pos - 1
         FROM unnest($1::bigint[]) WITH ORDINALITY AS x(id, pos) WHERE topics.id = x.id",
    )
    .bind(ids)
    .execute(conn)
    .await?;
    Ok(())
}

/// Archives a topic with everything under it, or brings it back (with everything under
/// it); a topic under an archived parent can't come back alone.
pub async fn set_archived(pool: &PgPool, id: i64, archived: bool) -> Result<(), TopicError> {
    let mut tx = pool.begin().await?;
    let parent_archived: Option<Option<bool>> = sqlx::query_scalar(
        "SELECT p.archived FROM topics t LEFT JOIN topics p ON p.id = t.parent_id WHERE t.id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?;
    match parent_archived {
        None => return Err(TopicError::NotFound),
        Some(Some(true)) if !archived => return Err(TopicError::Archived),
        _ => {}
    }
    sqlx::query(&format!(
        "WITH RECURSIVE {SUBTREE} UPDATE topics SET archived = $2 WHERE id IN (SELECT id FROM subtree)"
    ))
    .bind(id)
    .bind(archived)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// What `remove` did.
#[derive(Debug, PartialEq, Eq)]
pub enum Removal {
    Deleted,
    /// It (or a topic under it) was set on a conversation: archived instead.
    Archived,
}

/// Deletes a topic and everything under it if none of them was ever used; archives
/// them otherwise, so past conversations keep their topics.
pub async fn remove(pool: &PgPool, id: i64) -> Result<Removal, TopicError> {
    let mut tx = pool.begin().await?;
    let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM topics WHERE id = $1 FOR UPDATE")
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
    exists.ok_or(TopicError::NotFound)?;
    let used: bool = sqlx::query_scalar(&format!(
        "WITH RECURSIVE {SUBTREE}
         SELECT EXISTS (SELECT 1 FROM conversation_topics WHERE topic_id IN (SELECT id FROM subtree))"
    ))
    .bind(id)
    .fetch_one(&mut *tx)
    .await?;
    let removal = if used {
        sqlx::query(&format!(
            "WITH RECURSIVE {SUBTREE} UPDATE topics SET archived = true WHERE id IN (SELECT id FROM subtree)"
        ))
        .bind(id)
        .execute(&mut *tx)
        .await?;
        Removal::Archived
    } else {
        // Children go with it (ON DELETE CASCADE).
        sqlx::query("DELETE FROM topics WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        Removal::Deleted
    };
    tx.commit().await?;
    Ok(removal)
}

/// Sets the depth limit (1–10, never below the deepest topic) and whether a topic is
/// required before closing.
pub async fn save_settings(pool: &PgPool, settings: TopicSettings) -> Result<(), TopicError> {
    if !(1..=10).contains(&settings.max_depth) {
        return Err(TopicError::Invalid);
    }
    let mut tx = pool.begin().await?;
    sqlx::query("SELECT 1 FROM topic_settings FOR UPDATE")
        .execute(&mut *tx)
        .await?;
    let deepest: i32 = sqlx::query_scalar("SELECT COALESCE(max(depth), 0) FROM topics")
        .fetch_one(&mut *tx)
        .await?;
    if settings.max_depth < deepest {
        return Err(TopicError::BelowDeepest { deepest });
    }
    sqlx::query("UPDATE topic_settings SET max_depth = $1, required_before_close = $2")
        .bind(settings.max_depth)
        .bind(settings.required_before_close)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Topics by their paths, depth first: the ones that can be chosen, or (for filters
/// over the past) all of them.
pub async fn choices(pool: &PgPool, include_archived: bool) -> Result<Vec<TopicRef>, TopicError> {
    let rows: Vec<(i64, String, bool)> = sqlx::query_as(&format!(
        "WITH RECURSIVE {TREE}
         SELECT id, path, archived FROM tree WHERE $1 OR NOT archived ORDER BY sort_key"
    ))
    .bind(include_archived)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, path, archived)| TopicRef { id, path, archived })
        .collect())
}

/// Whether a staff member may change a conversation's topics: its operator while it is
/// active, and supervisors (who see every conversation) at any time.
pub fn can_edit(user: &CurrentUser, summary: &ConversationSummary) -> bool {
    user.can(Permission::ConversationsViewAll)
        || (summary.status == ConversationStatus::Active && summary.operator_id == Some(user.id))
}

/// The topics set on a conversation, in the order they were set.
pub async fn of_conversation(pool: &PgPool, conversation_id: i64) -> Result<Vec<TopicRef>, TopicError> {
    let rows: Vec<(i64, String, bool)> = sqlx::query_as(&format!(
        "WITH RECURSIVE {TREE}
         SELECT tree.id, tree.path, tree.archived FROM conversation_topics ct
         JOIN tree ON tree.id = ct.topic_id
         WHERE ct.conversation_id = $1 ORDER BY ct.set_at, tree.sort_key"
    ))
    .bind(conversation_id)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, path, archived)| TopicRef { id, path, archived })
        .collect())
}

/// Adds and removes topics on a conversation the user may edit (see `can_edit`);
/// only topics that are not archived can be added. Returns the topics now set.
pub async fn set_on_conversation(
    pool: &PgPool,
    user: &CurrentUser,
    conversation_id: i64,
    add: &[i64],
    remove: &[i64],
) -> Result<ConversationTopics, TopicError> {
    let mut tx = pool.begin().await?;
    // Locks the conversation: a close waits for this to finish.
    let found: Option<(String, Option<i64>)> =
        sqlx::query_as("SELECT status, operator_id FROM conversations WHERE id = $1 FOR UPDATE")
            .bind(conversation_id)
            .fetch_optional(&mut *tx)
            .await?;
    let (status, operator_id) = found.ok_or(TopicError::NotFound)?;
    let active = status == ConversationStatus::Active.as_str();
    if !(user.can(Permission::ConversationsViewAll) || (active && operator_id == Some(user.id))) {
        return Err(TopicError::Forbidden);
    }
    if !add.is_empty() {
        let found: Vec<(i64, bool)> = sqlx::query_as("SELECT id, archived FROM topics WHERE id = ANY($1)")
            .bind(add)
            .fetch_all(&mut *tx)
            .await?;
        if add.iter().any(|id| !found.iter().any(|(f, _)| f == id)) {
            return Err(TopicError::NotFound);
        }
        if found.iter().any(|(_, archived)| *archived) {
            return Err(TopicError::Archived);
        }
        sqlx::query(
            "INSERT INTO conversation_topics (conversation_id, topic_id, set_by)
             SELECT $1, unnest($2::bigint[]), $3 ON CONFLICT DO NOTHING",
        )
        .bind(conversation_id)
        .bind(add)
        .bind(user.id)
        .execute(&mut *tx)
        .await?;
    }
    if !remove.is_empty() {
        sqlx::query("DELETE FROM conversation_topics WHERE conversation_id = $1 AND topic_id = ANY($2)")
            .bind(conversation_id)
            .bind(remove)
            .execute(&mut *tx)
            .await?;
    }
    let count: i64 =
        sqlx::query_scalar("SELECT count(*) FROM conversation_topics WHERE conversation_id = $1")
            .bind(conversation_id)
            .fetch_one(&mut *tx)
            .await?;
    if count as usize > MAX_PER_CONVERSATION {
        return Err(TopicError::Invalid);
    }
    tx.commit().await?;
    Ok(ConversationTopics {
        topics: of_conversation(pool, conversation_id).await?,
        editable: true,
    })
}

/// Before a conversation closes: refuses when a topic is required and none is set.
pub async fn check_before_close(pool: &PgPool, conversation_id: i64) -> Result<(), TopicError> {
    let missing: bool = sqlx::query_scalar(
        "SELECT s.required_before_close
                AND NOT EXISTS (SELECT 1 FROM conversation_topics WHERE conversation_id = $1)
         FROM topic_settings s",
    )
    .bind(conversation_id)
    .fetch_one(pool)
    .await?;
    if missing {
        Err(TopicError::Required)
    } else {
        Ok(())
    }
}

/// Whether a staff member may read a customer's topic history: with `view_all` always,
/// otherwise when they may read one of the customer's conversations
/// (`conversations::can_read`).
pub async fn may_read_customer(
    pool: &PgPool,
    user: &CurrentUser,
    customer_id: i64,
) -> Result<bool, TopicError> {
    if user.can(Permission::ConversationsViewAll) {
        return Ok(true);
    }
    let candidates: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM conversations WHERE customer_id = $1 AND (operator_id = $2 OR status = 'waiting')
         ORDER BY id DESC LIMIT 20",
    )
    .bind(customer_id)
    .bind(user.id)
    .fetch_all(pool)
    .await?;
    for id in candidates {
        let summary = super::conversations::summary(pool, id)
            .await
            .map_err(|_| TopicError::Database)?;
        if super::conversations::can_read(user, &summary) {
            return Ok(true);
        }
    }
    Ok(false)
}

#[derive(sqlx::FromRow)]
struct HistoryRow {
    conversation_id: i64,
    set_at: DateTime<Utc>,
    channel_name: String,
    operator_name: Option<String>,
    topic_id: i64,
    path: String,
}

/// The topics set on a customer's conversations: only those in the subtree of
/// `topic` when given; newest first, or by topic path.
pub async fn history(
    pool: &PgPool,
    customer_id: i64,
    topic: Option<i64>,
    sort: HistorySort,
) -> Result<Vec<TopicHistoryRow>, TopicError> {
    let rows: Vec<HistoryRow> = sqlx::query_as(&format!(
        "WITH RECURSIVE {TREE}, {SUBTREE}
         SELECT ct.conversation_id, ct.set_at, ch.name AS channel_name,
                COALESCE(setter.display_name, op.display_name) AS operator_name,
                tree.id AS topic_id, tree.path
         FROM conversation_topics ct
         JOIN conversations c ON c.id = ct.conversation_id
         JOIN channels ch ON ch.id = c.channel_id
         JOIN tree ON tree.id = ct.topic_id
         LEFT JOIN users setter ON setter.id = ct.set_by
         LEFT JOIN users op ON op.id = c.operator_id
         WHERE c.customer_id = $2 AND ($1::bigint IS NULL OR ct.topic_id IN (SELECT id FROM subtree))
         ORDER BY CASE WHEN $3 THEN lower(tree.path) END, ct.set_at DESC, ct.conversation_id DESC, tree.sort_key
         LIMIT 500"
    ))
    .bind(topic)
    .bind(customer_id)
    .bind(sort == HistorySort::Topic)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| TopicHistoryRow {
            conversation_id: r.conversation_id,
            set_at: r.set_at.to_rfc3339_opts(SecondsFormat::Secs, true),
            channel_name: r.channel_name,
            operator_name: r.operator_name,
            topic_id: r.topic_id,
            path: r.path,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn topic(id: i64, parent_id: Option<i64>, used: bool) -> Topic {
        Topic {
            id,
            parent_id,
            name: id.to_string(),
            path: id.to_string(),
            depth: 1,
            archived: false,
            used,
        }
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(clean_name("  Карты   и  счета ").unwrap(), "Карты и счета");
        assert_eq!(clean_name("   "), Err(TopicError::Invalid));
        assert_eq!(clean_name(&"я".repeat(201)), Err(TopicError::Invalid));
        assert!(clean_name(&"я".repeat(200)).is_ok());
    }

    #[test]
    fn use_below_marks_every_ancestor() {
        let mut t = vec![
            topic(1, None, false),
            topic(2, Some(1), false),
            topic(3, Some(2), true),
            topic(4, None, false),
        ];
        mark_used_ancestors(&mut t);
        assert_eq!(
            t.iter().map(|t| t.used).collect::<Vec<_>>(),
            [true, true, true, false]
        );
    }
}
