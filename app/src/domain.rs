//! The domain and data layer. Server only; knows nothing of HTTP or Leptos.
//! Every function takes a `&PgPool` (or a connection) and returns a domain error.

pub mod account_admin;
pub mod accounts;
pub mod allowlist;
pub mod api_tokens;
pub mod assistant;
pub mod audit;
pub mod auto_close;
pub mod bus;
pub mod channels;
pub mod conversation_events;
pub mod conversations;
pub mod crm;
pub mod customer_card;
pub mod customers;
pub mod files;
pub mod history;
pub mod integration;
pub mod licensing;
pub mod messages;
pub mod metrics;
pub mod news;
pub mod outbound;
pub mod password;
pub mod personal_stats;
pub mod presence;
pub mod reads;
pub mod replies;
pub mod reports;
pub mod roles;
pub mod routing;
pub mod secrets;
pub mod security;
pub mod sessions;
pub mod state;
pub mod topics;
pub mod totp;
pub mod transfer;
pub mod two_factor;
pub mod webhooks;
pub mod workspace_settings;

/// The schema migrations, shared by the server's start-up and by `#[sqlx::test]`.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../migrations");
