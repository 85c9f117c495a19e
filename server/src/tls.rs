//! HTTPS from the server itself: rustls with the bank's own certificate.
//!
//! `CC_TLS_CERT` (the certificate chain, PEM, leaf first) and `CC_TLS_KEY` (its private
//! key, PEM: PKCS#8, PKCS#1 or SEC1) switch the listener to TLS 1.2/1.3; both or neither.
//! The files are read again when either changes (a renewed certificate needs no restart);
//! a renewal that does not parse, or whose key does not match, is refused with a log line
//! and the certificate in use stays. HTTP/1.1 only (the WebSockets upgrade over it).

use anyhow::Context;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::{Duration, SystemTime};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, Semaphore};
use tokio_rustls::rustls::crypto::ring::sign::any_supported_type;
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio_rustls::rustls::server::{ClientHello, ResolvesServerCert};
use tokio_rustls::rustls::sign::CertifiedKey;
use tokio_rustls::rustls::ServerConfig;
use tokio_rustls::server::TlsStream;
use tokio_rustls::TlsAcceptor;

/// How long a client may take over its handshake before the connection is dropped.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);
/// Handshakes in progress at once; more wait for the accept loop.
const HANDSHAKES_AT_ONCE: usize = 512;

/// Where the bank's certificate and key are.
#[derive(Clone, Debug)]
pub struct CertificateFiles {
    pub chain: PathBuf,
    pub key: PathBuf,
}

impl CertificateFiles {
    /// `CC_TLS_CERT` and `CC_TLS_KEY`: both set means HTTPS; one without the other is an error.
    pub fn from_env() -> anyhow::Result<Option<Self>> {
        let read = |name| {
            std::env::var_os(name)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        };
        match (read("CC_TLS_CERT"), read("CC_TLS_KEY")) {
            (Some(chain), Some(key)) => Ok(Some(Self { chain, key })),
            (None, None) => Ok(None),
            _ => anyhow::bail!("CC_TLS_CERT and CC_TLS_KEY go together: set both for HTTPS, or neither"),
        }
    }

    /// The chain and key, checked: at least one certificate, a key rustls can sign with,
    /// and the key belonging to the leaf certificate.
    pub fn load(&self) -> anyhow::Result<CertifiedKey> {
        let chain = CertificateDer::pem_file_iter(&self.chain)
            .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
            .with_context(|| format!("reading the certificate chain {}", self.chain.display()))?;
        anyhow::ensure!(
            !chain.is_empty(),
            "{} holds no certificate (PEM \"BEGIN CERTIFICATE\")",
            self.chain.display()
        );
        let key = PrivateKeyDer::from_pem_file(&self.key)
            .with_context(|| format!("reading the private key {}", self.key.display()))?;
        let signer = any_supported_type(&key)
            .map_err(|e| anyhow::anyhow!("the private key {}: {e}", self.key.display()))?;
        let certified = CertifiedKey::new(chain, signer);
        certified.keys_match().map_err(|e| {
            anyhow::anyhow!(
                "the private key {} does not belong to the certificate {}: {e}",
                self.key.display(),
                self.chain.display()
            )
        })?;
        Ok(certified)
    }

    fn modified(&self) -> Option<(SystemTime, SystemTime)> {
        let at = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
        Some((at(&self.chain)?, at(&self.key)?))
    }
}

/// The certificate in use, swapped when the files change.
#[derive(Debug)]
struct Current(RwLock<Arc<CertifiedKey>>);

impl ResolvesServerCert for Current {
    fn resolve(&self, _hello: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
        self.0.read().ok().map(|key| key.clone())
    }
}

/// An HTTPS listener for `axum::serve`: handshakes run apart from the accept loop, so a
/// slow or silent client holds up no one.
pub struct TlsListener {
    ready: mpsc::Receiver<(TlsStream<TcpStream>, SocketAddr)>,
    local: SocketAddr,
}

impl TlsListener {
    /// Binds `addr` with the certificate in `files` (refusing to start if it is unusable)
    /// and looks for a renewed one every `recheck`.
    pub async fn bind(addr: SocketAddr, files: CertificateFiles, recheck: Duration) -> anyhow::Result<Self> {
        let current = Arc::new(Current(RwLock::new(Arc::new(files.load()?))));
        let mut config = ServerConfig::builder()
            .with_no_client_auth()
            .with_cert_resolver(current.clone());
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        let acceptor = TlsAcceptor::from(Arc::new(config));
        let listener = TcpListener::bind(addr)
            .await
            .with_context(|| format!("binding {addr}"))?;
        let local = listener.local_addr()?;
        let (tx, ready) = mpsc::channel(64);
        tokio::spawn(accept_loop(listener, acceptor, tx));
        tokio::spawn(watch(files, current, recheck));
        Ok(Self { ready, local })
    }
}

impl axum::serve::Listener for TlsListener {
    type Io = TlsStream<TcpStream>;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        match self.ready.recv().await {
            Some(accepted) => accepted,
            // The accept loop ended (the listener failed for good): accept nothing more.
            None => std::future::pending().await,
        }
    }

    fn local_addr(&self) -> std::io::Result<Self::Addr> {
        Ok(self.local)
    }
}

async fn accept_loop(
    listener: TcpListener,
    acceptor: TlsAcceptor,
    ready: mpsc::Sender<(TlsStream<TcpStream>, SocketAddr)>,
) {
    let handshakes = Arc::new(Semaphore::new(HANDSHAKES_AT_ONCE));
    loop {
        let Ok(permit) = handshakes.clone().acquire_owned().await else {
            return;
        };
        let (tcp, peer) = match listener.accept().await {
            Ok(accepted) => accepted,
            Err(e) => {
                // Out of file descriptors and the like: wait, as axum's own loop does.
                tracing::warn!(error = %e, "accepting a connection");
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        let (acceptor, ready) = (acceptor.clone(), ready.clone());
        tokio::spawn(async move {
            let _permit = permit;
            match tokio::time::timeout(HANDSHAKE_TIMEOUT, acceptor.accept(tcp)).await {
                Ok(Ok(tls)) => {
                    let _ = ready.send((tls, peer)).await;
                }
                Ok(Err(e)) => tracing::debug!(%peer, error = %e, "TLS handshake failed"),
                Err(_) => tracing::debug!(%peer, "TLS handshake timed out"),
            }
        });
    }
}

/// Swaps in a renewed certificate when the files' modification times change.
async fn watch(files: CertificateFiles, current: Arc<Current>, recheck: Duration) {
    let mut seen = files.modified();
    let mut tick = tokio::time::interval(recheck);
    tick.tick().await;
    loop {
        tick.tick().await;
        let now = files.modified();
        if now == seen {
            continue;
        }
        match files.load() {
            Ok(renewed) => {
                if let Ok(mut slot) = current.0.write() {
                    *slot = Arc::new(renewed);
                }
                seen = now;
                tracing::info!(chain = %files.chain.display(), "TLS certificate reloaded");
            }
            // A half-written renewal is tried again next time; the old certificate stays.
            Err(e) => tracing::error!(error = %format!("{e:#}"), "TLS certificate not reloaded"),
        }
    }
}

/// Serves `app` over TLS until `shutdown`: every answer carries HSTS, and the
/// handlers see each client's own address (axum's connect-info, for the allowlists).
pub async fn serve(
    listener: TlsListener,
    app: axum::Router,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = app.layer(axum::middleware::from_fn(strict_transport));
    // `tap_io` lends the listener the connect-info axum takes from a TCP listener.
    axum::serve(
        axum::serve::ListenerExt::tap_io(listener, |_| {}),
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}

/// Browsers that reached the server over HTTPS are told to keep to it for a year.
async fn strict_transport(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let mut response = next.run(request).await;
    response.headers_mut().insert(
        http::header::STRICT_TRANSPORT_SECURITY,
        http::HeaderValue::from_static("max-age=31536000"),
    );
    response
}
