//! Seats: the conference's capacity, each unit's quota, each training class's capacity, and the waiting
//! lists behind them.
//!
//! Every function here runs inside the caller's transaction, which holds the conference's seat lock
//! (`Db::lock(LockScope::ConferenceSeats)`; on SQLite the single writer): counting and then writing is
//! therefore atomic, and no limit can be exceeded however many requests arrive at once. Counts are taken
//! from the registrations themselves, not from a stored counter that could drift.

use super::store::{Actorship, record_event};
use crate::db::{Flag, Tx, now};
use crate::error::Result;
use crate::mail;
use hoinghi_domain::registration::RegistrationStatus;

#[derive(Clone, Debug)]
pub(crate) struct Limits {
    pub capacity: Option<i64>,
    pub waitlist: bool,
    pub requires_approval: bool,
    pub default_unit_quota: Option<i64>,
}

pub(crate) async fn limits(tx: &mut Tx, conference_id: i64) -> Result<Limits> {
    let (capacity,): (Option<i64>,) = sqlx::query_as("SELECT capacity FROM conferences WHERE id = $1")
        .bind(conference_id)
        .fetch_one(&mut **tx)
        .await?;
    let settings: Option<(Flag, Flag, Option<i64>)> = sqlx::query_as(
        "SELECT waitlist, requires_approval, default_unit_quota FROM registration_settings WHERE conference_id = $1",
    )
    .bind(conference_id)
    .fetch_optional(&mut **tx)
    .await?;
    let (waitlist, requires_approval, default_unit_quota) = match settings {
        Some((w, a, q)) => (w.0, a.0, q),
        None => (true, false, None),
    };
    Ok(Limits { capacity, waitlist, requires_approval, default_unit_quota })
}

async fn confirmed(tx: &mut Tx, conference_id: i64) -> Result<i64> {
    let (n,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM registrations WHERE conference_id = $1 AND status = 'confirmed'")
            .bind(conference_id)
            .fetch_one(&mut **tx)
            .await?;
    Ok(n)
}

async fn confirmed_in_unit(tx: &mut Tx, conference_id: i64, unit_id: i64) -> Result<i64> {
    let (n,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM registrations WHERE conference_id = $1 AND unit_id = $2 AND status = 'confirmed'",
    )
    .bind(conference_id)
    .bind(unit_id)
    .fetch_one(&mut **tx)
    .await?;
    Ok(n)
}

/// The quota of a unit: its own, else the conference's default; `None` is no limit.
pub(crate) async fn unit_quota(tx: &mut Tx, conference_id: i64, unit_id: i64, limits: &Limits) -> Result<Option<i64>> {
    let own: Option<(i64,)> = sqlx::query_as("SELECT quota FROM unit_quotas WHERE conference_id = $1 AND unit_id = $2")
        .bind(conference_id)
        .bind(unit_id)
        .fetch_optional(&mut **tx)
        .await?;
    Ok(own.map(|(q,)| q).or(limits.default_unit_quota))
}

/// Which limit stops a registration from getting a seat now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Full {
    Conference,
    Unit,
}

/// Whether a registration of `unit_id` would get a seat now.
pub(crate) async fn seat_for(
    tx: &mut Tx,
    conference_id: i64,
    unit_id: Option<i64>,
    limits: &Limits,
) -> Result<Option<Full>> {
    if let Some(capacity) = limits.capacity
        && confirmed(tx, conference_id).await? >= capacity
    {
        return Ok(Some(Full::Conference));
    }
    if let Some(unit) = unit_id
        && let Some(quota) = unit_quota(tx, conference_id, unit, limits).await?
        && confirmed_in_unit(tx, conference_id, unit).await? >= quota
    {
        return Ok(Some(Full::Unit));
    }
    Ok(None)
}

/// A training class's seats, from the published agenda: the session's own, else its room's.
pub(crate) fn class_capacity(snapshot: &hoinghi_domain::agenda::AgendaSnapshot, uid: &str) -> Option<i64> {
    let s = snapshot.sessions.iter().find(|s| s.uid == uid)?;
    s.capacity.or_else(|| s.room_id.and_then(|r| snapshot.rooms.iter().find(|x| x.id == r)).and_then(|r| r.capacity))
}

async fn class_taken(tx: &mut Tx, uid: &str) -> Result<i64> {
    let (n,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM registration_sessions rs JOIN registrations r ON r.id = rs.registration_id \
         WHERE rs.session_uid = $1 AND rs.status = 'confirmed' AND r.status = 'confirmed'",
    )
    .bind(uid)
    .fetch_one(&mut **tx)
    .await?;
    Ok(n)
}

/// Gives a confirmed registration its class seats where there are seats; the rest keep waiting.
pub(crate) async fn settle_classes(
    tx: &mut Tx,
    registration_id: i64,
    capacities: &[(String, Option<i64>)],
) -> Result<()> {
    let waiting: Vec<(String,)> = sqlx::query_as(
        "SELECT session_uid FROM registration_sessions WHERE registration_id = $1 AND status = 'waiting' ORDER BY session_uid",
    )
    .bind(registration_id)
    .fetch_all(&mut **tx)
    .await?;
    for (uid,) in waiting {
        let capacity = capacities.iter().find(|(u, _)| *u == uid).and_then(|(_, c)| *c);
        let free = match capacity {
            None => true,
            Some(cap) => class_taken(tx, &uid).await? < cap,
        };
        if free {
            sqlx::query(
                "UPDATE registration_sessions SET status = 'confirmed' WHERE registration_id = $1 AND session_uid = $2",
            )
            .bind(registration_id)
            .bind(&uid)
            .execute(&mut **tx)
            .await?;
        }
    }
    Ok(())
}

/// Fills the free seats of a class from its waiting list, first come first served.
pub(crate) async fn refill_class(tx: &mut Tx, uid: &str, capacity: Option<i64>) -> Result<Vec<i64>> {
    let mut promoted = Vec::new();
    loop {
        if let Some(cap) = capacity
            && class_taken(tx, uid).await? >= cap
        {
            break;
        }
        let next: Option<(i64,)> = sqlx::query_as(
            "SELECT rs.registration_id FROM registration_sessions rs JOIN registrations r ON r.id = rs.registration_id \
             WHERE rs.session_uid = $1 AND rs.status = 'waiting' AND r.status = 'confirmed' \
             ORDER BY rs.waitlisted_at, rs.registration_id LIMIT 1",
        )
        .bind(uid)
        .fetch_optional(&mut **tx)
        .await?;
        let Some((id,)) = next else { break };
        sqlx::query(
            "UPDATE registration_sessions SET status = 'confirmed' WHERE registration_id = $1 AND session_uid = $2",
        )
        .bind(id)
        .bind(uid)
        .execute(&mut **tx)
        .await?;
        promoted.push(id);
    }
    Ok(promoted)
}

/// Fills free seats of the conference from its waiting list, in order of arrival, skipping delegates
/// whose unit is at its quota. When the seat was freed by a unit with a quota, the first waiting delegate
/// of that same unit goes first. Each promoted delegate is told by mail.
pub(crate) async fn refill(
    svc: &crate::Service,
    tx: &mut Tx,
    conference_id: i64,
    freed_unit: Option<i64>,
    capacities: &[(String, Option<i64>)],
) -> Result<Vec<i64>> {
    let limits = limits(tx, conference_id).await?;
    let mut prefer = match freed_unit {
        Some(unit) if unit_quota(tx, conference_id, unit, &limits).await?.is_some() => Some(unit),
        _ => None,
    };
    let mut promoted = Vec::new();
    loop {
        if let Some(capacity) = limits.capacity
            && confirmed(tx, conference_id).await? >= capacity
        {
            break;
        }
        let waiting: Vec<(i64, Option<i64>)> = sqlx::query_as(
            "SELECT id, unit_id FROM registrations WHERE conference_id = $1 AND status = 'waiting' ORDER BY waitlisted_at, id",
        )
        .bind(conference_id)
        .fetch_all(&mut **tx)
        .await?;
        let mut pick = None;
        let ordered = waiting.iter().filter(|(_, u)| prefer.is_some() && *u == prefer).chain(waiting.iter());
        for (id, unit) in ordered {
            let fits = match unit {
                None => true,
                Some(u) => match unit_quota(tx, conference_id, *u, &limits).await? {
                    None => true,
                    Some(q) => confirmed_in_unit(tx, conference_id, *u).await? < q,
                },
            };
            if fits {
                pick = Some(*id);
                break;
            }
        }
        let Some(id) = pick else { break };
        prefer = None;
        set_status(tx, id, RegistrationStatus::Waiting, RegistrationStatus::Confirmed, Actorship::System, "promoted")
            .await?;
        settle_classes(tx, id, capacities).await?;
        mail::registration::queue(svc, tx, id, mail::registration::Kind::Promoted).await?;
        promoted.push(id);
    }
    Ok(promoted)
}

/// Moves a registration between states, recording who and when; the status in the WHERE clause makes a
/// stale transition fail rather than overwrite.
pub(crate) async fn set_status(
    tx: &mut Tx,
    registration_id: i64,
    from: RegistrationStatus,
    to: RegistrationStatus,
    by: Actorship,
    detail: &str,
) -> Result<bool> {
    let at = now();
    let waitlisted = if to == RegistrationStatus::Waiting { Some(at) } else { None };
    let done = sqlx::query(
        "UPDATE registrations SET status = $1, waitlisted_at = COALESCE($2, waitlisted_at), status_reason = $3, updated_at = $4 \
         WHERE id = $5 AND status = $6",
    )
    .bind(to.as_str())
    .bind(waitlisted)
    .bind(if to == RegistrationStatus::Confirmed { "" } else { detail })
    .bind(at)
    .bind(registration_id)
    .bind(from.as_str())
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    record_event(tx, registration_id, by, Some(from), to, detail).await?;
    Ok(true)
}
