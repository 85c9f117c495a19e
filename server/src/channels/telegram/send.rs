//! Delivering an outbox job to a Telegram chat: a text (split at Telegram's 4096
//! characters), a photo or a document (with its caption, or the text after it when
//! too long for one), or the rating form as a row of buttons.

use super::api::{ApiError, BotApi};
use crate::channels::delivery::outcome;
use crate::channels::receive::rating_data;
use crate::channels::Channels;
pub use app::channels::texts::{text_for, Text};
use app::domain::channels::outbox::{Job, Outcome};
use serde_json::json;

/// Telegram's longest text message and caption, in characters.
const MAX_TEXT: usize = 4096;
const MAX_CAPTION: usize = 1024;

/// Pieces of at most `max` characters.
pub fn split(text: &str, max: usize) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    chars.chunks(max).map(|c| c.iter().collect()).collect()
}

pub async fn deliver(
    ctx: &Channels,
    api: &BotApi,
    chat_id: &str,
    job: &Job,
    language: &str,
    scale: i16,
) -> Outcome {
    outcome(match job.kind.as_str() {
        "rating_request" => rating_request(api, chat_id, job.conversation_id, language, scale).await,
        _ => message(ctx, api, chat_id, job).await,
    })
}

async fn message(ctx: &Channels, api: &BotApi, chat_id: &str, job: &Job) -> Result<Option<String>, ApiError> {
    let body = job.body.clone().unwrap_or_default();
    let mut first_id = None;
    let mut rest = body.as_str();
    if let (Some(key), Some(name), Some(content_type)) = (&job.file_key, &job.file_name, &job.file_type) {
        let path = ctx.files.path_of(key).ok_or_else(|| ApiError {
            description: "the file is missing from storage".into(),
            retry: false,
        })?;
        let bytes = tokio::fs::read(path).await.map_err(|e| ApiError {
            description: format!("reading the file: {e}"),
            retry: false,
        })?;
        let (method, field) = if content_type.starts_with("image/") && content_type != "image/svg+xml" {
            ("sendPhoto", "photo")
        } else {
            ("sendDocument", "document")
        };
        let caption = if body.chars().count() <= MAX_CAPTION {
            body.as_str()
        } else {
            ""
        };
        let sent = api
            .send_file(
                method,
                field,
                chat_id,
                caption,
                (bytes, name.clone(), content_type.clone()),
            )
            .await?;
        first_id = Some(sent.message_id.to_string());
        rest = if caption.is_empty() { body.as_str() } else { "" };
    }
    for piece in split(rest, MAX_TEXT) {
        let sent = api.send_message(chat_id, &piece, None).await?;
        first_id.get_or_insert(sent.message_id.to_string());
    }
    Ok(first_id)
}

async fn rating_request(
    api: &BotApi,
    chat_id: &str,
    conversation_id: i64,
    language: &str,
    scale: i16,
) -> Result<Option<String>, ApiError> {
    let buttons: Vec<_> = (1..=scale)
        .map(|score| json!({ "text": score.to_string(), "callback_data": rating_data(conversation_id, score) }))
        .collect();
    // Ten buttons in two rows of five; five in one.
    let rows: Vec<Vec<_>> = buttons.chunks(5).map(<[_]>::to_vec).collect();
    let sent = api
        .send_message(
            chat_id,
            &text_for(language, Text::RatePrompt { scale }),
            Some(json!({ "inline_keyboard": rows })),
        )
        .await?;
    Ok(Some(sent.message_id.to_string()))
}

#[cfg(test)]
mod tests {
    use super::split;

    #[test]
    fn long_texts_are_split_at_character_boundaries() {
        let text = "ж".repeat(9000);
        let pieces = split(&text, 4096);
        assert_eq!(pieces.len(), 3);
        assert_eq!(pieces[0].chars().count(), 4096);
        assert_eq!(pieces.concat(), text);
        assert!(split("", 4096).is_empty());
    }
}
