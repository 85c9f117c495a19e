//! A supervisor's quality mark on a closed conversation (KZ appendix 1: the share of
//! contacts handled accurately and completely).

use super::ReportError;
use sqlx::PgPool;

/// Sets (or, with `None`, clears) the mark; only closed conversations are marked.
pub async fn set(
    pool: &PgPool,
    conversation_id: i64,
    accurate: Option<bool>,
    supervisor_id: i64,
) -> Result<(), ReportError> {
    let updated = sqlx::query(
        "UPDATE conversations
         SET quality_accurate = $2,
             quality_by = CASE WHEN $2::boolean IS NULL THEN NULL ELSE $3 END,
             quality_at = CASE WHEN $2::boolean IS NULL THEN NULL ELSE now() END
         WHERE id = $1 AND status = 'closed'",
    )
    .bind(conversation_id)
    .bind(accurate)
    .bind(supervisor_id)
    .execute(pool)
    .await?
    .rows_affected();
    if updated == 1 {
        Ok(())
    } else {
        Err(ReportError::NotFound)
    }
}
