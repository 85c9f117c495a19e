//! Notes staff leave about a customer, for whoever talks to them next.

use super::{access, rfc3339, CardError};
use crate::customer_card::model::{CustomerNote, NOTE_MAX};
use crate::model::CurrentUser;
use chrono::{DateTime, Utc};
use sqlx::PgPool;

#[derive(sqlx::FromRow)]
struct NoteRow {
    id: i64,
    author: Option<String>,
    body: String,
    created_at: DateTime<Utc>,
}

impl From<NoteRow> for CustomerNote {
    fn from(r: NoteRow) -> Self {
        CustomerNote {
            id: r.id,
            author: r.author,
            body: r.body,
            created_at: rfc3339(r.created_at),
        }
    }
}

const SELECT: &str = "SELECT n.id, u.display_name AS author, n.body, n.created_at
    FROM customer_notes n LEFT JOIN users u ON u.id = n.author_id";

/// A customer's notes, newest first.
pub async fn of_customer(pool: &PgPool, customer_id: i64) -> Result<Vec<CustomerNote>, sqlx::Error> {
    let rows: Vec<NoteRow> = sqlx::query_as(&format!(
        "{SELECT} WHERE n.customer_id = $1 ORDER BY n.created_at DESC, n.id DESC"
    ))
    .bind(customer_id)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(CustomerNote::from).collect())
}

/// Adds a note (1–2,000 characters) by a staff member who may read the card.
pub async fn add(
    pool: &PgPool,
    user: &CurrentUser,
    customer_id: i64,
    body: &str,
) -> Result<CustomerNote, CardError> {
    let body = body.trim();
    if body.is_empty() || body.chars().count() > NOTE_MAX {
        return Err(CardError::Invalid);
    }
    let exists: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM customers WHERE id = $1)")
        .bind(customer_id)
        .fetch_one(pool)
        .await?;
    if !exists {
        return Err(CardError::NotFound);
    }
    if !access::may_read(pool, user, customer_id).await? {
        return Err(CardError::Forbidden);
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO customer_notes (customer_id, author_id, body) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(customer_id)
    .bind(user.id)
    .bind(body)
    .fetch_one(pool)
    .await?;
    let row: NoteRow = sqlx::query_as(&format!("{SELECT} WHERE n.id = $1"))
        .bind(id)
        .fetch_one(pool)
        .await?;
    Ok(row.into())
}
