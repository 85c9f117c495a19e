//! The outbox worker: claims due rows, sends each through its channel's provider, and
//! records the outcome on the message, which the operator's screen then shows (sent,
//! retrying with the provider's reason, or failed with it). Runs every second, and at
//! once when a message is queued.

use super::outbound::ApiError;
use super::telegram::api::BotApi;
use super::Channels;
use app::channels::model::ChannelKind;
use app::domain::bus::BusEvent;
use app::domain::channels::contacts;
use app::domain::channels::messenger::{self, MessengerChannel};
use app::domain::channels::outbox::{self, Job, Outcome};
use app::domain::conversations;
use futures::StreamExt;
use protocol::DeliveryStatus;
use std::time::Duration;

/// Rows claimed per round, and sent at once (different conversations).
const BATCH: i64 = 32;
const PARALLEL: usize = 8;

/// An attempt's result as the outbox records it.
pub fn outcome(result: Result<Option<String>, ApiError>) -> Outcome {
    match result {
        Ok(id) => Outcome::Sent(id),
        Err(e) if e.retry => Outcome::Retry(e.description),
        Err(e) => Outcome::Failed(e.description),
    }
}

pub async fn run(ctx: Channels) {
    let mut events = ctx.state.bus.subscribe();
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    loop {
        tokio::select! {
            _ = tick.tick() => {}
            event = events.recv() => match event {
                Ok(BusEvent::Message { message, .. })
                    if message.delivery.as_ref().is_some_and(|d| d.status == DeliveryStatus::Pending) => {}
                Ok(_) => continue,
                Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {}
                Err(tokio::sync::broadcast::error::RecvError::Closed) => return,
            },
        }
        round(&ctx).await;
    }
}

/// Claims and sends until nothing is due.
pub async fn round(ctx: &Channels) {
    loop {
        let jobs = match outbox::claim(&ctx.state.pool, BATCH).await {
            Ok(jobs) => jobs,
            Err(e) => {
                tracing::error!(error = %e, "claiming outbox rows failed");
                return;
            }
        };
        if jobs.is_empty() {
            return;
        }
        futures::stream::iter(jobs)
            .for_each_concurrent(PARALLEL, |job| async move { deliver(ctx, job).await })
            .await;
    }
}

async fn deliver(ctx: &Channels, job: Job) {
    let pool = &ctx.state.pool;
    let outcome = attempt(ctx, &job).await;
    // A provider that is down or refuses the bot is the channel's problem (shown on the
    // channels page); a refusal for one recipient (blocked by the user) is the message's.
    match &outcome {
        Outcome::Retry(reason) => {
            tracing::warn!(
                job = job.id,
                channel = job.channel_id,
                reason,
                "a delivery attempt failed; will retry"
            );
            messenger::record_error(pool, job.channel_id, Some(reason)).await;
        }
        Outcome::Failed(reason) => {
            tracing::warn!(
                job = job.id,
                channel = job.channel_id,
                reason,
                "a delivery was refused for good"
            );
        }
        Outcome::Sent(_) => messenger::record_error(pool, job.channel_id, None).await,
    }
    match outbox::finish(pool, &job, outcome).await {
        Ok(Some(message)) => publish_update(ctx, message).await,
        Ok(None) => {}
        Err(e) => tracing::error!(error = %e, job = job.id, "recording a delivery failed"),
    }
}

/// Shows the workspaces a message whose delivery changed (its mark: sent, retrying, failed).
pub async fn publish_update(ctx: &Channels, message: protocol::Message) {
    if let Ok(summary) = conversations::summary(&ctx.state.pool, message.conversation_id).await {
        ctx.state.bus.publish(BusEvent::Message {
            customer_id: summary.customer_id,
            operator_id: summary.operator_id,
            message,
        });
    }
}

async fn attempt(ctx: &Channels, job: &Job) -> Outcome {
    let pool = &ctx.state.pool;
    let channel = match messenger::load(pool, &ctx.state.secrets, job.channel_id).await {
        Ok(c) => c,
        Err(messenger::ChannelError::Database) => return Outcome::Retry("database unavailable".into()),
        Err(_) => return Outcome::Failed("the channel's credentials are unreadable".into()),
    };
    if !channel.active {
        return Outcome::Retry("the channel is switched off".into());
    }
    let recipient = match contacts::recipient_of(pool, job.conversation_id).await {
        Ok(Some(r)) => r,
        Ok(None) => return Outcome::Failed("the customer has no contact on this channel".into()),
        Err(_) => return Outcome::Retry("database unavailable".into()),
    };
    let client = match ctx.outbound.client(pool).await {
        Ok(c) => c,
        Err(e) => return Outcome::Retry(e),
    };
    match channel.kind {
        ChannelKind::Telegram => telegram(ctx, &channel, client, &recipient.external_id, job).await,
        ChannelKind::Messenger | ChannelKind::Instagram | ChannelKind::Whatsapp => {
            super::meta::send::deliver(ctx, &channel, client, &recipient, job).await
        }
        other => Outcome::Failed(format!("sending through {} is not connected", other.code())),
    }
}

async fn telegram(
    ctx: &Channels,
    channel: &MessengerChannel,
    client: reqwest::Client,
    chat: &str,
    job: &Job,
) -> Outcome {
    let Some(token) = channel.secret("bot_token") else {
        return Outcome::Failed("the bot has no token".into());
    };
    let api = BotApi::new(client, &channel.telegram().api_base, token);
    super::telegram::send::deliver(ctx, &api, chat, job, &job.language, channel.rating_scale).await
}
