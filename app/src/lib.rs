//! The contact center application.
//!
//! - `ui`: pages and components (rendered on the server, hydrated in the browser);
//! - `auth`, `chat`, `admin`, `presence`, `settings`: server functions, thin adapters over `domain`;
//! - `model`, `permission`, `error`: types that cross the wire;
//! - `domain` (server only): the data layer and business rules over PostgreSQL.
#![recursion_limit = "256"]

include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

pub mod access;
pub mod admin;
pub mod api_admin;
pub mod assistant;
pub mod audit;
pub mod auth;
pub mod channels;
pub mod chat;
pub mod crm;
pub mod customer_card;
pub mod error;
pub mod history;
pub mod license;
pub mod model;
pub mod news;
pub mod permission;
pub mod personal_stats;
pub mod presence;
pub mod replies;
pub mod reports;
pub mod security;
pub mod settings;
pub mod time;
pub mod topics;
pub mod ui;
pub mod workspace;

#[cfg(feature = "ssr")]
pub mod domain;

#[cfg(feature = "hydrate")]
pub mod realtime;

#[cfg(feature = "hydrate")]
pub mod desktop_alerts;

pub use ui::app::{shell, App};

/// Entry point of the staff application in the browser.
#[cfg(feature = "hydrate")]
pub fn hydrate() {
    leptos::mount::hydrate_body(App);
}
