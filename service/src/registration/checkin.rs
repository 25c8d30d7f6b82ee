//! The check-in desk: find a delegate by name typed without diacritics or by the badge code, and mark
//! their arrival for a day or a session. Session check-ins give the attendance hours of certificates.

use super::access::scope;
use super::search::{Filter, search_clause};
use super::store::{self, normalize_code};
use crate::Service;
use crate::accounts::Actor;
use crate::agenda::{ConferenceClock, latest_snapshot};
use crate::conferences::by_id_internal;
use crate::db::now;
use crate::error::Result;
use hoinghi_domain::registration::{CheckinMatch, RegistrationStatus};
use hoinghi_domain::text::search_key;
use hoinghi_domain::{AppError, Message};

const MAX_MATCHES: usize = 20;

/// Delegates whose name contains the words typed (diacritics and case ignored), whose code it is or
/// holds part of (four characters or more, as read off a badge), or whose email or phone it matches.
pub async fn search(svc: &Service, actor: &Actor, conference_id: i64, query: &str) -> Result<Vec<CheckinMatch>> {
    let s = scope(svc, actor, conference_id).await?;
    let key = search_key(query);
    if key.chars().count() < 2 {
        return Ok(Vec::new());
    }
    let code = normalize_code(query);
    let mut f = Filter::new();
    search_clause(&mut f, query);
    let sql = format!("SELECT r.id FROM registrations r WHERE {} ORDER BY r.id LIMIT 200", f.sql);
    let mut q = sqlx::query_as::<_, (i64,)>(&sql).bind(conference_id);
    for a in &f.args {
        q = q.bind(a);
    }
    let ids: Vec<i64> = q.fetch_all(svc.db.read()).await?.into_iter().map(|(id,)| id).collect();
    let mut conn = svc.db.read().acquire().await?;
    let mut found = store::load_some(&mut conn, conference_id, &ids).await?;
    found.retain(|r| s.allows(r.unit_id));
    // An exact code first: that is a scanned badge.
    found.sort_by_key(|r| r.code != code);
    Ok(found
        .into_iter()
        .take(MAX_MATCHES)
        .map(|r| CheckinMatch { checked: r.checked_in.clone(), registration: r })
        .collect())
}

/// A valid scope: "day:YYYY-MM-DD" of the conference, or "session:<uid>" of its published agenda.
async fn check_scope(svc: &Service, conference_id: i64, scope: &str) -> Result<()> {
    let conference = by_id_internal(svc, conference_id).await?;
    let ok = if let Some(day) = scope.strip_prefix("day:") {
        day.parse().is_ok_and(|d| ConferenceClock::of(&conference).is_conference_day(d))
    } else if let Some(uid) = scope.strip_prefix("session:") {
        let mut conn = svc.db.read().acquire().await?;
        latest_snapshot(&mut conn, conference_id).await?.is_some_and(|s| s.sessions.iter().any(|x| x.uid == uid))
    } else {
        false
    };
    if ok { Ok(()) } else { Err(AppError::invalid("scope", Message::new("checkin-error-scope")).into()) }
}

async fn registration(svc: &Service, actor: &Actor, registration_id: i64) -> Result<(i64, RegistrationStatus)> {
    let row: Option<(i64, Option<i64>, String)> =
        sqlx::query_as("SELECT conference_id, unit_id, status FROM registrations WHERE id = $1")
            .bind(registration_id)
            .fetch_optional(svc.db.read())
            .await?;
    let (conference_id, unit, status) = row.ok_or(AppError::NotFound)?;
    if !scope(svc, actor, conference_id).await?.allows(unit) {
        return Err(AppError::Forbidden.into());
    }
    Ok((conference_id, RegistrationStatus::parse(&status).unwrap_or(RegistrationStatus::Pending)))
}

/// Marks an arrival. Only confirmed delegates are admitted; doing it twice changes nothing.
pub async fn check_in(svc: &Service, actor: &Actor, registration_id: i64, scope: &str) -> Result<()> {
    let (conference_id, status) = registration(svc, actor, registration_id).await?;
    if status != RegistrationStatus::Confirmed {
        return Err(AppError::rejected("checkin-error-not-confirmed").into());
    }
    check_scope(svc, conference_id, scope).await?;
    sqlx::query(
        "INSERT INTO checkins (registration_id, scope, at, user_id) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
    )
    .bind(registration_id)
    .bind(scope)
    .bind(now())
    .bind(actor.user_id())
    .execute(svc.db.write())
    .await?;
    Ok(())
}

pub async fn undo_check_in(svc: &Service, actor: &Actor, registration_id: i64, scope: &str) -> Result<()> {
    registration(svc, actor, registration_id).await?;
    sqlx::query("DELETE FROM checkins WHERE registration_id = $1 AND scope = $2")
        .bind(registration_id)
        .bind(scope)
        .execute(svc.db.write())
        .await?;
    Ok(())
}

/// Hours of the sessions a delegate was checked in to (for training certificates).
pub async fn attendance_hours(svc: &Service, conference_id: i64, registration_id: i64) -> Result<f64> {
    let scopes: Vec<(String,)> = sqlx::query_as("SELECT scope FROM checkins WHERE registration_id = $1")
        .bind(registration_id)
        .fetch_all(svc.db.read())
        .await?;
    let mut conn = svc.db.read().acquire().await?;
    let Some(snapshot) = latest_snapshot(&mut conn, conference_id).await? else { return Ok(0.0) };
    Ok(hours_attended(scopes.iter().map(|(s,)| s.as_str()), &snapshot))
}

/// The rule behind [`attendance_hours`], over check-in scopes already loaded: the published length of
/// every session (not cancelled) the delegate was checked in to; the day-level check-in counts for none.
pub(crate) fn hours_attended<'a>(
    scopes: impl Iterator<Item = &'a str>,
    snapshot: &hoinghi_domain::agenda::AgendaSnapshot,
) -> f64 {
    let seconds: i64 = scopes
        .filter_map(|s| s.strip_prefix("session:"))
        .filter_map(|uid| snapshot.sessions.iter().find(|x| x.uid == uid && !x.cancelled))
        .map(|x| x.ends_at - x.starts_at)
        .sum();
    seconds as f64 / 3600.0
}
