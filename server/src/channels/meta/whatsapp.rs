//! WhatsApp Cloud API events (`object: whatsapp_business_account`): a `messages`
//! change carries the customers' messages (text, image, document, a pressed button;
//! anything else noted by kind) with their profile names, and the delivery statuses of
//! ours: a message WhatsApp accepted and later could not deliver is marked failed with
//! WhatsApp's reason.

use super::graph::GraphApi;
use crate::channels::receive::{self, FileRefusal};
use crate::channels::Channels;
use app::domain::channels::inbound::Origin;
use app::domain::channels::messenger::MessengerChannel;
use app::domain::channels::outbox;
use app::domain::customers::identifiers::Source;
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
    pub changes: Vec<Change>,
}

#[derive(Debug, Deserialize)]
pub struct Change {
    #[serde(default)]
    pub field: String,
    #[serde(default)]
    pub value: Option<Fields>,
}

#[derive(Debug, Default, Deserialize)]
pub struct Fields {
    #[serde(default)]
    pub contacts: Vec<Contact>,
    #[serde(default)]
    pub messages: Vec<WaMessage>,
    #[serde(default)]
    pub statuses: Vec<Status>,
}

#[derive(Debug, Deserialize)]
pub struct Contact {
    pub wa_id: String,
    #[serde(default)]
    pub profile: Option<Profile>,
}

#[derive(Debug, Deserialize)]
pub struct Profile {
    #[serde(default)]
    pub name: String,
}

#[derive(Debug, Deserialize)]
pub struct WaMessage {
    pub from: String,
    pub id: String,
    #[serde(rename = "type", default)]
    pub kind: String,
    #[serde(default)]
    pub text: Option<Text>,
    #[serde(default)]
    pub image: Option<Media>,
    #[serde(default)]
    pub document: Option<Media>,
    #[serde(default)]
    pub interactive: Option<Interactive>,
    #[serde(default)]
    pub button: Option<Button>,
}

#[derive(Debug, Deserialize)]
pub struct Text {
    pub body: String,
}

#[derive(Debug, Deserialize)]
pub struct Media {
    pub id: String,
    #[serde(default)]
    pub caption: Option<String>,
    #[serde(default)]
    pub filename: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Interactive {
    #[serde(default)]
    pub button_reply: Option<Reply>,
    #[serde(default)]
    pub list_reply: Option<Reply>,
}

#[derive(Debug, Deserialize)]
pub struct Reply {
    #[serde(default)]
    pub title: String,
}

#[derive(Debug, Deserialize)]
pub struct Button {
    #[serde(default)]
    pub text: String,
}

#[derive(Debug, Deserialize)]
pub struct Status {
    pub id: String,
    pub status: String,
    #[serde(default)]
    pub errors: Vec<StatusError>,
}

#[derive(Debug, Deserialize)]
pub struct StatusError {
    #[serde(default)]
    pub code: i64,
    #[serde(default)]
    pub title: String,
}

/// The customer's language from their number (WhatsApp gives none): Uzbekistan's +998
/// is Uzbek, Kazakhstan's +7 6xx / 7xx Kazakh (the operators there speak Russian too);
/// other numbers tell nothing (the channel's customer language applies).
pub fn language_of_number(wa_id: &str) -> Option<&'static str> {
    if wa_id.starts_with("998") {
        Some("uz-Latn")
    } else if wa_id.starts_with("76") || wa_id.starts_with("77") {
        Some("kk")
    } else {
        None
    }
}

pub async fn handle(
    ctx: &Channels,
    channel: &MessengerChannel,
    api: &GraphApi,
    payload: Value,
) -> Result<(), String> {
    let payload: Payload =
        serde_json::from_value(payload).map_err(|e| format!("not a WhatsApp event: {e}"))?;
    for change in payload.entry.into_iter().flat_map(|e| e.changes) {
        if change.field != "messages" {
            continue;
        }
        let fields = change.value.unwrap_or_default();
        for status in &fields.statuses {
            delivery_status(ctx, channel, status).await?;
        }
        for message in fields.messages {
            let name = fields
                .contacts
                .iter()
                .find(|c| c.wa_id == message.from)
                .and_then(|c| c.profile.as_ref())
                .map(|p| p.name.clone())
                .unwrap_or_default();
            one(ctx, channel, api, message, &name).await?;
        }
    }
    Ok(())
}

async fn delivery_status(ctx: &Channels, channel: &MessengerChannel, status: &Status) -> Result<(), String> {
    if status.status != "failed" {
        return Ok(());
    }
    let reason = status
        .errors
        .first()
        .map(|e| format!("{}: {}", e.code, e.title))
        .unwrap_or_else(|| "not delivered".into());
    let pool = &ctx.state.pool;
    let failed = outbox::failed_later(pool, channel.id, &status.id, &reason)
        .await
        .map_err(|e| e.to_string())?;
    if let Some(message) = failed {
        crate::channels::delivery::publish_update(ctx, message).await;
    }
    Ok(())
}

async fn one(
    ctx: &Channels,
    channel: &MessengerChannel,
    api: &GraphApi,
    m: WaMessage,
    name: &str,
) -> Result<(), String> {
    let settings = channel.meta();
    let starts_in = language_of_number(&m.from).unwrap_or(settings.customer_language());
    let (customer_id, language) = receive::sender(ctx, channel.id, &m.from, name, starts_in).await?;
    // WhatsApp vouches for the number: the same phone verified elsewhere is the same customer.
    let customer_id =
        crate::channels::receive::verified_phone(ctx, customer_id, &m.from, Source::Whatsapp).await?;
    let from = Origin {
        channel_id: channel.id,
        customer_id,
        language: &language,
    };
    let provider_id = format!("wa:{}", m.id);
    let media = match m.kind.as_str() {
        "image" => m
            .image
            .as_ref()
            .map(|i| (i, format!("photo-{}.jpg", short(&m.id)))),
        "document" => m.document.as_ref().map(|d| {
            let name = d
                .filename
                .clone()
                .unwrap_or_else(|| format!("document-{}", short(&m.id)));
            (d, name)
        }),
        _ => None,
    };
    if let Some((media, name)) = media {
        let caption = media.caption.clone().unwrap_or_default();
        let fetched = fetch(ctx, api, &media.id, &name).await;
        return receive::file(ctx, &from, &provider_id, &name, &caption, fetched).await;
    }
    let body = match (&m.text, &m.interactive, &m.button) {
        (Some(text), _, _) => text.body.clone(),
        (_, Some(i), _) => i
            .button_reply
            .as_ref()
            .or(i.list_reply.as_ref())
            .map(|r| r.title.clone())
            .unwrap_or_default(),
        (_, _, Some(b)) => b.text.clone(),
        _ => format!("[{}]", m.kind),
    };
    if let Some(reply) = receive::text_or_rating(ctx, &from, &provider_id, &body).await? {
        super::send::reply_now(api, channel, &m.from, &reply).await;
    }
    Ok(())
}

fn short(id: &str) -> String {
    let skip = id.chars().count().saturating_sub(8);
    id.chars()
        .skip(skip)
        .filter(char::is_ascii_alphanumeric)
        .collect()
}

/// A media file: its address from the Graph API, then the file, with the token.
async fn fetch(
    ctx: &Channels,
    api: &GraphApi,
    media_id: &str,
    name: &str,
) -> Result<StoredFile, FileRefusal> {
    let limits = receive::limits(ctx).await?;
    let info = api
        .get(media_id, "")
        .await
        .map_err(|e| FileRefusal::from(crate::channels::outbound::ApiError::from(e)))?;
    if info
        .get("file_size")
        .and_then(Value::as_u64)
        .is_some_and(|size| size > limits.max_bytes())
    {
        return Err(FileRefusal::too_large(&limits));
    }
    let Some(url) = info.get("url").and_then(Value::as_str) else {
        return Err(FileRefusal::Unavailable);
    };
    let downloaded = api.download(url, limits.max_bytes()).await;
    receive::keep_download(ctx, &limits, name, downloaded).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notifications_parse_as_whatsapp_sends_them() {
        let payload: Payload = serde_json::from_value(serde_json::json!({
            "object": "whatsapp_business_account",
            "entry": [{"id": "WABA", "changes": [{"field": "messages", "value": {
                "messaging_product": "whatsapp",
                "metadata": {"display_phone_number": "998712000000", "phone_number_id": "106540352242922"},
                "contacts": [{"profile": {"name": "Aziza"}, "wa_id": "998901234567"}],
                "messages": [
                    {"from": "998901234567", "id": "wamid.A", "timestamp": "1", "type": "text", "text": {"body": "Salom"}},
                    {"from": "998901234567", "id": "wamid.B", "timestamp": "2", "type": "image",
                     "image": {"id": "MEDIA1", "mime_type": "image/jpeg", "caption": "chek"}}
                ],
                "statuses": [{"id": "wamid.OUT", "status": "failed", "timestamp": "3", "recipient_id": "998901234567",
                              "errors": [{"code": 131026, "title": "Message undeliverable"}]}]
            }}]}]
        }))
        .unwrap();
        let fields = payload.entry[0].changes[0].value.as_ref().unwrap();
        assert_eq!(fields.contacts[0].profile.as_ref().unwrap().name, "Aziza");
        assert_eq!(fields.messages[0].text.as_ref().unwrap().body, "Salom");
        assert_eq!(fields.messages[1].image.as_ref().unwrap().id, "MEDIA1");
        assert_eq!(fields.statuses[0].errors[0].code, 131026);
        assert_eq!(language_of_number("998901234567"), Some("uz-Latn"));
        assert_eq!(language_of_number("77011234567"), Some("kk"));
        assert_eq!(language_of_number("79161234567"), None);
    }
}
