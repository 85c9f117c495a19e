//! What every adapter does with a customer's message once it has parsed it: a text is
//! stored (cut, not lost, when too long); a file is downloaded under the
//! administrators' limits and stored, or, when refused, replaced by a note in the
//! conversation's language so the operator sees what came. An `Err` asks the provider
//! to deliver the update again (the database or the provider's download failed).

use super::outbound::ApiError;
use super::Channels;
use app::channels::texts::{text_for, Text};
use app::domain::channels::inbound::{self, Origin};
use app::domain::channels::{contacts, messenger};
use app::domain::customers::identifiers;
use app::domain::files::attachments::StoredFile;
use app::domain::files::{settings, FileError};

/// The customer behind a messenger contact (made on first contact, named `name`,
/// starting in `starts_in`) and their language; the channel is marked as having
/// received something.
pub async fn sender(
    ctx: &Channels,
    channel_id: i64,
    external_id: &str,
    name: &str,
    starts_in: &str,
) -> Result<(i64, String), String> {
    let pool = &ctx.state.pool;
    let found = contacts::customer_for(pool, channel_id, external_id, name, starts_in)
        .await
        .map_err(|e| e.to_string())?;
    messenger::received(pool, channel_id).await;
    Ok(found)
}

/// A phone the messenger vouches for, attached verified to the customer; if another
/// customer already holds it verified, this one is merged into that one (journalled).
/// Returns the customer to carry on with.
pub async fn verified_phone(
    ctx: &Channels,
    customer_id: i64,
    phone: &str,
    source: identifiers::Source,
) -> Result<i64, String> {
    let Some(phone) = identifiers::normalise(identifiers::IdKind::Phone, phone) else {
        return Ok(customer_id);
    };
    let pool = &ctx.state.pool;
    match identifiers::attach_verified(
        pool,
        customer_id,
        identifiers::IdKind::Phone,
        &phone,
        source,
        None,
    )
    .await
    {
        Ok(attached) => Ok(attached.customer(customer_id)),
        // Both in an open conversation: kept apart for now; an operator may merge later.
        Err(app::domain::customers::merge::MergeError::BothOpen) => Ok(customer_id),
        Err(e) => Err(format!("attaching an identifier failed: {e:?}")),
    }
}

/// Why a file did not become an attachment.
#[derive(Debug)]
pub enum FileRefusal {
    TooLarge {
        kb: u64,
    },
    TypeNotAllowed,
    /// The provider answered, but not with the file (final).
    Unavailable,
    /// The provider or the disk failed; worth delivering the update again.
    Retry(String),
}

impl From<ApiError> for FileRefusal {
    /// The provider failed to hand the file over: worth another delivery, or not.
    fn from(e: ApiError) -> Self {
        if e.retry {
            FileRefusal::Retry(e.description)
        } else {
            FileRefusal::Unavailable
        }
    }
}

impl FileRefusal {
    pub fn too_large(limits: &settings::FileSettings) -> Self {
        FileRefusal::TooLarge {
            kb: limits.max_kb as u64,
        }
    }

    fn note(&self, language: &str) -> String {
        match self {
            FileRefusal::TooLarge { kb } => text_for(language, Text::FileTooLarge { kb: *kb }),
            FileRefusal::TypeNotAllowed => text_for(language, Text::FileTypeRefused),
            FileRefusal::Unavailable | FileRefusal::Retry(_) => text_for(language, Text::FileUnavailable),
        }
    }
}

/// The administrators' file limits, as a refusal to retry when unreadable.
pub async fn limits(ctx: &Channels) -> Result<settings::FileSettings, FileRefusal> {
    settings::load(&ctx.state.pool)
        .await
        .map_err(|_| FileRefusal::Retry("file settings unreadable".into()))
}

/// Sends a provider's file download: refused by status (a 5xx is retried), else its
/// body up to `max_bytes` (`Ok(None)` if it is larger). `network` describes a transport
/// error (each provider hides its own secrets from it).
pub async fn download(
    request: reqwest::RequestBuilder,
    max_bytes: u64,
    network: impl Fn(reqwest::Error) -> ApiError,
) -> Result<Option<Vec<u8>>, ApiError> {
    let response = request.send().await.map_err(&network)?;
    if !response.status().is_success() {
        return Err(ApiError {
            description: format!("file download: HTTP {}", response.status()),
            retry: response.status().is_server_error(),
        });
    }
    app::domain::channels::network::body_within(response, max_bytes)
        .await
        .map_err(network)
}

/// A download's outcome kept as a file: the bytes under the limits and accepted types,
/// or why not (too large, the provider's failure).
pub async fn keep_download(
    ctx: &Channels,
    limits: &settings::FileSettings,
    name: &str,
    downloaded: Result<Option<Vec<u8>>, ApiError>,
) -> Result<StoredFile, FileRefusal> {
    match downloaded? {
        Some(bytes) => keep(ctx, limits, name, &bytes).await,
        None => Err(FileRefusal::too_large(limits)),
    }
}

/// Keeps downloaded bytes as a file, checked against the limits and accepted types.
pub async fn keep(
    ctx: &Channels,
    limits: &settings::FileSettings,
    name: &str,
    bytes: &[u8],
) -> Result<StoredFile, FileRefusal> {
    crate::files::store_bytes(&ctx.files, limits, name, bytes)
        .await
        .map_err(|e| match e {
            FileError::TooLarge { max_kb } => FileRefusal::TooLarge { kb: max_kb as u64 },
            FileError::TypeNotAllowed | FileError::Invalid => FileRefusal::TypeNotAllowed,
            _ => FileRefusal::Retry("storing the file failed".into()),
        })
}

/// Stores a text (with a caption after it, if any).
pub async fn text(
    ctx: &Channels,
    from: &Origin<'_>,
    provider_id: &str,
    body: &str,
    caption: &str,
) -> Result<(), String> {
    let mut text = if caption.is_empty() {
        body.to_owned()
    } else {
        format!("{body}\n{caption}")
    };
    if text.chars().count() > protocol::MAX_MESSAGE_CHARS {
        text = text.chars().take(protocol::MAX_MESSAGE_CHARS).collect();
    }
    if text.trim().is_empty() {
        return Ok(());
    }
    match inbound::text(&ctx.state.pool, &ctx.state.bus, from, provider_id, &text).await {
        Ok(_) => Ok(()),
        Err(app::domain::messages::StoreError::Database) => Err("storing the message failed".into()),
        Err(e) => {
            tracing::warn!(problem = ?e, channel = from.channel_id, "a messenger's message was refused");
            Ok(())
        }
    }
}

/// Stores a file's message, or the note that stands in for a refused file.
pub async fn file(
    ctx: &Channels,
    from: &Origin<'_>,
    provider_id: &str,
    name: &str,
    caption: &str,
    fetched: Result<StoredFile, FileRefusal>,
) -> Result<(), String> {
    let stored = match fetched {
        Ok(stored) => stored,
        Err(FileRefusal::Retry(reason)) => return Err(reason),
        Err(refusal) => {
            let note = format!("📎 {name} — {}", refusal.note(from.language));
            return text(ctx, from, provider_id, &note, caption).await;
        }
    };
    let pool = &ctx.state.pool;
    let result = inbound::file(pool, &ctx.state.bus, from, provider_id, caption, &stored).await;
    if !matches!(result, Ok(Some(_))) {
        // A repeat, or not stored: the copy on disk is nobody's.
        ctx.files.remove(&stored.storage_key).await;
    }
    match result {
        Err(FileError::Database | FileError::Storage) => Err("storing the file's message failed".into()),
        _ => Ok(()),
    }
}

/// The data of a rating button (Telegram's callback data, Meta's quick-reply payload):
/// `rate:<conversation>:<score>`.
pub fn rating_data(conversation_id: i64, score: i16) -> String {
    format!("rate:{conversation_id}:{score}")
}

pub fn parse_rating(data: &str) -> Option<(i64, i16)> {
    let mut parts = data.strip_prefix("rate:")?.split(':');
    let conversation = parts.next()?.parse().ok()?;
    let score = parts.next()?.parse().ok()?;
    parts.next().is_none().then_some((conversation, score))
}

/// The customer rates a conversation (a button, or a bare number on a channel without
/// buttons); returns what to tell them: thanks, or that it cannot be rated.
pub async fn rate(
    ctx: &Channels,
    conversation_id: i64,
    customer_id: i64,
    score: i16,
    language: &str,
) -> Result<String, String> {
    use app::domain::conversations::{self, ConversationError};
    let pool = &ctx.state.pool;
    match conversations::rate(pool, conversation_id, customer_id, score, None).await {
        Ok(()) => {
            let _ = conversations::announce(pool, &ctx.state.bus, conversation_id).await;
            Ok(text_for(language, Text::Thanks))
        }
        Err(ConversationError::Database) => Err("rating failed".into()),
        Err(_) => Ok(text_for(language, Text::CannotRate)),
    }
}

/// A customer's text on a channel whose rating form is a numbered question: a bare
/// number answering it rates the conversation (`Some(reply)` to send back); anything
/// else is stored as their message (`None`).
pub async fn text_or_rating(
    ctx: &Channels,
    from: &Origin<'_>,
    provider_id: &str,
    body: &str,
) -> Result<Option<String>, String> {
    use app::domain::channels::rating;
    let pool = &ctx.state.pool;
    if let Some((conversation_id, scale)) = rating::awaiting(pool, from.customer_id, from.channel_id)
        .await
        .map_err(|e| e.to_string())?
    {
        if let Some(score) = rating::number_in(body, scale) {
            return rate(ctx, conversation_id, from.customer_id, score, from.language)
                .await
                .map(Some);
        }
    }
    text(ctx, from, provider_id, body, "").await.map(|()| None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rating_buttons_carry_the_conversation_and_score() {
        assert_eq!(parse_rating(&rating_data(42, 5)), Some((42, 5)));
        assert_eq!(parse_rating("rate:42"), None);
        assert_eq!(parse_rating("rate:x:5"), None);
        assert_eq!(parse_rating("rate:1:2:3"), None);
        assert_eq!(parse_rating("other"), None);
    }
}
