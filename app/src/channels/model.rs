//! What the channels page sends and receives. Secrets travel only inward: a saved
//! token is never sent back, the page learns only that one is set.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChannelKind {
    Webchat,
    Telegram,
    Messenger,
    Instagram,
    Whatsapp,
    Mobile,
}

impl ChannelKind {
    pub const ALL: [ChannelKind; 6] = [
        ChannelKind::Webchat,
        ChannelKind::Telegram,
        ChannelKind::Messenger,
        ChannelKind::Instagram,
        ChannelKind::Whatsapp,
        ChannelKind::Mobile,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ChannelKind::Webchat => "webchat",
            ChannelKind::Telegram => "telegram",
            ChannelKind::Messenger => "messenger",
            ChannelKind::Instagram => "instagram",
            ChannelKind::Whatsapp => "whatsapp",
            ChannelKind::Mobile => "mobile",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// Messages to the customer leave through a provider (and the outbox), not a socket.
    pub fn through_provider(self) -> bool {
        !matches!(self, ChannelKind::Webchat | ChannelKind::Mobile)
    }
}

/// How a Telegram bot receives updates.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TelegramMode {
    /// The server asks Telegram for updates (`getUpdates`): no inbound connection needed.
    #[default]
    Polling,
    /// Telegram calls the server (`setWebhook`), which must be reachable from the internet.
    Webhook,
}

/// One channel as the channels page lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelRow {
    pub id: i64,
    pub kind: ChannelKind,
    pub name: String,
    pub public_key: String,
    pub active: bool,
    pub rating_scale: i16,
    /// Credentials are stored (sealed); never their value.
    pub has_credentials: bool,
    pub telegram: Option<TelegramSettings>,
    /// Messenger, Instagram and WhatsApp channels' settings.
    pub meta: Option<MetaSettings>,
    /// The provider's last error, and when (RFC 3339); none: working.
    pub last_error: Option<String>,
    pub last_error_at: Option<String>,
    /// The last message received through the channel (RFC 3339).
    pub last_inbound_at: Option<String>,
    /// Messages waiting in the outbox, and those that failed for good.
    pub pending: i64,
    pub failed: i64,
}

/// A Telegram channel's settings that are not secret.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TelegramSettings {
    pub mode: TelegramMode,
    /// The Bot API's address: `https://api.telegram.org`, or the bank's local Bot API
    /// server or relay.
    pub api_base: String,
    /// This server's public address, for the webhook (webhook mode only).
    #[serde(default)]
    pub public_url: String,
}

/// The Telegram form: create (no id) or edit a bot. A blank token keeps the stored one.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TelegramForm {
    pub id: Option<i64>,
    pub name: String,
    pub bot_token: String,
    pub settings: TelegramSettings,
    pub rating_scale: i16,
    pub active: bool,
}

/// A Meta channel's settings (Facebook Messenger, Instagram, WhatsApp Cloud API) that
/// are not secret. Its webhook is `/channels/meta/{public_key}`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MetaSettings {
    /// The Graph API's address: `https://graph.facebook.com`, or the bank's relay.
    pub graph_base: String,
    /// The Graph API version, like `v21.0`.
    pub api_version: String,
    /// The Facebook Page's id, the Instagram account's id, or WhatsApp's phone number id.
    pub account_id: String,
    /// The token Meta sends back when it verifies the webhook; chosen by this server.
    #[serde(default)]
    pub verify_token: String,
    /// WhatsApp: the approved template sent when the customer last wrote more than 24
    /// hours ago (its one body parameter carries the operator's text), and its language.
    #[serde(default)]
    pub template_name: String,
    #[serde(default)]
    pub template_language: String,
    /// The language new customers start in (Meta tells none): `ru`, `uz-Latn`, `uz-Cyrl`,
    /// `kk` or `en`; blank is Russian. WhatsApp numbers of Uzbekistan and Kazakhstan
    /// start in their country's language whatever this says.
    #[serde(default)]
    pub customer_language: String,
    /// Instagram: this server's public address (where Meta reaches the webhook). Files
    /// go to Instagram as expiring links under it; blank: files cannot go.
    #[serde(default)]
    pub public_url: String,
}

/// The languages customers are served in, as conversations record them.
pub const CUSTOMER_LANGUAGES: [&str; 5] = ["ru", "uz-Latn", "uz-Cyrl", "kk", "en"];

/// `code` if customers are served in it, else Russian (the product's default).
pub fn customer_language(code: &str) -> &'static str {
    CUSTOMER_LANGUAGES
        .into_iter()
        .find(|l| *l == code)
        .unwrap_or("ru")
}

impl MetaSettings {
    /// The language a new customer of this channel starts in.
    pub fn customer_language(&self) -> &'static str {
        customer_language(&self.customer_language)
    }
}

/// The Meta form: create (no id) or edit a Messenger, Instagram or WhatsApp channel.
/// A blank access token or app secret keeps the stored one.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MetaForm {
    pub id: Option<i64>,
    pub kind: Option<ChannelKind>,
    pub name: String,
    pub access_token: String,
    pub app_secret: String,
    pub settings: MetaSettings,
    pub rating_scale: i16,
    pub active: bool,
}

/// The form of a channel whose customers the bank may sign (the web-chat widget, the
/// mobile SDK): its identity secret (HMAC key of `identifier_hash`); a blank one keeps
/// the stored secret. A mobile channel must have one.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedForm {
    pub id: Option<i64>,
    pub kind: Option<ChannelKind>,
    pub name: String,
    pub identity_secret: String,
    pub rating_scale: i16,
    pub active: bool,
}

/// The outbound network: proxy and the bank's certificate authorities.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NetworkForm {
    /// `http://host:port` or `https://host:port`, credentials allowed; blank: direct.
    pub proxy_url: String,
    /// PEM certificates trusted beside the system's; blank: the system's only.
    pub ca_bundle: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelsOverview {
    pub channels: Vec<ChannelRow>,
    pub network: NetworkForm,
    /// How many certificates the saved bundle holds.
    pub ca_certificates: usize,
}
