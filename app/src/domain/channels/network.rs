//! The outbound network every provider call goes through: an optional HTTP(S) proxy,
//! and the bank's own certificate authorities (PEM), trusted beside the system's.
//! Verification of the provider's certificate is never switched off.

use crate::channels::model::NetworkForm;
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::CertificateDer;
use sqlx::PgPool;

#[derive(Debug, PartialEq, Eq)]
pub enum NetworkError {
    BadProxy,
    /// Not PEM certificates (or none in a non-blank bundle).
    BadCaBundle,
    Database,
}

impl From<sqlx::Error> for NetworkError {
    fn from(err: sqlx::Error) -> Self {
        tracing::error!(error = %err, "network settings query failed");
        NetworkError::Database
    }
}

/// The certificates in a PEM bundle (DER), or an error if it holds anything unreadable.
pub fn certificates(bundle: &str) -> Result<Vec<Vec<u8>>, NetworkError> {
    if bundle.trim().is_empty() {
        return Ok(Vec::new());
    }
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(bundle.as_bytes())
        .collect::<Result<_, _>>()
        .map_err(|_| NetworkError::BadCaBundle)?;
    if certs.is_empty() {
        return Err(NetworkError::BadCaBundle);
    }
    Ok(certs.into_iter().map(|c| c.to_vec()).collect())
}

/// How long one call to a provider may take (a long poll adds its own wait).
pub const TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// An HTTP client through `proxy` (blank: direct, whatever the environment says) that
/// trusts the system's roots and the certificates in `ca_bundle`. Certificate
/// verification stays on: there is no setting to switch it off.
pub fn client(proxy: &str, ca_bundle: &str) -> Result<reqwest::Client, String> {
    let mut builder = reqwest::Client::builder()
        .use_rustls_tls()
        .timeout(TIMEOUT + std::time::Duration::from_secs(30))
        .connect_timeout(std::time::Duration::from_secs(10))
        .user_agent(concat!("contact-center/", env!("CARGO_PKG_VERSION")));
    for der in certificates(ca_bundle).map_err(|_| "the CA bundle is not PEM".to_owned())? {
        let cert = reqwest::Certificate::from_der(&der).map_err(|e| format!("CA certificate: {e}"))?;
        builder = builder.add_root_certificate(cert);
    }
    builder = if proxy.trim().is_empty() {
        builder.no_proxy()
    } else {
        builder.proxy(reqwest::Proxy::all(proxy.trim()).map_err(|e| format!("proxy: {e}"))?)
    };
    builder.build().map_err(|e| format!("HTTP client: {e}"))
}

/// A client built from the network settings and rebuilt only when they change (their
/// `updated_at`): through the proxy for providers on the internet, or direct for the
/// bank's own systems (webhooks, the CRM).
pub struct CachedClient {
    proxied: bool,
    slot: tokio::sync::Mutex<Option<(chrono::DateTime<chrono::Utc>, reqwest::Client)>>,
}

impl CachedClient {
    pub fn via_proxy() -> Self {
        Self {
            proxied: true,
            slot: tokio::sync::Mutex::new(None),
        }
    }

    pub fn direct() -> Self {
        Self {
            proxied: false,
            slot: tokio::sync::Mutex::new(None),
        }
    }

    pub async fn get(&self, pool: &PgPool) -> Result<reqwest::Client, String> {
        let version = version(pool).await.map_err(|e| e.to_string())?;
        let mut cached = self.slot.lock().await;
        if let Some((at, client)) = cached.as_ref() {
            if *at == version {
                return Ok(client.clone());
            }
        }
        let settings = load(pool)
            .await
            .map_err(|_| "network settings unreadable".to_owned())?;
        let proxy = if self.proxied {
            settings.proxy_url.as_str()
        } else {
            ""
        };
        let built = client(proxy, &settings.ca_bundle)?;
        *cached = Some((version, built.clone()));
        Ok(built)
    }
}

/// Reads an answer's body up to `max_bytes`: `Ok(None)` if it is larger (told by its
/// length, or found while reading), so a peer cannot fill the memory.
pub async fn body_within(
    mut response: reqwest::Response,
    max_bytes: u64,
) -> Result<Option<Vec<u8>>, reqwest::Error> {
    if response.content_length().is_some_and(|len| len > max_bytes) {
        return Ok(None);
    }
    let mut bytes = Vec::new();
    while let Some(chunk) = response.chunk().await? {
        bytes.extend_from_slice(&chunk);
        if bytes.len() as u64 > max_bytes {
            return Ok(None);
        }
    }
    Ok(Some(bytes))
}

/// A proxy address: `http://` or `https://`, a host, optional port and credentials.
pub fn valid_proxy(url: &str) -> bool {
    let Some(rest) = url
        .strip_prefix("http://")
        .or_else(|| url.strip_prefix("https://"))
    else {
        return false;
    };
    let host = rest.trim_end_matches('/').rsplit('@').next().unwrap_or_default();
    url.len() <= 500
        && !host.is_empty()
        && !host.contains(['/', '?', '#'])
        && !url.contains(char::is_whitespace)
}

/// A proxy address fit for the journal: a password in it is replaced by `***`.
pub fn without_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    match rest.rsplit_once('@') {
        Some((credentials, host)) => {
            let user = credentials.split(':').next().unwrap_or_default();
            format!("{scheme}://{user}:***@{host}")
        }
        None => url.to_owned(),
    }
}

pub async fn load(pool: &PgPool) -> Result<NetworkForm, NetworkError> {
    let (proxy_url, ca_bundle): (Option<String>, Option<String>) =
        sqlx::query_as("SELECT proxy_url, ca_bundle FROM network_settings")
            .fetch_one(pool)
            .await?;
    Ok(NetworkForm {
        proxy_url: proxy_url.unwrap_or_default(),
        ca_bundle: ca_bundle.unwrap_or_default(),
    })
}

/// Saves the settings after checking them; blank fields are cleared.
pub async fn save(pool: &PgPool, form: &NetworkForm) -> Result<(), NetworkError> {
    let proxy = form.proxy_url.trim();
    if !proxy.is_empty() && !valid_proxy(proxy) {
        return Err(NetworkError::BadProxy);
    }
    certificates(&form.ca_bundle)?;
    let bundle = form.ca_bundle.trim();
    sqlx::query("UPDATE network_settings SET proxy_url = $1, ca_bundle = $2, updated_at = now()")
        .bind((!proxy.is_empty()).then_some(proxy))
        .bind((!bundle.is_empty()).then_some(bundle))
        .execute(pool)
        .await?;
    Ok(())
}

/// When the settings last changed (the HTTP client is rebuilt after a change).
pub async fn version(pool: &PgPool) -> Result<chrono::DateTime<chrono::Utc>, sqlx::Error> {
    sqlx::query_scalar("SELECT updated_at FROM network_settings")
        .fetch_one(pool)
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proxies_are_http_addresses() {
        assert!(valid_proxy("http://proxy.bank.local:3128"));
        assert!(valid_proxy("https://user:secret@proxy.bank.local:8443"));
        assert!(!valid_proxy("socks5://proxy:1080"));
        assert!(!valid_proxy("http://"));
        assert!(!valid_proxy("http://proxy/path"));
        assert!(!valid_proxy("http://pro xy:1"));
    }

    #[test]
    fn journalled_proxies_hide_their_password() {
        assert_eq!(
            without_password("http://u:secret@proxy:3128"),
            "http://u:***@proxy:3128"
        );
        assert_eq!(without_password("http://proxy:3128"), "http://proxy:3128");
    }

    #[test]
    fn a_bundle_must_hold_certificates() {
        assert_eq!(certificates("  ").unwrap().len(), 0);
        assert_eq!(certificates("hello").unwrap_err(), NetworkError::BadCaBundle);
        let garbage = "-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n";
        assert_eq!(certificates(garbage).unwrap_err(), NetworkError::BadCaBundle);
        let one = "-----BEGIN CERTIFICATE-----\nMAMCAQA=\n-----END CERTIFICATE-----\n";
        assert_eq!(
            certificates(one).unwrap(),
            vec![vec![0x30, 0x03, 0x02, 0x01, 0x00]]
        );
    }
}
