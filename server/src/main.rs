//! `server`: the contact center process and its administrative sub-commands.

use anyhow::Context;
use app::domain::{accounts, bus::Bus, channels, password, state::AppState};
use clap::{Parser, Subcommand};
use leptos::config::get_configuration;
use server::config::Config;
use server::database;
use server::postgres::EmbeddedPostgres;
use server::router::{router, Options};
use std::io::Read;
use std::net::SocketAddr;

#[derive(Parser)]
#[command(version, about = "Omnichannel contact center")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Migrate and serve (starts the embedded PostgreSQL unless DATABASE_URL is set).
    Serve {
        /// Seed the demo contact center and serve the demo bank page (development only).
        #[arg(long)]
        demo: bool,
    },
    /// Apply migrations and exit.
    Migrate,
    /// Manage the embedded PostgreSQL cluster under CC_DATA_DIR.
    Db {
        #[command(subcommand)]
        action: DbAction,
    },
    /// Check the audit journal.
    Audit {
        #[command(subcommand)]
        action: AuditAction,
    },
    /// Create a staff account. The password is read from stdin with --password-stdin;
    /// otherwise a one-time password is generated and printed.
    CreateUser {
        #[arg(long)]
        login: String,
        #[arg(long)]
        name: String,
        /// Role code: operator, supervisor, administrator (repeatable).
        #[arg(long = "role", required = true)]
        roles: Vec<String>,
        #[arg(long)]
        password_stdin: bool,
    },
    /// License files: make a key pair, sign terms with a private key, load a file.
    License {
        #[command(subcommand)]
        action: LicenseAction,
    },
    /// Give an account a known TOTP secret (Base32, read from stdin): test set-up, the
    /// demo, or a bank's own provisioning. Journalled as `user.totp_set` by `system:cli`.
    SetTotp {
        #[arg(long)]
        login: String,
    },
    /// Make an API token for the REST API (also on /admin/api); prints it once.
    ApiToken {
        #[command(subcommand)]
        action: ApiTokenAction,
    },
    /// Print the REST API's OpenAPI document (JSON).
    Openapi,
    /// Create or update a web-chat channel.
    CreateChannel {
        #[arg(long)]
        name: String,
        /// The public key the bank's page puts in the widget's script tag.
        #[arg(long)]
        key: String,
        #[arg(long, default_value_t = 5, value_parser = parse_scale)]
        rating_scale: i16,
    },
    /// Set an operator's language skills and capacity (also on /settings/routing).
    SetSkills {
        #[arg(long)]
        login: String,
        /// Comma-separated: ru, uz, kk, en.
        #[arg(long, value_delimiter = ',')]
        languages: Vec<String>,
        /// Most conversations at once.
        #[arg(long, default_value_t = 3)]
        capacity: i32,
    },
    /// Put a staff member in an operator group, creating the group if needed (also on /settings/routing).
    JoinGroup {
        #[arg(long)]
        login: String,
        #[arg(long)]
        group: String,
    },
    /// Create or update a custom operator state (also on /settings/routing).
    CreateState {
        #[arg(long)]
        code: String,
        #[arg(long)]
        name: String,
        /// Operators in this state receive new conversations.
        #[arg(long)]
        receives_chats: bool,
        /// Warn the operator after this many minutes in the state.
        #[arg(long)]
        recommended_minutes: Option<i32>,
    },
}

fn parse_scale(s: &str) -> Result<i16, String> {
    match s {
        "5" => Ok(5),
        "10" => Ok(10),
        _ => Err("the rating scale is 5 or 10".to_owned()),
    }
}

#[derive(Subcommand)]
enum ApiTokenAction {
    /// Create a token; journalled as `api_token.created` by `system:cli`.
    Create {
        #[arg(long)]
        name: String,
        /// A scope (repeatable): conversations:read, conversations:write, customers:read, …
        #[arg(long = "scope")]
        scopes: Vec<String>,
        /// Every scope.
        #[arg(long)]
        all_scopes: bool,
        /// Requests a minute.
        #[arg(long, default_value_t = 600)]
        rate: i32,
        /// Addresses and ranges it may be used from, comma-separated (blank: any).
        #[arg(long, default_value = "")]
        allowlist: String,
    },
}

#[derive(Subcommand)]
enum LicenseAction {
    /// Write a new Ed25519 key pair (Base64): the private key to sign license files with
    /// (keep it off the servers), the public key for the product.
    Keygen {
        #[arg(long)]
        private_key: std::path::PathBuf,
        #[arg(long)]
        public_key: std::path::PathBuf,
    },
    /// Sign license terms with the private key at this path; prints the license file.
    Sign {
        #[arg(long)]
        private_key: std::path::PathBuf,
        #[arg(long)]
        licensee: String,
        /// At most this many operators at work at once.
        #[arg(long)]
        operators: i32,
        /// The last valid day, YYYY-MM-DD (none: it does not expire).
        #[arg(long)]
        expires: Option<String>,
        /// The file's identifier (default: a new UUID).
        #[arg(long)]
        id: Option<String>,
    },
    /// Load a license file (as the license page does): it applies at once, no restart.
    Install {
        #[arg(long)]
        file: std::path::PathBuf,
    },
}

#[derive(Subcommand)]
enum AuditAction {
    /// Recompute the hash chain: exit 0 and `audit chain ok: <n> records`, or exit 1
    /// naming the first record that fails.
    Verify,
}

#[derive(Subcommand)]
enum DbAction {
    /// Start the cluster (creating it on first use).
    Start,
    /// Stop the cluster.
    Stop,
    /// Print the superuser URL (for tests that create their own databases).
    Url,
    /// Drop the database named by CC_DB_NAME (used for a fresh end-to-end run).
    Drop,
}

/// Rendering a whole page on the server nests deeply (the workspace is dozens of
/// components); debug builds need more than tokio's default 2 MiB per worker thread.
const WORKER_STACK_BYTES: usize = 16 * 1024 * 1024;

fn main() -> anyhow::Result<()> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_stack_size(WORKER_STACK_BYTES)
        .build()?
        .block_on(run())
}

async fn run() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn,tower_http=warn".into()),
        )
        .init();
    let cli = Cli::parse();
    let config = Config::from_env()?;
    match cli.command.unwrap_or(Command::Serve { demo: false }) {
        Command::Serve { demo } => serve(&config, demo).await,
        Command::Migrate => with_database(&config, |_| async { Ok(()) }).await,
        Command::Db { action } => db(&config, action).await,
        Command::Audit {
            action: AuditAction::Verify,
        } => with_database(&config, |pool| async move { audit_verify(&pool).await }).await,
        Command::CreateUser {
            login,
            name,
            roles,
            password_stdin,
        } => {
            let (pass, print) = if password_stdin {
                let mut s = String::new();
                std::io::stdin().read_to_string(&mut s)?;
                (s.trim_end_matches(['\n', '\r']).to_owned(), false)
            } else {
                (password::generate(), true)
            };
            with_database(&config, |pool| async move {
                let roles: Vec<&str> = roles.iter().map(String::as_str).collect();
                accounts::create_user(&pool, &login, &name, &pass, &roles)
                    .await
                    .map_err(|e| anyhow::anyhow!("cannot create {login}: {e:?}"))?;
                app::domain::audit::record(
                    &pool,
                    &app::domain::audit::Actor::system("cli"),
                    "user.created",
                    &login,
                    &serde_json::json!({ "after": { "login": login, "display_name": name, "roles": roles } }),
                )
                .await?;
                if print {
                    println!("created {login}; one-time password: {pass}");
                } else {
                    println!("created {login}");
                }
                Ok(())
            })
            .await
        }
        Command::License { action } => license(&config, action).await,
        Command::SetTotp { login } => {
            let mut secret = String::new();
            std::io::stdin().read_to_string(&mut secret)?;
            with_database(&config, |pool| async move {
                let id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE lower(login) = lower($1)")
                    .bind(&login)
                    .fetch_optional(&pool)
                    .await?
                    .ok_or_else(|| anyhow::anyhow!("no account {login}"))?;
                app::domain::two_factor::set_secret(&pool, id, secret.trim())
                    .await
                    .map_err(|e| anyhow::anyhow!("cannot set the second factor of {login}: {e:?}"))?;
                app::domain::audit::record(
                    &pool,
                    &app::domain::audit::Actor::system("cli"),
                    "user.totp_set",
                    &login,
                    &serde_json::json!({}),
                )
                .await?;
                println!("{login}: second factor set");
                Ok(())
            })
            .await
        }
        Command::SetSkills {
            login,
            languages,
            capacity,
        } => {
            with_database(&config, |pool| async move {
                let id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE lower(login) = lower($1)")
                    .bind(&login)
                    .fetch_optional(&pool)
                    .await?
                    .ok_or_else(|| anyhow::anyhow!("no account {login}"))?;
                app::domain::routing::set_skills(&pool, id, &languages, capacity)
                    .await
                    .map_err(|e| anyhow::anyhow!("cannot set the skills of {login}: {e:?}"))?;
                cli_journal(&pool, "set-skills", &serde_json::json!({ "login": login, "languages": languages, "capacity": capacity })).await?;
                println!("{login}: languages {}, capacity {capacity}", languages.join(","));
                Ok(())
            })
            .await
        }
        Command::JoinGroup { login, group } => {
            with_database(&config, |pool| async move {
                let user: i64 = sqlx::query_scalar("SELECT id FROM users WHERE lower(login) = lower($1)")
                    .bind(&login)
                    .fetch_optional(&pool)
                    .await?
                    .ok_or_else(|| anyhow::anyhow!("no account {login}"))?;
                let existing: Option<i64> =
                    sqlx::query_scalar("SELECT id FROM operator_groups WHERE name = $1")
                        .bind(group.trim())
                        .fetch_optional(&pool)
                        .await?;
                let group_id = match existing {
                    Some(id) => id,
                    None => app::domain::routing::settings::add_group(&pool, &group)
                        .await
                        .map_err(|e| anyhow::anyhow!("cannot add group {group}: {e:?}"))?,
                };
                sqlx::query(
                    "INSERT INTO group_members (group_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                )
                .bind(group_id)
                .bind(user)
                .execute(&pool)
                .await?;
                cli_journal(&pool, "join-group", &serde_json::json!({ "login": login, "group": group })).await?;
                println!("{login} is in group {group}");
                Ok(())
            })
            .await
        }
        Command::CreateState {
            code,
            name,
            receives_chats,
            recommended_minutes,
        } => {
            with_database(&config, |pool| async move {
                app::domain::routing::settings::save_state(
                    &pool,
                    &code,
                    &name,
                    receives_chats,
                    recommended_minutes,
                )
                .await
                .map_err(|e| anyhow::anyhow!("cannot save state {code}: {e:?}"))?;
                cli_journal(&pool, "create-state", &serde_json::json!({ "code": code, "name": name, "receives_chats": receives_chats, "recommended_minutes": recommended_minutes })).await?;
                println!("state {code} ready");
                Ok(())
            })
            .await
        }
        Command::Openapi => {
            println!("{}", server::api::document().to_pretty_json()?);
            Ok(())
        }
        Command::ApiToken {
            action: ApiTokenAction::Create { name, scopes, all_scopes, rate, allowlist },
        } => {
            with_database(&config, |pool| async move {
                use app::domain::api_tokens::{self, NewToken, SCOPES};
                let scopes = if all_scopes { SCOPES.iter().map(|s| (*s).to_owned()).collect() } else { scopes };
                let new = NewToken { name, scopes, allowlist: allowlist.replace(',', "\n"), rate_per_minute: rate };
                let (id, token) = api_tokens::create(&pool, &new, None)
                    .await
                    .map_err(|e| anyhow::anyhow!("cannot create the token: {e:?}"))?;
                app::domain::audit::record(
                    &pool,
                    &app::domain::audit::Actor::system("cli"),
                    "api_token.created",
                    &id.to_string(),
                    &serde_json::json!({ "name": new.name, "scopes": new.scopes, "rate_per_minute": rate, "prefix": &token[..10] }),
                )
                .await?;
                println!("{token}");
                Ok(())
            })
            .await
        }
        Command::CreateChannel {
            name,
            key,
            rating_scale,
        } => {
            with_database(&config, |pool| async move {
                let channel = channels::upsert_webchat(&pool, &name, &key, rating_scale).await?;
                cli_journal(&pool, "create-channel", &serde_json::json!({ "name": name, "key": key, "rating_scale": rating_scale })).await?;
                println!("channel {} ready: key {}", channel.id, channel.public_key);
                Ok(())
            })
            .await
        }
    }
}

async fn license(config: &Config, action: LicenseAction) -> anyhow::Result<()> {
    use app::domain::licensing;
    match action {
        LicenseAction::Keygen {
            private_key,
            public_key,
        } => {
            let (private, public) = licensing::generate_pair();
            write_private(&private_key, &private)?;
            std::fs::write(&public_key, format!("{public}\n"))?;
            println!("private key: {} (keep it off the servers)", private_key.display());
            println!("public key:  {} ({public})", public_key.display());
            Ok(())
        }
        LicenseAction::Sign {
            private_key,
            licensee,
            operators,
            expires,
            id,
        } => {
            let private = std::fs::read_to_string(&private_key)
                .with_context(|| format!("reading {}", private_key.display()))?;
            let terms = app::license::model::License {
                id: id.unwrap_or_else(|| uuid::Uuid::new_v4().to_string()),
                licensee,
                max_operators: operators,
                issued: chrono::Utc::now().format("%Y-%m-%d").to_string(),
                expires,
            };
            let text =
                licensing::sign(&terms, &private).context("the private key is not a Base64 Ed25519 seed")?;
            print!("{text}");
            Ok(())
        }
        LicenseAction::Install { file } => {
            let text =
                std::fs::read_to_string(&file).with_context(|| format!("reading {}", file.display()))?;
            with_database(config, |pool| async move {
                let license = licensing::install(&pool, &text, &licensing::product_key(), None)
                    .await
                    .map_err(|e| anyhow::anyhow!("license refused: {e:?}"))?;
                app::domain::audit::record(
                    &pool,
                    &app::domain::audit::Actor::system("cli"),
                    "license.loaded",
                    &license.id,
                    &license,
                )
                .await?;
                println!(
                    "license {} for {}: {} operators",
                    license.id, license.licensee, license.max_operators
                );
                Ok(())
            })
            .await
        }
    }
}

/// Writes a private key readable by its owner only.
fn write_private(path: &std::path::Path, text: &str) -> anyhow::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .with_context(|| format!("creating {}", path.display()))?;
    writeln!(file, "{text}")?;
    Ok(())
}

/// Journals a settings change made on the command line (`settings.changed` by `system:cli`).
async fn cli_journal(pool: &sqlx::PgPool, command: &str, after: &serde_json::Value) -> anyhow::Result<()> {
    app::domain::audit::record(
        pool,
        &app::domain::audit::Actor::system("cli"),
        "settings.changed",
        command,
        &serde_json::json!({ "area": "cli", "after": after }),
    )
    .await?;
    Ok(())
}

/// `server audit verify`: prints the result; a broken chain is an error (exit 1).
async fn audit_verify(pool: &sqlx::PgPool) -> anyhow::Result<()> {
    use app::domain::audit::{verify, BreakKind, VerifyError};
    match verify(pool).await {
        Ok(v) => {
            println!("audit chain ok: {} records", v.records);
            println!("head: {}", v.head);
            Ok(())
        }
        Err(VerifyError::Broken(b)) => {
            let what = match b.kind {
                BreakKind::Altered => "its content was changed",
                BreakKind::Unlinked => {
                    "it does not follow the record before it (a record was removed or inserted)"
                }
            };
            anyhow::bail!(
                "audit chain broken at record {}: {what}; {} records before it verified",
                b.id,
                b.verified_before
            )
        }
        Err(VerifyError::Database(e)) => Err(e.into()),
    }
}

/// Runs `f` against the application's pool, then stops the embedded cluster if this call started it.
async fn with_database<F, Fut>(config: &Config, f: F) -> anyhow::Result<()>
where
    F: FnOnce(sqlx::PgPool) -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<()>>,
{
    let dbs = database::prepare(config).await?;
    let result = f(dbs.app.clone()).await;
    dbs.app.close().await;
    if let Some(pg) = dbs.started {
        pg.stop()?;
    }
    result
}

async fn db(config: &Config, action: DbAction) -> anyhow::Result<()> {
    let pg = EmbeddedPostgres::locate(&config.data_dir)?;
    match action {
        DbAction::Start => {
            pg.start()?;
        }
        DbAction::Stop => pg.stop()?,
        DbAction::Url => println!("{}", pg.superuser_url()),
        DbAction::Drop => {
            use sqlx::Executor;
            let admin =
                sqlx::PgPool::connect_with(pg.connect_options(server::postgres::SUPERUSER, "postgres"))
                    .await?;
            admin
                .execute(format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", config.db_name).as_str())
                .await?;
        }
    }
    Ok(())
}

async fn serve(config: &Config, demo: bool) -> anyhow::Result<()> {
    let leptos_options = get_configuration(None)
        .context("Leptos configuration (LEPTOS_* variables)")?
        .leptos_options;
    let addr = leptos_options.site_addr;
    // Read before the database starts, so a half-set pair stops nothing mid-way.
    let certificate = server::tls::CertificateFiles::from_env()?;
    let dbs = database::prepare(config).await?;
    if demo {
        server::demo::seed(&dbs.app, &addr.to_string()).await?;
    }
    let state = AppState {
        leptos_options,
        pool: dbs.app.clone(),
        bus: Bus::new(),
        secrets: config.secret_box()?,
    };
    let files = app::domain::files::storage::FileStore::open(&config.files_dir)
        .context("the files directory (CC_FILES_DIR)")?;
    // The messengers: the outbox worker and the Telegram bots' pollers.
    let channels = server::channels::Channels::new(state.clone(), files.clone());
    channels.spawn_workers();
    // Outgoing webhooks: the delivery worker.
    tokio::spawn(server::webhook_delivery::run(
        state.clone(),
        channels.outbound.clone(),
    ));
    // The routing worker: unanswered conversations back to the queue, a safety net
    // behind the event-driven assignment, wait notices and the inactivity auto-close — every 5 s.
    tokio::spawn({
        let (pool, bus) = (state.pool.clone(), state.bus.clone());
        async move {
            let mut tick = tokio::time::interval(std::time::Duration::from_secs(5));
            loop {
                tick.tick().await;
                app::domain::routing::tick(&pool, &bus).await;
                app::domain::auto_close::sweep(&pool, &bus).await;
            }
        }
    });
    // The dashboard's hourly rollup catches up with changed hours every 5 s, apart from
    // routing so a long catch-up (after an upgrade) never delays it; figures are exact
    // meanwhile (rollup::read computes dirty hours live).
    tokio::spawn({
        let pool = state.pool.clone();
        async move {
            let mut tick = tokio::time::interval(std::time::Duration::from_secs(5));
            loop {
                tick.tick().await;
                app::domain::reports::rollup::refresh_some(&pool, 2_000).await;
            }
        }
    });
    let app = router(
        state,
        Options {
            widget_dir: &config.widget_dir,
            demo,
            files,
        },
    );
    let served = match certificate {
        Some(certificate) => {
            let listener =
                server::tls::TlsListener::bind(addr, certificate, std::time::Duration::from_secs(60))
                    .await
                    .context("HTTPS (CC_TLS_CERT, CC_TLS_KEY)")?;
            tracing::info!("listening on https://{addr}");
            println!("Serving https://{addr} (Ctrl+C stops the server and its database)");
            server::tls::serve(listener, app, shutdown_signal()).await
        }
        None => {
            let listener = tokio::net::TcpListener::bind(addr)
                .await
                .with_context(|| format!("binding {addr}"))?;
            tracing::info!("listening on http://{addr}");
            println!("Serving http://{addr} (Ctrl+C stops the server and its database)");
            axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
                .with_graceful_shutdown(shutdown_signal())
                .await
        }
    };
    dbs.app.close().await;
    if let Some(pg) = dbs.started {
        tracing::info!("stopping the embedded PostgreSQL");
        pg.stop()?;
    }
    served.context("serving")
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let terminate = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}
