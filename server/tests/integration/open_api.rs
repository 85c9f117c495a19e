//! The REST API over real HTTP: tokens and their scopes, the address allowlists (the
//! security settings' and the token's own), rate limits, reading and writing, and the
//! OpenAPI document the routes are described by.

use crate::common;
use app::domain::api_tokens::{self, NewToken};
use serde_json::{json, Value};
use sqlx::PgPool;

async fn token(pool: &PgPool, scopes: &[&str], allowlist: &str, rate: i32) -> String {
    api_tokens::create(
        pool,
        &NewToken {
            name: format!("test {}", scopes.join(" ")),
            scopes: scopes.iter().map(|s| (*s).to_owned()).collect(),
            allowlist: allowlist.into(),
            rate_per_minute: rate,
        },
        None,
    )
    .await
    .unwrap()
    .1
}

async fn call(
    addr: std::net::SocketAddr,
    method: reqwest::Method,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> (u16, Value, reqwest::header::HeaderMap) {
    let mut request = reqwest::Client::new().request(method, format!("http://{addr}{path}"));
    if let Some(t) = token {
        request = request.bearer_auth(t);
    }
    if let Some(b) = body {
        request = request.json(&b);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let text = response.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
        headers,
    )
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn tokens_scopes_and_reading_conversations(pool: PgPool) {
    let addr = common::serve(pool.clone()).await;
    let conversation = common::waiting_on(&pool, "api-site", 1, "ru").await;
    let reader = token(&pool, &["conversations:read"], "", 600).await;
    let topics_only = token(&pool, &["topics:read"], "", 600).await;

    let (status, body, headers) = call(addr, reqwest::Method::GET, "/api/v1/conversations", None, None).await;
    assert_eq!((status, body["error"].as_str()), (401, Some("unauthorized")));
    assert_eq!(headers["www-authenticate"], "Bearer");
    let (status, _, _) = call(
        addr,
        reqwest::Method::GET,
        "/api/v1/conversations",
        Some("cc_0000000000000000000000000000000000000000"),
        None,
    )
    .await;
    assert_eq!(status, 401, "an unknown token");
    let (status, body, _) = call(
        addr,
        reqwest::Method::GET,
        "/api/v1/conversations",
        Some(&topics_only),
        None,
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (403, Some("insufficient_scope"))
    );

    let (status, body, headers) = call(
        addr,
        reqwest::Method::GET,
        "/api/v1/conversations?status=waiting",
        Some(&reader),
        None,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(body["items"][0]["id"], conversation);
    assert_eq!(body["items"][0]["status"], "waiting");
    assert_eq!(body["items"][0]["channel_kind"], "webchat");
    assert_eq!(headers["x-ratelimit-limit"], "600");
    let (status, body, _) = call(
        addr,
        reqwest::Method::GET,
        &format!("/api/v1/conversations/{conversation}/messages"),
        Some(&reader),
        None,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(body["items"][0]["body"], "Здравствуйте");
    assert_eq!(body["items"][0]["sender"], "customer");
    let (status, body, _) = call(
        addr,
        reqwest::Method::GET,
        "/api/v1/conversations/999999",
        Some(&reader),
        None,
    )
    .await;
    assert_eq!((status, body["error"].as_str()), (404, Some("not_found")));
    let (status, body, _) = call(
        addr,
        reqwest::Method::GET,
        "/api/v1/conversations/abc",
        Some(&reader),
        None,
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("bad_request")),
        "a malformed path is a JSON problem too"
    );
    let (status, _, _) = call(
        addr,
        reqwest::Method::GET,
        "/api/v1/conversations?status=lost",
        Some(&reader),
        None,
    )
    .await;
    assert_eq!(status, 400);

    // Reading does not include writing.
    let (status, _, _) = call(
        addr,
        reqwest::Method::POST,
        &format!("/api/v1/conversations/{conversation}/close"),
        Some(&reader),
        None,
    )
    .await;
    assert_eq!(status, 403);

    // A revoked token stops at once.
    let id: i64 = sqlx::query_scalar("SELECT id FROM api_tokens WHERE scopes = '{conversations:read}'")
        .fetch_one(&pool)
        .await
        .unwrap();
    api_tokens::revoke(&pool, id).await.unwrap();
    let (status, _, _) = call(
        addr,
        reqwest::Method::GET,
        "/api/v1/conversations",
        Some(&reader),
        None,
    )
    .await;
    assert_eq!(status, 401);
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn writing_posts_a_system_message_and_closes(pool: PgPool) {
    let addr = common::serve(pool.clone()).await;
    let conversation = common::waiting_on(&pool, "api-site", 1, "ru").await;
    let writer = token(&pool, &["conversations:read", "conversations:write"], "", 600).await;
    let path = format!("/api/v1/conversations/{conversation}/messages");
    let client_id = common::client_id();
    let message = json!({ "body": "Ваша карта перевыпущена", "client_id": client_id });
    let (status, body, _) = call(
        addr,
        reqwest::Method::POST,
        &path,
        Some(&writer),
        Some(message.clone()),
    )
    .await;
    assert_eq!(status, 201);
    assert_eq!(
        (body["sender"].as_str(), body["body"].as_str()),
        (Some("system"), Some("Ваша карта перевыпущена"))
    );
    let (status, again, _) = call(addr, reqwest::Method::POST, &path, Some(&writer), Some(message)).await;
    assert_eq!(
        (status, &again["id"]),
        (201, &body["id"]),
        "a retry with the same client id stores nothing new"
    );
    let (status, problem, _) = call(
        addr,
        reqwest::Method::POST,
        &path,
        Some(&writer),
        Some(json!({ "body": "" })),
    )
    .await;
    assert_eq!((status, problem["error"].as_str()), (400, Some("bad_request")));
    let (status, _, _) = call(
        addr,
        reqwest::Method::POST,
        &path,
        Some(&writer),
        Some(json!({ "text": "wrong field" })),
    )
    .await;
    assert_eq!(status, 400);

    let close = format!("/api/v1/conversations/{conversation}/close");
    let (status, closed, _) = call(addr, reqwest::Method::POST, &close, Some(&writer), None).await;
    assert_eq!((status, closed["status"].as_str()), (200, Some("closed")));
    let (status, _, _) = call(addr, reqwest::Method::POST, &close, Some(&writer), None).await;
    assert_eq!(status, 409);
    let (status, _, _) = call(
        addr,
        reqwest::Method::POST,
        &path,
        Some(&writer),
        Some(json!({ "body": "поздно" })),
    )
    .await;
    assert_eq!(status, 409, "nothing is posted into a closed conversation");
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn address_allowlists_and_rate_limits(pool: PgPool) {
    let addr = common::serve(pool.clone()).await;
    // The token may only be used from 10.0.0.0/8; the test calls from 127.0.0.1.
    let elsewhere = token(&pool, &["topics:read"], "10.0.0.0/8", 600).await;
    let (status, body, _) = call(
        addr,
        reqwest::Method::GET,
        "/api/v1/topics",
        Some(&elsewhere),
        None,
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (403, Some("address_not_allowed"))
    );
    let local = token(&pool, &["topics:read"], "127.0.0.1\n::1", 600).await;
    assert_eq!(
        call(addr, reqwest::Method::GET, "/api/v1/topics", Some(&local), None)
            .await
            .0,
        200
    );
    // The security settings' API allowlist applies to every token.
    sqlx::query("UPDATE security_settings SET api_allowlist = '192.168.0.0/16'")
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(
        call(addr, reqwest::Method::GET, "/api/v1/topics", Some(&local), None)
            .await
            .0,
        403
    );
    sqlx::query("UPDATE security_settings SET api_allowlist = ''")
        .execute(&pool)
        .await
        .unwrap();

    let slow = token(&pool, &["operators:read"], "", 3).await;
    for left in ["2", "1", "0"] {
        let (status, _, headers) =
            call(addr, reqwest::Method::GET, "/api/v1/operators", Some(&slow), None).await;
        assert_eq!(
            (status, headers["x-ratelimit-remaining"].to_str().unwrap()),
            (200, left)
        );
    }
    let (status, body, headers) =
        call(addr, reqwest::Method::GET, "/api/v1/operators", Some(&slow), None).await;
    assert_eq!((status, body["error"].as_str()), (429, Some("rate_limited")));
    let wait: u64 = headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&wait));
    assert_eq!(
        call(addr, reqwest::Method::GET, "/api/v1/topics", Some(&local), None)
            .await
            .0,
        200,
        "other tokens go on"
    );
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn the_openapi_document_describes_every_route(pool: PgPool) {
    let addr = common::serve(pool.clone()).await;
    let (status, doc, _) = call(addr, reqwest::Method::GET, "/api/v1/openapi.json", None, None).await;
    assert_eq!(status, 200);
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    let paths: Vec<&str> = doc["paths"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    for p in [
        "/api/v1/conversations",
        "/api/v1/conversations/{id}",
        "/api/v1/conversations/{id}/messages",
        "/api/v1/conversations/{id}/close",
        "/api/v1/customers/{id}",
        "/api/v1/operators",
        "/api/v1/topics",
        "/api/v1/reports/summary",
        "/api/v1/webhooks",
        "/api/v1/webhooks/{id}",
        "/api/v1/webhooks/{id}/deliveries",
    ] {
        assert!(paths.contains(&p), "{p} is described");
    }
    assert_eq!(doc["components"]["securitySchemes"]["bearer"]["scheme"], "bearer");
    let (status, page, _) = call(addr, reqwest::Method::GET, "/api/v1/docs", None, None).await;
    assert_eq!(status, 200);
    assert!(
        page.as_str()
            .unwrap()
            .contains("/vendor/swagger-ui/swagger-ui-bundle.js"),
        "Swagger UI from this server"
    );
}
