//! The customer card: who the customer is, notes about them, and their earlier
//! conversations.
//!
//! Read rule: staff with `view_all`; an operator who handles one of the customer's
//! conversations now or handled an earlier one. Everyone else is refused.

pub mod access;
pub mod given_identifiers;
pub mod notes;
pub mod past;
pub mod profile;

use crate::customer_card::model::{
    ChannelIdentity, CustomerCard, Identifier, MergeInfo, SegmentChoice, Verification,
};
use crate::domain::customers::{identifiers, merge};
use crate::model::CurrentUser;
use chrono::{DateTime, SecondsFormat, Utc};
use sqlx::PgPool;

#[derive(Debug, PartialEq, Eq)]
pub enum CardError {
    NotFound,
    Forbidden,
    /// A name, nickname or note that is empty or too long.
    Invalid,
    /// Not a phone number, e-mail address or bank id (the kind's code).
    BadIdentifier(&'static str),
    Database,
}

impl From<sqlx::Error> for CardError {
    fn from(err: sqlx::Error) -> Self {
        tracing::error!(error = %err, "customer card query failed");
        CardError::Database
    }
}

#[derive(sqlx::FromRow)]
struct CustomerRow {
    id: i64,
    display_name: String,
    nickname: Option<String>,
    language: String,
    verified_at: Option<DateTime<Utc>>,
    verified_by: Option<String>,
    segment_id: Option<i64>,
    segment_code: Option<String>,
    segment_name: Option<String>,
    segment_built_in: Option<bool>,
}

pub(crate) fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The card of the customer of a conversation, for a staff member who may read it.
pub async fn for_conversation(
    pool: &PgPool,
    user: &CurrentUser,
    conversation_id: i64,
) -> Result<CustomerCard, CardError> {
    let customer_id: i64 = sqlx::query_scalar("SELECT customer_id FROM conversations WHERE id = $1")
        .bind(conversation_id)
        .fetch_optional(pool)
        .await?
        .ok_or(CardError::NotFound)?;
    if !access::may_read(pool, user, customer_id).await? {
        return Err(CardError::Forbidden);
    }
    let c: CustomerRow = sqlx::query_as(
        "SELECT cu.id, cu.display_name, cu.nickname, cu.language, cu.verified_at, cu.verified_by,
                s.id AS segment_id, s.code AS segment_code, s.name AS segment_name,
                s.built_in AS segment_built_in
         FROM customers cu
         LEFT JOIN customer_segments s ON s.id = cu.segment_id
         WHERE cu.id = $1",
    )
    .bind(customer_id)
    .fetch_one(pool)
    .await?;
    let can_change_segment = access::may_change_segment(user);
    let segments = if can_change_segment {
        sqlx::query_as("SELECT id, code, name, built_in FROM customer_segments ORDER BY built_in DESC, id")
            .fetch_all(pool)
            .await?
    } else {
        Vec::new()
    };
    let segment = match (c.segment_id, c.segment_code, c.segment_name) {
        (Some(id), Some(code), Some(name)) => Some(SegmentChoice {
            id,
            code,
            name,
            built_in: c.segment_built_in.unwrap_or(false),
        }),
        _ => None,
    };
    Ok(CustomerCard {
        customer_id,
        display_name: c.display_name,
        nickname: c.nickname,
        language: c.language,
        identities: identities(pool, c.id).await?,
        identifiers: identifiers::of(pool, c.id)
            .await?
            .into_iter()
            .map(|(kind, value, verified, source)| Identifier {
                kind,
                value,
                verified,
                source,
            })
            .collect(),
        merges: merge::into_customer(pool, c.id)
            .await?
            .into_iter()
            .map(|m| MergeInfo {
                id: m.id,
                absorbed_name: m.absorbed_name,
                merged_by: m.merged_by,
                reason: m.reason,
                merged_at: rfc3339(m.merged_at),
            })
            .collect(),
        can_merge: access::may_merge(pool, user, c.id).await?,
        segment,
        segments,
        verification: c.verified_at.map(|at| Verification {
            at: rfc3339(at),
            by: c.verified_by,
        }),
        notes: notes::of_customer(pool, c.id).await?,
        conversations: past::of_customer(pool, c.id, conversation_id).await?,
        can_edit_names: access::may_edit_names(pool, user, c.id).await?,
        can_change_segment,
        utc_offset_seconds: user.utc_offset_seconds,
    })
}

/// How each channel knows the customer: the widget's visitor, and every messenger contact.
async fn identities(pool: &PgPool, customer_id: i64) -> Result<Vec<ChannelIdentity>, sqlx::Error> {
    let rows: Vec<(i64, String, String, String, String)> = sqlx::query_as(
        "SELECT ch.id, ch.name, ch.kind, 'visitor', '' FROM customers cu JOIN channels ch ON ch.id = cu.channel_id
         WHERE (cu.id = $1 OR cu.merged_into = $1) AND cu.visitor_hash IS NOT NULL
         UNION ALL
         SELECT ch.id, ch.name, ch.kind, 'contact', ct.profile_name FROM customer_contacts ct
         JOIN channels ch ON ch.id = ct.channel_id WHERE ct.customer_id = $1",
    )
    .bind(customer_id)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(channel_id, channel_name, channel_kind, identity_kind, label)| ChannelIdentity {
                channel_id,
                channel_name,
                channel_kind,
                identity_kind,
                label,
            },
        )
        .collect())
}
