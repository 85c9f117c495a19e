//! The CRM lookup against a local HTTP server speaking the documented protocol
//! (`docs/integrations.md`): what is sent (bearer token, the customer's identifiers and
//! channels), answers found / not found, and failures (error status, timeout, malformed)
//! shown as reasons; the token sealed and never shown back.

use crate::common;
use app::crm::model::{CrmForm, CrmView};
use app::domain::crm;
use app::domain::customers::identifiers::{self, IdKind, Source};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde_json::{json, Value};
use sqlx::PgPool;
use std::sync::{Arc, Mutex};

const TOKEN: &str = "crm-bearer-token-0123456789";

#[derive(Clone, Default)]
struct Crm {
    seen: Arc<Mutex<Vec<Value>>>,
}

async fn lookup(State(crm): State<Crm>, headers: HeaderMap, Json(body): Json<Value>) -> Response {
    if headers.get("authorization").and_then(|v| v.to_str().ok()) != Some(&format!("Bearer {TOKEN}")) {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    crm.seen.lock().unwrap().push(body.clone());
    let ids = body["customer"]["identifiers"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let bank_id = ids
        .iter()
        .find(|i| i["kind"] == "bank_id")
        .map(|i| i["value"].as_str().unwrap().to_owned());
    match bank_id.as_deref() {
        Some("CIF-0042") => Json(json!({
            "found": true,
            "name": "Karimova Aziza Bahodirovna",
            "segment": "Premium",
            "fields": [{ "label": "Cards", "value": 2 }, { "label": "Branch", "value": "Toshkent, Yunusobod" }],
            "url": "https://crm.bank.local/customers/CIF-0042"
        }))
        .into_response(),
        Some("CIF-SLOW") => {
            tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
            Json(json!({ "found": false })).into_response()
        }
        Some("CIF-500") => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        Some("CIF-JUNK") => "<html>".into_response(),
        _ => StatusCode::NOT_FOUND.into_response(),
    }
}

async fn start() -> (Crm, String) {
    let crm = Crm::default();
    let app = Router::new()
        .route("/lookup", post(lookup))
        .with_state(crm.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (crm, format!("http://{addr}/lookup"))
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn the_card_shows_what_the_banks_crm_knows(pool: PgPool) {
    let state = common::state(pool.clone());
    let (crm, url) = start().await;
    let (_, customer) = common::customer(&pool, "crm-site", 5).await;
    assert_eq!(crm::lookup(&pool, &state.secrets, customer).await, CrmView::Off);

    let form = CrmForm {
        url: url.clone(),
        token: TOKEN.into(),
        timeout_ms: 700,
        ..Default::default()
    };
    assert_eq!(
        crm::save(
            &pool,
            &state.secrets,
            &CrmForm {
                url: "ftp://x".into(),
                ..form.clone()
            }
        )
        .await,
        Err(crm::CrmError::Invalid("url"))
    );
    crm::save(&pool, &state.secrets, &form).await.unwrap();
    let shown = crm::form(&pool, &state.secrets).await.unwrap();
    assert!(shown.has_token);
    assert_eq!(shown.token, "", "the token never goes back");

    // Unknown to the CRM.
    assert_eq!(
        crm::lookup(&pool, &state.secrets, customer).await,
        CrmView::NotFound
    );
    // Known by the bank id: the record, and what was sent.
    identifiers::attach(&pool, customer, IdKind::BankId, "CIF-0042", true, Source::Signed)
        .await
        .unwrap();
    let CrmView::Found(record) = crm::lookup(&pool, &state.secrets, customer).await else {
        panic!("found");
    };
    assert_eq!(record.name.as_deref(), Some("Karimova Aziza Bahodirovna"));
    assert_eq!(record.segment.as_deref(), Some("Premium"));
    assert_eq!(record.fields[0].value, "2");
    assert_eq!(
        record.url.as_deref(),
        Some("https://crm.bank.local/customers/CIF-0042")
    );
    let sent = crm.seen.lock().unwrap().last().cloned().unwrap();
    assert_eq!(sent["customer"]["id"], customer);
    assert_eq!(
        sent["customer"]["identifiers"][0],
        json!({ "kind": "bank_id", "value": "CIF-0042", "verified": true })
    );

    // Failures are reasons, not errors.
    for (bank_id, reason) in [
        ("CIF-SLOW", "timed out"),
        ("CIF-500", "HTTP 500"),
        ("CIF-JUNK", "the answer is not the expected JSON"),
    ] {
        let (_, other) = common::customer(&pool, &format!("crm-{bank_id}"), 5).await;
        identifiers::attach(&pool, other, IdKind::BankId, bank_id, true, Source::Signed)
            .await
            .unwrap();
        assert_eq!(
            crm::lookup(&pool, &state.secrets, other).await,
            CrmView::Failed(reason.into())
        );
    }

    // A wrong token: the CRM refuses, the card says so.
    crm::save(
        &pool,
        &state.secrets,
        &CrmForm {
            token: "another-token-000000".into(),
            ..form.clone()
        },
    )
    .await
    .unwrap();
    assert_eq!(
        crm::lookup(&pool, &state.secrets, customer).await,
        CrmView::Failed("HTTP 401".into())
    );
}
