//! Password policy (TS 12.9–12.12) and argon2id hashing.

use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use rand::Rng;

pub const MIN_LENGTH: usize = 12;

/// What a password lacks.
#[derive(Debug, PartialEq, Eq)]
pub enum PolicyViolation {
    TooShort,
    NoUppercase,
    NoLowercase,
    NoDigit,
    NoSymbol,
}

/// What a new password must have (the security settings; [`Policy::default`] is the
/// product's default: 12 characters, upper- and lower-case letters, a digit, a symbol).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Policy {
    pub min_length: usize,
    pub upper: bool,
    pub lower: bool,
    pub digit: bool,
    pub symbol: bool,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            min_length: MIN_LENGTH,
            upper: true,
            lower: true,
            digit: true,
            symbol: true,
        }
    }
}

impl From<&crate::security::model::SecuritySettings> for Policy {
    fn from(s: &crate::security::model::SecuritySettings) -> Self {
        Policy {
            min_length: usize::try_from(s.password_min_length).unwrap_or(MIN_LENGTH),
            upper: s.password_upper,
            lower: s.password_lower,
            digit: s.password_digit,
            symbol: s.password_symbol,
        }
    }
}

/// Checks a new password against the default policy; the first violation found.
pub fn check_policy(password: &str) -> Result<(), PolicyViolation> {
    check(password, &Policy::default())
}

/// Checks a new password against a policy; the first violation found.
pub fn check(password: &str, policy: &Policy) -> Result<(), PolicyViolation> {
    if password.chars().count() < policy.min_length {
        return Err(PolicyViolation::TooShort);
    }
    if policy.upper && !password.chars().any(char::is_uppercase) {
        return Err(PolicyViolation::NoUppercase);
    }
    if policy.lower && !password.chars().any(char::is_lowercase) {
        return Err(PolicyViolation::NoLowercase);
    }
    if policy.digit && !password.chars().any(|c| c.is_ascii_digit()) {
        return Err(PolicyViolation::NoDigit);
    }
    if policy.symbol
        && !password
            .chars()
            .any(|c| !c.is_alphanumeric() && !c.is_whitespace())
    {
        return Err(PolicyViolation::NoSymbol);
    }
    Ok(())
}

pub fn hash(password: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2 with default parameters cannot fail")
        .to_string()
}

pub fn verify(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A random password that satisfies the policy (for demo accounts and one-time passwords).
pub fn generate() -> String {
    const UPPER: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ";
    const LOWER: &[u8] = b"abcdefghijkmnopqrstuvwxyz";
    const DIGIT: &[u8] = b"23456789";
    const SYMBOL: &[u8] = b"!#%+=?@";
    let mut rng = rand::thread_rng();
    let mut pick = |set: &[u8]| set[rng.gen_range(0..set.len())] as char;
    let mut out = String::new();
    for _ in 0..4 {
        out.push(pick(UPPER));
        out.push(pick(LOWER));
        out.push(pick(DIGIT));
        out.push(pick(LOWER));
    }
    out.push(pick(SYMBOL));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_names_what_is_missing() {
        assert_eq!(check_policy("Short1!"), Err(PolicyViolation::TooShort));
        assert_eq!(check_policy("alllowercase1!"), Err(PolicyViolation::NoUppercase));
        assert_eq!(check_policy("ALLUPPERCASE1!"), Err(PolicyViolation::NoLowercase));
        assert_eq!(check_policy("NoDigitsHere!!"), Err(PolicyViolation::NoDigit));
        assert_eq!(check_policy("NoSymbols12345"), Err(PolicyViolation::NoSymbol));
        assert_eq!(check_policy("Кириллица-Pass1"), Ok(()));
        let relaxed = Policy {
            min_length: 8,
            upper: false,
            lower: true,
            digit: true,
            symbol: false,
        };
        assert_eq!(check("lowercase1", &relaxed), Ok(()));
        assert_eq!(check("lowcase", &relaxed), Err(PolicyViolation::TooShort));
        assert_eq!(check("lowercase", &relaxed), Err(PolicyViolation::NoDigit));
    }

    #[test]
    fn generated_passwords_pass_the_policy_and_differ() {
        let a = generate();
        let b = generate();
        assert_eq!(check_policy(&a), Ok(()));
        assert_ne!(a, b);
    }

    #[test]
    fn hash_verifies_only_the_same_password() {
        let stored = hash("Correct-Horse-9");
        assert!(stored.starts_with("$argon2id$"));
        assert!(verify("Correct-Horse-9", &stored));
        assert!(!verify("Correct-Horse-8", &stored));
        assert!(!verify("Correct-Horse-9", "not a hash"));
    }
}
