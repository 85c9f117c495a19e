//! Credentials at rest (bot tokens, app secrets, access tokens): sealed with
//! XChaCha20-Poly1305 under the server's 32-byte secret key before they reach the
//! database, so a copy of the database alone reveals none of them. The key lives
//! outside the database (`CC_SECRET_KEY`, or a file under the data directory).

use base64::Engine;
use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use std::sync::Arc;

const NONCE_LEN: usize = 24;

#[derive(Clone)]
pub struct SecretBox {
    cipher: Arc<XChaCha20Poly1305>,
}

#[derive(Debug, PartialEq, Eq)]
pub enum SecretError {
    /// Not sealed by this key (another installation's key, or tampered with).
    Unreadable,
    /// The key given is not 32 bytes of Base64.
    BadKey,
}

impl std::fmt::Debug for SecretBox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretBox(..)")
    }
}

impl SecretBox {
    pub fn new(key: &[u8; 32]) -> Self {
        Self {
            cipher: Arc::new(XChaCha20Poly1305::new(key.into())),
        }
    }

    /// A key written as Base64 (what `CC_SECRET_KEY` and the key file hold).
    pub fn from_base64(text: &str) -> Result<Self, SecretError> {
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(text.trim())
            .map_err(|_| SecretError::BadKey)?;
        let key: [u8; 32] = bytes.try_into().map_err(|_| SecretError::BadKey)?;
        Ok(Self::new(&key))
    }

    /// A fresh random key, as Base64.
    pub fn generate_key() -> String {
        let key = XChaCha20Poly1305::generate_key(&mut OsRng);
        base64::engine::general_purpose::STANDARD.encode(key)
    }

    /// Seals `plain` for `purpose` (a box sealed for one purpose does not open for another).
    pub fn seal(&self, purpose: &str, plain: &[u8]) -> Vec<u8> {
        let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
        let sealed = self
            .cipher
            .encrypt(
                &nonce,
                Payload {
                    msg: plain,
                    aad: purpose.as_bytes(),
                },
            )
            .expect("XChaCha20-Poly1305 sealing does not fail for in-memory buffers");
        let mut out = Vec::with_capacity(NONCE_LEN + sealed.len());
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        out
    }

    pub fn open(&self, purpose: &str, sealed: &[u8]) -> Result<Vec<u8>, SecretError> {
        if sealed.len() < NONCE_LEN {
            return Err(SecretError::Unreadable);
        }
        let (nonce, body) = sealed.split_at(NONCE_LEN);
        self.cipher
            .decrypt(
                XNonce::from_slice(nonce),
                Payload {
                    msg: body,
                    aad: purpose.as_bytes(),
                },
            )
            .map_err(|_| SecretError::Unreadable)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_secrets_open_only_with_their_key_and_purpose() {
        let one = SecretBox::new(&[7; 32]);
        let other = SecretBox::new(&[8; 32]);
        let sealed = one.seal("channel:1", b"123456:ABC-token");
        assert!(
            !sealed.windows(6).any(|w| w == b"123456"),
            "the token is not in the clear"
        );
        assert_eq!(one.open("channel:1", &sealed).unwrap(), b"123456:ABC-token");
        assert_eq!(one.open("channel:2", &sealed), Err(SecretError::Unreadable));
        assert_eq!(other.open("channel:1", &sealed), Err(SecretError::Unreadable));
        let mut tampered = sealed.clone();
        *tampered.last_mut().unwrap() ^= 1;
        assert_eq!(one.open("channel:1", &tampered), Err(SecretError::Unreadable));
        assert_ne!(
            one.seal("channel:1", b"x"),
            one.seal("channel:1", b"x"),
            "a fresh nonce each time"
        );
    }

    #[test]
    fn keys_are_32_bytes_of_base64() {
        let key = SecretBox::generate_key();
        assert!(SecretBox::from_base64(&key).is_ok());
        assert_eq!(
            SecretBox::from_base64("c2hvcnQ=").unwrap_err(),
            SecretError::BadKey
        );
        assert_eq!(
            SecretBox::from_base64("not base64!").unwrap_err(),
            SecretError::BadKey
        );
    }
}
