//! The Bot API calls this product makes, and how their failures are classed: a
//! network error, a 5xx or a 429 is worth retrying; any other refusal is final.

use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{json, Value};
use std::time::Duration;

#[derive(Clone)]
pub struct BotApi {
    client: reqwest::Client,
    /// `https://api.telegram.org` or a local Bot API server; no trailing slash.
    base: String,
    token: String,
}

pub use crate::channels::outbound::ApiError;

#[derive(Deserialize)]
struct Reply<T> {
    ok: bool,
    result: Option<T>,
    #[serde(default)]
    error_code: Option<u16>,
    #[serde(default)]
    description: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct SentMessage {
    pub message_id: i64,
}

#[derive(Clone, Debug, Deserialize)]
pub struct FileInfo {
    #[serde(default)]
    pub file_path: Option<String>,
    #[serde(default)]
    pub file_size: Option<i64>,
}

impl BotApi {
    pub fn new(client: reqwest::Client, base: &str, token: &str) -> Self {
        Self {
            client,
            base: base.trim_end_matches('/').to_owned(),
            token: token.to_owned(),
        }
    }

    fn url(&self, method: &str) -> String {
        format!("{}/bot{}/{method}", self.base, self.token)
    }

    /// A reqwest error without the address (which holds the token).
    fn network(&self, err: reqwest::Error) -> ApiError {
        ApiError::network(err)
    }

    async fn read<T: DeserializeOwned>(&self, response: reqwest::Response) -> Result<T, ApiError> {
        let status = response.status();
        let reply: Reply<T> = match response.json().await {
            Ok(r) => r,
            Err(_) => {
                return Err(ApiError {
                    description: format!("HTTP {status}: not a Bot API answer"),
                    retry: status.is_server_error() || status.as_u16() == 429,
                })
            }
        };
        match (reply.ok, reply.result) {
            (true, Some(result)) => Ok(result),
            // Some servers answer `"result": null` where Telegram answers `true`.
            (true, None) => serde_json::from_value(Value::Null).map_err(|_| ApiError {
                description: "an answer without a result".into(),
                retry: false,
            }),
            _ => {
                let code = reply.error_code.unwrap_or(status.as_u16());
                Err(ApiError {
                    description: format!(
                        "{code}: {}",
                        reply.description.unwrap_or_else(|| "no description".to_owned())
                    ),
                    retry: code == 429 || code >= 500,
                })
            }
        }
    }

    pub async fn call<T: DeserializeOwned>(&self, method: &str, body: &Value) -> Result<T, ApiError> {
        let response = self
            .client
            .post(self.url(method))
            .json(body)
            .send()
            .await
            .map_err(|e| self.network(e))?;
        self.read(response).await
    }

    /// Waits up to `wait` seconds for updates after `offset`.
    pub async fn get_updates(&self, offset: Option<i64>, wait: u64) -> Result<Vec<Value>, ApiError> {
        let response = self
            .client
            .post(self.url("getUpdates"))
            .timeout(Duration::from_secs(wait) + super::super::outbound::TIMEOUT)
            .json(&json!({
                "offset": offset,
                "timeout": wait,
                "allowed_updates": ["message", "callback_query"],
            }))
            .send()
            .await
            .map_err(|e| self.network(e))?;
        self.read(response).await
    }

    pub async fn send_message(
        &self,
        chat_id: &str,
        text: &str,
        markup: Option<Value>,
    ) -> Result<SentMessage, ApiError> {
        let mut body = json!({ "chat_id": chat_id, "text": text });
        if let Some(markup) = markup {
            body["reply_markup"] = markup;
        }
        self.call("sendMessage", &body).await
    }

    /// `sendPhoto` (`field = "photo"`) or `sendDocument` (`"document"`), uploading the file.
    pub async fn send_file(
        &self,
        method: &str,
        field: &'static str,
        chat_id: &str,
        caption: &str,
        file: (Vec<u8>, String, String),
    ) -> Result<SentMessage, ApiError> {
        let (bytes, name, content_type) = file;
        let part = reqwest::multipart::Part::bytes(bytes)
            .file_name(name)
            .mime_str(&content_type)
            .map_err(|e| ApiError {
                description: format!("file type: {e}"),
                retry: false,
            })?;
        let mut form = reqwest::multipart::Form::new()
            .text("chat_id", chat_id.to_owned())
            .part(field, part);
        if !caption.is_empty() {
            form = form.text("caption", caption.to_owned());
        }
        let response = self
            .client
            .post(self.url(method))
            .multipart(form)
            .send()
            .await
            .map_err(|e| self.network(e))?;
        self.read(response).await
    }

    pub async fn get_file(&self, file_id: &str) -> Result<FileInfo, ApiError> {
        self.call("getFile", &json!({ "file_id": file_id })).await
    }

    /// Downloads a file `getFile` described, up to `max_bytes`; `None` if it is larger.
    pub async fn download(&self, file_path: &str, max_bytes: u64) -> Result<Option<Vec<u8>>, ApiError> {
        let url = format!(
            "{}/file/bot{}/{}",
            self.base,
            self.token,
            file_path.trim_start_matches('/')
        );
        crate::channels::receive::download(self.client.get(url), max_bytes, |e| self.network(e)).await
    }

    pub async fn set_webhook(&self, url: &str, secret: &str) -> Result<bool, ApiError> {
        self.call(
            "setWebhook",
            &json!({
                "url": url,
                "secret_token": secret,
                "allowed_updates": ["message", "callback_query"],
            }),
        )
        .await
    }

    pub async fn delete_webhook(&self) -> Result<bool, ApiError> {
        self.call("deleteWebhook", &json!({})).await
    }

    pub async fn answer_callback(&self, id: &str, text: &str) -> Result<(), ApiError> {
        self.call::<Value>(
            "answerCallbackQuery",
            &json!({ "callback_query_id": id, "text": text }),
        )
        .await
        .map(|_| ())
    }
}
