//! The webhook worker: posts due deliveries, signed the Standard Webhooks way
//! (`webhook-id`, `webhook-timestamp`, `webhook-signature`), and records every outcome
//! in the delivery log. A 2xx answer delivers; anything else is retried with backoff
//! for a day. Runs every second. Calls go direct (no proxy: the subscribers are the
//! bank's own systems) and trust the bank's CA bundle beside the system's roots.

use crate::channels::outbound::Outbound;
use app::domain::state::AppState;
use app::domain::webhooks::{self, Job};
use futures::StreamExt;
use std::time::Duration;

const BATCH: i64 = 32;
const PARALLEL: usize = 8;
/// How long a subscriber may take to answer.
const TIMEOUT: Duration = Duration::from_secs(15);

pub async fn run(state: AppState, outbound: Outbound) {
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    loop {
        tick.tick().await;
        round(&state, &outbound).await;
    }
}

/// Sends until nothing is due.
pub async fn round(state: &AppState, outbound: &Outbound) {
    let client = match outbound.direct_client(&state.pool).await {
        Ok(c) => c,
        Err(e) => {
            tracing::error!(error = %e, "no HTTP client for webhooks");
            return;
        }
    };
    loop {
        let jobs = match webhooks::claim(&state.pool, &state.secrets, BATCH).await {
            Ok(jobs) if !jobs.is_empty() => jobs,
            Ok(_) => return,
            Err(e) => {
                tracing::error!(error = %e, "claiming webhook deliveries failed");
                return;
            }
        };
        futures::stream::iter(jobs)
            .for_each_concurrent(PARALLEL, |job| {
                let client = client.clone();
                async move { deliver(state, &client, job).await }
            })
            .await;
    }
}

async fn deliver(state: &AppState, client: &reqwest::Client, job: Job) {
    let body = serde_json::to_vec(&job.payload).unwrap_or_default();
    let id = job.event_id.to_string();
    let timestamp = chrono::Utc::now().timestamp();
    let signature = webhooks::signature(&job.secret, &id, timestamp, &body);
    let sent = client
        .post(&job.url)
        .timeout(TIMEOUT)
        .header(http::header::CONTENT_TYPE, "application/json")
        .header("webhook-id", &id)
        .header("webhook-timestamp", timestamp.to_string())
        .header("webhook-signature", signature)
        .body(body)
        .send()
        .await;
    let (status, error) = match sent {
        Ok(response) => {
            let status = response.status().as_u16();
            if response.status().is_success() {
                (Some(status), None)
            } else {
                let text = response.text().await.unwrap_or_default();
                (
                    Some(status),
                    Some(format!(
                        "HTTP {status}: {}",
                        text.chars().take(200).collect::<String>()
                    )),
                )
            }
        }
        Err(e) => (None, Some(format!("network: {}", e.without_url()))),
    };
    if let Err(e) = webhooks::finish(&state.pool, &job, status, error).await {
        tracing::error!(error = %e, delivery = job.id, "recording a webhook delivery failed");
    }
}
