//! `POST /channels/telegram/{key}`: Telegram delivers an update. The call must carry
//! the channel's secret token (`X-Telegram-Bot-Api-Secret-Token`, set with
//! `setWebhook`); anything else is refused. The update is stored before the answer,
//! and a failure answers 500 so Telegram delivers it again.

use super::api::BotApi;
use super::updates::{self, Update};
use crate::channels::Channels;
use app::channels::model::ChannelKind;
use app::domain::channels::messenger::{self, ChannelError};
use axum::body::Bytes;
use axum::extract::Path;
use axum::Extension;
use http::{HeaderMap, StatusCode};

pub const SECRET_HEADER: &str = "x-telegram-bot-api-secret-token";

/// Equal without telling, by the time taken, how much of a guess was right.
pub fn same_secret(given: &[u8], expected: &[u8]) -> bool {
    given.len() == expected.len() && given.iter().zip(expected).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
}

pub async fn receive(
    Extension(ctx): Extension<Channels>,
    Path(key): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> StatusCode {
    let pool = &ctx.state.pool;
    let channel = match messenger::by_key(pool, &ctx.state.secrets, ChannelKind::Telegram, &key).await {
        Ok(c) => c,
        Err(ChannelError::NotFound) => return StatusCode::NOT_FOUND,
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR,
    };
    let expected = channel.secret("webhook_secret").unwrap_or_default();
    let given = headers
        .get(SECRET_HEADER)
        .map(|v| v.as_bytes())
        .unwrap_or_default();
    if expected.is_empty() || !same_secret(given, expected.as_bytes()) {
        tracing::warn!(
            channel = channel.id,
            "a Telegram webhook call without the right secret token was refused"
        );
        return StatusCode::UNAUTHORIZED;
    }
    let Ok(update) = serde_json::from_slice::<Update>(&body) else {
        return StatusCode::BAD_REQUEST;
    };
    let client = match ctx.outbound.client(pool).await {
        Ok(c) => c,
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR,
    };
    let api = BotApi::new(
        client,
        &channel.telegram().api_base,
        channel.secret("bot_token").unwrap_or_default(),
    );
    match updates::handle(&ctx, &channel, &api, update).await {
        Ok(()) => StatusCode::OK,
        Err(e) => {
            tracing::error!(channel = channel.id, error = %e, "a Telegram update was not stored");
            StatusCode::INTERNAL_SERVER_ERROR
        }
    }
}

#[cfg(test)]
mod tests {
    use super::same_secret;

    #[test]
    fn secrets_compare_whole() {
        assert!(same_secret(b"abc", b"abc"));
        assert!(!same_secret(b"abd", b"abc"));
        assert!(!same_secret(b"ab", b"abc"));
        assert!(!same_secret(b"", b"abc"));
    }
}
