//! The server's integration tests, in one binary (one link, one file on disk instead of
//! one per file): each module runs against a fresh migrated database (`#[sqlx::test]`)
//! or real HTTP, WebSockets and OS processes.

mod common;

mod access_matrix;
mod accounts;
mod administration;
mod assistant;
mod audit;
mod auto_close;
mod conversations;
mod crm;
mod customer_card;
mod files;
mod history;
mod http_router;
mod identity;
mod licensing;
mod meta;
mod multi_process;
mod news;
mod open_api;
mod outbound;
mod outbound_network;
mod personal_stats;
mod presence;
mod priority;
mod reassignment;
mod replies;
mod reports;
mod routing;
mod security;
mod telegram;
mod tls;
mod topics;
mod transfer;
mod webhooks;
mod workspace_list;
