//! The audit log: who did what to which conference, and when.

use crate::accounts::Actor;
use crate::db::{Tx, now};
use crate::error::Result;

/// Records an action inside the transaction that performs it, so the log and the change agree.
pub async fn record(tx: &mut Tx, actor: &Actor, conference_id: Option<i64>, action: &str, detail: &str) -> Result<()> {
    sqlx::query("INSERT INTO audit_log (at, user_id, conference_id, action, detail) VALUES ($1, $2, $3, $4, $5)")
        .bind(now())
        .bind(actor.user_id())
        .bind(conference_id)
        .bind(action)
        .bind(detail)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
