//! Configuration from the environment:
//! - `DATABASE_URL`: an external PostgreSQL (used for migrations and the application);
//!   unset: the embedded cluster under `CC_DATA_DIR`;
//! - `CC_DATA_DIR`: where the embedded cluster lives (default `./data`);
//! - `CC_DB_NAME`: the database in the embedded cluster (default `contact_center`);
//! - `CC_WIDGET_DIR`: the built widget bundle (default `target/widget`);
//! - `CC_FILES_DIR`: where files sent in conversations are stored, outside the site
//!   root (default `./data/files`, created on start);
//! - `CC_SECRET_KEY`: the 32-byte key (Base64) that seals stored credentials; unset: the
//!   key file `CC_DATA_DIR/secret.key`, created (mode 0600) on first start. Back it up
//!   with the database: without it the channels' credentials must be entered again;
//! - `CC_TLS_CERT`, `CC_TLS_KEY`: the bank's certificate chain and key (PEM): serve HTTPS
//!   (`tls`); both or neither;
//! - `CC_SECURE_COOKIES=1`: mark cookies `Secure` (behind a proxy's HTTPS; automatic with
//!   `CC_TLS_CERT`);
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

impl Config {
    /// The key that seals stored credentials: `CC_SECRET_KEY`, or the key file under the
    /// data directory (made on first use, readable by this user only).
    pub fn secret_box(&self) -> anyhow::Result<app::domain::secrets::SecretBox> {
        use anyhow::Context;
        use app::domain::secrets::SecretBox;
        if let Some(key) = std::env::var("CC_SECRET_KEY").ok().filter(|k| !k.is_empty()) {
            return SecretBox::from_base64(&key)
                .map_err(|_| anyhow::anyhow!("CC_SECRET_KEY is not 32 bytes of Base64"));
        }
        let path = self.data_dir.join("secret.key");
        if !path.exists() {
            std::fs::create_dir_all(&self.data_dir).context("creating the data directory")?;
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            match options.open(&path) {
                Ok(mut file) => {
                    std::io::Write::write_all(&mut file, SecretBox::generate_key().as_bytes())
                        .with_context(|| format!("writing {}", path.display()))?;
                    tracing::info!(path = %path.display(), "a new secret key was made for stored credentials");
                }
                // Another process made it first.
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(e).with_context(|| format!("creating {}", path.display())),
            }
        }
        let text = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
        SecretBox::from_base64(&text)
            .map_err(|_| anyhow::anyhow!("{} is not 32 bytes of Base64", path.display()))
    }
}
