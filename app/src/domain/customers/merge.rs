//! Merging two customers into one history, and undoing it. The survivor takes the
//! absorbed customer's conversations, messenger contacts, identifiers and notes; the
//! absorbed one stays as a pointer (`merged_into`) so a widget's visitor token that
//! named it leads to the survivor. The merge records exactly which rows moved, and
//! undoing it moves exactly those back; conversations begun after the merge stay with
//! the survivor. Two customers who are both in an open conversation are not merged
//! (one conversation must close first), so no chat has two customers.

use sqlx::{PgConnection, PgPool};

#[derive(Debug)]
pub enum MergeError {
    NotFound,
    /// The same customer, or one already merged into another.
    Invalid,
    /// Both have an open conversation.
    BothOpen,
    /// Undoing: already undone, or the survivor was merged again since.
    Conflict,
    Database(sqlx::Error),
}

impl From<sqlx::Error> for MergeError {
    fn from(e: sqlx::Error) -> Self {
        MergeError::Database(e)
    }
}

/// The customer a (possibly merged) customer now is: `merged_into`, followed.
pub async fn current(pool: &PgPool, customer_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "WITH RECURSIVE chain(id, next, depth) AS (
             SELECT id, merged_into, 0 FROM customers WHERE id = $1
             UNION ALL
             SELECT c.id, c.merged_into, chain.depth + 1 FROM customers c JOIN chain ON c.id = chain.next
             WHERE chain.depth < 20)
         SELECT id FROM chain WHERE next IS NULL LIMIT 1",
    )
    .bind(customer_id)
    .fetch_optional(pool)
    .await
    .map(|found| found.unwrap_or(customer_id))
}

async fn moved_ids(conn: &mut PgConnection, sql: &str, from: i64, to: i64) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar(sql).bind(from).bind(to).fetch_all(conn).await
}

/// Merges `absorbed` into `survivor`; `by` is the staff member (none: a verified
/// identifier). Returns the merge's id.
pub async fn merge(
    pool: &PgPool,
    survivor: i64,
    absorbed: i64,
    by: Option<i64>,
    reason: &str,
) -> Result<i64, MergeError> {
    if survivor == absorbed {
        return Err(MergeError::Invalid);
    }
    let mut tx = pool.begin().await?;
    // Both rows locked, in id order (no deadlock with a merge the other way round).
    let locked: Vec<(i64, Option<i64>)> =
        sqlx::query_as("SELECT id, merged_into FROM customers WHERE id IN ($1, $2) ORDER BY id FOR UPDATE")
            .bind(survivor)
            .bind(absorbed)
            .fetch_all(&mut *tx)
            .await?;
    if locked.len() != 2 {
        return Err(MergeError::NotFound);
    }
    if locked.iter().any(|(_, into)| into.is_some()) {
        return Err(MergeError::Invalid);
    }
    let open: i64 = sqlx::query_scalar(
        "SELECT count(DISTINCT customer_id) FROM conversations
         WHERE customer_id IN ($1, $2) AND status IN ('waiting', 'active')",
    )
    .bind(survivor)
    .bind(absorbed)
    .fetch_one(&mut *tx)
    .await?;
    if open == 2 {
        return Err(MergeError::BothOpen);
    }
    let conversations = moved_ids(
        &mut *tx,
        "UPDATE conversations SET customer_id = $2 WHERE customer_id = $1 RETURNING id",
        absorbed,
        survivor,
    )
    .await?;
    let contacts = moved_ids(
        &mut *tx,
        "UPDATE customer_contacts SET customer_id = $2 WHERE customer_id = $1 RETURNING id",
        absorbed,
        survivor,
    )
    .await?;
    // An identifier both hold stays with the absorbed one (it is the survivor's already).
    let identifiers = moved_ids(
        &mut *tx,
        "UPDATE customer_identifiers i SET customer_id = $2 WHERE i.customer_id = $1
           AND NOT EXISTS (SELECT 1 FROM customer_identifiers s
                           WHERE s.customer_id = $2 AND s.kind = i.kind AND s.value = i.value)
         RETURNING i.id",
        absorbed,
        survivor,
    )
    .await?;
    let notes = moved_ids(
        &mut *tx,
        "UPDATE customer_notes SET customer_id = $2 WHERE customer_id = $1 RETURNING id",
        absorbed,
        survivor,
    )
    .await?;
    sqlx::query("UPDATE customers SET merged_into = $2 WHERE id = $1")
        .bind(absorbed)
        .bind(survivor)
        .execute(&mut *tx)
        .await?;
    // The survivor is verified if either was.
    sqlx::query(
        "UPDATE customers s SET verified_at = COALESCE(s.verified_at, a.verified_at),
                verified_by = COALESCE(s.verified_by, a.verified_by),
                segment_id = COALESCE(s.segment_id, a.segment_id)
         FROM customers a WHERE s.id = $1 AND a.id = $2",
    )
    .bind(survivor)
    .bind(absorbed)
    .execute(&mut *tx)
    .await?;
    let moved = serde_json::json!({
        "conversations": conversations,
        "contacts": contacts,
        "identifiers": identifiers,
        "notes": notes,
    });
    let reason: String = reason.trim().chars().take(300).collect();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO customer_merges (survivor_id, absorbed_id, merged_by, reason, moved)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(survivor)
    .bind(absorbed)
    .bind(by)
    .bind(if reason.is_empty() {
        "merged by staff".to_owned()
    } else {
        reason
    })
    .bind(&moved)
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Undoes a merge: what moved goes back, the absorbed customer stands alone again.
/// Returns (survivor, absorbed).
pub async fn unmerge(pool: &PgPool, merge_id: i64, by: i64) -> Result<(i64, i64), MergeError> {
    let mut tx = pool.begin().await?;
    let found: Option<(i64, i64, serde_json::Value, Option<chrono::DateTime<chrono::Utc>>)> = sqlx::query_as(
        "SELECT survivor_id, absorbed_id, moved, unmerged_at FROM customer_merges WHERE id = $1 FOR UPDATE",
    )
    .bind(merge_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((survivor, absorbed, moved, unmerged_at)) = found else {
        return Err(MergeError::NotFound);
    };
    let state: Vec<(i64, Option<i64>)> =
        sqlx::query_as("SELECT id, merged_into FROM customers WHERE id IN ($1, $2) ORDER BY id FOR UPDATE")
            .bind(survivor)
            .bind(absorbed)
            .fetch_all(&mut *tx)
            .await?;
    let into = |id: i64| state.iter().find(|(c, _)| *c == id).and_then(|(_, into)| *into);
    if unmerged_at.is_some() || into(absorbed) != Some(survivor) || into(survivor).is_some() {
        return Err(MergeError::Conflict);
    }
    let ids = |name: &str| -> Vec<i64> {
        moved
            .get(name)
            .and_then(|v| serde_json::from_value(v.clone()).ok())
            .unwrap_or_default()
    };
    for (table, name) in [
        ("conversations", "conversations"),
        ("customer_contacts", "contacts"),
        ("customer_identifiers", "identifiers"),
        ("customer_notes", "notes"),
    ] {
        sqlx::query(&format!(
            "UPDATE {table} SET customer_id = $1 WHERE customer_id = $2 AND id = ANY($3)"
        ))
        .bind(absorbed)
        .bind(survivor)
        .bind(ids(name))
        .execute(&mut *tx)
        .await?;
    }
    sqlx::query("UPDATE customers SET merged_into = NULL WHERE id = $1")
        .bind(absorbed)
        .execute(&mut *tx)
        .await?;
    sqlx::query("UPDATE customer_merges SET unmerged_at = now(), unmerged_by = $2 WHERE id = $1")
        .bind(merge_id)
        .bind(by)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok((survivor, absorbed))
}

/// The customer a merge went into.
pub async fn survivor_of(pool: &PgPool, merge_id: i64) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT survivor_id FROM customer_merges WHERE id = $1")
        .bind(merge_id)
        .fetch_optional(pool)
        .await
}

/// A merge as the customer card lists it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct MergeRow {
    pub id: i64,
    pub absorbed_id: i64,
    pub absorbed_name: String,
    pub merged_by: Option<String>,
    pub reason: String,
    pub merged_at: chrono::DateTime<chrono::Utc>,
}

/// The merges into a customer that are still in force, newest first.
pub async fn into_customer(pool: &PgPool, customer_id: i64) -> Result<Vec<MergeRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT m.id, m.absorbed_id, a.display_name AS absorbed_name, u.login AS merged_by, m.reason, m.merged_at
         FROM customer_merges m
         JOIN customers a ON a.id = m.absorbed_id
         LEFT JOIN users u ON u.id = m.merged_by
         WHERE m.survivor_id = $1 AND m.unmerged_at IS NULL
         ORDER BY m.merged_at DESC, m.id DESC",
    )
    .bind(customer_id)
    .fetch_all(pool)
    .await
}
