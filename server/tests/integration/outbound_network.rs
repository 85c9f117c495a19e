//! The bank's outbound network: a provider reached over TLS with a certificate from the
//! bank's own CA is refused until that CA is in the bundle; garbage is not a bundle.

use crate::common::bank_ca::BankCa;
use server::channels::outbound;
use server::channels::telegram::api::BotApi;
use std::sync::Arc;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A Bot API stand-in over HTTPS whose certificate the bank's CA signed; returns its
/// port and the CA certificate (PEM).
async fn https_provider() -> (u16, String) {
    let ca = BankCa::new("Bank Inspection Root CA");
    let leaf = ca.issue("localhost");
    let config = tokio_rustls::rustls::ServerConfig::builder()
        .with_no_client_auth()
        .with_single_cert(leaf.chain(), leaf.private_key())
        .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        loop {
            let Ok((tcp, _)) = listener.accept().await else {
                return;
            };
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                let Ok(mut tls) = acceptor.accept(tcp).await else {
                    return;
                };
                let mut seen = Vec::new();
                let mut buf = [0u8; 4096];
                // The request head and its body (Content-Length), then one fixed answer.
                loop {
                    let Ok(n) = tls.read(&mut buf).await else { return };
                    if n == 0 {
                        return;
                    }
                    seen.extend_from_slice(&buf[..n]);
                    let text = String::from_utf8_lossy(&seen).to_string();
                    if let Some((head, body)) = text.split_once("\r\n\r\n") {
                        let length = head
                            .lines()
                            .find_map(|l| {
                                l.to_ascii_lowercase()
                                    .strip_prefix("content-length:")
                                    .map(|v| v.trim().to_owned())
                            })
                            .and_then(|v| v.parse::<usize>().ok())
                            .unwrap_or(0);
                        if body.len() >= length {
                            break;
                        }
                    }
                }
                let answer = r#"{"ok":true,"result":{"message_id":77}}"#;
                let response = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{answer}",
                    answer.len()
                );
                let _ = tls.write_all(response.as_bytes()).await;
                let _ = tls.shutdown().await;
            });
        }
    });
    (port, ca.pem())
}

const TOKEN: &str = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";

#[tokio::test]
async fn the_banks_ca_is_trusted_only_once_it_is_in_the_bundle() {
    let (port, ca_pem) = https_provider().await;
    let base = format!("https://localhost:{port}");

    let system_roots_only = BotApi::new(outbound::build("", "").unwrap(), &base, TOKEN);
    let refused = system_roots_only
        .send_message("1", "salom", None)
        .await
        .unwrap_err();
    assert!(refused.retry, "a TLS failure is a network error, retried");
    assert!(
        !refused.description.contains(TOKEN),
        "the token is never in an error: {}",
        refused.description
    );

    let with_bank_ca = BotApi::new(outbound::build("", &ca_pem).unwrap(), &base, TOKEN);
    let sent = with_bank_ca.send_message("1", "salom", None).await.unwrap();
    assert_eq!(sent.message_id, 77);
}

#[test]
fn a_bundle_or_proxy_that_is_not_one_is_refused() {
    assert!(outbound::build(
        "",
        "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----"
    )
    .is_err());
    assert!(outbound::build("http://proxy.bank.local:3128", "").is_ok());
}
