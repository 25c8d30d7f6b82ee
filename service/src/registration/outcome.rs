//! What an approval did, so the organizer reads it in words ("3 approved; 1 on the waiting list because
//! the unit's quota is used"), not a bare "updated".

use super::lifecycle::approve;
use super::seats;
use crate::Service;
use crate::accounts::Actor;
use crate::error::Result;
use hoinghi_domain::desk::{ApprovalOutcome, WaitingReason};

/// Approves `ids` (see [`approve`]) and tells what happened to each of them.
pub async fn approve_with_outcome(svc: &Service, actor: &Actor, ids: &[i64]) -> Result<ApprovalOutcome> {
    let before = statuses(svc, ids).await?;
    approve(svc, actor, ids).await?;
    let after = statuses(svc, ids).await?;
    let mut outcome = ApprovalOutcome::default();
    for (id, conference_id, unit_id, status) in after {
        let was_pending = before.iter().any(|(b, _, _, s)| *b == id && s == "pending");
        match (was_pending, status.as_str()) {
            (true, "confirmed") => outcome.confirmed += 1,
            (true, "waiting") => outcome.waiting.push(waiting_reason(svc, conference_id, unit_id).await?),
            _ => outcome.skipped += 1,
        }
    }
    Ok(outcome)
}

async fn statuses(svc: &Service, ids: &[i64]) -> Result<Vec<(i64, i64, Option<i64>, String)>> {
    let mut out = Vec::new();
    for id in ids {
        let row: Option<(i64, i64, Option<i64>, String)> =
            sqlx::query_as("SELECT id, conference_id, unit_id, status FROM registrations WHERE id = $1")
                .bind(id)
                .fetch_optional(svc.db.read())
                .await?;
        out.extend(row);
    }
    Ok(out)
}

/// The limit that sent a delegate of `unit_id` to the waiting list, read as it stands after the approval.
async fn waiting_reason(svc: &Service, conference_id: i64, unit_id: Option<i64>) -> Result<WaitingReason> {
    let mut tx = svc.db.begin().await?;
    // Class seats play no part in the conference's and the unit's limits, so none are read.
    let mut seats = seats::Seats::open(&mut tx, conference_id, Vec::new()).await?;
    let full = seats.seat_for(&mut tx, unit_id).await?;
    let name: Option<(i64, String)> = match unit_id {
        Some(u) => sqlx::query_as("SELECT id, name FROM units WHERE id = $1").bind(u).fetch_optional(&mut *tx).await?,
        None => None,
    };
    tx.rollback().await?;
    Ok(match (full, name) {
        (Some(seats::Full::Unit), Some((id, name))) => WaitingReason::Unit { id, name },
        _ => WaitingReason::Conference,
    })
}
