//! The bank's signature on who the customer is, for the widget and the mobile SDK (as
//! Chatwoot's `identifier_hash`): the bank's backend computes HMAC-SHA256 of its
//! customer id with the channel's identity secret and hands both to the page or app.
//! A valid pair makes the bank id a verified identifier of the customer, which joins
//! them with the same person on other channels. On the mobile channel the pair is the
//! customer's only key, so one customer cannot open another's history.

use super::identifiers::{self, IdKind, Source};
use super::merge::MergeError;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use sqlx::PgPool;

/// Whether `hash_hex` is HMAC-SHA256(`secret`, `identifier`) in hex (either case).
pub fn valid(secret: &str, identifier: &str, hash_hex: &str) -> bool {
    let Ok(given) = hex::decode(hash_hex.trim()) else {
        return false;
    };
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key");
    mac.update(identifier.as_bytes());
    mac.verify_slice(&given).is_ok()
}

/// The signature, as the bank's backend computes it (for tests and the docs' example).
pub fn sign(secret: &str, identifier: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key");
    mac.update(identifier.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// The stable key of a signed customer on a channel whose customers have no browser
/// token of their own (the mobile SDK): keyed with the channel's identity secret, so
/// knowing someone's bank id is not enough to compute it. Never sent anywhere.
pub fn visitor_key(secret: &str, identifier: &str) -> String {
    sign(secret, &format!("bank-id:{identifier}"))
}

/// Makes the signed bank id a verified identifier of the customer (journalling a merge it
/// causes). Returns the customer to carry on with: this one, or the one it was merged into.
pub async fn attach(pool: &PgPool, customer_id: i64, identifier: &str) -> Result<i64, MergeError> {
    let Some(value) = identifiers::normalise(IdKind::BankId, identifier) else {
        return Ok(customer_id);
    };
    let attached =
        identifiers::attach_verified(pool, customer_id, IdKind::BankId, &value, Source::Signed, None).await?;
    Ok(attached.customer(customer_id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_are_hmac_sha256_of_the_bank_id() {
        // `printf 'CIF-0042' | openssl dgst -sha256 -hmac 'bank-identity-secret'`
        let known = "0fe9f416aebb6dc138821fa150efd3b212ab46b0005ae4294f5ba0f3ac42d679";
        let signed = sign("bank-identity-secret", "CIF-0042");
        assert_eq!(signed, known);
        assert!(valid("bank-identity-secret", "CIF-0042", &signed));
        assert!(valid("bank-identity-secret", "CIF-0042", &signed.to_uppercase()));
        assert!(!valid("bank-identity-secret", "CIF-0043", &signed));
        assert!(!valid("another-secret", "CIF-0042", &signed));
        assert!(!valid("bank-identity-secret", "CIF-0042", "zz"));
        assert_eq!(visitor_key("s", "CIF-0042").len(), 64);
        assert_ne!(visitor_key("s", "CIF-0042"), visitor_key("s", "CIF-0043"));
        assert_ne!(visitor_key("s", "CIF-0042"), visitor_key("t", "CIF-0042"));
    }
}
