//! Outgoing webhooks against a local receiver: events queued in the transaction that
//! made them, signed (checked here independently with HMAC-SHA256), retried after a
//! failure, and logged.

use crate::common;
use app::domain::webhooks;
use axum::http::HeaderMap;
use axum::routing::post;
use axum::Router;
use base64::Engine;
use hmac::{Hmac, Mac};
use server::channels::outbound::Outbound;
use sqlx::PgPool;
use std::sync::{Arc, Mutex};

#[derive(Clone, Default)]
struct Receiver {
    got: Arc<Mutex<Vec<(HeaderMap, String)>>>,
    /// Statuses to answer with, first to last; then 204.
    answers: Arc<Mutex<Vec<u16>>>,
}

async fn receiver() -> (String, Receiver) {
    let r = Receiver::default();
    let app = Router::new()
        .route(
            "/hook",
            post(
                |axum::extract::State(r): axum::extract::State<Receiver>,
                 headers: HeaderMap,
                 body: String| async move {
                    r.got.lock().unwrap().push((headers, body));
                    let mut answers = r.answers.lock().unwrap();
                    let status = if answers.is_empty() {
                        204
                    } else {
                        answers.remove(0)
                    };
                    axum::http::StatusCode::from_u16(status).unwrap()
                },
            ),
        )
        .with_state(r.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, r)
}

fn verify(secret: &str, headers: &HeaderMap, body: &str) -> bool {
    let key = base64::engine::general_purpose::STANDARD
        .decode(secret.strip_prefix("whsec_").unwrap())
        .unwrap();
    let signed = format!(
        "{}.{}.{body}",
        headers["webhook-id"].to_str().unwrap(),
        headers["webhook-timestamp"].to_str().unwrap()
    );
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(&key).unwrap();
    mac.update(signed.as_bytes());
    let expected = format!(
        "v1,{}",
        base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
    );
    headers["webhook-signature"].to_str().unwrap() == expected
}

async fn time_passes(pool: &PgPool) {
    sqlx::query("UPDATE webhook_deliveries SET next_attempt_at = now() WHERE status = 'pending'")
        .execute(pool)
        .await
        .unwrap();
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn events_are_signed_retried_and_logged(pool: PgPool) {
    let state = common::state(pool.clone());
    let outbound = Outbound::default();
    let (url, r) = receiver().await;
    let events = [
        "message.received",
        "conversation.assigned",
        "conversation.closed",
        "rating.received",
    ]
    .map(str::to_owned)
    .to_vec();
    let (hook, secret) = webhooks::create(&pool, &state.secrets, &url, &events, "CRM", None)
        .await
        .unwrap();
    assert!(secret.starts_with("whsec_"));
    let sealed: Vec<u8> = sqlx::query_scalar("SELECT secret_box FROM webhooks WHERE id = $1")
        .bind(hook)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert!(
        !String::from_utf8_lossy(&sealed).contains(&secret[6..20]),
        "the secret is sealed"
    );

    // The receiver is down for the first attempt.
    r.answers.lock().unwrap().push(500);
    let conversation = common::waiting_on(&pool, "hook-site", 1, "ru").await;
    server::webhook_delivery::round(&state, &outbound).await;
    let log = webhooks::log(&pool, Some(hook), 10).await.unwrap();
    assert_eq!(log.len(), 1, "only the subscribed event: message.received");
    assert_eq!(
        (log[0].status.as_str(), log[0].response_status, log[0].attempts),
        ("pending", Some(500), 1)
    );
    time_passes(&pool).await;
    server::webhook_delivery::round(&state, &outbound).await;
    let log = webhooks::log(&pool, Some(hook), 10).await.unwrap();
    assert_eq!(
        (log[0].status.as_str(), log[0].response_status, log[0].attempts),
        ("delivered", Some(204), 2)
    );

    let got = r.got.lock().unwrap().clone();
    assert_eq!(got.len(), 2);
    let (headers, body) = &got[1];
    assert!(verify(&secret, headers, body), "the signature checks out");
    assert_eq!(
        got[0].0["webhook-id"], got[1].0["webhook-id"],
        "a retry carries the same event id"
    );
    let payload: serde_json::Value = serde_json::from_str(body).unwrap();
    assert_eq!(payload["type"], "message.received");
    assert_eq!(payload["data"]["conversation_id"], conversation);
    assert_eq!(payload["data"]["body"], "Здравствуйте");
    assert!(
        !verify(
            "whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
            headers,
            body
        ),
        "another secret does not verify"
    );

    // Assigned, closed and rated: one event each.
    let operator = common::operator(&pool, "hook.op").await;
    app::domain::conversations::take(&pool, conversation, operator)
        .await
        .unwrap();
    app::domain::conversations::close(&pool, conversation, operator)
        .await
        .unwrap();
    let customer: i64 = sqlx::query_scalar("SELECT customer_id FROM conversations WHERE id = $1")
        .bind(conversation)
        .fetch_one(&pool)
        .await
        .unwrap();
    app::domain::conversations::rate(&pool, conversation, customer, 5, Some("Спасибо"))
        .await
        .unwrap();
    server::webhook_delivery::round(&state, &outbound).await;
    let types: Vec<String> = r
        .got
        .lock()
        .unwrap()
        .iter()
        .skip(2)
        .map(|(_, b)| {
            serde_json::from_str::<serde_json::Value>(b).unwrap()["type"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(
        types,
        ["conversation.assigned", "conversation.closed", "rating.received"]
    );

    // A paused webhook receives nothing new; a failed delivery can be delivered again.
    webhooks::set_active(&pool, hook, false).await.unwrap();
    common::waiting_on(&pool, "hook-site", 2, "ru").await;
    assert_eq!(webhooks::log(&pool, Some(hook), 100).await.unwrap().len(), 4);
    let first = webhooks::log(&pool, Some(hook), 100)
        .await
        .unwrap()
        .last()
        .unwrap()
        .id;
    webhooks::redeliver(&pool, first).await.unwrap();
    server::webhook_delivery::round(&state, &outbound).await;
    assert_eq!(r.got.lock().unwrap().len(), 6);
}
