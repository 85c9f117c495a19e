//! Shared helpers for the integration tests (each test gets a fresh, migrated database).

#![allow(dead_code)]

use app::domain::{accounts, bus::Bus, channels, customers, state::AppState};
use leptos::config::LeptosOptions;
use sqlx::PgPool;

pub const PASSWORD: &str = "Test-Passw0rd!";

pub async fn operator(pool: &PgPool, login: &str) -> i64 {
    accounts::create_user(pool, login, login, PASSWORD, &["operator"])
        .await
        .unwrap()
}

pub async fn customer(pool: &PgPool, key: &str, scale: i16) -> (i64, i64) {
    let channel = channels::upsert_webchat(pool, "Test site", key, scale)
        .await
        .unwrap();
    let token = format!("{key}-visitor-token-0123456789abcdef");
    let customer = customers::find_or_create_visitor(pool, channel.id, &token, "ru")
        .await
        .unwrap();
    (channel.id, customer.id)
}

pub fn state(pool: PgPool) -> AppState {
    AppState {
        leptos_options: LeptosOptions::builder().output_name("contact-center").build(),
        pool,
        bus: Bus::new(),
    }
}

pub fn client_id() -> String {
    uuid::Uuid::new_v4().to_string()
}
