//! Storage: one handle over SQLite (the embedded default) or PostgreSQL (several app servers).
//!
//! Queries go through `sqlx::Any` and are written once, in the SQL both engines share: `$1`
//! placeholders (SQLite's driver binds `$N` by number), `RETURNING`, `ON CONFLICT`, no `now()` (the
//! clock is ours), instants as `BIGINT` Unix seconds in UTC, dates as ISO `TEXT`, and integer
//! aggregates cast to `BIGINT` (PostgreSQL's `SUM` is `NUMERIC`, which `Any` cannot decode). Each engine
//! has its own migrations (`migrations/sqlite`, `migrations/postgres`); a test keeps them in step.
//!
//! Writes: SQLite allows one writer at a time. Every write transaction takes the single connection of
//! `writer`, so writers queue inside the process instead of failing with `SQLITE_BUSY`, and a
//! transaction that reads before it writes can never fail to upgrade its lock. On PostgreSQL `writer`
//! is the ordinary pool and capacity rules take an advisory lock (see [`Db::lock`]).

use anyhow::Context;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions, install_default_drivers};
use sqlx::{Any, AnyPool, Executor, Transaction};
use std::str::FromStr;
use std::time::Duration;

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/postgres");

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn from_url(url: &str) -> anyhow::Result<Backend> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Ok(Backend::Postgres)
        } else {
            anyhow::bail!("unsupported DATABASE_URL {url:?}: use sqlite://… or postgres://…")
        }
    }
}

#[derive(Clone)]
pub struct Db {
    backend: Backend,
    pool: AnyPool,
    writer: AnyPool,
}

pub type Tx = Transaction<'static, Any>;

impl Db {
    /// Opens the database (creating a SQLite file and its folder if needed); does not migrate.
    pub async fn connect(url: &str, max_connections: u32) -> anyhow::Result<Db> {
        install_default_drivers();
        let backend = Backend::from_url(url)?;
        let max_connections = max_connections.max(2);
        match backend {
            Backend::Sqlite => {
                let url = sqlite_url_with_create(url)?;
                let options = AnyConnectOptions::from_str(&url)?;
                let pool = sqlite_pool(options.clone(), max_connections).await?;
                let writer = sqlite_pool(options, 1).await?;
                Ok(Db { backend, pool, writer })
            }
            Backend::Postgres => {
                let pool = AnyPoolOptions::new()
                    .max_connections(max_connections)
                    .acquire_timeout(Duration::from_secs(10))
                    .after_connect(|conn, _| {
                        Box::pin(async move {
                            // Our instants are integers; keep server-side text in UTC for psql users.
                            conn.execute("SET TIME ZONE 'UTC'").await?;
                            Ok(())
                        })
                    })
                    .connect(url)
                    .await
                    .with_context(|| "connecting to PostgreSQL")?;
                Ok(Db { backend, writer: pool.clone(), pool })
            }
        }
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The pool for reads.
    pub fn read(&self) -> &AnyPool {
        &self.pool
    }

    /// The pool for single-statement writes outside a transaction.
    pub fn write(&self) -> &AnyPool {
        &self.writer
    }

    /// Starts a write transaction.
    pub async fn begin(&self) -> Result<Tx, sqlx::Error> {
        self.writer.begin().await
    }

    /// Serialises rule checks of one scope (e.g. the seats of one conference) across transactions and
    /// app servers, until the transaction ends. On SQLite the single writer already serialises them.
    pub async fn lock(&self, tx: &mut Tx, scope: LockScope, id: i64) -> Result<(), sqlx::Error> {
        if self.backend == Backend::Postgres {
            sqlx::query("SELECT pg_advisory_xact_lock($1, $2)")
                .bind(scope as i32)
                .bind(id as i32)
                .execute(&mut **tx)
                .await?;
        }
        Ok(())
    }

    pub async fn migrate(&self) -> anyhow::Result<()> {
        let migrator = match self.backend {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        };
        migrator.run(&self.writer).await.context("applying migrations")?;
        Ok(())
    }

    /// A cheap round trip, for `/healthz`.
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        sqlx::query("SELECT 1").execute(&self.pool).await.map(|_| ())
    }

    pub async fn close(&self) {
        self.pool.close().await;
        self.writer.close().await;
    }

    /// Writes a consistent copy of a SQLite database to `path` while the app keeps running.
    pub async fn backup_sqlite(&self, path: &str) -> anyhow::Result<()> {
        anyhow::ensure!(self.backend == Backend::Sqlite, "backup is for SQLite; use pg_dump for PostgreSQL");
        anyhow::ensure!(!std::path::Path::new(path).exists(), "{path} already exists");
        // VACUUM INTO reads one snapshot and writes a compact, self-contained database file.
        sqlx::query("VACUUM INTO $1").bind(path).execute(&self.pool).await?;
        Ok(())
    }
}

/// What an advisory lock protects; the number is the lock's first key.
#[derive(Clone, Copy, Debug)]
#[repr(i32)]
pub enum LockScope {
    ConferenceSeats = 1,
    AgendaPublish = 2,
    Minutes = 3,
    Feedback = 4,
    /// The sign-in count of one account or address (the second key is a hash of it).
    SignIn = 5,
    /// "Send me my link" requests (one lock: the throttle counts and records in one step).
    LinkRequests = 6,
    /// The register of outgoing documents of one agency: the next number is read and taken in one step.
    Register = 7,
}

async fn sqlite_pool(options: AnyConnectOptions, max: u32) -> anyhow::Result<AnyPool> {
    AnyPoolOptions::new()
        .max_connections(max)
        .min_connections(1)
        .acquire_timeout(Duration::from_secs(30))
        .after_connect(|conn, _| {
            Box::pin(async move {
                // WAL: readers never block the writer. FULL: a commit is on disk before we answer,
                // so nothing acknowledged is lost even on power failure.
                conn.execute(
                    "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; \
                     PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000;",
                )
                .await?;
                Ok(())
            })
        })
        .connect_with(options)
        .await
        .context("opening the SQLite database")
}

/// Adds `mode=rwc` (create if missing) and creates the folder of the database file.
fn sqlite_url_with_create(url: &str) -> anyhow::Result<String> {
    let rest = url.trim_start_matches("sqlite://").trim_start_matches("sqlite:");
    let path = rest.split('?').next().unwrap_or("");
    if !path.is_empty()
        && path != ":memory:"
        && let Some(parent) = std::path::Path::new(path).parent()
        && !parent.as_os_str().is_empty()
    {
        std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
    }
    Ok(if url.contains("mode=") {
        url.to_string()
    } else if url.contains('?') {
        format!("{url}&mode=rwc")
    } else {
        format!("{url}?mode=rwc")
    })
}

/// The current instant as stored: Unix seconds, UTC.
pub fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// A yes/no column. PostgreSQL stores `BOOLEAN`; SQLite stores `INTEGER` 0/1, because `sqlx::Any` cannot
/// read SQLite's `BOOLEAN` declaration. Read flags as `Flag` (or `#[sqlx(try_from = "Flag")] bool`);
/// binding a Rust `bool` works on both engines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Flag(pub bool);

impl From<Flag> for bool {
    fn from(f: Flag) -> bool {
        f.0
    }
}

impl sqlx::Type<Any> for Flag {
    fn type_info() -> sqlx::any::AnyTypeInfo {
        <bool as sqlx::Type<Any>>::type_info()
    }

    fn compatible(ty: &sqlx::any::AnyTypeInfo) -> bool {
        <bool as sqlx::Type<Any>>::compatible(ty) || <i64 as sqlx::Type<Any>>::compatible(ty)
    }
}

impl<'r> sqlx::Decode<'r, Any> for Flag {
    fn decode(value: sqlx::any::AnyValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
        use sqlx::ValueRef;
        if <bool as sqlx::Type<Any>>::compatible(&value.type_info()) {
            Ok(Flag(<bool as sqlx::Decode<Any>>::decode(value)?))
        } else {
            Ok(Flag(<i64 as sqlx::Decode<Any>>::decode(value)? != 0))
        }
    }
}

/// Whether a database error is a unique-constraint violation (on either engine).
pub fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.is_unique_violation())
}
