//! HTTPS from the server itself (`CC_TLS_CERT`, `CC_TLS_KEY`): the whole application over
//! rustls with a certificate from the bank's own CA — pages, the REST API with its address
//! allowlist, the customer's WebSocket — a renewed certificate taken without a restart,
//! and certificates that cannot serve refused at start.

use crate::common::bank_ca::{BankCa, Issued};
use crate::common::{self};
use app::domain::api_tokens::{self, NewToken};
use futures::{SinkExt, StreamExt};
use protocol::widget::{ClientFrame, ServerFrame};
use server::tls::{CertificateFiles, TlsListener};
use sqlx::PgPool;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use tokio_rustls::rustls;
use tokio_tungstenite::tungstenite::Message as WsMessage;

fn write_pem(dir: &Path, issued: &Issued) -> CertificateFiles {
    let files = CertificateFiles {
        chain: dir.join("chain.pem"),
        key: dir.join("key.pem"),
    };
    std::fs::write(&files.chain, issued.certificate.pem()).unwrap();
    std::fs::write(&files.key, issued.key.serialize_pem()).unwrap();
    files
}

fn scratch() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("cc-tls-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The application on HTTPS as `server serve` runs it with `CC_TLS_CERT`/`CC_TLS_KEY`.
async fn serve_https(pool: PgPool, files: CertificateFiles, recheck: Duration) -> SocketAddr {
    let listener = TlsListener::bind("127.0.0.1:0".parse().unwrap(), files, recheck)
        .await
        .unwrap();
    let addr = axum::serve::Listener::local_addr(&listener).unwrap();
    let app = common::application(common::state(pool), common::file_store());
    tokio::spawn(async move {
        server::tls::serve(listener, app, std::future::pending())
            .await
            .unwrap();
    });
    addr
}

/// The application on HTTPS with a certificate for `bank.local` from a bank's CA.
async fn bank_server(pool: PgPool) -> (BankCa, SocketAddr) {
    let ca = BankCa::new("Bank Root CA");
    let files = write_pem(&scratch(), &ca.issue("bank.local"));
    let addr = serve_https(pool, files, Duration::from_secs(60)).await;
    (ca, addr)
}

/// A client that trusts exactly `ca` and resolves `bank.local` to the server.
fn client(ca: &BankCa, addr: SocketAddr) -> reqwest::Client {
    reqwest::Client::builder()
        .tls_built_in_root_certs(false)
        .add_root_certificate(reqwest::Certificate::from_pem(ca.pem().as_bytes()).unwrap())
        .resolve("bank.local", addr)
        .https_only(true)
        .build()
        .unwrap()
}

async fn token(pool: &PgPool, allowlist: &str) -> String {
    let scopes = vec!["conversations:read".to_owned()];
    let new = NewToken {
        name: format!("tls {allowlist}"),
        scopes,
        allowlist: allowlist.into(),
        rate_per_minute: 600,
    };
    api_tokens::create(pool, &new, None).await.unwrap().1
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn the_application_is_served_over_https_with_the_banks_certificate(pool: PgPool) {
    let (ca, addr) = bank_server(pool.clone()).await;
    let https = client(&ca, addr);
    let base = format!("https://bank.local:{}", addr.port());

    let health = https.get(format!("{base}/healthz")).send().await.unwrap();
    assert_eq!(health.status(), 200);
    assert_eq!(
        health.headers()["strict-transport-security"],
        "max-age=31536000",
        "browsers are told to keep to HTTPS"
    );
    assert_eq!(health.text().await.unwrap(), "ok");
    let login = https.get(format!("{base}/login")).send().await.unwrap();
    assert_eq!(login.status(), 200);
    assert!(login.text().await.unwrap().contains("<html"), "the sign-in page");

    // The REST API sees the caller's address through TLS: the allowlist holds.
    let local = token(&pool, "127.0.0.1/32").await;
    let elsewhere = token(&pool, "10.0.0.0/8").await;
    let allowed = https
        .get(format!("{base}/api/v1/conversations"))
        .bearer_auth(&local)
        .send()
        .await
        .unwrap();
    assert_eq!(allowed.status(), 200);
    let refused = https
        .get(format!("{base}/api/v1/conversations"))
        .bearer_auth(&elsewhere)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 403);

    // A client that does not trust the bank's CA gets no answer at all.
    let stranger = BankCa::new("Someone Else's CA");
    let untrusting = client(&stranger, addr)
        .get(format!("{base}/healthz"))
        .send()
        .await;
    assert!(untrusting.is_err(), "certificate verification is never skipped");
    // Plain HTTP on the HTTPS port gets no HTTP answer.
    let plain = reqwest::get(format!("http://{addr}/healthz")).await;
    assert!(plain.is_err(), "{plain:?}");
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn the_customers_socket_runs_over_wss(pool: PgPool) {
    common::customer(&pool, "tls-site", 5).await;
    let (ca, addr) = bank_server(pool.clone()).await;

    let mut roots = rustls::RootCertStore::empty();
    let root = <rustls::pki_types::CertificateDer as rustls::pki_types::pem::PemObject>::from_pem_slice(
        ca.pem().as_bytes(),
    )
    .unwrap();
    roots.add(root).unwrap();
    let config = rustls::ClientConfig::builder()
        .with_root_certificates(roots)
        .with_no_client_auth();
    let tcp = tokio::net::TcpStream::connect(addr).await.unwrap();
    let tls = tokio_rustls::TlsConnector::from(Arc::new(config))
        .connect("bank.local".try_into().unwrap(), tcp)
        .await
        .unwrap();
    let url = format!(
        "wss://bank.local:{}/ws/widget?channel=tls-site&visitor=visitor-token-tls-aaaaaaaaaaaaaaaaaaaa&lang=ru",
        addr.port()
    );
    let (mut ws, _) = tokio_tungstenite::client_async(url, tls).await.unwrap();
    let mut frames = Vec::new();
    let send = ClientFrame::Send {
        client_id: common::client_id(),
        body: "Здравствуйте".into(),
    };
    ws.send(WsMessage::Text(serde_json::to_string(&send).unwrap().into()))
        .await
        .unwrap();
    while let Some(Ok(frame)) = ws.next().await {
        if let WsMessage::Text(text) = frame {
            let frame: ServerFrame = serde_json::from_str(&text).unwrap();
            let done = matches!(frame, ServerFrame::Message { .. });
            frames.push(frame);
            if done {
                break;
            }
        }
    }
    assert!(matches!(frames[0], ServerFrame::Welcome { .. }));
    let stored: String = sqlx::query_scalar("SELECT body FROM messages")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(stored, "Здравствуйте");
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn a_renewed_certificate_is_taken_without_a_restart_and_a_broken_one_is_not(pool: PgPool) {
    let old_ca = BankCa::new("Bank Root CA 2025");
    let dir = scratch();
    let files = write_pem(&dir, &old_ca.issue("bank.local"));
    let addr = serve_https(pool, files.clone(), Duration::from_millis(100)).await;
    let url = format!("https://bank.local:{}/healthz", addr.port());
    let trusts_old = client(&old_ca, addr);
    assert_eq!(trusts_old.get(&url).send().await.unwrap().status(), 200);

    // A half-written renewal (a key that is not PEM) is refused; the old certificate stays.
    std::fs::write(&files.key, "-----BEGIN PRIVATE KEY-----\ntruncated").unwrap();
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(trusts_old.get(&url).send().await.unwrap().status(), 200);

    // The renewal from the bank's new CA lands: new connections get it.
    let new_ca = BankCa::new("Bank Root CA 2026");
    write_pem(&dir, &new_ca.issue("bank.local"));
    let trusts_new = client(&new_ca, addr);
    let mut served = false;
    for _ in 0..50 {
        if trusts_new.get(&url).send().await.is_ok_and(|r| r.status() == 200) {
            served = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(served, "the renewed certificate is served within 5 s");
    let fresh_old = client(&old_ca, addr);
    assert!(
        fresh_old.get(&url).send().await.is_err(),
        "the old certificate is gone"
    );
}

#[tokio::test]
async fn certificates_that_cannot_serve_are_refused_at_start() {
    let ca = BankCa::new("Bank Root CA");
    let dir = scratch();
    let files = write_pem(&dir, &ca.issue("bank.local"));
    assert!(files.load().is_ok());

    // The key of another certificate.
    std::fs::write(&files.key, ca.issue("other.local").key.serialize_pem()).unwrap();
    let error = format!(
        "{:#}",
        TlsListener::bind(
            "127.0.0.1:0".parse().unwrap(),
            files.clone(),
            Duration::from_secs(60)
        )
        .await
        .err()
        .unwrap()
    );
    assert!(error.contains("does not belong"), "{error}");

    // No certificate in the chain file; a missing key file.
    std::fs::write(&files.chain, "not a certificate").unwrap();
    let error = format!("{:#}", files.load().unwrap_err());
    assert!(error.contains("holds no certificate"), "{error}");
    write_pem(&dir, &ca.issue("bank.local"));
    let missing = CertificateFiles {
        chain: dir.join("chain.pem"),
        key: dir.join("absent.pem"),
    };
    let error = format!("{:#}", missing.load().unwrap_err());
    assert!(error.contains("absent.pem"), "{error}");
}
