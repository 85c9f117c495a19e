//! Keeps one task per active Telegram bot: in polling mode it asks for updates
//! (`getUpdates`, long polling) and handles them in order; in webhook mode it registers
//! the webhook (`setWebhook` with the channel's secret token) until Telegram accepts
//! it. A changed token or setting restarts the task. With several server processes one
//! polls each bot: the task first takes a PostgreSQL advisory lock for the channel.

use super::api::BotApi;
use super::updates::{self, Update};
use crate::channels::Channels;
use app::channels::model::{ChannelKind, TelegramMode};
use app::domain::channels::messenger::{self, MessengerChannel};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::time::{Duration, Instant};
use tokio::task::JoinHandle;

/// Seconds Telegram holds a `getUpdates` call open when there is nothing new.
const LONG_POLL: u64 = 25;

pub async fn supervise(ctx: Channels) {
    let mut running: HashMap<i64, (Vec<u8>, JoinHandle<()>)> = HashMap::new();
    let mut tick = tokio::time::interval(Duration::from_secs(3));
    loop {
        tick.tick().await;
        let channels =
            match messenger::active_of_kind(&ctx.state.pool, &ctx.state.secrets, ChannelKind::Telegram).await
            {
                Ok(c) => c,
                Err(_) => continue,
            };
        let wanted: HashMap<i64, (Vec<u8>, MessengerChannel)> = channels
            .into_iter()
            .map(|c| (c.id, (fingerprint(&c), c)))
            .collect();
        running.retain(|id, (print, task)| {
            let keep = wanted.get(id).is_some_and(|(p, _)| p == print) && !task.is_finished();
            if !keep {
                task.abort();
            }
            keep
        });
        for (id, (print, channel)) in wanted {
            if running.contains_key(&id) || channel.secret("bot_token").is_none() {
                continue;
            }
            let task = tokio::spawn(run(ctx.clone(), channel));
            running.insert(id, (print, task));
        }
    }
}

/// What, if changed, restarts a bot's task (a digest: the token is not kept in the clear).
fn fingerprint(channel: &MessengerChannel) -> Vec<u8> {
    let mut hash = Sha256::new();
    hash.update(channel.settings.to_string());
    hash.update(channel.secret("bot_token").unwrap_or_default());
    hash.finalize().to_vec()
}

async fn run(ctx: Channels, channel: MessengerChannel) {
    // The lock lives as long as this connection, which is never handed back to the pool.
    let Some(_lock) = lock(&ctx, channel.id).await else {
        return;
    };
    match channel.telegram().mode {
        TelegramMode::Polling => poll(&ctx, &channel).await,
        TelegramMode::Webhook => register(&ctx, &channel).await,
    }
}

/// Waits for the channel's advisory lock; the returned connection holds it.
async fn lock(ctx: &Channels, channel_id: i64) -> Option<sqlx::PgConnection> {
    loop {
        if let Ok(conn) = ctx.state.pool.acquire().await {
            let mut conn = conn.detach();
            let taken: Result<bool, _> = sqlx::query_scalar("SELECT pg_try_advisory_lock(3, $1::int)")
                .bind((channel_id % i64::from(i32::MAX)) as i32)
                .fetch_one(&mut conn)
                .await;
            if let Ok(true) = taken {
                return Some(conn);
            }
        }
        tokio::time::sleep(Duration::from_secs(10)).await;
    }
}

async fn api(ctx: &Channels, channel: &MessengerChannel) -> Result<BotApi, String> {
    let client = ctx.outbound.client(&ctx.state.pool).await?;
    Ok(BotApi::new(
        client,
        &channel.telegram().api_base,
        channel.secret("bot_token").unwrap_or_default(),
    ))
}

async fn poll(ctx: &Channels, channel: &MessengerChannel) {
    let pool = &ctx.state.pool;
    let mut offset: Option<i64> = None;
    let mut failures = 0u32;
    let mut webhook_removed = false;
    loop {
        let api = match api(ctx, channel).await {
            Ok(api) => api,
            Err(e) => {
                messenger::record_error(pool, channel.id, Some(&e)).await;
                tokio::time::sleep(Duration::from_secs(10)).await;
                continue;
            }
        };
        // A webhook left from webhook mode would make getUpdates refuse (409).
        if !webhook_removed {
            webhook_removed = api.delete_webhook().await.is_ok();
        }
        let started = Instant::now();
        match api.get_updates(offset, LONG_POLL).await {
            Ok(batch) => {
                failures = 0;
                messenger::record_error(pool, channel.id, None).await;
                let empty = batch.is_empty();
                for raw in batch {
                    let Some(id) = raw.get("update_id").and_then(serde_json::Value::as_i64) else {
                        continue;
                    };
                    match serde_json::from_value::<Update>(raw) {
                        Ok(update) => {
                            if let Err(e) = updates::handle(ctx, channel, &api, update).await {
                                // Not confirmed: Telegram gives it again on the next call.
                                tracing::error!(channel = channel.id, error = %e, "a Telegram update was not stored");
                                tokio::time::sleep(Duration::from_secs(2)).await;
                                break;
                            }
                        }
                        Err(e) => {
                            tracing::warn!(channel = channel.id, error = %e, "an unreadable Telegram update was skipped")
                        }
                    }
                    offset = Some(id + 1);
                }
                // A Bot API server that answers at once (no long polling) is asked once a second.
                if empty && started.elapsed() < Duration::from_secs(1) {
                    tokio::time::sleep(Duration::from_secs(1)).await;
                }
            }
            Err(e) => {
                failures += 1;
                tracing::warn!(channel = channel.id, error = %e.description, "getUpdates failed");
                messenger::record_error(pool, channel.id, Some(&e.description)).await;
                tokio::time::sleep(Duration::from_secs(u64::from(failures.min(6)) * 5)).await;
            }
        }
    }
}

/// Registers the webhook, retrying every 30 s until Telegram accepts it; then waits
/// (the task ends only when the channel changes).
async fn register(ctx: &Channels, channel: &MessengerChannel) {
    let settings = channel.telegram();
    let url = format!("{}/channels/telegram/{}", settings.public_url, channel.public_key);
    let secret = channel.secret("webhook_secret").unwrap_or_default().to_owned();
    loop {
        let result = match api(ctx, channel).await {
            Ok(api) => api.set_webhook(&url, &secret).await.map_err(|e| e.description),
            Err(e) => Err(e),
        };
        match result {
            Ok(_) => {
                messenger::record_error(&ctx.state.pool, channel.id, None).await;
                std::future::pending::<()>().await;
            }
            Err(e) => {
                tracing::warn!(channel = channel.id, error = %e, "setWebhook failed");
                messenger::record_error(&ctx.state.pool, channel.id, Some(&e)).await;
                tokio::time::sleep(Duration::from_secs(30)).await;
            }
        }
    }
}
