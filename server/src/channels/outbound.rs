//! The HTTP client for calls to providers, built from the network settings (proxy,
//! the bank's CA bundle beside the system's roots) and rebuilt when they change.
//! Certificate verification stays on: there is no setting to switch it off.

use app::domain::channels::network::CachedClient;
use sqlx::PgPool;
use std::sync::Arc;

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

/// The two clients, each rebuilt only when the network settings change.
#[derive(Clone)]
pub struct Outbound {
    /// Through the proxy (providers on the internet), and direct (the bank's own systems).
    via_proxy: Arc<CachedClient>,
    direct: Arc<CachedClient>,
}

impl Default for Outbound {
    fn default() -> Self {
        Self {
            via_proxy: Arc::new(CachedClient::via_proxy()),
            direct: Arc::new(CachedClient::direct()),
        }
    }
}

impl Outbound {
    /// The client for calls to providers: the proxy and the CA bundle of the settings.
    pub async fn client(&self, pool: &PgPool) -> Result<reqwest::Client, String> {
        self.via_proxy.get(pool).await
    }

    /// The client for calls inside the bank (webhooks): no proxy, the CA bundle.
    pub async fn direct_client(&self, pool: &PgPool) -> Result<reqwest::Client, String> {
        self.direct.get(pool).await
    }
}

pub use app::domain::channels::network::client as build;
