//! The administrators' limits: the largest file and the allowed types. One row;
//! every upload reads it, so a change applies to the next file.

use super::{FileError, FileKind};
use sqlx::PgPool;

/// Largest allowed `max_kb` (100 MB).
pub const MAX_KB_CEILING: i64 = 102_400;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileSettings {
    pub max_kb: i64,
    pub allowed: Vec<FileKind>,
}

impl FileSettings {
    pub fn max_bytes(&self) -> u64 {
        self.max_kb as u64 * 1024
    }

    pub fn allows(&self, kind: FileKind) -> bool {
        self.allowed.contains(&kind)
    }
}

pub async fn load(pool: &PgPool) -> Result<FileSettings, FileError> {
    let (max_kb, codes): (i32, Vec<String>) =
        sqlx::query_as("SELECT max_kb, allowed_types FROM file_settings")
            .fetch_one(pool)
            .await?;
    Ok(FileSettings {
        max_kb: i64::from(max_kb),
        allowed: FileKind::ALL
            .into_iter()
            .filter(|k| codes.iter().any(|c| c == k.code()))
            .collect(),
    })
}

/// Saves new limits: `max_kb` 1–102,400; types from the known set (none allowed
/// means no files at all).
pub async fn save(pool: &PgPool, max_kb: i64, codes: &[String], by: i64) -> Result<(), FileError> {
    if !(1..=MAX_KB_CEILING).contains(&max_kb) {
        return Err(FileError::Invalid);
    }
    let mut allowed = Vec::new();
    for code in codes {
        let kind = FileKind::from_code(code).ok_or(FileError::Invalid)?;
        if !allowed.contains(&kind.code()) {
            allowed.push(kind.code());
        }
    }
    sqlx::query(
        "UPDATE file_settings SET max_kb = $1, allowed_types = $2, updated_at = now(), updated_by = $3",
    )
    .bind(max_kb as i32)
    .bind(&allowed)
    .bind(by)
    .execute(pool)
    .await?;
    Ok(())
}
