//! The service layer of hoinghi: every business rule, once, over SQLite or PostgreSQL.
//!
//! The UI's server functions, the JSON API, the calendar feeds and the document routes all call the
//! functions of this crate; none of them checks a rule of its own. A function takes the [`Service`]
//! handle, the [`accounts::Actor`] on whose behalf it acts, and typed input; it checks permissions,
//! validates, writes in one transaction, and returns domain types or an [`error::Error`].
//!
//! One folder per capability: `accounts`, `conferences`, `reference`, `agenda`, `people`, …

pub mod accounts;
pub mod agenda;
pub mod audit;
pub mod blocking;
pub mod calendar;
pub mod collation;
pub mod conferences;
pub mod correspondence;
pub mod dashboard;
pub mod db;
pub mod demo;
pub mod documents;
pub mod email;
pub mod error;
pub mod feedback;
pub mod files;
pub mod mail;
pub mod minutes;
pub mod paging;
pub mod people;
pub mod public_revision;
pub mod qr;
pub mod reference;
pub mod registration;
pub mod secrets;
pub mod tabular;
pub mod validate;

use std::sync::Arc;

pub use db::{Backend, Db, PoolSettings};
pub use error::{Error, Result};

/// Settings the rules need (not the HTTP server's settings).
#[derive(Clone, Debug)]
pub struct Settings {
    /// Where users reach the site, without a trailing slash (e.g. `https://hoinghi.example.vn`); used in
    /// mails and calendar feeds, which are read outside the browser.
    pub public_url: String,
    /// A server-wide secret (at least 32 bytes) for keyed hashes.
    pub secret: Vec<u8>,
    /// The sender of mails (`Name <address>`), also the ORGANIZER of calendar events.
    pub mail_from: String,
    /// Whether a mail server is configured. Without one, messages are written to the outbox as kept
    /// ("unsent") and nothing ever touches them again.
    pub mail_server: bool,
}

impl Settings {
    pub fn for_tests() -> Settings {
        Settings {
            public_url: "http://127.0.0.1:3000".into(),
            secret: b"test secret of thirty-two bytes!".to_vec(),
            mail_from: "Hội nghị <no-reply@localhost>".into(),
            mail_server: true,
        }
    }
}

/// The handle every service function takes: cheap to clone, shared by all requests.
#[derive(Clone)]
pub struct Service {
    pub db: Db,
    pub settings: Arc<Settings>,
    /// What requests of this process share besides the database: the registration intake of each
    /// conference and the mail sender's wake-up.
    pub(crate) shared: Arc<Shared>,
}

#[derive(Default)]
pub(crate) struct Shared {
    pub(crate) intake: registration::Intake,
    pub(crate) forms: registration::FormCache,
    pub(crate) mail_written: tokio::sync::Notify,
}

impl Service {
    /// Opens the database, applies migrations and loads the shipped reference data.
    pub async fn start(database_url: &str, max_connections: u32, settings: Settings) -> anyhow::Result<Service> {
        Service::start_with(database_url, PoolSettings::with_connections(max_connections), settings).await
    }

    /// [`Service::start`] with every pool setting.
    pub async fn start_with(database_url: &str, pool: PoolSettings, settings: Settings) -> anyhow::Result<Service> {
        let db = Db::connect_with(database_url, pool).await?;
        db.migrate().await?;
        let svc = Service { db, settings: Arc::new(settings), shared: Arc::default() };
        let mut tx = svc.db.begin().await?;
        let added = reference::ensure_admin_units(&mut tx).await.map_err(anyhow::Error::from)?;
        tx.commit().await?;
        if added > 0 {
            tracing::info!(added, "loaded provincial-level units");
        }
        Ok(svc)
    }
}
