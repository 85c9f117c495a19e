//! Shared helpers for the integration tests (each test gets a fresh, migrated database).

#![allow(dead_code)]

use app::domain::{accounts, bus::Bus, channels, customers, state::AppState};
use leptos::config::LeptosOptions;

pub mod bank_ca;
pub mod fake_graph;
pub mod fake_telegram;
use sqlx::PgPool;

pub const PASSWORD: &str = "Test-Passw0rd!";

pub async fn operator(pool: &PgPool, login: &str) -> i64 {
    accounts::create_user(pool, login, login, PASSWORD, &["operator"])
        .await
        .unwrap()
}

pub async fn customer(pool: &PgPool, key: &str, scale: i16) -> (i64, i64) {
    let channel = channels::upsert_webchat(pool, "Test site", key, scale)
        .await
        .unwrap();
    let token = format!("{key}-visitor-token-0123456789abcdef");
    let customer = customers::find_or_create_visitor(pool, channel.id, &token, "ru")
        .await
        .unwrap();
    (channel.id, customer.id)
}

pub fn state(pool: PgPool) -> AppState {
    AppState {
        leptos_options: LeptosOptions::builder().output_name("contact-center").build(),
        pool,
        bus: Bus::new(),
        secrets: app::domain::secrets::SecretBox::new(&[42; 32]),
    }
}

pub fn client_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// An operator with these languages and capacity, available now.
pub async fn available_operator(pool: &PgPool, login: &str, languages: &[&str], capacity: i32) -> i64 {
    let id = operator(pool, login).await;
    let languages: Vec<String> = languages.iter().map(|l| (*l).to_owned()).collect();
    app::domain::routing::set_skills(pool, id, &languages, capacity)
        .await
        .unwrap();
    app::domain::presence::switch(pool, id, "available", id)
        .await
        .unwrap();
    id
}

/// Visitor number `n` writes once on the channel with `key`, in `language`; returns
/// the conversation (waiting in the queue).
pub async fn waiting_on(pool: &PgPool, key: &str, n: usize, language: &str) -> i64 {
    let channel = channels::upsert_webchat(pool, key, key, 5).await.unwrap();
    let token = format!("{key}-visitor-{n:06}-0123456789abcdef");
    let customer = customers::find_or_create_visitor(pool, channel.id, &token, language)
        .await
        .unwrap();
    let (m, ..) = app::domain::conversations::customer_writes(
        pool,
        customer.id,
        channel.id,
        language,
        &client_id(),
        "Здравствуйте",
    )
    .await
    .unwrap();
    m.conversation_id
}

/// Moves a conversation's entry into the queue `seconds` into the past.
pub async fn queued_ago(pool: &PgPool, conversation: i64, seconds: i64) {
    sqlx::query("UPDATE conversations SET queued_at = now() - make_interval(secs => $2) WHERE id = $1")
        .bind(conversation)
        .bind(seconds as f64)
        .execute(pool)
        .await
        .unwrap();
}

pub async fn operator_of(pool: &PgPool, conversation: i64) -> Option<i64> {
    sqlx::query_scalar("SELECT operator_id FROM conversations WHERE id = $1")
        .bind(conversation)
        .fetch_one(pool)
        .await
        .unwrap()
}

/// Sets the routing of the channel with `key` (which must exist).
pub async fn channel_routing(
    pool: &PgPool,
    key: &str,
    weight: i32,
    group_id: Option<i64>,
    auto_reply: Option<&str>,
    wait_notice_seconds: Option<i32>,
) -> Result<(), app::domain::routing::settings::SettingsError> {
    let id: i64 = sqlx::query_scalar("SELECT id FROM channels WHERE public_key = $1")
        .bind(key)
        .fetch_one(pool)
        .await
        .unwrap();
    app::domain::routing::settings::save_channel(
        pool,
        &app::model::ChannelRouting {
            id,
            name: key.into(),
            weight,
            group_id,
            auto_reply: auto_reply.map(str::to_owned),
            wait_notice_seconds,
        },
    )
    .await
}

/// A fresh directory for uploaded files (outside any site root).
pub fn file_store() -> app::domain::files::storage::FileStore {
    let dir = std::env::temp_dir().join(format!("cc-files-{}", uuid::Uuid::new_v4()));
    app::domain::files::storage::FileStore::open(dir).unwrap()
}

/// The whole application on a free local port, for tests that speak real HTTP.
pub async fn serve(pool: PgPool) -> std::net::SocketAddr {
    serve_with(state(pool), file_store()).await
}

/// The whole application with this state and files directory, on a free local port.
pub async fn serve_with(
    state: AppState,
    files: app::domain::files::storage::FileStore,
) -> std::net::SocketAddr {
    let app = application(state, files);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await
        .unwrap();
    });
    addr
}

/// The whole application's router, as `server serve` builds it (no demo page).
pub fn application(state: AppState, files: app::domain::files::storage::FileStore) -> axum::Router {
    server::router::router(
        state,
        server::router::Options {
            widget_dir: std::path::Path::new("target/widget"),
            demo: false,
            files,
        },
    )
}

/// A response as the tests read it.
pub struct Reply {
    pub status: u16,
    pub head: String,
    pub body: String,
}

/// One HTTP/1.1 request over a fresh connection (no client library: what goes on the
/// wire is exactly what is written here).
pub async fn http(
    addr: std::net::SocketAddr,
    method: &str,
    path: &str,
    content_type: &str,
    body: &str,
    cookie: Option<&str>,
) -> Reply {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let cookie_line = cookie.map(|c| format!("Cookie: {c}\r\n")).unwrap_or_default();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: {content_type}\r\nAccept: application/json\r\n\
         User-Agent: integration-test/1.0\r\n{cookie_line}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.unwrap();
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    Reply {
        status,
        head: head.to_owned(),
        body: body.to_owned(),
    }
}

/// A session cookie for an account, as signing in would set it.
pub async fn session_cookie(pool: &PgPool, user_id: i64) -> String {
    let token = app::domain::sessions::open(pool, user_id, Some("127.0.0.1"), Some("integration-test/1.0"))
        .await
        .unwrap();
    format!("{}={token}", app::domain::sessions::COOKIE_NAME)
}

/// An account holding exactly one custom role with these permissions.
pub async fn account_with(pool: &PgPool, login: &str, permissions: &[app::permission::Permission]) -> i64 {
    let role: i64 =
        sqlx::query_scalar("INSERT INTO roles (code, name, built_in) VALUES ($1, $1, false) RETURNING id")
            .bind(format!("test.{login}"))
            .fetch_one(pool)
            .await
            .unwrap();
    for p in permissions {
        sqlx::query("INSERT INTO role_permissions (role_id, permission) VALUES ($1, $2)")
            .bind(role)
            .bind(p.code())
            .execute(pool)
            .await
            .unwrap();
    }
    let id = accounts::create_user(pool, login, login, PASSWORD, &[])
        .await
        .unwrap();
    sqlx::query("INSERT INTO user_roles (user_id, role_id) VALUES ($1, $2)")
        .bind(id)
        .bind(role)
        .execute(pool)
        .await
        .unwrap();
    id
}

/// Signs in with login and password only (as `accounts::sign_in`, then `succeeded`), as
/// `(account, must change password)`.
pub async fn sign_in(
    pool: &PgPool,
    login: &str,
    password: &str,
) -> Result<(i64, bool), accounts::SignInError> {
    let signed = accounts::sign_in(pool, login, password).await?;
    accounts::succeeded(pool, signed.id).await.unwrap();
    Ok((signed.id, signed.must_change_password))
}

/// A provider stand-in's view of a request: its fields (a multipart form's text parts, or
/// a JSON object's members) and the file a form carries (name, type, bytes). With
/// `json_fields`, a text part that is JSON is read as JSON.
pub async fn request_fields(
    request: axum::extract::Request,
    json_fields: bool,
) -> (
    serde_json::Map<String, serde_json::Value>,
    Option<(String, String, Vec<u8>)>,
) {
    use axum::extract::FromRequest;
    use serde_json::Value;
    let content_type = request
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let mut fields = serde_json::Map::new();
    let mut file = None;
    if content_type.starts_with("multipart/form-data") {
        let mut form = axum::extract::Multipart::from_request(request, &())
            .await
            .unwrap();
        while let Some(field) = form.next_field().await.unwrap() {
            let name = field.name().unwrap_or_default().to_owned();
            match field.file_name().map(str::to_owned) {
                Some(file_name) => {
                    let ct = field.content_type().unwrap_or_default().to_owned();
                    file = Some((file_name, ct, field.bytes().await.unwrap().to_vec()));
                }
                None => {
                    let text = field.text().await.unwrap();
                    let value = if json_fields {
                        serde_json::from_str(&text).unwrap_or(Value::String(text))
                    } else {
                        Value::String(text)
                    };
                    fields.insert(name, value);
                }
            }
        }
    } else {
        let bytes = axum::body::Bytes::from_request(request, &()).await.unwrap();
        if let Ok(Value::Object(map)) = serde_json::from_slice(&bytes) {
            fields = map;
        }
    }
    (fields, file)
}
