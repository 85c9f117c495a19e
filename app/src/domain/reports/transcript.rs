//! A completed dialogue's transcript as PDF (for disputes and the customer's file): the
//! conversation's head, then every message the customer and the operators exchanged,
//! with its time and author; files by name. Internal notes are not part of it.

use super::pdf::{table, PdfTable};
use super::ReportError;
use chrono::{DateTime, Utc};
use sqlx::PgPool;

/// The translated words of a transcript.
pub struct TranscriptLabels {
    /// "Conversation {id}".
    pub title: String,
    /// Time, author, message.
    pub headers: Vec<String>,
    pub customer: String,
    pub system: String,
    pub file: String,
}

#[derive(sqlx::FromRow)]
struct Head {
    customer: String,
    channel: String,
    operator: Option<String>,
    created_at: DateTime<Utc>,
    closed_at: Option<DateTime<Utc>>,
}

#[derive(sqlx::FromRow)]
struct Line {
    created_at: DateTime<Utc>,
    sender: String,
    author: Option<String>,
    body: String,
    file_name: Option<String>,
}

pub async fn pdf(
    pool: &PgPool,
    conversation_id: i64,
    zone: &str,
    labels: &TranscriptLabels,
) -> Result<Vec<u8>, ReportError> {
    let tz: chrono_tz::Tz = zone.parse().unwrap_or(chrono_tz::Asia::Tashkent);
    let local = |t: DateTime<Utc>| t.with_timezone(&tz).format("%d.%m.%Y %H:%M:%S").to_string();
    let head: Head = sqlx::query_as(
        "SELECT cu.display_name || COALESCE(' (' || cu.nickname || ')', '') AS customer, ch.name AS channel,
                u.display_name AS operator, c.created_at, c.closed_at
         FROM conversations c JOIN customers cu ON cu.id = c.customer_id JOIN channels ch ON ch.id = c.channel_id
         LEFT JOIN users u ON u.id = c.operator_id WHERE c.id = $1",
    )
    .bind(conversation_id)
    .fetch_optional(pool)
    .await?
    .ok_or(ReportError::NotFound)?;
    let lines: Vec<Line> = sqlx::query_as(
        "SELECT m.created_at, m.sender, u.display_name AS author, m.body, a.original_name AS file_name
         FROM messages m LEFT JOIN users u ON u.id = m.author_id LEFT JOIN attachments a ON a.id = m.attachment_id
         WHERE m.conversation_id = $1 ORDER BY m.id",
    )
    .bind(conversation_id)
    .fetch_all(pool)
    .await?;
    let rows = lines
        .into_iter()
        .map(|l| {
            let author = match l.sender.as_str() {
                "customer" => format!("{} ({})", head.customer, labels.customer),
                "system" => labels.system.clone(),
                _ => l.author.unwrap_or_default(),
            };
            let text = match l.file_name {
                Some(name) if l.body.is_empty() => format!("[{}: {name}]", labels.file),
                Some(name) => format!("{} [{}: {name}]", l.body, labels.file),
                None => l.body,
            };
            vec![local(l.created_at), author, text]
        })
        .collect();
    let mut head_line = format!(
        "{} · {} · {}",
        head.customer,
        head.channel,
        local(head.created_at)
    );
    if let Some(closed) = head.closed_at {
        head_line.push_str(&format!(" — {}", local(closed)));
    }
    if let Some(operator) = head.operator {
        head_line.push_str(&format!(" · {operator}"));
    }
    table(&PdfTable {
        title: &labels.title,
        lines: vec![head_line],
        headers: labels.headers.clone(),
        widths: vec![14.0, 18.0, 68.0],
        rows,
        footer: Vec::new(),
    })
}
