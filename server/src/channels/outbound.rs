//! The HTTP client for calls to providers, built from the network settings (proxy,
//! the bank's CA bundle beside the system's roots) and rebuilt when they change.
//! Certificate verification stays on: there is no setting to switch it off.

use app::domain::channels::network;
use chrono::{DateTime, Utc};
use sqlx::PgPool;
use std::sync::Arc;
use tokio::sync::Mutex;

pub use app::domain::channels::network::TIMEOUT;

/// A failed call to a provider: its description (never a token), and whether to retry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    pub description: String,
    pub retry: bool,
}

impl ApiError {
    /// A reqwest error, without the address (which may hold a token): worth retrying.
    pub fn network(err: reqwest::Error) -> Self {
        ApiError {
            description: format!("network: {}", err.without_url()),
            retry: true,
        }
    }

    pub fn final_(description: impl Into<String>) -> Self {
        ApiError {
            description: description.into(),
            retry: false,
        }
    }
}

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

pub use app::domain::channels::network::client as build;
