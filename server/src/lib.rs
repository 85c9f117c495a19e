//! The contact center server process.
//!
//! - `config`: what the process reads from its environment;
//! - `postgres`: the embedded PostgreSQL cluster under `./data`;
//! - `database`: connecting, migrating, granting the application role;
//! - `router`: the axum router (Leptos pages and server functions, sockets, widget);
//! - `sockets`: the customer and staff WebSockets;
//! - `files`: uploading and downloading files in conversations;
//! - `channels`: the messengers' adapters (Telegram…), webhooks and the outbox worker;
//! - `tls`: HTTPS from the server itself with the bank's certificate;
//! - `mobile`: the mobile SDK's REST calls (its live half is the widget's socket);
//! - `demo`: the demo contact center (development only).

pub mod access;
pub mod api;
pub mod audit_export;
pub mod channels;
pub mod config;
pub mod database;
pub mod demo;
pub mod files;
pub mod mobile;
pub mod postgres;
pub mod reports;
pub mod router;
pub mod sockets;
pub mod tls;
pub mod webhook_delivery;
pub mod widget_frame;
