//! A small Bot API server faithful to <https://core.telegram.org/bots/api> for what the
//! product uses and `telegram-test-api` lacks: `getFile` and file downloads,
//! `sendPhoto`/`sendDocument` uploads (multipart), `setWebhook` with a secret token, and
//! error answers (`{"ok":false,"error_code":…,"description":…}`). It records every call.

use axum::extract::{Path, Request, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};
use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

/// One call the product made: the method, its fields (JSON or form), and an uploaded file.
#[derive(Clone, Debug)]
pub struct Call {
    pub token: String,
    pub method: String,
    pub fields: Value,
    pub file: Option<(String, String, Vec<u8>)>,
}

#[derive(Default)]
struct Inner {
    updates: VecDeque<Value>,
    calls: Vec<Call>,
    files: HashMap<String, Vec<u8>>,
    /// Answers for the next send calls (status, body), before the normal one.
    failures: VecDeque<(u16, Value)>,
    next_message_id: i64,
}

#[derive(Clone, Default)]
pub struct FakeTelegram {
    inner: Arc<Mutex<Inner>>,
    pub addr: Option<SocketAddr>,
}

impl FakeTelegram {
    pub async fn start() -> Self {
        let mut fake = FakeTelegram::default();
        let app = Router::new()
            .route("/{bot}/{method}", post(method))
            .route("/file/{bot}/{*path}", get(download))
            .with_state(fake.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        fake.addr = Some(listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        fake
    }

    pub fn base(&self) -> String {
        format!("http://{}", self.addr.unwrap())
    }

    pub fn push_update(&self, update: Value) {
        self.inner.lock().unwrap().updates.push_back(update);
    }

    pub fn add_file(&self, path: &str, bytes: &[u8]) {
        self.inner
            .lock()
            .unwrap()
            .files
            .insert(path.to_owned(), bytes.to_vec());
    }

    /// The next send answers with this status and Bot API error.
    pub fn fail_next(&self, code: u16, description: &str) {
        self.inner.lock().unwrap().failures.push_back((
            code,
            json!({ "ok": false, "error_code": code, "description": description }),
        ));
    }

    pub fn calls(&self, method: &str) -> Vec<Call> {
        self.inner
            .lock()
            .unwrap()
            .calls
            .iter()
            .filter(|c| c.method == method)
            .cloned()
            .collect()
    }
}

/// A private chat's text message from a user, as Telegram sends it.
pub fn text_update(update_id: i64, user_id: i64, message_id: i64, text: &str, language: &str) -> Value {
    json!({
        "update_id": update_id,
        "message": {
            "message_id": message_id,
            "date": 1_764_000_000,
            "from": { "id": user_id, "is_bot": false, "first_name": "Ali", "last_name": "Valiyev", "language_code": language },
            "chat": { "id": user_id, "type": "private", "first_name": "Ali" },
            "text": text
        }
    })
}

async fn method(
    State(fake): State<FakeTelegram>,
    Path((bot, method)): Path<(String, String)>,
    request: Request,
) -> Response {
    let Some(token) = bot.strip_prefix("bot").map(str::to_owned) else {
        return (
            axum::http::StatusCode::NOT_FOUND,
            Json(json!({"ok": false, "error_code": 404, "description": "Not Found"})),
        )
            .into_response();
    };
    let (fields, file) = super::request_fields(request, false).await;
    let mut inner = fake.inner.lock().unwrap();
    inner.calls.push(Call {
        token,
        method: method.clone(),
        fields: Value::Object(fields.clone()),
        file,
    });
    let ok = |result: Value| {
        (
            axum::http::StatusCode::OK,
            Json(json!({ "ok": true, "result": result })),
        )
            .into_response()
    };
    match method.as_str() {
        "getUpdates" => {
            let offset = fields.get("offset").and_then(Value::as_i64).unwrap_or(0);
            inner
                .updates
                .retain(|u| u["update_id"].as_i64().unwrap_or(0) >= offset);
            let batch: Vec<Value> = inner.updates.iter().cloned().collect();
            ok(Value::Array(batch))
        }
        "sendMessage" | "sendPhoto" | "sendDocument" => {
            if let Some((code, body)) = inner.failures.pop_front() {
                let status = axum::http::StatusCode::from_u16(code).unwrap();
                return (status, Json(body)).into_response();
            }
            inner.next_message_id += 1;
            ok(
                json!({ "message_id": inner.next_message_id, "date": 1_764_000_000, "chat": { "id": fields.get("chat_id") } }),
            )
        }
        "getFile" => {
            let id = fields
                .get("file_id")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned();
            let path = format!("files/{id}");
            match inner.files.get(&path) {
                Some(bytes) => ok(json!({ "file_id": id, "file_unique_id": id, "file_size": bytes.len(), "file_path": path })),
                None => (
                    axum::http::StatusCode::BAD_REQUEST,
                    Json(json!({"ok": false, "error_code": 400, "description": "Bad Request: invalid file_id"})),
                )
                    .into_response(),
            }
        }
        "setWebhook" | "deleteWebhook" | "answerCallbackQuery" => ok(Value::Bool(true)),
        _ => (
            axum::http::StatusCode::NOT_FOUND,
            Json(json!({"ok": false, "error_code": 404, "description": "Not Found: method not found"})),
        )
            .into_response(),
    }
}

async fn download(State(fake): State<FakeTelegram>, Path((_bot, path)): Path<(String, String)>) -> Response {
    match fake.inner.lock().unwrap().files.get(&path) {
        Some(bytes) => bytes.clone().into_response(),
        None => axum::http::StatusCode::NOT_FOUND.into_response(),
    }
}
