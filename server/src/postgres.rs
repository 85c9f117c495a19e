//! The embedded PostgreSQL: the system's own server binaries (Debian keeps them in
//! `/usr/lib/postgresql/<version>/bin`) running a private cluster under `./data/pg`,
//! listening only on a unix socket in `./data/run`. `initdb` refuses to run as root,
//! so as root every command runs as the `postgres` user, who owns the cluster.

use anyhow::{bail, Context};
use sqlx::postgres::PgConnectOptions;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The port number only names the socket file; nothing listens on TCP.
const PORT: u16 = 5432;
pub const SUPERUSER: &str = "postgres";

pub struct EmbeddedPostgres {
    root: PathBuf,
    bin_dir: PathBuf,
    run_as: Option<&'static str>,
}

impl EmbeddedPostgres {
    pub fn locate(data_dir: &Path) -> anyhow::Result<Self> {
        std::fs::create_dir_all(data_dir).with_context(|| format!("creating {}", data_dir.display()))?;
        let mut root = data_dir.canonicalize()?;
        let bin_dir = find_bin_dir()?;
        let run_as = is_root().then_some("postgres");
        if let Some(user) = run_as {
            if !can_enter(user, &root) {
                // A clone under a private home folder: the postgres user can't reach ./data.
                let fallback = PathBuf::from("/var/lib/contact-center").join(path_key(&root));
                eprintln!(
                    "note: the {user} user cannot enter {}; the embedded cluster lives in {} instead",
                    root.display(),
                    fallback.display()
                );
                std::fs::create_dir_all(&fallback)?;
                root = fallback;
            }
        }
        Ok(Self {
            root,
            bin_dir,
            run_as,
        })
    }

    pub fn pgdata(&self) -> PathBuf {
        self.root.join("pg")
    }

    pub fn socket_dir(&self) -> PathBuf {
        self.root.join("run")
    }

    fn log_dir(&self) -> PathBuf {
        self.root.join("log")
    }

    fn log_file(&self) -> PathBuf {
        self.log_dir().join("postgres.log")
    }

    fn command(&self, tool: &str) -> Command {
        let program = self.bin_dir.join(tool);
        match self.run_as {
            Some(user) => {
                let mut c = Command::new("runuser");
                c.args(["-u", user, "--"]).arg(program);
                c
            }
            None => Command::new(program),
        }
    }

    pub fn is_running(&self) -> bool {
        self.pgdata().join("PG_VERSION").exists()
            && self
                .command("pg_ctl")
                .arg("status")
                .arg("-D")
                .arg(self.pgdata())
                .output()
                .is_ok_and(|o| o.status.success())
    }

    /// Creates the cluster on first use and starts it. Returns `true` if this call
    /// started it (and so whoever called should stop it).
    pub fn start(&self) -> anyhow::Result<bool> {
        if self.is_running() {
            return Ok(false);
        }
        for dir in [self.pgdata(), self.socket_dir(), self.log_dir()] {
            std::fs::create_dir_all(&dir)?;
        }
        if let Some(user) = self.run_as {
            run(Command::new("chown")
                .args(["-R", &format!("{user}:{user}")])
                .arg(self.pgdata())
                .arg(self.socket_dir())
                .arg(self.log_dir()))?;
            let probe = Command::new("runuser")
                .args(["-u", user, "--", "test", "-w"])
                .arg(self.pgdata())
                .status()?;
            if !probe.success() {
                bail!(
                    "the {user} user cannot write {} (a parent folder is closed to it); \
                     clone the project where other users can enter, or set DATABASE_URL",
                    self.pgdata().display()
                );
            }
        }
        if !self.pgdata().join("PG_VERSION").exists() {
            tracing::info!(dir = %self.pgdata().display(), "creating the embedded PostgreSQL cluster");
            run(self.command("initdb").arg("-D").arg(self.pgdata()).args([
                "-U",
                SUPERUSER,
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "--auth-local=trust",
                "--auth-host=reject",
            ]))?;
        }
        let options = format!(
            "-c listen_addresses='' -k '{}' -p {PORT} -c max_connections=200 -c fsync=on",
            self.socket_dir().display()
        );
        run(self
            .command("pg_ctl")
            .arg("start")
            .arg("-w")
            .args(["-t", "60"])
            .arg("-D")
            .arg(self.pgdata())
            .arg("-l")
            .arg(self.log_file())
            .arg("-o")
            .arg(options))?;
        Ok(true)
    }

    pub fn stop(&self) -> anyhow::Result<()> {
        if self.is_running() {
            run(self
                .command("pg_ctl")
                .arg("stop")
                .args(["-m", "fast", "-w"])
                .arg("-D")
                .arg(self.pgdata()))?;
        }
        Ok(())
    }

    /// Connection options for a role and database on the private socket.
    pub fn connect_options(&self, user: &str, database: &str) -> PgConnectOptions {
        PgConnectOptions::new()
            .socket(self.socket_dir())
            .port(PORT)
            .username(user)
            .database(database)
    }

    /// A URL for the superuser (what `#[sqlx::test]` needs to create test databases).
    pub fn superuser_url(&self) -> String {
        format!(
            "postgres://{SUPERUSER}@localhost:{PORT}/postgres?host={}",
            self.socket_dir().display()
        )
    }
}

fn run(cmd: &mut Command) -> anyhow::Result<()> {
    let output = cmd.output().with_context(|| format!("running {cmd:?}"))?;
    if !output.status.success() {
        bail!(
            "{cmd:?} failed: {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok(())
}

/// Whether `user` can reach `dir` (every folder above it must let them through).
fn can_enter(user: &str, dir: &Path) -> bool {
    Command::new("runuser")
        .args(["-u", user, "--", "test", "-x"])
        .arg(dir)
        .status()
        .is_ok_and(|s| s.success())
}

/// A folder name unique to a clone's path, for the fallback location.
fn path_key(dir: &Path) -> String {
    dir.to_string_lossy()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect::<String>()
        .trim_matches('_')
        .to_owned()
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// The newest installed PostgreSQL's binaries (`PG_BIN` overrides).
fn find_bin_dir() -> anyhow::Result<PathBuf> {
    if let Some(dir) = std::env::var_os("PG_BIN") {
        return Ok(PathBuf::from(dir));
    }
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .context(
            "PostgreSQL server binaries not found under /usr/lib/postgresql (apt-get install postgresql)",
        )?
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let version = e.file_name().to_str()?.parse().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").exists().then_some((version, bin))
        })
        .collect();
    versions.sort();
    versions
        .pop()
        .map(|(_, bin)| bin)
        .context("no PostgreSQL with initdb under /usr/lib/postgresql")
}
