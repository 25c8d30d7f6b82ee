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
//!
//! Waiting for a lock holds no connection: [`Db::begin_locked`] first waits in the process (an async
//! mutex per scope and id), and only then takes a pooled connection and the database's lock, which is
//! then contended only by other app servers. So a burst of requests for one conference's seats queues
//! without emptying the pool for everyone else.

use anyhow::Context;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions, install_default_drivers};
use sqlx::{Any, AnyPool, Executor, Transaction};
use std::collections::HashMap;
use std::str::FromStr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::OwnedMutexGuard;

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

/// How many connections an app server keeps, and how long a request waits for one before it is told
/// the server is busy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PoolSettings {
    pub max_connections: u32,
    pub acquire_timeout: Duration,
}

impl PoolSettings {
    /// The defaults, sized for the documented burst of 64 clients registering at once: registrations
    /// of one conference queue in the process without a connection (see [`Db::begin_locked`]) and are
    /// written in batches on one connection, so 16 leave plenty for pages; 30 s outlasts any queue the
    /// burst builds.
    pub const DEFAULT: PoolSettings = PoolSettings { max_connections: 16, acquire_timeout: Duration::from_secs(30) };

    pub fn with_connections(max_connections: u32) -> PoolSettings {
        PoolSettings { max_connections, ..PoolSettings::DEFAULT }
    }
}

#[derive(Clone)]
pub struct Db {
    backend: Backend,
    pool: AnyPool,
    writer: AnyPool,
    local: Arc<LocalLocks>,
}

pub type Tx = Transaction<'static, Any>;

/// The in-process half of [`Db::begin_locked`]: one async mutex per lock scope and id.
#[derive(Default)]
struct LocalLocks(Mutex<HashMap<(i32, i64), Arc<tokio::sync::Mutex<()>>>>);

impl LocalLocks {
    fn get(&self, scope: LockScope, id: i64) -> Arc<tokio::sync::Mutex<()>> {
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() > 4096 {
            // Forget the locks nobody holds or waits for; conferences come and go.
            map.retain(|_, m| Arc::strong_count(m) > 1);
        }
        map.entry((scope as i32, id)).or_default().clone()
    }
}

/// A write transaction holding a lock (see [`Db::begin_locked`]); derefs to the transaction.
pub struct Locked {
    tx: Tx,
    _local: OwnedMutexGuard<()>,
}

impl Locked {
    /// Commits; the lock is released with the transaction (and then in the process).
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        self.tx.commit().await
    }
}

impl std::ops::Deref for Locked {
    type Target = Tx;
    fn deref(&self) -> &Tx {
        &self.tx
    }
}

impl std::ops::DerefMut for Locked {
    fn deref_mut(&mut self) -> &mut Tx {
        &mut self.tx
    }
}

impl Db {
    /// Opens the database (creating a SQLite file and its folder if needed); does not migrate.
    pub async fn connect(url: &str, max_connections: u32) -> anyhow::Result<Db> {
        Db::connect_with(url, PoolSettings::with_connections(max_connections)).await
    }

    /// [`Db::connect`] with every pool setting.
    pub async fn connect_with(url: &str, settings: PoolSettings) -> anyhow::Result<Db> {
        install_default_drivers();
        let backend = Backend::from_url(url)?;
        let max_connections = settings.max_connections.max(2);
        let local = Arc::new(LocalLocks::default());
        match backend {
            Backend::Sqlite => {
                let url = sqlite_url_with_create(url)?;
                let options = AnyConnectOptions::from_str(&url)?;
                let pool = sqlite_pool(options.clone(), max_connections, settings.acquire_timeout).await?;
                let writer = sqlite_pool(options, 1, settings.acquire_timeout).await?;
                Ok(Db { backend, pool, writer, local })
            }
            Backend::Postgres => {
                let pool = AnyPoolOptions::new()
                    .max_connections(max_connections)
                    .acquire_timeout(settings.acquire_timeout)
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
                Ok(Db { backend, writer: pool.clone(), pool, local })
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

    /// Starts a write transaction holding the lock of `scope` and `id` (see [`Db::lock`]). The wait for
    /// the lock happens first in the process, holding no connection; the connection is taken only
    /// once it is this request's turn, so waiting requests never empty the pool.
    pub async fn begin_locked(&self, scope: LockScope, id: i64) -> Result<Locked, sqlx::Error> {
        let local = self.local.get(scope, id).lock_owned().await;
        let mut tx = self.begin().await?;
        self.lock(&mut tx, scope, id).await?;
        Ok(Locked { tx, _local: local })
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

async fn sqlite_pool(options: AnyConnectOptions, max: u32, acquire_timeout: Duration) -> anyhow::Result<AnyPool> {
    AnyPoolOptions::new()
        .max_connections(max)
        .min_connections(1)
        .acquire_timeout(acquire_timeout)
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

/// Whether the database could not be reached or dropped the connection (rather than refusing a
/// statement): what was not committed is not stored, and the request can be sent again.
pub fn is_connection_error(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Io(_)
        | sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::WorkerCrashed
        | sqlx::Error::Protocol(_)
        | sqlx::Error::Tls(_) => true,
        // PostgreSQL: connection exceptions (08…) and operator intervention (57…: shutdown, terminated).
        sqlx::Error::Database(d) => d.code().is_some_and(|c| c.starts_with("08") || c.starts_with("57")),
        _ => false,
    }
}

/// Whether a database error is a unique-constraint violation (on either engine).
pub fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.is_unique_violation())
}
