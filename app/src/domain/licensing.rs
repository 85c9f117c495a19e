//! Concurrent licensing (TS 14). A license file is two lines: the terms as JSON, and an
//! Ed25519 signature of exactly that first line (Base64). The product holds only the
//! public key; files are signed elsewhere (`server license sign`, with a private key
//! given at run time). Operators take a seat when they start working and free it at
//! sign-out, at the end of the shift, or when their session lapses; supervisors,
//! administrators and report readers (without `conversations.handle`) never take one.

use crate::license::model::{License, LicenseOverview, Seat, SeatEvent};
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use chrono::{NaiveDate, Utc};
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use sqlx::{PgPool, Postgres, Transaction};

/// Operators at once without a license file (evaluation and first set-up).
pub const EVALUATION_SEATS: i32 = 10;

/// The product's own public key (Base64 of 32 bytes). Its private key never enters the
/// repository.
const PRODUCT_KEY: &str = include_str!("../../license-public.key");

/// Serialises seat-taking across every server process.
const SEAT_LOCK: i64 = 0x6c69_635f_7365_6174; // "lic_seat"

#[derive(Debug, PartialEq, Eq)]
pub enum LicenseError {
    /// Not two lines of JSON terms and a Base64 signature, or the terms are unreadable.
    Malformed,
    /// Not signed by the product's key (or changed after signing).
    BadSignature,
    /// Its last valid day has passed.
    Expired,
    Database,
}

#[derive(Debug, PartialEq, Eq)]
pub enum SeatError {
    /// All seats are taken.
    Exhausted {
        max: i32,
    },
    Database,
}

impl From<sqlx::Error> for LicenseError {
    fn from(e: sqlx::Error) -> Self {
        tracing::error!(error = %e, "license query failed");
        LicenseError::Database
    }
}

impl From<sqlx::Error> for SeatError {
    fn from(e: sqlx::Error) -> Self {
        tracing::error!(error = %e, "seat query failed");
        SeatError::Database
    }
}

/// A key from its Base64 text.
pub fn verifying_key(base64: &str) -> Option<VerifyingKey> {
    let bytes: [u8; 32] = B64.decode(base64.trim()).ok()?.try_into().ok()?;
    VerifyingKey::from_bytes(&bytes).ok()
}

/// The key license files are checked against: the product's own. A debug build (tests
/// and development only) may name another with `CC_LICENSE_PUBLIC_KEY`, so that tests
/// sign with a throw-away pair; a release build ignores it.
pub fn product_key() -> VerifyingKey {
    if cfg!(debug_assertions) {
        if let Some(key) = std::env::var("CC_LICENSE_PUBLIC_KEY")
            .ok()
            .and_then(|k| verifying_key(&k))
        {
            return key;
        }
    }
    verifying_key(PRODUCT_KEY).expect("the product's public key is valid")
}

/// A new key pair as Base64 (private seed, public key).
pub fn generate_pair() -> (String, String) {
    let mut seed = [0u8; 32];
    rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut seed);
    let signing = SigningKey::from_bytes(&seed);
    (B64.encode(seed), B64.encode(signing.verifying_key().to_bytes()))
}

/// Signs terms with a private key (Base64 of its 32-byte seed): the license file's text.
pub fn sign(terms: &License, private_seed_base64: &str) -> Option<String> {
    let seed: [u8; 32] = B64.decode(private_seed_base64.trim()).ok()?.try_into().ok()?;
    let key = SigningKey::from_bytes(&seed);
    let line = serde_json::to_string(terms).ok()?;
    let signature = key.sign(line.as_bytes());
    Some(format!("{line}\n{}\n", B64.encode(signature.to_bytes())))
}

/// The terms of a file, if it is signed by `key`.
pub fn verify(text: &str, key: &VerifyingKey) -> Result<License, LicenseError> {
    let mut lines = text.lines().map(str::trim_end).filter(|l| !l.trim().is_empty());
    let (Some(terms), Some(signature), None) = (lines.next(), lines.next(), lines.next()) else {
        return Err(LicenseError::Malformed);
    };
    let signature: [u8; 64] = B64
        .decode(signature.trim())
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or(LicenseError::Malformed)?;
    key.verify(terms.as_bytes(), &Signature::from_bytes(&signature))
        .map_err(|_| LicenseError::BadSignature)?;
    let license: License = serde_json::from_str(terms).map_err(|_| LicenseError::Malformed)?;
    let dates_ok = NaiveDate::parse_from_str(&license.issued, "%Y-%m-%d").is_ok()
        && license
            .expires
            .as_deref()
            .is_none_or(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").is_ok());
    if license.max_operators < 1 || !dates_ok {
        return Err(LicenseError::Malformed);
    }
    Ok(license)
}

fn expired(license: &License) -> bool {
    license
        .expires
        .as_deref()
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .is_some_and(|last| Utc::now().date_naive() > last)
}

/// The license in force (the newest loaded file, verified again now) and whether the
/// newest file has expired. `None`: the evaluation allowance applies.
async fn in_force<'e>(
    executor: impl sqlx::PgExecutor<'e>,
    key: &VerifyingKey,
) -> Result<(Option<License>, bool), sqlx::Error> {
    let text: Option<String> = sqlx::query_scalar("SELECT text FROM licenses ORDER BY id DESC LIMIT 1")
        .fetch_optional(executor)
        .await?;
    match text.map(|t| verify(&t, key)) {
        Some(Ok(license)) if expired(&license) => Ok((None, true)),
        Some(Ok(license)) => Ok((Some(license), false)),
        Some(Err(e)) => {
            // Changed in the database after it was loaded: it counts for nothing.
            tracing::error!(error = ?e, "the stored license no longer verifies");
            Ok((None, false))
        }
        None => Ok((None, false)),
    }
}

fn max_of(license: &Option<License>) -> i32 {
    license.as_ref().map_or(EVALUATION_SEATS, |l| l.max_operators)
}

/// Loads a new license file (no restart: every process reads the newest at its next
/// seat count). Returns its terms.
pub async fn install(
    pool: &PgPool,
    text: &str,
    key: &VerifyingKey,
    by: Option<(i64, &str)>,
) -> Result<License, LicenseError> {
    let license = verify(text, key)?;
    if expired(&license) {
        return Err(LicenseError::Expired);
    }
    let mut tx = pool.begin().await?;
    lock(&mut tx).await?;
    sqlx::query("INSERT INTO licenses (text, loaded_by) VALUES ($1, $2)")
        .bind(text.trim())
        .bind(by.map(|(id, _)| id))
        .execute(&mut *tx)
        .await?;
    let in_use = free_inactive(&mut tx, license.max_operators).await?;
    event(&mut tx, by, "loaded", &license.id, in_use, license.max_operators).await?;
    tx.commit().await?;
    Ok(license)
}

/// Serialises every count and change of seats, across server processes.
async fn lock(tx: &mut Transaction<'_, Postgres>) -> Result<(), sqlx::Error> {
    sqlx::query("SELECT pg_advisory_xact_lock($1)")
        .bind(SEAT_LOCK)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

async fn seats_in_use(tx: &mut Transaction<'_, Postgres>) -> Result<i32, sqlx::Error> {
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM license_seats")
        .fetch_one(&mut **tx)
        .await?;
    Ok(i32::try_from(n).unwrap_or(i32::MAX))
}

/// Frees seats whose holders have no live session; returns the seats still in use.
async fn free_inactive(tx: &mut Transaction<'_, Postgres>, max: i32) -> Result<i32, sqlx::Error> {
    let lapsed: Vec<(i64, String)> = sqlx::query_as(
        "DELETE FROM license_seats ls USING users u
         WHERE u.id = ls.user_id AND NOT EXISTS (
             SELECT 1 FROM sessions s, security_settings ss
             WHERE s.user_id = ls.user_id AND s.expires_at > now()
               AND s.last_seen_at > now() - make_interval(mins => ss.session_idle_minutes))
         RETURNING ls.user_id, u.login",
    )
    .fetch_all(&mut **tx)
    .await?;
    let in_use = seats_in_use(tx).await?;
    for (n, (user_id, login)) in lapsed.iter().enumerate() {
        let after = in_use + i32::try_from(lapsed.len() - n - 1).unwrap_or(0);
        event(tx, Some((*user_id, login)), "freed", "inactive", after, max).await?;
    }
    Ok(in_use)
}

async fn event(
    tx: &mut Transaction<'_, Postgres>,
    who: Option<(i64, &str)>,
    kind: &str,
    reason: &str,
    in_use: i32,
    max: i32,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO license_events (user_id, login, kind, reason, in_use, max) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(who.map(|(id, _)| id))
    .bind(who.map(|(_, l)| l).unwrap_or(""))
    .bind(kind)
    .bind(reason)
    .bind(in_use)
    .bind(max)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// An operator starts working: they keep their seat, or take a free one, or are refused
/// when all are taken. Any number of server processes may race; the count never passes
/// the limit.
pub async fn take_seat(
    pool: &PgPool,
    user_id: i64,
    login: &str,
    key: &VerifyingKey,
) -> Result<(), SeatError> {
    let mut tx = pool.begin().await?;
    lock(&mut tx).await?;
    let (license, _) = in_force(&mut *tx, key).await?;
    let max = max_of(&license);
    let in_use = free_inactive(&mut tx, max).await?;
    let held: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM license_seats WHERE user_id = $1)")
        .bind(user_id)
        .fetch_one(&mut *tx)
        .await?;
    if held {
        tx.commit().await?;
        return Ok(());
    }
    if in_use >= max {
        event(&mut tx, Some((user_id, login)), "refused", "", in_use, max).await?;
        tx.commit().await?;
        return Err(SeatError::Exhausted { max });
    }
    sqlx::query("INSERT INTO license_seats (user_id) VALUES ($1)")
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    event(&mut tx, Some((user_id, login)), "taken", "", in_use + 1, max).await?;
    tx.commit().await?;
    Ok(())
}

/// Frees the operator's seat, if they hold one (`reason`: `sign_out`, `end_of_shift`,
/// `blocked`, …).
pub async fn free_seat(
    pool: &PgPool,
    user_id: i64,
    reason: &str,
    key: &VerifyingKey,
) -> Result<(), SeatError> {
    let mut tx = pool.begin().await?;
    lock(&mut tx).await?;
    let login: Option<String> = sqlx::query_scalar(
        "DELETE FROM license_seats ls USING users u WHERE ls.user_id = $1 AND u.id = ls.user_id RETURNING u.login",
    )
    .bind(user_id)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(login) = login {
        let (license, _) = in_force(&mut *tx, key).await?;
        let in_use = seats_in_use(&mut tx).await?;
        event(
            &mut tx,
            Some((user_id, &login)),
            "freed",
            reason,
            in_use,
            max_of(&license),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The license page: terms, seats in use, and the latest history.
pub async fn overview(pool: &PgPool, key: &VerifyingKey) -> Result<LicenseOverview, LicenseError> {
    let mut tx = pool.begin().await?;
    lock(&mut tx).await?;
    let (license, expired) = in_force(&mut *tx, key).await?;
    let max = max_of(&license);
    free_inactive(&mut tx, max).await?;
    let seats: Vec<(String, String, chrono::DateTime<Utc>)> = sqlx::query_as(
        "SELECT u.login, u.display_name, ls.taken_at FROM license_seats ls JOIN users u ON u.id = ls.user_id
         ORDER BY ls.taken_at",
    )
    .fetch_all(&mut *tx)
    .await?;
    let history: Vec<(chrono::DateTime<Utc>, String, String, String, i32, i32)> = sqlx::query_as(
        "SELECT at, login, kind, reason, in_use, max FROM license_events ORDER BY id DESC LIMIT 200",
    )
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(LicenseOverview {
        license,
        expired,
        max,
        seats: seats
            .into_iter()
            .map(|(login, display_name, since)| Seat {
                login,
                display_name,
                since: since.to_rfc3339(),
            })
            .collect(),
        history: history
            .into_iter()
            .map(|(at, login, kind, reason, in_use, max)| SeatEvent {
                at: at.to_rfc3339(),
                login,
                kind,
                reason,
                in_use,
                max,
            })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(max: i32, expires: Option<&str>) -> License {
        License {
            id: "L-1".into(),
            licensee: "Test Bank".into(),
            max_operators: max,
            issued: "2026-11-30".into(),
            expires: expires.map(str::to_owned),
        }
    }

    #[test]
    fn a_signed_file_verifies_and_a_changed_one_does_not() {
        let (private, public) = generate_pair();
        let key = verifying_key(&public).unwrap();
        let text = sign(&terms(25, None), &private).unwrap();
        assert_eq!(verify(&text, &key), Ok(terms(25, None)));
        let raised = text.replacen("\"max_operators\":25", "\"max_operators\":250", 1);
        assert_eq!(verify(&raised, &key), Err(LicenseError::BadSignature));
        let (_, other) = generate_pair();
        assert_eq!(
            verify(&text, &verifying_key(&other).unwrap()),
            Err(LicenseError::BadSignature)
        );
        assert_eq!(verify("just one line", &key), Err(LicenseError::Malformed));
        assert_eq!(
            verify(&format!("{text}extra line\n"), &key),
            Err(LicenseError::Malformed)
        );
    }

    #[test]
    fn expiry_is_the_last_valid_day() {
        assert!(!expired(&terms(1, None)));
        assert!(!expired(&terms(1, Some("2999-12-31"))));
        assert!(expired(&terms(1, Some("2000-01-01"))));
    }

    #[test]
    fn the_product_key_is_embedded() {
        assert!(verifying_key(PRODUCT_KEY).is_some());
    }
}
