//! Unread counts: the last message each staff member has seen in each conversation.

use crate::model::WorkspaceSnapshot;
use sqlx::PgPool;

/// Marks a conversation read up to `message_id` (never backwards).
pub async fn mark_read(
    pool: &PgPool,
    user_id: i64,
    conversation_id: i64,
    message_id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO conversation_reads (user_id, conversation_id, last_read_message_id)
         SELECT $1, $2, m.id FROM messages m WHERE m.id = $3 AND m.conversation_id = $2
         ON CONFLICT (user_id, conversation_id) DO UPDATE
         SET last_read_message_id = GREATEST(conversation_reads.last_read_message_id, EXCLUDED.last_read_message_id),
             read_at = now()",
    )
    .bind(user_id)
    .bind(conversation_id)
    .bind(message_id)
    .execute(pool)
    .await?;
    Ok(())
}

/// Customer messages after the user's last read one, per conversation (only those with some).
pub async fn unread_counts(
    pool: &PgPool,
    user_id: i64,
    conversations: &[i64],
) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT m.conversation_id, count(*) FROM messages m
         LEFT JOIN conversation_reads r ON r.conversation_id = m.conversation_id AND r.user_id = $1
         WHERE m.conversation_id = ANY($2) AND m.sender = 'customer'
           AND m.id > COALESCE(r.last_read_message_id, 0)
         GROUP BY m.conversation_id",
    )
    .bind(user_id)
    .bind(conversations)
    .fetch_all(pool)
    .await
}

/// Sets `unread` on every row of the workspace's lists.
pub async fn fill_unread(
    pool: &PgPool,
    user_id: i64,
    snapshot: &mut WorkspaceSnapshot,
) -> Result<(), sqlx::Error> {
    let ids: Vec<i64> = snapshot
        .queue
        .iter()
        .chain(&snapshot.mine)
        .map(|c| c.id)
        .collect();
    let counts = unread_counts(pool, user_id, &ids).await?;
    for row in snapshot.queue.iter_mut().chain(snapshot.mine.iter_mut()) {
        row.unread = counts.iter().find(|(id, _)| *id == row.id).map_or(0, |(_, n)| *n);
    }
    Ok(())
}
