//! Configuration from the environment:
//! - `DATABASE_URL`: an external PostgreSQL (used for migrations and the application);
//!   unset: the embedded cluster under `CC_DATA_DIR`;
//! - `CC_DATA_DIR`: where the embedded cluster lives (default `./data`);
//! - `CC_DB_NAME`: the database in the embedded cluster (default `contact_center`);
//! - `CC_WIDGET_DIR`: the built widget bundle (default `target/widget`);
//! - `CC_FILES_DIR`: where files sent in conversations are stored, outside the site
//!   root (default `./data/files`, created on start);
//! - `CC_SECURE_COOKIES=1`: mark cookies `Secure` (behind HTTPS);
//! - `LEPTOS_SITE_ADDR`, `LEPTOS_SITE_ROOT`, …: Leptos' own settings.

use std::path::PathBuf;

#[derive(Clone, Debug)]
pub struct Config {
    pub database_url: Option<String>,
    pub data_dir: PathBuf,
    pub db_name: String,
    pub widget_dir: PathBuf,
    pub files_dir: PathBuf,
}

impl Config {
    pub fn from_env() -> anyhow::Result<Self> {
        let db_name = std::env::var("CC_DB_NAME").unwrap_or_else(|_| "contact_center".to_owned());
        anyhow::ensure!(
            !db_name.is_empty()
                && db_name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
            "CC_DB_NAME may hold only a-z, 0-9 and _"
        );
        Ok(Self {
            database_url: std::env::var("DATABASE_URL").ok().filter(|u| !u.is_empty()),
            data_dir: std::env::var_os("CC_DATA_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from("data")),
            db_name,
            widget_dir: std::env::var_os("CC_WIDGET_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from("target/widget")),
            files_dir: std::env::var_os("CC_FILES_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from("data/files")),
        })
    }
}
