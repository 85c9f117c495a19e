//! What every request handler and server function can reach.

use super::bus::Bus;
use super::secrets::SecretBox;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use sqlx::PgPool;

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub pool: PgPool,
    pub bus: Bus,
    /// Seals and opens stored credentials (channels' tokens, webhook secrets).
    pub secrets: SecretBox,
}
