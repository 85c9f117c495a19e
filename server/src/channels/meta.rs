//! Meta's channels: Facebook Messenger and Instagram (a Page's or account's
//! conversations, `events`) and the WhatsApp Cloud API (`whatsapp`), all through the
//! Graph API (`graph`) and one webhook (`webhook`); sending is `send`.

pub mod events;
pub mod graph;
pub mod send;
pub mod webhook;
pub mod whatsapp;

use super::Channels;
use app::domain::channels::messenger::MessengerChannel;
use graph::GraphApi;

/// The channel's Graph API client, through the bank's proxy and CA bundle.
pub async fn graph_api(ctx: &Channels, channel: &MessengerChannel) -> Result<GraphApi, String> {
    let client = ctx.outbound.client(&ctx.state.pool).await?;
    let settings = channel.meta();
    Ok(GraphApi::new(
        client,
        &settings.graph_base,
        &settings.api_version,
        channel.secret("access_token").unwrap_or_default(),
    ))
}

/// The file name a download address ends with, or `fallback`.
pub fn name_from_url(url: &str, fallback: String) -> String {
    url.split(['?', '#'])
        .next()
        .and_then(|path| path.rsplit('/').next())
        .filter(|name| name.contains('.') && name.len() <= 100)
        .map(str::to_owned)
        .unwrap_or(fallback)
}

#[cfg(test)]
mod tests {
    use super::name_from_url;

    #[test]
    fn file_names_come_from_the_address_when_it_has_one() {
        assert_eq!(
            name_from_url("https://cdn.fb/x/photo_1.jpg?sig=abc", "f".into()),
            "photo_1.jpg"
        );
        assert_eq!(
            name_from_url("https://cdn.fb/x/12345?sig=abc", "image-7".into()),
            "image-7"
        );
    }
}
