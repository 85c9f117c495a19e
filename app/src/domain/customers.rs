//! Customers of the web-chat widget, known by the random visitor token their
//! browser keeps. Holding the token is what lets a browser read its own history.

pub mod identifiers;
pub mod merge;
pub mod search;
pub mod signed;

use super::sessions::token_hash;
use sqlx::PgPool;

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Customer {
    pub id: i64,
    pub display_name: String,
    pub language: String,
}

/// A visitor token is 32–128 characters of letters, digits and dashes.
pub fn valid_visitor_token(token: &str) -> bool {
    (32..=128).contains(&token.len()) && token.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// The customer behind a visitor token on a channel, created on first contact. A
/// customer merged into another leads to that one.
pub async fn find_or_create_visitor(
    pool: &PgPool,
    channel_id: i64,
    visitor_token: &str,
    language: &str,
) -> Result<Customer, sqlx::Error> {
    let hash = token_hash(visitor_token);
    let found: Option<(i64, Option<i64>)> = sqlx::query_as(
        "UPDATE customers SET language = $3 WHERE channel_id = $1 AND visitor_hash = $2
         RETURNING id, merged_into",
    )
    .bind(channel_id)
    .bind(&hash)
    .bind(language)
    .fetch_optional(pool)
    .await?;
    let (id, merged_into) = match found {
        Some(found) => found,
        None => {
            // A short stable label until the customer introduces themselves.
            let name = format!("#{}", &hex::encode(&hash)[..6]);
            sqlx::query_as(
                "INSERT INTO customers (channel_id, visitor_hash, display_name, language)
                 VALUES ($1, $2, $3, $4)
                 ON CONFLICT (channel_id, visitor_hash) DO UPDATE SET language = EXCLUDED.language
                 RETURNING id, merged_into",
            )
            .bind(channel_id)
            .bind(&hash)
            .bind(name)
            .bind(language)
            .fetch_one(pool)
            .await?
        }
    };
    let id = match merged_into {
        Some(_) => merge::current(pool, id).await?,
        None => id,
    };
    sqlx::query_as("SELECT id, display_name, language FROM customers WHERE id = $1")
        .bind(id)
        .fetch_one(pool)
        .await
}

#[cfg(test)]
mod tests {
    use super::valid_visitor_token;

    #[test]
    fn visitor_tokens_are_long_and_plain() {
        assert!(valid_visitor_token(&"a1-".repeat(12)));
        assert!(!valid_visitor_token("short"));
        assert!(!valid_visitor_token(&"x".repeat(129)));
        assert!(!valid_visitor_token(&format!("{}<script>", "a".repeat(40))));
    }
}
