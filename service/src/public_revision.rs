//! A counter that changes whenever something the public can see changes.
//!
//! Caches of rendered pages and calendar feeds (on every app server) remember the revision they were
//! built from and rebuild when it moves. Every write that changes public content bumps it inside its own
//! transaction, so a cache can never see the new revision with the old data.

use crate::Service;
use crate::db::Tx;
use crate::error::Result;

pub async fn bump(tx: &mut Tx) -> Result<()> {
    sqlx::query("UPDATE site_state SET public_revision = public_revision + 1 WHERE id = 1").execute(&mut **tx).await?;
    Ok(())
}

pub async fn current(svc: &Service) -> Result<i64> {
    let (revision,): (i64,) =
        sqlx::query_as("SELECT public_revision FROM site_state WHERE id = 1").fetch_one(svc.db.read()).await?;
    Ok(revision)
}
