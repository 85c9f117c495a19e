//! Delivering an outbox job through the Graph API.
//!
//! Messenger and Instagram: texts (split at 2000 and 1000 characters), files uploaded
//! to Messenger; Instagram takes files only by address, so they go as a shared link
//! under the channel's public address that expires in a day (without one, such a
//! message fails with that reason); and the rating form as quick replies. A customer who last wrote more than a day ago is answered with Meta's
//! `HUMAN_AGENT` tag (allowed up to seven days).
//!
//! WhatsApp: texts (4096), images and documents (uploaded, then sent by media id),
//! and the rating form as a numbered question. Outside the 24-hour window only an
//! approved template may go: the channel's template, its one body parameter carrying
//! the text; without one the message fails with the reason. WhatsApp's own verdict
//! (error 131047) is heeded the same way.

use super::graph::{file_part, GraphApi, GraphError, WHATSAPP_WINDOW_CLOSED};
use crate::channels::delivery::outcome;
use crate::channels::outbound::ApiError;
use crate::channels::receive::rating_data;
use crate::channels::telegram::send::split;
use crate::channels::Channels;
use app::channels::model::{ChannelKind, MetaSettings};
use app::channels::texts::{text_for, Text};
use app::domain::channels::contacts::Recipient;
use app::domain::channels::messenger::MessengerChannel;
use app::domain::channels::outbox::{Job, Outcome};
use app::domain::files::shared_link;
use chrono::Utc;
use serde_json::{json, Value};

const MESSENGER_TEXT: usize = 2000;
const INSTAGRAM_TEXT: usize = 1000;
const WHATSAPP_TEXT: usize = 4096;
const WHATSAPP_CAPTION: usize = 1024;

pub async fn deliver(
    ctx: &Channels,
    channel: &MessengerChannel,
    client: reqwest::Client,
    recipient: &Recipient,
    job: &Job,
) -> Outcome {
    let Some(token) = channel.secret("access_token") else {
        return Outcome::Failed("the channel has no access token".into());
    };
    let settings = channel.meta();
    let api = GraphApi::new(client, &settings.graph_base, &settings.api_version, token);
    let within_day = Utc::now() - recipient.last_seen_at < chrono::Duration::hours(24);
    let to = Peer {
        api: &api,
        settings: &settings,
        id: &recipient.external_id,
        within_day,
    };
    outcome(match channel.kind {
        ChannelKind::Whatsapp => whatsapp(ctx, &to, job, channel.rating_scale).await,
        kind => page(ctx, &to, kind, job, channel.rating_scale).await,
    })
}

/// Sends a short answer at once, outside the outbox (thanks for a rating); a failure
/// is only logged, the customer's own message being already stored.
pub async fn reply_now(api: &GraphApi, channel: &MessengerChannel, to: &str, text: &str) {
    let settings = channel.meta();
    let result = match channel.kind {
        ChannelKind::Whatsapp => api.post(&format!("{}/messages", settings.account_id), &wa_text(to, text)).await,
        _ => {
            api.post(
                &format!("{}/messages", settings.account_id),
                &json!({ "recipient": { "id": to }, "messaging_type": "RESPONSE", "message": { "text": text } }),
            )
            .await
        }
    };
    if let Err(e) = result {
        tracing::warn!(channel = channel.id, code = e.code, "answering a rating failed");
    }
}

struct Peer<'a> {
    api: &'a GraphApi,
    settings: &'a MetaSettings,
    id: &'a str,
    within_day: bool,
}

impl Peer<'_> {
    fn messages(&self) -> String {
        format!("{}/messages", self.settings.account_id)
    }
}

async fn file_bytes(ctx: &Channels, key: &str) -> Result<Vec<u8>, ApiError> {
    let path = ctx
        .files
        .path_of(key)
        .ok_or_else(|| ApiError::final_("the file is missing from storage"))?;
    tokio::fs::read(path)
        .await
        .map_err(|e| ApiError::final_(format!("reading the file: {e}")))
}

fn is_image(content_type: &str) -> bool {
    content_type.starts_with("image/") && content_type != "image/svg+xml"
}

// ---- Messenger and Instagram ----

fn page_envelope(to: &Peer<'_>) -> Value {
    if to.within_day {
        json!({ "recipient": { "id": to.id }, "messaging_type": "RESPONSE" })
    } else {
        json!({ "recipient": { "id": to.id }, "messaging_type": "MESSAGE_TAG", "tag": "HUMAN_AGENT" })
    }
}

fn message_id(sent: &Value) -> Option<String> {
    sent.get("message_id").and_then(Value::as_str).map(str::to_owned)
}

async fn page(
    ctx: &Channels,
    to: &Peer<'_>,
    kind: ChannelKind,
    job: &Job,
    scale: i16,
) -> Result<Option<String>, ApiError> {
    if job.kind == "rating_request" {
        let replies: Vec<_> = (1..=scale)
            .map(|score| {
                json!({ "content_type": "text", "title": score.to_string(), "payload": rating_data(job.conversation_id, score) })
            })
            .collect();
        let mut body = page_envelope(to);
        body["message"] = json!({
            "text": text_for(&job.language, Text::RatePrompt { scale }),
            "quick_replies": replies,
        });
        return Ok(message_id(&to.api.post(&to.messages(), &body).await?));
    }
    let mut first = None;
    if let (Some(key), Some(name), Some(content_type)) = (&job.file_key, &job.file_name, &job.file_type) {
        first = if kind == ChannelKind::Instagram {
            instagram_file(ctx, to, key, content_type).await?
        } else {
            messenger_file(ctx, to, key, name, content_type).await?
        };
    }
    let max = if kind == ChannelKind::Instagram {
        INSTAGRAM_TEXT
    } else {
        MESSENGER_TEXT
    };
    for piece in split(job.body.as_deref().unwrap_or_default(), max) {
        let mut body = page_envelope(to);
        body["message"] = json!({ "text": piece });
        let sent = to.api.post(&to.messages(), &body).await?;
        if first.is_none() {
            first = message_id(&sent);
        }
    }
    Ok(first)
}

/// Instagram fetches the file from this server: a link that expires in a day.
async fn instagram_file(
    ctx: &Channels,
    to: &Peer<'_>,
    key: &str,
    content_type: &str,
) -> Result<Option<String>, ApiError> {
    if to.settings.public_url.is_empty() {
        return Err(ApiError::final_(
            "Instagram takes files only by address, and the channel has no public address; send the file through another channel",
        ));
    }
    let link = shared_link::seal(&ctx.state.secrets, key, Utc::now() + chrono::Duration::hours(24));
    let mut body = page_envelope(to);
    body["message"] = json!({ "attachment": { "type": attachment_type(content_type), "payload": {
        "url": format!("{}/files/shared/{link}", to.settings.public_url)
    } } });
    Ok(message_id(&to.api.post(&to.messages(), &body).await?))
}

/// Meta's attachment type for a stored file: pictures are images, the rest documents.
fn attachment_type(content_type: &str) -> &'static str {
    if is_image(content_type) {
        "image"
    } else {
        "file"
    }
}

/// Messenger takes the file itself (multipart upload).
async fn messenger_file(
    ctx: &Channels,
    to: &Peer<'_>,
    key: &str,
    name: &str,
    content_type: &str,
) -> Result<Option<String>, ApiError> {
    let bytes = file_bytes(ctx, key).await?;
    let envelope = page_envelope(to);
    let kind = attachment_type(content_type);
    let mut form = reqwest::multipart::Form::new()
        .text("recipient", envelope["recipient"].to_string())
        .text(
            "messaging_type",
            envelope["messaging_type"]
                .as_str()
                .unwrap_or("RESPONSE")
                .to_owned(),
        )
        .text(
            "message",
            json!({ "attachment": { "type": kind, "payload": { "is_reusable": false } } }).to_string(),
        )
        .part("filedata", file_part(bytes, name, content_type)?);
    if let Some(tag) = envelope.get("tag").and_then(Value::as_str) {
        form = form.text("tag", tag.to_owned());
    }
    Ok(message_id(&to.api.post_form(&to.messages(), form).await?))
}

// ---- WhatsApp ----

fn wa_text(to: &str, text: &str) -> Value {
    json!({
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": to,
        "type": "text",
        "text": { "body": text, "preview_url": false },
    })
}

fn wa_id(sent: &Value) -> Option<String> {
    sent.pointer("/messages/0/id")
        .and_then(Value::as_str)
        .map(str::to_owned)
}

/// The channel's template with `text` as its body parameter, or why none can go.
async fn wa_template(to: &Peer<'_>, text: &str) -> Result<Option<String>, ApiError> {
    if to.settings.template_name.is_empty() {
        return Err(ApiError::final_(
            "the customer last wrote more than 24 hours ago: WhatsApp accepts only a template message, and the channel has no template set",
        ));
    }
    let parameter: String = text.chars().take(WHATSAPP_CAPTION).collect();
    let body = json!({
        "messaging_product": "whatsapp",
        "to": to.id,
        "type": "template",
        "template": {
            "name": to.settings.template_name,
            "language": { "code": to.settings.template_language },
            "components": [{ "type": "body", "parameters": [{ "type": "text", "text": parameter }] }],
        },
    });
    Ok(wa_id(&to.api.post(&to.messages(), &body).await?))
}

fn window_closed(e: &GraphError) -> bool {
    e.code == WHATSAPP_WINDOW_CLOSED
}

async fn whatsapp(ctx: &Channels, to: &Peer<'_>, job: &Job, scale: i16) -> Result<Option<String>, ApiError> {
    let text = if job.kind == "rating_request" {
        text_for(&job.language, Text::RatePromptNumbered { scale })
    } else {
        job.body.clone().unwrap_or_default()
    };
    let with_file = job.kind != "rating_request" && job.file_key.is_some();
    if !to.within_day {
        let text = match (&job.file_name, with_file) {
            (Some(name), true) => format!("📎 {name}\n{text}"),
            _ => text,
        };
        return wa_template(to, text.trim()).await;
    }
    let sent = if with_file {
        whatsapp_file(ctx, to, job, &text).await
    } else {
        whatsapp_text(to, &text).await
    };
    match sent {
        Err(e) if window_closed(&e) => wa_template(to, &text).await,
        other => other.map_err(ApiError::from),
    }
}

async fn whatsapp_text(to: &Peer<'_>, text: &str) -> Result<Option<String>, GraphError> {
    let mut first = None;
    for piece in split(text, WHATSAPP_TEXT) {
        let sent = to.api.post(&to.messages(), &wa_text(to.id, &piece)).await?;
        if first.is_none() {
            first = wa_id(&sent);
        }
    }
    Ok(first)
}

async fn whatsapp_file(
    ctx: &Channels,
    to: &Peer<'_>,
    job: &Job,
    text: &str,
) -> Result<Option<String>, GraphError> {
    let as_graph = |e: ApiError| GraphError {
        code: 0,
        subcode: None,
        message: e.description,
        retry: e.retry,
    };
    let (Some(key), Some(name), Some(content_type)) = (&job.file_key, &job.file_name, &job.file_type) else {
        return whatsapp_text(to, text).await;
    };
    let bytes = file_bytes(ctx, key).await.map_err(as_graph)?;
    let form = reqwest::multipart::Form::new()
        .text("messaging_product", "whatsapp")
        .text("type", content_type.clone())
        .part("file", file_part(bytes, name, content_type).map_err(as_graph)?);
    let uploaded = to
        .api
        .post_form(&format!("{}/media", to.settings.account_id), form)
        .await?;
    let Some(media_id) = uploaded.get("id").and_then(Value::as_str) else {
        return Err(as_graph(ApiError::final_("the media upload returned no id")));
    };
    let fits = text.chars().count() <= WHATSAPP_CAPTION;
    let caption = if fits { text } else { "" };
    let (kind, mut media) = if is_image(content_type) {
        ("image", json!({ "id": media_id }))
    } else {
        ("document", json!({ "id": media_id, "filename": name }))
    };
    if !caption.is_empty() {
        media["caption"] = json!(caption);
    }
    let body = json!({ "messaging_product": "whatsapp", "to": to.id, "type": kind, kind: media });
    let first = wa_id(&to.api.post(&to.messages(), &body).await?);
    if !fits {
        whatsapp_text(to, text).await?;
    }
    Ok(first)
}
