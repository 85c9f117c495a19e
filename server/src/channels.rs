//! The messenger channels' adapters: the providers' HTTP APIs (through the bank's
//! proxy and certificate authorities), receiving updates (webhooks, long polling) and
//! the outbox worker that delivers messages. What they store is the domain's
//! (`app::domain::channels`); this is where HTTP meets it.

pub mod delivery;
pub mod meta;
pub mod outbound;
pub mod receive;
pub mod telegram;

use app::domain::files::storage::FileStore;
use app::domain::state::AppState;
use axum::routing::{get, post};
use axum::{Extension, Router};

/// What every adapter needs: the application, the files directory, and the outbound client.
#[derive(Clone)]
pub struct Channels {
    pub state: AppState,
    pub files: FileStore,
    pub outbound: outbound::Outbound,
}

impl Channels {
    pub fn new(state: AppState, files: FileStore) -> Self {
        Self {
            state,
            files,
            outbound: outbound::Outbound::default(),
        }
    }

    /// Starts the background work: the outbox worker and the Telegram pollers.
    pub fn spawn_workers(&self) {
        tokio::spawn(delivery::run(self.clone()));
        tokio::spawn(telegram::poller::supervise(self.clone()));
    }
}

/// The providers' webhooks (public: each checks the provider's own secret or signature).
pub fn routes(ctx: Channels) -> Router<AppState> {
    Router::new()
        .route("/channels/telegram/{key}", post(telegram::webhook::receive))
        .route(
            "/channels/meta/{key}",
            get(meta::webhook::verify).post(meta::webhook::receive),
        )
        .layer(Extension(ctx))
}
