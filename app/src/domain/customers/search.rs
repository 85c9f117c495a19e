//! Finding customers who might be the same person as another: by a name's beginning
//! (any word of it) or by an identifier (phone digits, e-mail, bank id) or a
//! messenger's profile name. Merged customers are not offered (their survivor is).

use super::identifiers::{normalise, IdKind};
use crate::customer_card::model::MergeCandidate;
use chrono::{DateTime, SecondsFormat, Utc};
use sqlx::PgPool;

/// Fewest characters a search takes.
pub const MIN_QUERY: usize = 3;
const LIMIT: i64 = 10;

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    display_name: String,
    channels: Vec<String>,
    identifiers: Vec<String>,
    last_contact: Option<DateTime<Utc>>,
}

/// Escapes `%`, `_` and `\\` for a LIKE pattern.
fn like_escaped(text: &str) -> String {
    text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

pub async fn candidates(pool: &PgPool, except: i64, query: &str) -> Result<Vec<MergeCandidate>, sqlx::Error> {
    let query = query.trim();
    if query.chars().count() < MIN_QUERY || query.chars().count() > 100 {
        return Ok(Vec::new());
    }
    let words = format!("{}%", like_escaped(&query.to_lowercase()));
    let phone = normalise(IdKind::Phone, query).unwrap_or_default();
    let email = normalise(IdKind::Email, query).unwrap_or_default();
    let bank_id = normalise(IdKind::BankId, query).unwrap_or_default();
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT cu.id, cu.display_name,
                ARRAY(SELECT DISTINCT ch.kind FROM channels ch
                      WHERE ch.id = cu.channel_id
                         OR ch.id IN (SELECT channel_id FROM customer_contacts WHERE customer_id = cu.id)
                      ORDER BY ch.kind) AS channels,
                ARRAY(SELECT i.kind || ': ' || i.value FROM customer_identifiers i
                      WHERE i.customer_id = cu.id ORDER BY i.verified DESC, i.kind) AS identifiers,
                (SELECT max(created_at) FROM conversations WHERE customer_id = cu.id) AS last_contact
         FROM customers cu
         WHERE cu.id <> $1 AND cu.merged_into IS NULL
           AND (lower(cu.display_name) LIKE $2
                OR lower(cu.display_name) LIKE '% ' || $2
                OR lower(coalesce(cu.nickname, '')) LIKE $2
                OR EXISTS (SELECT 1 FROM customer_contacts ct WHERE ct.customer_id = cu.id
                             AND (lower(ct.profile_name) LIKE $2 OR ct.external_id = $3))
                OR EXISTS (SELECT 1 FROM customer_identifiers i WHERE i.customer_id = cu.id
                             AND ((i.kind = 'phone' AND i.value = $3)
                               OR (i.kind = 'email' AND i.value = $4)
                               OR (i.kind = 'bank_id' AND i.value = $5))))
         ORDER BY last_contact DESC NULLS LAST, cu.id DESC
         LIMIT $6",
    )
    .bind(except)
    .bind(&words)
    .bind(&phone)
    .bind(&email)
    .bind(&bank_id)
    .bind(LIMIT)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| MergeCandidate {
            customer_id: r.id,
            display_name: r.display_name,
            channels: r.channels,
            identifiers: r.identifiers,
            last_contact: r
                .last_contact
                .map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true)),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::like_escaped;

    #[test]
    fn like_patterns_take_wildcards_literally() {
        assert_eq!(like_escaped("50%_a\\b"), "50\\%\\_a\\\\b");
    }
}
