//! Messenger and Instagram events (`object: page | instagram`): each `messaging` item
//! from a person is their message (text, attachments) or their press on a quick reply
//! (the rating form). The Page's own echoes are skipped. A new person's name is asked
//! of the Graph API once, when they first write.

use super::graph::GraphApi;
use crate::channels::receive::parse_rating;
use crate::channels::receive::{self, FileRefusal};
use crate::channels::Channels;
use app::channels::model::ChannelKind;
use app::domain::channels::contacts;
use app::domain::channels::inbound::Origin;
use app::domain::channels::messenger::MessengerChannel;
use app::domain::files::attachments::StoredFile;
use serde::Deserialize;
use serde_json::Value;

#[derive(Debug, Deserialize)]
pub struct Payload {
    #[serde(default)]
    pub entry: Vec<Entry>,
}

#[derive(Debug, Deserialize)]
pub struct Entry {
    #[serde(default)]
    pub messaging: Vec<Messaging>,
}

#[derive(Debug, Deserialize)]
pub struct Messaging {
    pub sender: Party,
    #[serde(default)]
    pub message: Option<Msg>,
    #[serde(default)]
    pub postback: Option<Postback>,
}

#[derive(Debug, Deserialize)]
pub struct Party {
    pub id: String,
}

#[derive(Debug, Deserialize)]
pub struct Msg {
    pub mid: String,
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub is_echo: bool,
    #[serde(default)]
    pub quick_reply: Option<QuickReply>,
    #[serde(default)]
    pub attachments: Vec<Attachment>,
}

#[derive(Debug, Deserialize)]
pub struct QuickReply {
    pub payload: String,
}

#[derive(Debug, Deserialize)]
pub struct Attachment {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub payload: Option<AttachmentPayload>,
}

#[derive(Debug, Deserialize)]
pub struct AttachmentPayload {
    #[serde(default)]
    pub url: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Postback {
    #[serde(default)]
    pub payload: String,
}

pub async fn handle(
    ctx: &Channels,
    channel: &MessengerChannel,
    api: &GraphApi,
    payload: Value,
) -> Result<(), String> {
    let payload: Payload =
        serde_json::from_value(payload).map_err(|e| format!("not a Messenger event: {e}"))?;
    for item in payload.entry.into_iter().flat_map(|e| e.messaging) {
        one(ctx, channel, api, item).await?;
    }
    Ok(())
}

/// The person's name as the Graph API gives it (empty if it does not).
async fn profile_name(api: &GraphApi, kind: ChannelKind, id: &str) -> String {
    let fields = if kind == ChannelKind::Instagram {
        "name,username"
    } else {
        "first_name,last_name"
    };
    let Ok(profile) = api.get(id, fields).await else {
        return String::new();
    };
    let field = |name: &str| {
        profile
            .get(name)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    let full = if kind == ChannelKind::Instagram {
        let name = field("name");
        if name.is_empty() {
            field("username")
        } else {
            name
        }
    } else {
        format!("{} {}", field("first_name"), field("last_name"))
    };
    full.trim().to_owned()
}

async fn one(
    ctx: &Channels,
    channel: &MessengerChannel,
    api: &GraphApi,
    item: Messaging,
) -> Result<(), String> {
    if item.message.as_ref().is_some_and(|m| m.is_echo) {
        return Ok(());
    }
    let pool = &ctx.state.pool;
    let person = item.sender.id;
    let known = contacts::known(pool, channel.id, &person)
        .await
        .map_err(|e| e.to_string())?;
    let name = if known {
        String::new()
    } else {
        profile_name(api, channel.kind, &person).await
    };
    let settings = channel.meta();
    let (customer_id, language) =
        receive::sender(ctx, channel.id, &person, &name, settings.customer_language()).await?;
    let from = Origin {
        channel_id: channel.id,
        customer_id,
        language: &language,
    };
    let pressed = item
        .message
        .as_ref()
        .and_then(|m| m.quick_reply.as_ref().map(|q| q.payload.clone()))
        .or(item.postback.map(|p| p.payload));
    if let Some((conversation_id, score)) = pressed.as_deref().and_then(parse_rating) {
        let reply = receive::rate(ctx, conversation_id, customer_id, score, &language).await?;
        super::send::reply_now(api, channel, &person, &reply).await;
        return Ok(());
    }
    let Some(message) = item.message else {
        return Ok(());
    };
    for (i, attachment) in message.attachments.iter().enumerate() {
        let provider_id = format!("meta:{}:{i}", message.mid);
        let fallback = format!("{}-{}", attachment.kind, i + 1);
        let url = attachment.payload.as_ref().and_then(|p| p.url.clone());
        match (attachment.kind.as_str(), url) {
            ("image" | "file" | "video" | "audio", Some(url)) => {
                let name = super::name_from_url(&url, fallback);
                let fetched = fetch(ctx, api, &url, &name).await;
                receive::file(ctx, &from, &provider_id, &name, "", fetched).await?;
            }
            // Stickers without an address, shares, locations: noted by kind.
            (kind, _) => receive::text(ctx, &from, &provider_id, &format!("[{kind}]"), "").await?,
        }
    }
    if let Some(text) = message.text.as_deref().filter(|t| !t.trim().is_empty()) {
        let provider_id = format!("meta:{}", message.mid);
        if let Some(reply) = receive::text_or_rating(ctx, &from, &provider_id, text).await? {
            super::send::reply_now(api, channel, &person, &reply).await;
        }
    }
    Ok(())
}

async fn fetch(ctx: &Channels, api: &GraphApi, url: &str, name: &str) -> Result<StoredFile, FileRefusal> {
    let limits = receive::limits(ctx).await?;
    let downloaded = api.download(url, limits.max_bytes()).await;
    receive::keep_download(ctx, &limits, name, downloaded).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_parse_as_meta_sends_them() {
        let payload: Payload = serde_json::from_value(serde_json::json!({
            "object": "page",
            "entry": [{"id": "111", "time": 1, "messaging": [
                {"sender": {"id": "PSID1"}, "recipient": {"id": "111"}, "timestamp": 1,
                 "message": {"mid": "m_1", "text": "Salom",
                             "attachments": [{"type": "image", "payload": {"url": "https://cdn/x.jpg"}}]}},
                {"sender": {"id": "111"}, "recipient": {"id": "PSID1"}, "timestamp": 2,
                 "message": {"mid": "m_2", "text": "echo", "is_echo": true}},
                {"sender": {"id": "PSID1"}, "recipient": {"id": "111"}, "timestamp": 3,
                 "message": {"mid": "m_3", "text": "5", "quick_reply": {"payload": "rate:9:5"}}}
            ]}]
        }))
        .unwrap();
        let items = &payload.entry[0].messaging;
        assert_eq!(items.len(), 3);
        assert_eq!(items[0].message.as_ref().unwrap().attachments.len(), 1);
        assert!(items[1].message.as_ref().unwrap().is_echo);
        let pressed = items[2].message.as_ref().unwrap().quick_reply.as_ref().unwrap();
        assert_eq!(parse_rating(&pressed.payload), Some((9, 5)));
    }
}
