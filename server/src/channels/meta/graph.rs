//! The Graph API calls this product makes for Messenger, Instagram and WhatsApp, and
//! how their failures are classed. Meta answers an error as
//! `{"error": {"message", "type", "code", "error_subcode", "fbtrace_id"}}`; throttling
//! and temporary codes are retried, every other refusal is final.

use crate::channels::outbound::ApiError;
use serde::Deserialize;
use serde_json::Value;

/// WhatsApp: more than 24 hours since the customer last wrote; only a template may go.
pub const WHATSAPP_WINDOW_CLOSED: i64 = 131047;
/// Messenger: the message is outside the allowed window (code 10, this subcode).
pub const MESSENGER_WINDOW_CLOSED: i64 = 2018278;

/// Codes Meta uses for "later, not never": temporary errors and rate limits.
const RETRY_CODES: [i64; 12] = [1, 2, 4, 17, 32, 341, 613, 80007, 130429, 131016, 131048, 131056];

#[derive(Clone)]
pub struct GraphApi {
    client: reqwest::Client,
    /// `https://graph.facebook.com/v21.0` (base and version, no trailing slash).
    root: String,
    token: String,
}

/// A refusal as Meta words it: code, subcode and message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GraphError {
    pub code: i64,
    pub subcode: Option<i64>,
    pub message: String,
    pub retry: bool,
}

impl From<GraphError> for ApiError {
    fn from(e: GraphError) -> Self {
        ApiError {
            description: format!("{}: {}", e.code, e.message),
            retry: e.retry,
        }
    }
}

#[derive(Deserialize)]
struct ErrorBody {
    error: ErrorFields,
}

#[derive(Deserialize)]
struct ErrorFields {
    #[serde(default)]
    message: String,
    #[serde(default)]
    code: i64,
    #[serde(default)]
    error_subcode: Option<i64>,
}

/// Classes an error answer (`status`, body) the way Meta documents it.
pub fn classify(status: u16, body: &[u8]) -> GraphError {
    match serde_json::from_slice::<ErrorBody>(body) {
        Ok(ErrorBody { error }) => GraphError {
            retry: RETRY_CODES.contains(&error.code) || status >= 500 || status == 429,
            code: error.code,
            subcode: error.error_subcode,
            message: error.message.chars().take(300).collect(),
        },
        Err(_) => GraphError {
            code: i64::from(status),
            subcode: None,
            message: format!("HTTP {status}: not a Graph API answer"),
            retry: status >= 500 || status == 429,
        },
    }
}

fn network(err: reqwest::Error) -> GraphError {
    let e = ApiError::network(err);
    GraphError {
        code: 0,
        subcode: None,
        message: e.description,
        retry: true,
    }
}

impl GraphApi {
    pub fn new(client: reqwest::Client, base: &str, version: &str, token: &str) -> Self {
        Self {
            client,
            root: format!("{}/{}", base.trim_end_matches('/'), version),
            token: token.to_owned(),
        }
    }

    async fn read(response: reqwest::Response) -> Result<Value, GraphError> {
        let status = response.status();
        let body = response.bytes().await.map_err(network)?;
        if status.is_success() {
            return serde_json::from_slice(&body).map_err(|_| GraphError {
                code: i64::from(status.as_u16()),
                subcode: None,
                message: "an answer that is not JSON".into(),
                retry: false,
            });
        }
        Err(classify(status.as_u16(), &body))
    }

    /// `POST {root}/{path}` with a JSON body.
    pub async fn post(&self, path: &str, body: &Value) -> Result<Value, GraphError> {
        let response = self
            .client
            .post(format!("{}/{path}", self.root))
            .bearer_auth(&self.token)
            .json(body)
            .send()
            .await
            .map_err(network)?;
        Self::read(response).await
    }

    /// `POST {root}/{path}` as multipart (files).
    pub async fn post_form(&self, path: &str, form: reqwest::multipart::Form) -> Result<Value, GraphError> {
        let response = self
            .client
            .post(format!("{}/{path}", self.root))
            .bearer_auth(&self.token)
            .multipart(form)
            .send()
            .await
            .map_err(network)?;
        Self::read(response).await
    }

    /// `GET {root}/{path}?fields=…` (no `fields`: the object's defaults).
    pub async fn get(&self, path: &str, fields: &str) -> Result<Value, GraphError> {
        let mut request = self.client.get(format!("{}/{path}", self.root));
        if !fields.is_empty() {
            request = request.query(&[("fields", fields)]);
        }
        let response = request.bearer_auth(&self.token).send().await.map_err(network)?;
        Self::read(response).await
    }

    /// Downloads a file Meta points to (a WhatsApp media address needs the token; a
    /// Messenger attachment address carries its own signature), up to `max_bytes`.
    pub async fn download(&self, url: &str, max_bytes: u64) -> Result<Option<Vec<u8>>, ApiError> {
        let request = self.client.get(url).bearer_auth(&self.token);
        crate::channels::receive::download(request, max_bytes, ApiError::network).await
    }
}

/// A file part for an upload.
pub fn file_part(
    bytes: Vec<u8>,
    name: &str,
    content_type: &str,
) -> Result<reqwest::multipart::Part, ApiError> {
    reqwest::multipart::Part::bytes(bytes)
        .file_name(name.to_owned())
        .mime_str(content_type)
        .map_err(|e| ApiError::final_(format!("file type: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_errors_are_classed_by_code() {
        let window = classify(
            400,
            br#"{"error":{"message":"Re-engagement message","type":"OAuthException","code":131047,"fbtrace_id":"x"}}"#,
        );
        assert_eq!(window.code, WHATSAPP_WINDOW_CLOSED);
        assert!(!window.retry);
        let throttled = classify(400, br#"{"error":{"message":"Too many calls","code":613}}"#);
        assert!(throttled.retry);
        let outside = classify(
            400,
            br#"{"error":{"message":"outside of allowed window","code":10,"error_subcode":2018278}}"#,
        );
        assert_eq!(outside.subcode, Some(MESSENGER_WINDOW_CLOSED));
        assert!(!outside.retry);
        assert!(classify(502, b"<html>bad gateway</html>").retry);
        assert!(!classify(404, b"not found").retry);
    }
}
