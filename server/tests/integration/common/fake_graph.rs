//! A small Graph API server faithful to Meta's documentation for what the product
//! uses: `POST /{version}/{id}/messages` (Messenger, Instagram and WhatsApp Cloud API
//! shapes), `POST /{version}/{phone-number-id}/media` (multipart upload), `GET
//! /{version}/{id}` (a person's profile, a WhatsApp media object whose `url` then
//! serves the file with the token), and error answers
//! (`{"error":{"message","type","code","error_subcode","fbtrace_id"}}`). It checks
//! the bearer token and records every call. It also signs webhook bodies the way Meta
//! does (`X-Hub-Signature-256`).

use axum::extract::{Path, Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use hmac::{Hmac, Mac};
use serde_json::{json, Value};
use sha2::Sha256;
use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

pub const ACCESS_TOKEN: &str = "EAAGm0PX4ZCpsBAKZAfake-access-token-1234567890";
pub const APP_SECRET: &str = "0123456789abcdef0123456789abcdef";

#[derive(Clone, Debug)]
pub struct Call {
    pub method: String,
    /// The path after the version: `111/messages`, `222/media`, `PSID`.
    pub path: String,
    /// JSON body, or the multipart's text fields (JSON ones parsed).
    pub body: Value,
    pub file: Option<(String, String, Vec<u8>)>,
}

#[derive(Default)]
struct Inner {
    calls: Vec<Call>,
    /// Answers for the next `messages` calls (status, error), before the normal one.
    failures: VecDeque<(u16, Value)>,
    media: HashMap<String, Vec<u8>>,
    profiles: HashMap<String, Value>,
    next_id: u64,
}

#[derive(Clone, Default)]
pub struct FakeGraph {
    inner: Arc<Mutex<Inner>>,
    pub addr: Option<SocketAddr>,
}

impl FakeGraph {
    pub async fn start() -> Self {
        let mut fake = FakeGraph::default();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        fake.addr = Some(listener.local_addr().unwrap());
        let app = Router::new()
            .route("/media-file/{id}", get(media_file))
            .route("/{version}/{id}", get(object))
            .route("/{version}/{id}/{edge}", axum::routing::post(edge))
            .with_state(fake.clone());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        fake
    }

    pub fn base(&self) -> String {
        format!("http://{}", self.addr.unwrap())
    }

    pub fn add_media(&self, id: &str, bytes: &[u8]) {
        self.inner.lock().unwrap().media.insert(id.into(), bytes.to_vec());
    }

    pub fn add_profile(&self, id: &str, profile: Value) {
        self.inner.lock().unwrap().profiles.insert(id.into(), profile);
    }

    /// The next `messages` call answers with this HTTP status and Graph error code.
    pub fn fail_next(&self, status: u16, code: i64, message: &str) {
        self.inner.lock().unwrap().failures.push_back((
            status,
            json!({ "error": { "message": message, "type": "OAuthException", "code": code, "fbtrace_id": "AbC" } }),
        ));
    }

    /// Calls to paths ending with `suffix` (`/messages`, `/media`).
    pub fn calls(&self, suffix: &str) -> Vec<Call> {
        self.inner
            .lock()
            .unwrap()
            .calls
            .iter()
            .filter(|c| c.path.ends_with(suffix))
            .cloned()
            .collect()
    }
}

/// `X-Hub-Signature-256` of a body, as Meta computes it with the app secret.
pub fn signature(secret: &str, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

fn authorised(headers: &HeaderMap) -> bool {
    headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v == format!("Bearer {ACCESS_TOKEN}"))
}

fn refused() -> Response {
    (
        StatusCode::UNAUTHORIZED,
        Json(json!({ "error": { "message": "Invalid OAuth access token.", "type": "OAuthException", "code": 190 } })),
    )
        .into_response()
}

async fn object(
    State(fake): State<FakeGraph>,
    Path((_version, id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    if !authorised(&headers) {
        return refused();
    }
    let mut inner = fake.inner.lock().unwrap();
    inner.calls.push(Call {
        method: "GET".into(),
        path: id.clone(),
        body: Value::Null,
        file: None,
    });
    if let Some(bytes) = inner.media.get(&id) {
        let url = format!("{}/media-file/{id}", fake.base());
        return Json(
            json!({ "messaging_product": "whatsapp", "url": url, "mime_type": "image/png",
                            "file_size": bytes.len(), "id": id }),
        )
        .into_response();
    }
    match inner.profiles.get(&id) {
        Some(profile) => Json(profile.clone()).into_response(),
        None => (
            StatusCode::BAD_REQUEST,
            Json(json!({ "error": { "message": "Unsupported get request.", "type": "GraphMethodException", "code": 100, "error_subcode": 33 } })),
        )
            .into_response(),
    }
}

async fn media_file(State(fake): State<FakeGraph>, Path(id): Path<String>, headers: HeaderMap) -> Response {
    if !authorised(&headers) {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    match fake.inner.lock().unwrap().media.get(&id) {
        Some(bytes) => bytes.clone().into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

async fn edge(
    State(fake): State<FakeGraph>,
    Path((_version, id, edge)): Path<(String, String, String)>,
    request: Request,
) -> Response {
    if !authorised(request.headers()) {
        return refused();
    }
    // Meta's form fields carry JSON (`recipient`, `message`).
    let (body, file) = super::request_fields(request, true).await;
    let mut inner = fake.inner.lock().unwrap();
    inner.calls.push(Call {
        method: "POST".into(),
        path: format!("{id}/{edge}"),
        body: Value::Object(body.clone()),
        file,
    });
    inner.next_id += 1;
    let n = inner.next_id;
    match edge.as_str() {
        "media" => Json(json!({ "id": format!("MEDIA{n}") })).into_response(),
        "messages" => {
            if let Some((status, error)) = inner.failures.pop_front() {
                return (StatusCode::from_u16(status).unwrap(), Json(error)).into_response();
            }
            if body.get("messaging_product").is_some() {
                let to = body.get("to").cloned().unwrap_or_default();
                Json(json!({ "messaging_product": "whatsapp", "contacts": [{ "input": to, "wa_id": to }],
                             "messages": [{ "id": format!("wamid.OUT{n}") }] }))
                .into_response()
            } else {
                let to = body.get("recipient").and_then(|r| r.get("id")).cloned().unwrap_or_default();
                Json(json!({ "recipient_id": to, "message_id": format!("m_OUT{n}") })).into_response()
            }
        }
        _ => (
            StatusCode::BAD_REQUEST,
            Json(json!({ "error": { "message": "Unknown path components", "type": "OAuthException", "code": 2500 } })),
        )
            .into_response(),
    }
}
