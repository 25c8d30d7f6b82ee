//! The life of a registration: registering (by the delegate, an organizer, a unit coordinator or an
//! import), approval and rejection, cancellation, and the delegate's own changes through the private
//! link. Each change happens in one transaction holding the conference's seat lock, records who made it,
//! queues the mail that tells the delegate, and refills freed seats from the waiting lists.

use super::access::{Scope, scope};
use super::form::{self, FormContext, Source, Valid};
use super::link;
use super::seats::{self, Full, Limits};
use super::store::{self, Actorship, new_code, record_event};
use crate::Service;
use crate::accounts::Actor;
use crate::conferences::by_id_internal;
use crate::db::{LockScope, Tx, is_unique_violation, now};
use crate::error::{Error, Result};
use crate::mail::registration::{Kind, queue};
use crate::public_revision;
use crate::secrets::{random_token, sha256_hex};
use hoinghi_domain::conference::{Conference, ConferenceStatus};
use hoinghi_domain::registration::{Registration, RegistrationInput, RegistrationStatus, limits};
use hoinghi_domain::text::clean_text;
use hoinghi_domain::{AppError, Locale, Message};

/// A new registration and its private link's token (shown to the delegate, and mailed).
#[derive(Debug)]
pub struct Registered {
    pub registration: Registration,
    pub token: String,
}

/// Why registration is not possible now, if it is not.
pub(crate) fn window_closed(
    conference: &Conference,
    opens_at: Option<i64>,
    closes_at: Option<i64>,
    at: i64,
) -> Option<&'static str> {
    if conference.status == ConferenceStatus::Draft {
        Some("registration-closed-draft")
    } else if conference.status == ConferenceStatus::Closed {
        Some("registration-closed-conference")
    } else if opens_at.is_some_and(|t| at < t) {
        Some("registration-closed-not-yet")
    } else if closes_at.is_some_and(|t| at >= t) {
        Some("registration-closed-ended")
    } else {
        None
    }
}

/// Every field that clashes with another active registration of the conference, checked under the
/// conference's seat lock so the answer names email and phone together and comes before any "full"
/// verdict. The unique indexes remain the guarantee; `duplicate` translates them if this is bypassed.
async fn check_unique(tx: &mut Tx, conference_id: i64, v: &Valid, except: Option<i64>) -> Result<()> {
    let mut errors = hoinghi_domain::FieldErrors::new();
    for (field, column, key) in [("email", "email_key", &v.email_key), ("phone", "phone_key", &v.phone_key)] {
        if key.is_empty() {
            continue;
        }
        let taken: Option<(i64,)> = sqlx::query_as(&format!(
            "SELECT id FROM registrations WHERE conference_id = $1 AND {column} = $2 AND id <> $3 \
             AND status IN ('pending', 'confirmed', 'waiting') LIMIT 1"
        ))
        .bind(conference_id)
        .bind(key)
        .bind(except.unwrap_or(0))
        .fetch_optional(&mut **tx)
        .await?;
        if taken.is_some() {
            errors.add(field, Message::new(&format!("registration-error-duplicate-{field}")));
        }
    }
    Ok(errors.into_result(())?)
}

fn duplicate(e: &sqlx::Error) -> Option<Error> {
    if !is_unique_violation(e) {
        return None;
    }
    let text = e.to_string();
    let field = if text.contains("phone") { "phone" } else { "email" };
    Some(
        AppError::invalid(
            field,
            Message::new(if field == "phone" {
                "registration-error-duplicate-phone"
            } else {
                "registration-error-duplicate-email"
            }),
        )
        .into(),
    )
}

/// Registers a delegate. `actor` is anonymous for the public form, or the organizer or coordinator who
/// enters the delegate.
pub async fn register(
    svc: &Service,
    actor: &Actor,
    conference_id: i64,
    input: RegistrationInput,
    locale: Locale,
    source: Source,
) -> Result<Registered> {
    let conference = by_id_internal(svc, conference_id).await?;
    let by = match source {
        Source::Delegate => Actorship::Delegate,
        Source::Organizer => Actorship::Organizer(actor.user_id()),
        Source::Import => Actorship::Import(actor.user_id()),
        Source::Nomination => return Err(AppError::Forbidden.into()),
    };
    let unit_scope = if source == Source::Delegate { None } else { Some(scope(svc, actor, conference_id).await?) };
    let mut tx = svc.db.begin().await?;
    svc.db.lock(&mut tx, LockScope::ConferenceSeats, conference_id).await?;
    let ctx = form::context(&mut tx, &conference).await?;
    let valid = form::validate(&ctx, &input, source)?;
    if let Some(Scope::Unit(u)) = unit_scope
        && valid.unit_id != Some(u)
    {
        return Err(AppError::invalid("unit_id", Message::new("registration-error-not-your-unit")).into());
    }
    let settings = super::settings::load(&mut tx, conference_id, &ctx.clock).await?;
    if source == Source::Delegate {
        if let Some(reason) = window_closed(&conference, settings.opens_at, settings.closes_at, now()) {
            return Err(AppError::rejected(reason).into());
        }
    } else if conference.status == ConferenceStatus::Closed {
        return Err(AppError::rejected("registration-closed-conference").into());
    }
    let limits = seats::limits(&mut tx, conference_id).await?;
    // Organizers decide by entering a delegate themselves; coordinators' nominations await approval.
    let needs_approval = limits.requires_approval && !matches!(unit_scope, Some(Scope::All));
    let registered =
        insert(svc, &mut tx, &conference, &ctx, &valid, &limits, needs_approval, locale, source, by).await?;
    tx.commit().await?;
    let registration = one(svc, conference_id, registered.0).await?;
    Ok(Registered { registration, token: registered.1 })
}

/// A unit's coordinator nominates a delegate through the unit's nomination link, which carries a
/// coordinator's scope (`Scope::Unit`) without an account: the delegate is the unit's, and the unit may
/// have at most `invited` delegates pending, confirmed or waiting (the number its invitation gave),
/// checked under the conference's seat lock so two nominations sent at once cannot both take the last
/// place. Beyond that the nomination is refused, not put on a waiting list.
pub(crate) async fn register_for_unit(
    svc: &Service,
    conference_id: i64,
    scope: Scope,
    invited: i64,
    mut input: RegistrationInput,
    locale: Locale,
) -> Result<Registered> {
    let Scope::Unit(unit_id) = scope else { return Err(AppError::Forbidden.into()) };
    let conference = by_id_internal(svc, conference_id).await?;
    if conference.status == ConferenceStatus::Closed {
        return Err(AppError::rejected("registration-closed-conference").into());
    }
    input.unit_id = unit_id.to_string();
    let mut tx = svc.db.begin().await?;
    svc.db.lock(&mut tx, LockScope::ConferenceSeats, conference_id).await?;
    let ctx = form::context(&mut tx, &conference).await?;
    let valid = form::validate(&ctx, &input, Source::Nomination)?;
    if !scope.allows(valid.unit_id) {
        return Err(AppError::invalid("unit_id", Message::new("registration-error-not-your-unit")).into());
    }
    let (active,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM registrations WHERE conference_id = $1 AND unit_id = $2 \
         AND status IN ('pending', 'confirmed', 'waiting')",
    )
    .bind(conference_id)
    .bind(unit_id)
    .fetch_one(&mut *tx)
    .await?;
    if active >= invited {
        return Err(AppError::Rejected { message: Message::new("nomination-error-quota").arg("quota", invited) }.into());
    }
    let limits = seats::limits(&mut tx, conference_id).await?;
    let registered = insert(
        svc,
        &mut tx,
        &conference,
        &ctx,
        &valid,
        &limits,
        limits.requires_approval,
        locale,
        Source::Nomination,
        Actorship::Coordinator,
    )
    .await?;
    tx.commit().await?;
    let registration = one(svc, conference_id, registered.0).await?;
    Ok(Registered { registration, token: registered.1 })
}

/// Inserts a valid registration within the caller's locked transaction; returns (id, token).
#[allow(clippy::too_many_arguments)]
pub(crate) async fn insert(
    svc: &Service,
    tx: &mut Tx,
    conference: &Conference,
    ctx: &FormContext,
    v: &Valid,
    limits: &Limits,
    needs_approval: bool,
    locale: Locale,
    source: Source,
    by: Actorship,
) -> Result<(i64, String)> {
    check_unique(tx, conference.id, v, None).await?;
    let status = if needs_approval {
        RegistrationStatus::Pending
    } else {
        match seats::seat_for(tx, conference.id, v.unit_id, limits).await? {
            None => RegistrationStatus::Confirmed,
            Some(_) if limits.waitlist => RegistrationStatus::Waiting,
            Some(Full::Conference) => return Err(AppError::rejected("registration-error-full").into()),
            Some(Full::Unit) => return Err(AppError::rejected("registration-error-unit-full").into()),
        }
    };
    let at = now();
    let inserted: std::result::Result<(i64,), sqlx::Error> = sqlx::query_as(
        "INSERT INTO registrations (conference_id, code, token_hash, family_name, middle_name, given_name, gender, position_title, \
         unit_id, organization, admin_unit_code, phone, phone_key, email, email_key, accommodation, dietary, consent_at, locale, \
         status, waitlisted_at, search_key, source, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $18, $18) \
         RETURNING id",
    )
    .bind(conference.id)
    .bind(new_code())
    // A throw-away hash, replaced by the link's below (the link is derived from the id).
    .bind(sha256_hex(&random_token(32)))
    .bind(&v.name.family)
    .bind(&v.name.middle)
    .bind(&v.name.given)
    .bind(&v.gender)
    .bind(&v.position_title)
    .bind(v.unit_id)
    .bind(&v.organization)
    .bind(&v.admin_unit_code)
    .bind(&v.phone)
    .bind(&v.phone_key)
    .bind(&v.email)
    .bind(&v.email_key)
    .bind(v.accommodation)
    .bind(&v.dietary)
    .bind(at)
    .bind(locale.code())
    .bind(status.as_str())
    .bind((status == RegistrationStatus::Waiting).then_some(at))
    .bind(v.name.search_key())
    .bind(source.as_str())
    .fetch_one(&mut **tx)
    .await;
    let id = match inserted {
        Ok((id,)) => id,
        Err(e) => return Err(duplicate(&e).unwrap_or_else(|| e.into())),
    };
    let token = link::assign(svc, tx, id).await?;
    write_choices(tx, id, v, at).await?;
    if status == RegistrationStatus::Confirmed {
        seats::settle_classes(tx, id, &ctx.capacities()).await?;
    }
    record_event(tx, id, by, None, status, "").await?;
    queue(svc, tx, id, Kind::Registered).await?;
    public_revision::bump(tx).await?;
    Ok((id, token))
}

/// Days, classes and answers, replacing any earlier ones. New class choices wait until settled.
async fn write_choices(tx: &mut Tx, id: i64, v: &Valid, at: i64) -> Result<()> {
    sqlx::query("DELETE FROM registration_days WHERE registration_id = $1").bind(id).execute(&mut **tx).await?;
    for day in &v.days {
        sqlx::query("INSERT INTO registration_days (registration_id, day) VALUES ($1, $2)")
            .bind(id)
            .bind(day.to_string())
            .execute(&mut **tx)
            .await?;
    }
    let kept: Vec<(String,)> =
        sqlx::query_as("SELECT session_uid FROM registration_sessions WHERE registration_id = $1")
            .bind(id)
            .fetch_all(&mut **tx)
            .await?;
    for (uid,) in &kept {
        if !v.classes.contains(uid) {
            sqlx::query("DELETE FROM registration_sessions WHERE registration_id = $1 AND session_uid = $2")
                .bind(id)
                .bind(uid)
                .execute(&mut **tx)
                .await?;
        }
    }
    for uid in &v.classes {
        if !kept.iter().any(|(k,)| k == uid) {
            sqlx::query("INSERT INTO registration_sessions (registration_id, session_uid, status, waitlisted_at) VALUES ($1, $2, 'waiting', $3)")
                .bind(id)
                .bind(uid)
                .bind(at)
                .execute(&mut **tx)
                .await?;
        }
    }
    sqlx::query("DELETE FROM registration_answers WHERE registration_id = $1").bind(id).execute(&mut **tx).await?;
    for (question_id, value) in &v.answers {
        sqlx::query("INSERT INTO registration_answers (registration_id, question_id, value) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(question_id)
            .bind(value)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

async fn one(svc: &Service, conference_id: i64, id: i64) -> Result<Registration> {
    let mut conn = svc.db.read().acquire().await?;
    store::load(&mut conn, conference_id, Some(&[id])).await?.pop().ok_or_else(|| AppError::NotFound.into())
}

async fn conference_of(svc: &Service, registration_id: i64) -> Result<(i64, Option<i64>, RegistrationStatus)> {
    let row: Option<(i64, Option<i64>, String)> =
        sqlx::query_as("SELECT conference_id, unit_id, status FROM registrations WHERE id = $1")
            .bind(registration_id)
            .fetch_optional(svc.db.read())
            .await?;
    let (c, u, s) = row.ok_or(AppError::NotFound)?;
    Ok((c, u, RegistrationStatus::parse(&s).unwrap_or(RegistrationStatus::Pending)))
}

/// Checks the actor may handle this registration; returns its conference.
async fn handled_by(svc: &Service, actor: &Actor, registration_id: i64, organizers_only: bool) -> Result<Conference> {
    let (conference_id, unit, _) = conference_of(svc, registration_id).await?;
    let s = scope(svc, actor, conference_id).await?;
    if (organizers_only && s != Scope::All) || !s.allows(unit) {
        return Err(AppError::Forbidden.into());
    }
    by_id_internal(svc, conference_id).await
}

async fn current_status(tx: &mut Tx, id: i64) -> Result<(RegistrationStatus, Option<i64>)> {
    let (status, unit): (String, Option<i64>) =
        sqlx::query_as("SELECT status, unit_id FROM registrations WHERE id = $1").bind(id).fetch_one(&mut **tx).await?;
    Ok((RegistrationStatus::parse(&status).unwrap_or(RegistrationStatus::Pending), unit))
}

/// Approves a pending registration: a seat if there is one, else the waiting list (or a refusal when the
/// conference keeps no waiting list).
pub async fn approve(svc: &Service, actor: &Actor, ids: &[i64]) -> Result<usize> {
    let mut done = 0;
    for &id in ids {
        let conference = handled_by(svc, actor, id, true).await?;
        let mut tx = svc.db.begin().await?;
        svc.db.lock(&mut tx, LockScope::ConferenceSeats, conference.id).await?;
        let (status, unit) = current_status(&mut tx, id).await?;
        if status != RegistrationStatus::Pending {
            if ids.len() == 1 {
                return Err(AppError::rejected("registration-error-not-pending").into());
            }
            continue;
        }
        let limits = seats::limits(&mut tx, conference.id).await?;
        let to = match seats::seat_for(&mut tx, conference.id, unit, &limits).await? {
            None => RegistrationStatus::Confirmed,
            Some(_) if limits.waitlist => RegistrationStatus::Waiting,
            Some(_) => return Err(AppError::rejected("registration-error-full").into()),
        };
        seats::set_status(&mut tx, id, status, to, Actorship::Organizer(actor.user_id()), "").await?;
        if to == RegistrationStatus::Confirmed {
            let capacities = form::context(&mut tx, &conference).await?.capacities();
            seats::settle_classes(&mut tx, id, &capacities).await?;
        }
        queue(
            svc,
            &mut tx,
            id,
            if to == RegistrationStatus::Confirmed { Kind::Approved } else { Kind::ApprovedWaiting },
        )
        .await?;
        public_revision::bump(&mut tx).await?;
        tx.commit().await?;
        done += 1;
    }
    Ok(done)
}

/// Rejects registrations with a reason the delegate is told. A freed seat goes to the waiting list.
pub async fn reject(svc: &Service, actor: &Actor, ids: &[i64], reason: &str) -> Result<usize> {
    let reason = clean_text(reason);
    let mut check = crate::validate::Checker::new();
    check.required("reason", &reason).max_len("reason", &reason, limits::REASON);
    check.finish()?;
    end(svc, actor, ids, RegistrationStatus::Rejected, &reason, Actorship::Organizer(actor.user_id()), true).await
}

/// Cancels registrations on the delegates' behalf (organizers, or a coordinator for their unit).
pub async fn cancel(svc: &Service, actor: &Actor, ids: &[i64], reason: &str) -> Result<usize> {
    let reason = clean_text(reason);
    let mut check = crate::validate::Checker::new();
    check.max_len("reason", &reason, limits::REASON);
    check.finish()?;
    end(svc, actor, ids, RegistrationStatus::Cancelled, &reason, Actorship::Organizer(actor.user_id()), false).await
}

async fn end(
    svc: &Service,
    actor: &Actor,
    ids: &[i64],
    to: RegistrationStatus,
    reason: &str,
    by: Actorship,
    organizers_only: bool,
) -> Result<usize> {
    let mut done = 0;
    for &id in ids {
        let conference = handled_by(svc, actor, id, organizers_only).await?;
        if end_one(svc, &conference, id, to, reason, by).await? {
            done += 1;
        } else if ids.len() == 1 {
            return Err(AppError::rejected("registration-error-already-ended").into());
        }
    }
    Ok(done)
}

/// Ends one registration (rejected or cancelled) and gives its seats to the waiting lists.
async fn end_one(
    svc: &Service,
    conference: &Conference,
    id: i64,
    to: RegistrationStatus,
    reason: &str,
    by: Actorship,
) -> Result<bool> {
    let mut tx = svc.db.begin().await?;
    svc.db.lock(&mut tx, LockScope::ConferenceSeats, conference.id).await?;
    let (status, unit) = current_status(&mut tx, id).await?;
    if !status.is_active() {
        return Ok(false);
    }
    seats::set_status(&mut tx, id, status, to, by, reason).await?;
    let ctx = form::context(&mut tx, conference).await?;
    let capacities = ctx.capacities();
    if status == RegistrationStatus::Confirmed {
        // Its class seats go first to those already waiting for those classes; only then is the
        // conference seat refilled (a delegate promoted now queues behind them for classes).
        let classes: Vec<(String,)> = sqlx::query_as(
            "SELECT session_uid FROM registration_sessions WHERE registration_id = $1 AND status = 'confirmed'",
        )
        .bind(id)
        .fetch_all(&mut *tx)
        .await?;
        for (uid,) in classes {
            let cap = capacities.iter().find(|(u, _)| *u == uid).and_then(|(_, c)| *c);
            seats::refill_class(&mut tx, &uid, cap).await?;
        }
        seats::refill(svc, &mut tx, conference.id, unit, &capacities).await?;
    }
    queue(svc, &mut tx, id, if to == RegistrationStatus::Rejected { Kind::Rejected } else { Kind::Cancelled }).await?;
    public_revision::bump(&mut tx).await?;
    tx.commit().await?;
    Ok(true)
}

/// The delegate cancels their own registration.
pub async fn cancel_by_delegate(svc: &Service, token: &str) -> Result<()> {
    let (id, conference_id) = link::resolve(svc, token).await?;
    let conference = by_id_internal(svc, conference_id).await?;
    if !end_one(svc, &conference, id, RegistrationStatus::Cancelled, "", Actorship::Delegate).await? {
        return Err(AppError::rejected("registration-error-already-ended").into());
    }
    Ok(())
}

/// The delegate changes their details, days, classes or answers. Unit and province stay as registered
/// (they decide quotas); a confirmed delegate gets seats in newly chosen classes where there are seats.
pub async fn update_by_delegate(svc: &Service, token: &str, mut input: RegistrationInput) -> Result<Registration> {
    let (id, conference_id) = link::resolve(svc, token).await?;
    let conference = by_id_internal(svc, conference_id).await?;
    if conference.status == ConferenceStatus::Closed {
        return Err(AppError::rejected("registration-closed-conference").into());
    }
    let mut tx = svc.db.begin().await?;
    svc.db.lock(&mut tx, LockScope::ConferenceSeats, conference_id).await?;
    let (status, unit): (String, Option<i64>) =
        sqlx::query_as("SELECT status, unit_id FROM registrations WHERE id = $1").bind(id).fetch_one(&mut *tx).await?;
    let status = RegistrationStatus::parse(&status).unwrap_or(RegistrationStatus::Pending);
    if !status.is_active() {
        return Err(AppError::rejected("registration-error-already-ended").into());
    }
    let (organization, admin): (String, Option<String>) =
        sqlx::query_as("SELECT organization, admin_unit_code FROM registrations WHERE id = $1")
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
    input.unit_id = unit.map(|u| u.to_string()).unwrap_or_default();
    input.organization = organization;
    input.admin_unit_code = admin.unwrap_or_default();
    input.consent = "true".into();
    let ctx = form::context(&mut tx, &conference).await?;
    let v = form::validate(&ctx, &input, Source::Delegate)?;
    check_unique(&mut tx, conference_id, &v, Some(id)).await?;
    let at = now();
    let dropped: Vec<(String, String)> =
        sqlx::query_as("SELECT session_uid, status FROM registration_sessions WHERE registration_id = $1")
            .bind(id)
            .fetch_all(&mut *tx)
            .await?;
    let updated = sqlx::query(
        "UPDATE registrations SET family_name = $1, middle_name = $2, given_name = $3, gender = $4, position_title = $5, \
         phone = $6, phone_key = $7, email = $8, email_key = $9, accommodation = $10, dietary = $11, search_key = $12, updated_at = $13 \
         WHERE id = $14",
    )
    .bind(&v.name.family)
    .bind(&v.name.middle)
    .bind(&v.name.given)
    .bind(&v.gender)
    .bind(&v.position_title)
    .bind(&v.phone)
    .bind(&v.phone_key)
    .bind(&v.email)
    .bind(&v.email_key)
    .bind(v.accommodation)
    .bind(&v.dietary)
    .bind(v.name.search_key())
    .bind(at)
    .bind(id)
    .execute(&mut *tx)
    .await;
    if let Err(e) = updated {
        return Err(duplicate(&e).unwrap_or_else(|| e.into()));
    }
    write_choices(&mut tx, id, &v, at).await?;
    let capacities = ctx.capacities();
    if status == RegistrationStatus::Confirmed {
        seats::settle_classes(&mut tx, id, &capacities).await?;
    }
    // Seats left in classes the delegate dropped go to those classes' waiting lists.
    for (uid, was) in dropped {
        if was == "confirmed" && !v.classes.contains(&uid) {
            let cap = capacities.iter().find(|(u, _)| *u == uid).and_then(|(_, c)| *c);
            seats::refill_class(&mut tx, &uid, cap).await?;
        }
    }
    record_event(&mut tx, id, Actorship::Delegate, Some(status), status, "updated").await?;
    tx.commit().await?;
    one(svc, conference_id, id).await
}

/// Sets the role a delegate's badge prints (organizers only); empty lets the agenda decide again.
pub async fn set_badge_role(svc: &Service, actor: &Actor, id: i64, role: &str) -> Result<()> {
    use hoinghi_domain::registration::BadgeRole;
    let conference = handled_by(svc, actor, id, true).await?;
    let role = match role.trim() {
        "" => "",
        r => BadgeRole::parse(r).ok_or_else(|| AppError::invalid("badge_role", Message::new("error-choice")))?.as_str(),
    };
    let mut tx = svc.db.begin().await?;
    sqlx::query("UPDATE registrations SET badge_role = $1, updated_at = $2 WHERE id = $3")
        .bind(role)
        .bind(now())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    crate::audit::record(&mut tx, actor, Some(conference.id), "registration.badge_role", &format!("{id} {role}"))
        .await?;
    tx.commit().await?;
    Ok(())
}
