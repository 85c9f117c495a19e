//! Connecting to PostgreSQL, migrating, and the two roles: the owner that runs
//! migrations, and the application's role with only the grants it uses.

use crate::config::Config;
use crate::postgres::{EmbeddedPostgres, SUPERUSER};
use anyhow::Context;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{Executor, PgPool};
use std::str::FromStr;

pub const OWNER_ROLE: &str = "cc_owner";
pub const APP_ROLE: &str = "cc_app";

pub struct Databases {
    /// The application's pool (role `cc_app` on the embedded cluster).
    pub app: PgPool,
    /// The embedded cluster, if this process started it (stopped at shutdown).
    pub started: Option<EmbeddedPostgres>,
}

/// Starts the embedded cluster if needed, creates roles and database, migrates,
/// grants, and returns the application's pool.
pub async fn prepare(config: &Config) -> anyhow::Result<Databases> {
    if let Some(url) = &config.database_url {
        let pool = pool(PgConnectOptions::from_str(url)?, 20).await?;
        app::domain::MIGRATOR.run(&pool).await.context("migrating")?;
        return Ok(Databases {
            app: pool,
            started: None,
        });
    }
    let pg = EmbeddedPostgres::locate(&config.data_dir)?;
    let started = pg.start()?;
    let result = prepare_embedded(&pg, &config.db_name).await;
    match result {
        Ok(app) => Ok(Databases {
            app,
            started: started.then_some(pg),
        }),
        Err(e) => {
            if started {
                let _ = pg.stop();
            }
            Err(e)
        }
    }
}

async fn prepare_embedded(pg: &EmbeddedPostgres, db_name: &str) -> anyhow::Result<PgPool> {
    let admin = pool(pg.connect_options(SUPERUSER, "postgres"), 2).await?;
    for role in [OWNER_ROLE, APP_ROLE] {
        let exists: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)")
            .bind(role)
            .fetch_one(&admin)
            .await?;
        if !exists {
            // Role names are constants of this module, not input.
            admin
                .execute(format!("CREATE ROLE {role} LOGIN").as_str())
                .await?;
        }
    }
    let exists: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)")
        .bind(db_name)
        .fetch_one(&admin)
        .await?;
    if !exists {
        // `db_name` is checked by `Config` to be [a-z0-9_]+.
        admin
            .execute(format!("CREATE DATABASE {db_name} OWNER {OWNER_ROLE}").as_str())
            .await?;
    }
    admin.close().await;

    let db_admin = pool(pg.connect_options(SUPERUSER, db_name), 1).await?;
    db_admin
        .execute(
            format!(
                "ALTER SCHEMA public OWNER TO {OWNER_ROLE};
                 REVOKE ALL ON SCHEMA public FROM PUBLIC;
                 GRANT USAGE ON SCHEMA public TO {APP_ROLE};"
            )
            .as_str(),
        )
        .await?;
    db_admin.close().await;

    let owner = pool(pg.connect_options(OWNER_ROLE, db_name), 2).await?;
    migrate_and_grant(&owner).await?;
    owner.close().await;

    pool(pg.connect_options(APP_ROLE, db_name), 20).await
}

/// Applies migrations as the owner, then gives the application role exactly
/// what it uses: rows of the tables, not their shape, and not the migration history.
pub async fn migrate_and_grant(owner: &PgPool) -> anyhow::Result<()> {
    app::domain::MIGRATOR.run(owner).await.context("migrating")?;
    grant_application_role(owner).await
}

/// The application role's grants: every table's rows, except that the audit journal
/// is append-only and the migration history is not its business.
pub async fn grant_application_role(owner: &PgPool) -> anyhow::Result<()> {
    owner
        .execute(
            format!(
                "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {APP_ROLE};
                 GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {APP_ROLE};
                 REVOKE ALL ON _sqlx_migrations FROM {APP_ROLE};
                 REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM {APP_ROLE};"
            )
            .as_str(),
        )
        .await?;
    Ok(())
}

/// A pool; its sessions run without PostgreSQL's JIT, whose compile time (a few hundred
/// milliseconds for a report's many aggregates) costs more than it saves on queries that
/// read thousands of rows.
async fn pool(options: PgConnectOptions, max: u32) -> anyhow::Result<PgPool> {
    PgPoolOptions::new()
        .max_connections(max)
        .connect_with(options.options([("jit", "off")]))
        .await
        .context("connecting to PostgreSQL")
}
