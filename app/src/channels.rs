//! Server functions of the channels page (`channels.manage`): the channels with their
//! state, connecting a Telegram bot, the outbound network; and an operator's retry of
//! a message a messenger did not take.

pub mod model;
#[cfg(feature = "ssr")]
pub mod texts;

use crate::error::AppError;
use leptos::prelude::*;
use model::{ChannelsOverview, MetaForm, NetworkForm, SignedForm, TelegramForm};

#[cfg(feature = "ssr")]
fn channel_error(e: crate::domain::channels::messenger::ChannelError) -> AppError {
    use crate::domain::channels::messenger::ChannelError;
    match e {
        ChannelError::NotFound => AppError::NotFound,
        ChannelError::Invalid(field) => AppError::ChannelField {
            field: field.to_owned(),
        },
        ChannelError::Unreadable => AppError::CredentialsUnreadable,
        ChannelError::Database => AppError::Internal,
    }
}

/// Journals a channel's creation or change (the details never hold a credential).
#[cfg(feature = "ssr")]
async fn journal_saved(
    state: &crate::domain::state::AppState,
    user: &crate::model::CurrentUser,
    edited: bool,
    id: i64,
    details: &serde_json::Value,
) {
    let event = if edited {
        "channel.updated"
    } else {
        "channel.created"
    };
    crate::auth::guard::audit(state, user, event, &id.to_string(), details).await;
}

#[server(name = ChannelsOverviewFn, prefix = "/api", endpoint = "channels_overview")]
pub async fn channels_overview() -> Result<ChannelsOverview, AppError> {
    use crate::domain::channels::{messenger, network};
    let (_, state) = crate::auth::guard::require(crate::permission::Permission::ChannelsManage).await?;
    let channels = messenger::list(&state.pool).await.map_err(channel_error)?;
    let network = network::load(&state.pool).await.map_err(|_| AppError::Internal)?;
    let ca_certificates = network::certificates(&network.ca_bundle)
        .map(|c| c.len())
        .unwrap_or(0);
    Ok(ChannelsOverview {
        channels,
        network,
        ca_certificates,
    })
}

/// Connects a Telegram bot, or changes one (a blank token keeps the stored one). The
/// token is sealed before it is stored and never journalled or sent back.
#[server(name = SaveTelegramChannel, prefix = "/api", endpoint = "save_telegram_channel", input = leptos::server_fn::codec::Json)]
pub async fn save_telegram_channel(form: TelegramForm) -> Result<i64, AppError> {
    use crate::domain::channels::messenger;
    let (user, state) = crate::auth::guard::require(crate::permission::Permission::ChannelsManage).await?;
    let id = messenger::save_telegram(&state.pool, &state.secrets, &form)
        .await
        .map_err(channel_error)?;
    let details = serde_json::json!({
        "kind": "telegram",
        "name": form.name.trim(),
        "mode": form.settings.mode,
        "api_base": form.settings.api_base.trim(),
        "public_url": form.settings.public_url.trim(),
        "active": form.active,
        "rating_scale": form.rating_scale,
        "token_changed": !form.bot_token.trim().is_empty(),
    });
    journal_saved(&state, &user, form.id.is_some(), id, &details).await;
    Ok(id)
}

/// Connects a Messenger, Instagram or WhatsApp channel, or changes one (blank
/// credentials keep the stored ones). Credentials are sealed, never journalled or sent back.
#[server(name = SaveMetaChannel, prefix = "/api", endpoint = "save_meta_channel", input = leptos::server_fn::codec::Json)]
pub async fn save_meta_channel(form: MetaForm) -> Result<i64, AppError> {
    use crate::domain::channels::messenger;
    let (user, state) = crate::auth::guard::require(crate::permission::Permission::ChannelsManage).await?;
    let id = messenger::save_meta(&state.pool, &state.secrets, &form)
        .await
        .map_err(channel_error)?;
    let details = serde_json::json!({
        "kind": form.kind.map(|k| k.code()),
        "name": form.name.trim(),
        "graph_base": form.settings.graph_base.trim(),
        "api_version": form.settings.api_version.trim(),
        "account_id": form.settings.account_id.trim(),
        "template_name": form.settings.template_name.trim(),
        "customer_language": form.settings.customer_language(),
        "public_url": form.settings.public_url.trim(),
        "active": form.active,
        "rating_scale": form.rating_scale,
        "access_token_changed": !form.access_token.trim().is_empty(),
        "app_secret_changed": !form.app_secret.trim().is_empty(),
    });
    journal_saved(&state, &user, form.id.is_some(), id, &details).await;
    Ok(id)
}

/// Creates or edits a web-chat or mobile channel and its identity secret (sealed; never
/// journalled or sent back).
#[server(name = SaveSignedChannel, prefix = "/api", endpoint = "save_signed_channel", input = leptos::server_fn::codec::Json)]
pub async fn save_signed_channel(form: SignedForm) -> Result<i64, AppError> {
    use crate::domain::channels::messenger;
    let (user, state) = crate::auth::guard::require(crate::permission::Permission::ChannelsManage).await?;
    let id = messenger::save_signed(&state.pool, &state.secrets, &form)
        .await
        .map_err(channel_error)?;
    let details = serde_json::json!({
        "kind": form.kind.map(|k| k.code()),
        "name": form.name.trim(),
        "active": form.active,
        "rating_scale": form.rating_scale,
        "identity_secret_changed": !form.identity_secret.trim().is_empty(),
    });
    journal_saved(&state, &user, form.id.is_some(), id, &details).await;
    Ok(id)
}

/// Saves the proxy and the bank's CA bundle; the next call to a provider uses them.
#[server(name = SaveNetworkSettings, prefix = "/api", endpoint = "save_network_settings", input = leptos::server_fn::codec::Json)]
pub async fn save_network_settings(form: NetworkForm) -> Result<(), AppError> {
    use crate::domain::channels::network::{self, NetworkError};
    let (user, state) = crate::auth::guard::require(crate::permission::Permission::ChannelsManage).await?;
    network::save(&state.pool, &form).await.map_err(|e| match e {
        NetworkError::BadProxy => AppError::BadProxy,
        NetworkError::BadCaBundle => AppError::BadCaBundle,
        NetworkError::Database => AppError::Internal,
    })?;
    let details = serde_json::json!({
        "proxy": network::without_password(form.proxy_url.trim()),
        "ca_certificates": network::certificates(&form.ca_bundle).map(|c| c.len()).unwrap_or(0),
    });
    crate::auth::guard::audit(&state, &user, "network.updated", "network", &details).await;
    Ok(())
}

/// Sends a message the messenger refused once more (the conversation's operator, or a
/// supervisor).
#[server(name = RetryDelivery, prefix = "/api", endpoint = "retry_delivery")]
pub async fn retry_delivery(message_id: i64) -> Result<(), AppError> {
    use crate::domain::bus::BusEvent;
    use crate::domain::channels::outbox;
    use crate::domain::{conversations, messages};
    use crate::permission::Permission;
    let (user, state) =
        crate::auth::guard::require_any(&[Permission::ConversationsHandle, Permission::ConversationsViewAll])
            .await?;
    let message = messages::by_id(&state.pool, message_id)
        .await
        .map_err(|_| AppError::Internal)?
        .ok_or(AppError::NotFound)?;
    let summary = conversations::summary(&state.pool, message.conversation_id)
        .await
        .map_err(super::chat::map_conversation_error)?;
    if !conversations::can_read(&user, &summary) {
        return Err(AppError::Forbidden);
    }
    if !outbox::retry(&state.pool, message_id)
        .await
        .map_err(|_| AppError::Internal)?
    {
        return Err(AppError::NotFound);
    }
    if let Ok(Some(message)) = messages::by_id(&state.pool, message_id).await {
        state.bus.publish(BusEvent::Message {
            customer_id: summary.customer_id,
            operator_id: summary.operator_id,
            message,
        });
    }
    Ok(())
}
