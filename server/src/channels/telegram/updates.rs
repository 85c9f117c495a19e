//! One Telegram update, however it arrived (webhook or polling): a private chat's
//! message becomes the customer's message (text, photo, document; anything else is
//! noted by kind so nothing disappears silently); a press on a rating button rates
//! the conversation.

use super::api::BotApi;
use crate::channels::receive::{self, parse_rating, FileRefusal};
use crate::channels::Channels;
use app::domain::channels::contacts;
use app::domain::channels::inbound::Origin;
use app::domain::channels::messenger::MessengerChannel;
use app::domain::files::attachments::StoredFile;
use serde::Deserialize;
use serde_json::Value;

#[derive(Debug, Deserialize)]
pub struct Update {
    pub update_id: i64,
    #[serde(default)]
    pub message: Option<TgMessage>,
    #[serde(default)]
    pub callback_query: Option<CallbackQuery>,
}

#[derive(Debug, Deserialize)]
pub struct TgMessage {
    pub message_id: i64,
    #[serde(default)]
    pub from: Option<User>,
    pub chat: Chat,
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub caption: Option<String>,
    #[serde(default)]
    pub photo: Option<Vec<PhotoSize>>,
    #[serde(default)]
    pub document: Option<Document>,
    /// Whatever else the message holds (sticker, voice, location…).
    #[serde(flatten)]
    pub other: serde_json::Map<String, Value>,
}

#[derive(Debug, Deserialize)]
pub struct User {
    pub id: i64,
    #[serde(default)]
    pub first_name: String,
    #[serde(default)]
    pub last_name: Option<String>,
    #[serde(default)]
    pub username: Option<String>,
    #[serde(default)]
    pub language_code: Option<String>,
}

impl User {
    fn display_name(&self) -> String {
        let full = match &self.last_name {
            Some(last) if !last.is_empty() => format!("{} {last}", self.first_name),
            _ => self.first_name.clone(),
        };
        match (full.trim().is_empty(), &self.username) {
            (true, Some(user)) => format!("@{user}"),
            _ => full.trim().to_owned(),
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct Chat {
    pub id: i64,
    #[serde(rename = "type", default)]
    pub kind: String,
}

#[derive(Debug, Deserialize)]
pub struct PhotoSize {
    pub file_id: String,
    #[serde(default)]
    pub file_size: Option<i64>,
}

#[derive(Debug, Deserialize)]
pub struct Document {
    pub file_id: String,
    #[serde(default)]
    pub file_name: Option<String>,
    #[serde(default)]
    pub file_size: Option<i64>,
}

#[derive(Debug, Deserialize)]
pub struct CallbackQuery {
    pub id: String,
    pub from: User,
    #[serde(default)]
    pub data: Option<String>,
}

/// Message kinds this product does not show, noted by name.
const OTHER_KINDS: [&str; 9] = [
    "sticker",
    "voice",
    "audio",
    "video",
    "video_note",
    "animation",
    "location",
    "contact",
    "poll",
];

/// Handles one update. An `Err` means it should be delivered again (the database or
/// the provider's file download failed); everything else is handled or deliberately
/// ignored.
pub async fn handle(
    ctx: &Channels,
    channel: &MessengerChannel,
    api: &BotApi,
    update: Update,
) -> Result<(), String> {
    if let Some(message) = update.message {
        return message_from(ctx, channel, api, message).await;
    }
    if let Some(query) = update.callback_query {
        return callback(ctx, channel, api, query).await;
    }
    Ok(())
}

async fn message_from(
    ctx: &Channels,
    channel: &MessengerChannel,
    api: &BotApi,
    m: TgMessage,
) -> Result<(), String> {
    // A bank's bot answers people, one to one; group chats are not conversations.
    if m.chat.kind != "private" {
        return Ok(());
    }
    let Some(user) = &m.from else { return Ok(()) };
    let language = contacts::language_of(user.language_code.as_deref().unwrap_or_default());
    let (customer_id, language) = receive::sender(
        ctx,
        channel.id,
        &m.chat.id.to_string(),
        &user.display_name(),
        language,
    )
    .await?;
    // The user shared their own contact: Telegram vouches for the phone number.
    let own_phone = m
        .other
        .get("contact")
        .filter(|c| c.get("user_id").and_then(Value::as_i64) == Some(user.id))
        .and_then(|c| c.get("phone_number").and_then(Value::as_str))
        .map(str::to_owned);
    let customer_id = match &own_phone {
        Some(phone) => {
            receive::verified_phone(
                ctx,
                customer_id,
                phone,
                app::domain::customers::identifiers::Source::Telegram,
            )
            .await?
        }
        None => customer_id,
    };
    let from = Origin {
        channel_id: channel.id,
        customer_id,
        language: &language,
    };
    let provider_id = format!("tg:{}:{}", m.chat.id, m.message_id);
    if let Some(phone) = own_phone {
        return receive::text(ctx, &from, &provider_id, &format!("📞 {phone}"), "").await;
    }
    let caption = m.caption.clone().unwrap_or_default();
    let file = match (&m.photo, &m.document) {
        // The largest size Telegram offers comes last.
        (Some(sizes), _) if !sizes.is_empty() => {
            let best = &sizes[sizes.len() - 1];
            Some((best.file_id.clone(), format!("photo-{}.jpg", m.message_id)))
        }
        (_, Some(doc)) => Some((
            doc.file_id.clone(),
            doc.file_name
                .clone()
                .unwrap_or_else(|| format!("document-{}", m.message_id)),
        )),
        _ => None,
    };
    if let Some((file_id, name)) = file {
        let fetched = fetch_file(ctx, api, &file_id, &name).await;
        return receive::file(ctx, &from, &provider_id, &name, &caption, fetched).await;
    }
    let body = match &m.text {
        Some(text) => text.clone(),
        None => match OTHER_KINDS.iter().find(|k| m.other.contains_key(**k)) {
            Some(kind) => format!("[{kind}]"),
            None => return Ok(()),
        },
    };
    receive::text(ctx, &from, &provider_id, &body, "").await
}

/// Downloads a file from Telegram and keeps it under the administrators' limits.
async fn fetch_file(
    ctx: &Channels,
    api: &BotApi,
    file_id: &str,
    name: &str,
) -> Result<StoredFile, FileRefusal> {
    let limits = receive::limits(ctx).await?;
    let info = api.get_file(file_id).await?;
    if info.file_size.is_some_and(|s| s as u64 > limits.max_bytes()) {
        return Err(FileRefusal::too_large(&limits));
    }
    let Some(path) = info.file_path else {
        return Err(FileRefusal::Unavailable);
    };
    let downloaded = api.download(&path, limits.max_bytes()).await;
    receive::keep_download(ctx, &limits, name, downloaded).await
}

async fn callback(
    ctx: &Channels,
    channel: &MessengerChannel,
    api: &BotApi,
    q: CallbackQuery,
) -> Result<(), String> {
    let Some((conversation_id, score)) = q.data.as_deref().and_then(parse_rating) else {
        let _ = api.answer_callback(&q.id, "").await;
        return Ok(());
    };
    let pool = &ctx.state.pool;
    let language = contacts::language_of(q.from.language_code.as_deref().unwrap_or_default());
    let (customer_id, language) = contacts::customer_for(
        pool,
        channel.id,
        &q.from.id.to_string(),
        &q.from.display_name(),
        language,
    )
    .await
    .map_err(|e| e.to_string())?;
    let thanks = receive::rate(ctx, conversation_id, customer_id, score, &language).await?;
    if let Err(e) = api.answer_callback(&q.id, &thanks).await {
        tracing::warn!(channel = channel.id, error = %e.description, "answering a rating button failed");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn updates_parse_as_telegram_sends_them() {
        let update: Update = serde_json::from_value(serde_json::json!({
            "update_id": 10,
            "message": {
                "message_id": 7, "date": 1, "text": "Салом",
                "from": {"id": 5, "is_bot": false, "first_name": "Ali", "last_name": "Valiyev", "language_code": "uz"},
                "chat": {"id": 5, "type": "private", "first_name": "Ali"}
            }
        }))
        .unwrap();
        let m = update.message.unwrap();
        assert_eq!(m.text.as_deref(), Some("Салом"));
        assert_eq!(m.from.unwrap().display_name(), "Ali Valiyev");
        let sticker: TgMessage = serde_json::from_value(serde_json::json!({
            "message_id": 8, "chat": {"id": 5, "type": "private"}, "sticker": {"file_id": "x"}
        }))
        .unwrap();
        assert!(sticker.other.contains_key("sticker"));
    }
}
