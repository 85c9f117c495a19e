//! Time-based one-time passwords (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits), as
//! authenticator apps (Google Authenticator, Microsoft Authenticator, FreeOTP) make them.

use hmac::{Hmac, Mac};
use rand::RngCore;
use sha1::Sha1;

pub const STEP_SECONDS: i64 = 30;
pub const DIGITS: u32 = 6;
/// Codes from one step before or after are accepted too (clocks drift).
pub const WINDOW: i64 = 1;

/// A new random 160-bit secret, in Base32 as apps expect it.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 20];
    rand::thread_rng().fill_bytes(&mut bytes);
    data_encoding::BASE32_NOPAD.encode(&bytes)
}

fn key(secret: &str) -> Option<Vec<u8>> {
    let clean: String = secret
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '=')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    data_encoding::BASE32_NOPAD.decode(clean.as_bytes()).ok()
}

/// The code of a time step (RFC 4226's dynamic truncation).
pub fn code_at(secret: &str, step: i64) -> Option<String> {
    let key = key(secret)?;
    let mut mac = Hmac::<Sha1>::new_from_slice(&key).ok()?;
    mac.update(&step.to_be_bytes());
    let hash = mac.finalize().into_bytes();
    let offset = (hash[19] & 0x0f) as usize;
    let binary = u32::from_be_bytes([
        hash[offset] & 0x7f,
        hash[offset + 1],
        hash[offset + 2],
        hash[offset + 3],
    ]);
    Some(format!(
        "{:0width$}",
        binary % 10u32.pow(DIGITS),
        width = DIGITS as usize
    ))
}

pub fn step_of(unix_seconds: i64) -> i64 {
    unix_seconds.div_euclid(STEP_SECONDS)
}

/// The step a typed code belongs to, if it is right for now (± [`WINDOW`]) and newer
/// than the last accepted step (a code works once).
pub fn check(secret: &str, typed: &str, unix_seconds: i64, last_step: Option<i64>) -> Option<i64> {
    let typed: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
    if typed.len() != DIGITS as usize || !typed.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let now = step_of(unix_seconds);
    (now - WINDOW..=now + WINDOW)
        .filter(|step| last_step.is_none_or(|last| *step > last))
        .find(|step| code_at(secret, *step).is_some_and(|c| constant_time_eq(c.as_bytes(), typed.as_bytes())))
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The `otpauth://` address an authenticator app reads from the QR code.
pub fn uri(issuer: &str, login: &str, secret: &str) -> String {
    let enc = crate::ui::guarded::encode_component;
    format!(
        "otpauth://totp/{}:{}?secret={secret}&issuer={}&algorithm=SHA1&digits={DIGITS}&period={STEP_SECONDS}",
        enc(issuer),
        enc(login),
        enc(issuer)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B's SHA-1 secret, "12345678901234567890", in Base32.
    const RFC: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    #[test]
    fn rfc_6238_test_vectors() {
        // The RFC's 8-digit values, last six digits.
        for (time, code) in [
            (59, "287082"),
            (1_111_111_109, "081804"),
            (1_111_111_111, "050471"),
            (1_234_567_890, "005924"),
            (2_000_000_000, "279037"),
        ] {
            assert_eq!(code_at(RFC, step_of(time)).as_deref(), Some(code), "t={time}");
        }
    }

    #[test]
    fn a_code_is_accepted_in_its_window_once() {
        let t = 1_111_111_109;
        let step = step_of(t);
        assert_eq!(check(RFC, "081804", t, None), Some(step));
        assert_eq!(check(RFC, "081 804", t + 30, None), Some(step));
        assert_eq!(check(RFC, "081804", t + 90, None), None);
        // Used already: refused.
        assert_eq!(check(RFC, "081804", t, Some(step)), None);
        assert_eq!(check(RFC, "000000", t, None), None);
        assert_eq!(check(RFC, "12345", t, None), None);
        assert_eq!(check("not base32!", "081804", t, None), None);
    }

    #[test]
    fn secrets_are_random_base32() {
        let a = new_secret();
        assert_eq!(a.len(), 32);
        assert_ne!(a, new_secret());
        assert!(code_at(&a, 1).is_some());
        assert!(
            uri("Contact Center", "dana.s", &a).starts_with("otpauth://totp/Contact%20Center:dana.s?secret=")
        );
    }
}
