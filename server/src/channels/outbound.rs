//! The HTTP client for calls to providers, built from the network settings (proxy,
//! the bank's CA bundle beside the system's roots) and rebuilt when they change.
//! Certificate verification stays on: there is no setting to switch it off.

use app::domain::channels::network;
use chrono::{DateTime, Utc};
use sqlx::PgPool;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Mutex;

/// How long one call to a provider may take (a long poll adds its own wait).
pub const TIMEOUT: Duration = Duration::from_secs(30);

#[derive(Clone, Default)]
pub struct Outbound {
    /// Through the proxy (providers on the internet), and direct (the bank's own systems).
    via_proxy: Arc<Mutex<Option<(DateTime<Utc>, reqwest::Client)>>>,
    direct: Arc<Mutex<Option<(DateTime<Utc>, reqwest::Client)>>>,
}

impl Outbound {
    /// The client for calls to providers: the proxy and the CA bundle of the settings.
    pub async fn client(&self, pool: &PgPool) -> Result<reqwest::Client, String> {
        cached(&self.via_proxy, pool, true).await
    }

    /// The client for calls inside the bank (webhooks): no proxy, the CA bundle.
    pub async fn direct_client(&self, pool: &PgPool) -> Result<reqwest::Client, String> {
        cached(&self.direct, pool, false).await
    }
}

async fn cached(
    slot: &Mutex<Option<(DateTime<Utc>, reqwest::Client)>>,
    pool: &PgPool,
    proxied: bool,
) -> Result<reqwest::Client, String> {
    let version = network::version(pool).await.map_err(|e| e.to_string())?;
    let mut cached = slot.lock().await;
    if let Some((at, client)) = cached.as_ref() {
        if *at == version {
            return Ok(client.clone());
        }
    }
    let settings = network::load(pool)
        .await
        .map_err(|_| "network settings unreadable".to_owned())?;
    let proxy = if proxied { settings.proxy_url.as_str() } else { "" };
    let client = build(proxy, &settings.ca_bundle)?;
    *cached = Some((version, client.clone()));
    Ok(client)
}

/// A client through `proxy` (blank: direct, whatever the environment says) that trusts
/// the system's roots and the certificates in `ca_bundle`.
pub fn build(proxy: &str, ca_bundle: &str) -> Result<reqwest::Client, String> {
    let mut builder = reqwest::Client::builder()
        .use_rustls_tls()
        .timeout(TIMEOUT + Duration::from_secs(30))
        .connect_timeout(Duration::from_secs(10))
        .user_agent(concat!("contact-center/", env!("CARGO_PKG_VERSION")));
    for der in network::certificates(ca_bundle).map_err(|_| "the CA bundle is not PEM".to_owned())? {
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
