//! A link to one file that works without signing in, until it expires: for a provider
//! that takes files only by address (Instagram fetches an attachment from a public
//! HTTPS URL). The link carries the file's storage key and expiry sealed with the
//! server's secret key (XChaCha20-Poly1305), so it cannot be forged, altered or
//! extended, and says nothing readable about the file.

use crate::domain::secrets::SecretBox;
use base64::Engine;
use chrono::{DateTime, Utc};

const PURPOSE: &str = "shared-file";
const URL_SAFE: base64::engine::GeneralPurpose = base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// The link's path segment for a stored file, valid until `expires`.
pub fn seal(secrets: &SecretBox, storage_key: &str, expires: DateTime<Utc>) -> String {
    let plain = format!("{}:{storage_key}", expires.timestamp());
    URL_SAFE.encode(secrets.seal(PURPOSE, plain.as_bytes()))
}

/// The storage key a link names, if it is one of ours and has not expired at `now`.
pub fn open(secrets: &SecretBox, link: &str, now: DateTime<Utc>) -> Option<String> {
    if link.len() > 400 {
        return None;
    }
    let sealed = URL_SAFE.decode(link).ok()?;
    let plain = String::from_utf8(secrets.open(PURPOSE, &sealed).ok()?).ok()?;
    let (expires, key) = plain.split_once(':')?;
    (expires.parse::<i64>().ok()? > now.timestamp()).then(|| key.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    #[test]
    fn a_link_opens_until_it_expires_and_cannot_be_forged() {
        let secrets = SecretBox::new(&[7; 32]);
        let now = Utc::now();
        let link = seal(&secrets, "ab/cdef0123", now + Duration::hours(24));
        assert!(!link.contains("cdef0123"), "nothing readable about the file");
        assert_eq!(open(&secrets, &link, now).as_deref(), Some("ab/cdef0123"));
        assert_eq!(open(&secrets, &link, now + Duration::hours(25)), None, "expired");
        assert_eq!(
            open(&SecretBox::new(&[8; 32]), &link, now),
            None,
            "another server's key"
        );
        let mut altered = link.clone().into_bytes();
        altered[30] = if altered[30] == b'A' { b'B' } else { b'A' };
        assert_eq!(open(&secrets, &String::from_utf8(altered).unwrap(), now), None);
        assert_eq!(open(&secrets, "not-a-link", now), None);
    }
}
