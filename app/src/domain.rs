//! The domain and data layer. Server only; knows nothing of HTTP or Leptos.
//! Every function takes a `&PgPool` (or a connection) and returns a domain error.

pub mod accounts;
pub mod bus;
pub mod channels;
pub mod conversations;
pub mod customers;
pub mod files;
pub mod messages;
pub mod password;
pub mod presence;
pub mod routing;
pub mod sessions;
pub mod state;

/// The schema migrations, shared by the server's start-up and by `#[sqlx::test]`.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../migrations");
