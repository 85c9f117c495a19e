//! A customer's identifiers: phone, e-mail, the bank's customer id. An identifier is
//! verified when someone the bank trusts vouched for it (the bank's signature on the
//! widget or the mobile app, WhatsApp's number, a Telegram user's own contact, an
//! integration through the API). A verified identifier names one customer: a second
//! customer presenting it is merged into the first (audited, and reversible like any
//! merge).

use super::merge;
use sqlx::PgPool;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdKind {
    Phone,
    Email,
    BankId,
}

impl IdKind {
    pub fn code(self) -> &'static str {
        match self {
            IdKind::Phone => "phone",
            IdKind::Email => "email",
            IdKind::BankId => "bank_id",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        [IdKind::Phone, IdKind::Email, IdKind::BankId]
            .into_iter()
            .find(|k| k.code() == code)
    }
}

/// Who vouched for an identifier.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// The bank's HMAC over its customer id (widget, mobile SDK).
    Signed,
    Whatsapp,
    Telegram,
    Api,
    Operator,
}

impl Source {
    pub fn code(self) -> &'static str {
        match self {
            Source::Signed => "signed",
            Source::Whatsapp => "whatsapp",
            Source::Telegram => "telegram",
            Source::Api => "api",
            Source::Operator => "operator",
        }
    }
}

/// The stored form of an identifier, or `None` if it is not one: a phone is its 7–15
/// digits (international, without `+`, spaces or dashes); an e-mail is trimmed and
/// lower-cased; a bank id is 1–100 printable characters without spaces.
pub fn normalise(kind: IdKind, value: &str) -> Option<String> {
    let value = value.trim();
    match kind {
        IdKind::Phone => {
            let allowed = value
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '+' | ' ' | '-' | '(' | ')'));
            let digits: String = value.chars().filter(char::is_ascii_digit).collect();
            (allowed && (7..=15).contains(&digits.len())).then_some(digits)
        }
        IdKind::Email => {
            let lower = value.to_lowercase();
            let (local, domain) = lower.split_once('@')?;
            (!local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && lower.len() <= 200
                && !lower.contains(char::is_whitespace)
                && lower.matches('@').count() == 1)
                .then_some(lower)
        }
        IdKind::BankId => ((1..=100).contains(&value.len()) && value.bytes().all(|b| b.is_ascii_graphic()))
            .then(|| value.to_owned()),
    }
}

/// What attaching an identifier did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Attached {
    /// Kept on this customer.
    Kept,
    /// Another customer already holds it verified: this one was merged into it (the
    /// merge's id). The customer to use from now on is `survivor`.
    Merged { survivor: i64, merge_id: i64 },
}

impl Attached {
    /// The customer to carry on with: `kept_on` itself, or the one it was merged into.
    pub fn customer(self, kept_on: i64) -> i64 {
        match self {
            Attached::Kept => kept_on,
            Attached::Merged { survivor, .. } => survivor,
        }
    }
}

/// Attaches an identifier (already normalised) to a customer. A verified one that
/// another customer holds verified merges this customer into that one.
pub async fn attach(
    pool: &PgPool,
    customer_id: i64,
    kind: IdKind,
    value: &str,
    verified: bool,
    source: Source,
) -> Result<Attached, merge::MergeError> {
    // Two customers presenting the same new identifier at once: the unique index lets
    // one in; the other, on its second try, finds it and merges.
    match attach_once(pool, customer_id, kind, value, verified, source).await {
        Err(merge::MergeError::Database(e)) if is_unique_violation(&e) => {
            attach_once(pool, customer_id, kind, value, verified, source).await
        }
        other => other,
    }
}

/// Attaches an identifier someone vouched for; a merge it causes is journalled as the
/// system's (`customer.merged` by `system:<source>`, naming the API token if one). The
/// one place a recognised customer is recorded, whichever channel recognised them.
pub async fn attach_verified(
    pool: &PgPool,
    customer_id: i64,
    kind: IdKind,
    value: &str,
    source: Source,
    token: Option<&str>,
) -> Result<Attached, merge::MergeError> {
    let attached = attach(pool, customer_id, kind, value, true, source).await?;
    if let Attached::Merged { survivor, merge_id } = attached {
        let mut details = serde_json::json!({
            "survivor": survivor, "absorbed": customer_id, "merge": merge_id,
            "identifier": kind.code(), "source": source.code(),
        });
        if let Some(token) = token {
            details["token"] = serde_json::Value::from(token);
        }
        crate::domain::audit::chain::record_or_log(
            pool,
            &crate::domain::audit::Actor::system(source.code()),
            "customer.merged",
            &survivor.to_string(),
            &details,
        )
        .await;
    }
    Ok(attached)
}

fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.code().as_deref() == Some("23505"))
}

async fn attach_once(
    pool: &PgPool,
    customer_id: i64,
    kind: IdKind,
    value: &str,
    verified: bool,
    source: Source,
) -> Result<Attached, merge::MergeError> {
    if verified {
        let owner: Option<i64> = sqlx::query_scalar(
            "SELECT customer_id FROM customer_identifiers WHERE kind = $1 AND value = $2 AND verified",
        )
        .bind(kind.code())
        .bind(value)
        .fetch_optional(pool)
        .await?;
        if let Some(owner) = owner {
            let owner = merge::current(pool, owner).await?;
            if owner != customer_id {
                let reason = format!("verified {} ({})", kind.code(), source.code());
                let merge_id = merge::merge(pool, owner, customer_id, None, &reason).await?;
                return Ok(Attached::Merged {
                    survivor: owner,
                    merge_id,
                });
            }
            return Ok(Attached::Kept);
        }
    }
    sqlx::query(
        "INSERT INTO customer_identifiers (customer_id, kind, value, verified, source)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (customer_id, kind, value) DO UPDATE
         SET verified = customer_identifiers.verified OR EXCLUDED.verified,
             source = CASE WHEN EXCLUDED.verified AND NOT customer_identifiers.verified
                           THEN EXCLUDED.source ELSE customer_identifiers.source END",
    )
    .bind(customer_id)
    .bind(kind.code())
    .bind(value)
    .bind(verified)
    .bind(source.code())
    .execute(pool)
    .await?;
    if verified {
        sqlx::query("UPDATE customers SET verified_at = COALESCE(verified_at, now()), verified_by = COALESCE(verified_by, $2) WHERE id = $1")
            .bind(customer_id)
            .bind(source.code())
            .execute(pool)
            .await?;
    }
    Ok(Attached::Kept)
}

/// A customer's identifiers, for the card and the API: (kind, value, verified, source).
pub async fn of(pool: &PgPool, customer_id: i64) -> Result<Vec<(String, String, bool, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT kind, value, verified, source FROM customer_identifiers WHERE customer_id = $1
         ORDER BY verified DESC, kind, value",
    )
    .bind(customer_id)
    .fetch_all(pool)
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_stored_in_one_form() {
        assert_eq!(
            normalise(IdKind::Phone, "+998 (90) 123-45-67").as_deref(),
            Some("998901234567")
        );
        assert_eq!(normalise(IdKind::Phone, "12345"), None);
        assert_eq!(normalise(IdKind::Phone, "998 90 abc"), None);
        assert_eq!(
            normalise(IdKind::Email, " Aziza@Bank.UZ ").as_deref(),
            Some("aziza@bank.uz")
        );
        assert_eq!(normalise(IdKind::Email, "a@b"), None);
        assert_eq!(normalise(IdKind::Email, "a@@b.uz"), None);
        assert_eq!(
            normalise(IdKind::BankId, " CIF-0042 ").as_deref(),
            Some("CIF-0042")
        );
        assert_eq!(normalise(IdKind::BankId, "a b"), None);
        assert_eq!(IdKind::from_code("bank_id"), Some(IdKind::BankId));
    }
}
