//! The life of a registration: registering (by the delegate, an organizer, a unit coordinator or an
//! import), approval and rejection, cancellation, and the delegate's own changes through the private
//! link. Each change happens in one transaction holding the conference's seat lock, records who made it,
//! queues the mail that tells the delegate, and refills freed seats from the waiting lists. New
//! registrations are written in batches (`intake`).

use super::access::{Scope, scope};
use super::form::{self, Source, Valid};
use super::intake::{self, Application, Repeat};
use super::link;
use super::seats::Seats;
use super::store::{self, Actorship, record_event};
use crate::Service;
use crate::accounts::Actor;
use crate::conferences::by_id_internal;
use crate::db::{Tx, is_unique_violation, now};
use crate::error::{Error, Result};
use crate::mail::registration::{Kind, queue};
use crate::public_revision;
use crate::secrets::sha256_hex;
use hoinghi_domain::conference::{Conference, ConferenceStatus};
use hoinghi_domain::registration::{Registration, RegistrationInput, RegistrationStatus, limits};
use hoinghi_domain::text::clean_text;
use hoinghi_domain::{AppError, Locale, Message};

/// A registration and its private link's token (shown to the delegate, and mailed).
#[derive(Debug)]
pub struct Registered {
    pub registration: Registration,
    pub token: String,
    /// Whether this repeats an earlier answer (the same submission sent again).
    pub repeat: Repeat,
}

/// What the public form answers.
#[derive(Debug)]
pub enum Acknowledgement {
    /// Registered now, or by this same submission before: the delegate's private page.
    Registered(Box<Registered>),
    /// The same details were registered moments ago by a submission without this one's key: the
    /// private link was mailed again (within the "send me my link" limits) rather than shown to
    /// whoever knows the details.
    LinkMailed { slug: String },
}

/// Why registration is not possible now, if it is not.
pub(crate) fn window_closed(
    conference: &Conference,
    opens_at: Option<i64>,
    closes_at: Option<i64>,
    at: i64,
) -> Option<&'static str> {
    closed_reason(conference.status, opens_at, closes_at, at)
}

/// [`window_closed`] from the conference's state alone.
pub(crate) fn closed_reason(
    status: ConferenceStatus,
    opens_at: Option<i64>,
    closes_at: Option<i64>,
    at: i64,
) -> Option<&'static str> {
    if status == ConferenceStatus::Draft {
        Some("registration-closed-draft")
    } else if status == ConferenceStatus::Closed {
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

/// The public form: a delegate registers without an account. `client` is their address (a repeat
/// recognised by its details mails the link again, throttled per client as "send me my link" is).
pub async fn register_public(
    svc: &Service,
    conference_id: i64,
    input: RegistrationInput,
    locale: Locale,
    client: &str,
) -> Result<Acknowledgement> {
    let registered = register(svc, &Actor::Anonymous, conference_id, input, locale, Source::Delegate).await?;
    if registered.repeat != Repeat::SamePerson {
        return Ok(Acknowledgement::Registered(Box::new(registered)));
    }
    let conference = by_id_internal(svc, conference_id).await?;
    crate::mail::resend_link(svc, conference_id, &registered.registration.email, client).await?;
    Ok(Acknowledgement::LinkMailed { slug: conference.slug })
}

/// Registers a delegate. `actor` is anonymous for the public form (see [`register_public`], which is
/// what the form calls), or the organizer or coordinator who enters the delegate.
pub async fn register(
    svc: &Service,
    actor: &Actor,
    conference_id: i64,
    input: RegistrationInput,
    locale: Locale,
    source: Source,
) -> Result<Registered> {
    let by = match source {
        Source::Delegate => Actorship::Delegate,
        Source::Organizer => Actorship::Organizer(actor.user_id()),
        Source::Import => Actorship::Import(actor.user_id()),
        Source::Nomination => return Err(AppError::Forbidden.into()),
    };
    let unit_scope = if source == Source::Delegate { None } else { Some(scope(svc, actor, conference_id).await?) };
    let applicant = Applicant {
        source,
        by,
        scope: unit_scope,
        // Organizers decide by entering a delegate themselves; coordinators' nominations await approval.
        approval_applies: !matches!(unit_scope, Some(Scope::All)),
        unit_cap: None,
    };
    apply(svc, conference_id, input, locale, applicant).await
}

/// A unit's coordinator nominates a delegate through the unit's nomination link, which carries a
/// coordinator's scope (`Scope::Unit`) without an account: the delegate is the unit's, and the unit may
/// have at most `invited` delegates pending, confirmed or waiting (the number its invitation gave),
/// counted under the conference's seat lock (`intake::place`) so two nominations sent at once cannot
/// both take the last place. Beyond that the nomination is refused, not put on a waiting list.
pub(crate) async fn register_for_unit(
    svc: &Service,
    conference_id: i64,
    scope: Scope,
    invited: i64,
    mut input: RegistrationInput,
    locale: Locale,
) -> Result<Registered> {
    let Scope::Unit(unit_id) = scope else { return Err(AppError::Forbidden.into()) };
    input.unit_id = unit_id.to_string();
    let applicant = Applicant {
        source: Source::Nomination,
        by: Actorship::Coordinator,
        scope: Some(scope),
        approval_applies: true,
        unit_cap: Some(invited),
    };
    apply(svc, conference_id, input, locale, applicant).await
}

/// Who sends a registration, and what applies to it.
struct Applicant {
    source: Source,
    by: Actorship,
    /// The sender's reach (`None` for the public form).
    scope: Option<Scope>,
    /// Whether the conference's approval rule applies.
    approval_applies: bool,
    /// The most active registrations the unit may hold (a nomination link's number of places).
    unit_cap: Option<i64>,
}

/// The form is read and checked first, holding no lock and no connection; the registration is then
/// written with others in one transaction under the seat lock (`intake`), and the answer is built from
/// values in hand, so a committed registration is always answered with success.
async fn apply(
    svc: &Service,
    conference_id: i64,
    input: RegistrationInput,
    locale: Locale,
    applicant: Applicant,
) -> Result<Registered> {
    let Applicant { source, by, scope: unit_scope, approval_applies, unit_cap } = applicant;
    // The conference and its form, as read at most a second ago (see `form::cached`): the limits are
    // read again under the lock, and a newer agenda makes the form be checked again there.
    let (conference, ctx) = form::cached(svc, conference_id).await?;
    let email = hoinghi_domain::text::clean_line(&input.email).to_lowercase();
    let person_ids: Vec<i64> =
        ctx.people.iter().filter(|(_, e)| !email.is_empty() && *e == email).map(|(id, _)| *id).collect();
    let valid = form::validate(&ctx, &input, source)?;
    if let Some(Scope::Unit(u)) = unit_scope
        && valid.unit_id != Some(u)
    {
        return Err(AppError::invalid("unit_id", Message::new("registration-error-not-your-unit")).into());
    }
    if source == Source::Delegate {
        if let Some(reason) = window_closed(&conference, ctx.settings.opens_at, ctx.settings.closes_at, now()) {
            return Err(AppError::rejected(reason).into());
        }
    } else if conference.status == ConferenceStatus::Closed {
        return Err(AppError::rejected("registration-closed-conference").into());
    }
    let submission = submission_hash(&input.submission);
    intake::submit(
        svc,
        Application {
            conference,
            ctx,
            input,
            valid,
            approval_applies,
            locale,
            source,
            by,
            submission,
            person_ids,
            unit_cap,
        },
    )
    .await
}

/// A key for a registration form about to be filled in (see `RegistrationInput::submission`).
pub fn new_submission_key() -> String {
    crate::secrets::random_token(16)
}

/// The stored form of a submission key: its SHA-256 (a key is as good as the link it leads back to).
fn submission_hash(key: &str) -> Option<String> {
    let key = key.trim();
    (!key.is_empty() && key.len() <= 200).then(|| sha256_hex(key))
}

/// Inserts valid registrations within the caller's locked transaction (an accepted import): the same
/// placement as the batched writer.
pub(crate) async fn insert_in(
    svc: &Service,
    tx: &mut Tx,
    seats: &mut Seats,
    application: &Application,
) -> Result<Registered> {
    intake::place(svc, tx, seats, application, &application.ctx, &application.valid).await?
}

async fn one(svc: &Service, id: i64) -> Result<Registration> {
    let mut conn = svc.db.read().acquire().await?;
    store::load_one(&mut conn, id).await?.ok_or_else(|| AppError::NotFound.into())
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
        let (mut tx, mut seats) = Seats::lock(svc, conference.id).await?;
        let (status, unit) = current_status(&mut tx, id).await?;
        if status != RegistrationStatus::Pending {
            if ids.len() == 1 {
                return Err(AppError::rejected("registration-error-not-pending").into());
            }
            continue;
        }
        let to = match seats.seat_for(&mut tx, unit).await? {
            None => RegistrationStatus::Confirmed,
            Some(_) if seats.limits.waitlist => RegistrationStatus::Waiting,
            Some(_) => return Err(AppError::rejected("registration-error-full").into()),
        };
        seats.set_status(&mut tx, id, status, to, Actorship::Organizer(actor.user_id()), "").await?;
        if to == RegistrationStatus::Confirmed {
            seats.settle_classes(&mut tx, id, unit).await?;
        }
        seats.finish(&mut tx).await?;
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
    let (mut tx, mut seats) = Seats::lock(svc, conference.id).await?;
    let (status, unit) = current_status(&mut tx, id).await?;
    if !status.is_active() {
        return Ok(false);
    }
    // The class seats it held, read before they stop counting.
    let classes: Vec<(String,)> = sqlx::query_as(
        "SELECT session_uid FROM registration_sessions WHERE registration_id = $1 AND status = 'confirmed'",
    )
    .bind(id)
    .fetch_all(&mut **tx)
    .await?;
    seats.set_status(&mut tx, id, status, to, by, reason).await?;
    if status == RegistrationStatus::Confirmed {
        // Its class seats go first to those already waiting for those classes; only then is the
        // conference seat refilled (a delegate promoted now queues behind them for classes).
        for (uid,) in classes {
            seats.refill_class(&mut tx, &uid).await?;
        }
        seats.refill(svc, &mut tx, unit).await?;
    }
    seats.finish(&mut tx).await?;
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
    let (mut tx, mut seats) = Seats::lock(svc, conference_id).await?;
    let (status, unit, organization, admin): (String, Option<i64>, String, Option<String>) =
        sqlx::query_as("SELECT status, unit_id, organization, admin_unit_code FROM registrations WHERE id = $1")
            .bind(id)
            .fetch_one(&mut **tx)
            .await?;
    let status = RegistrationStatus::parse(&status).unwrap_or(RegistrationStatus::Pending);
    if !status.is_active() {
        return Err(AppError::rejected("registration-error-already-ended").into());
    }
    input.unit_id = unit.map(|u| u.to_string()).unwrap_or_default();
    input.organization = organization;
    input.admin_unit_code = admin.unwrap_or_default();
    input.consent = "true".into();
    let ctx = form::context(&mut tx, &conference).await?;
    let v = form::validate(&ctx, &input, Source::Delegate)?;
    check_unique(&mut tx, conference_id, &v, Some(id)).await?;
    let at = now();
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
    .execute(&mut **tx)
    .await;
    if let Err(e) = updated {
        return Err(duplicate(&e).unwrap_or_else(|| e.into()));
    }
    let freed = write_choices(&mut tx, &mut seats, id, unit, &v, at).await?;
    if status == RegistrationStatus::Confirmed {
        seats.settle_classes(&mut tx, id, unit).await?;
    }
    // Seats left in classes the delegate dropped go to those classes' queues.
    for uid in freed {
        seats.refill_class(&mut tx, &uid).await?;
    }
    seats.finish(&mut tx).await?;
    record_event(&mut tx, id, Actorship::Delegate, Some(status), status, "updated").await?;
    tx.commit().await?;
    one(svc, id).await
}

/// Days, classes and answers, replacing any earlier ones. New class choices wait until settled; returns
/// the classes whose seat the delegate gave up.
async fn write_choices(
    tx: &mut Tx,
    seats: &mut Seats,
    id: i64,
    unit: Option<i64>,
    v: &Valid,
    at: i64,
) -> Result<Vec<String>> {
    sqlx::query("DELETE FROM registration_days WHERE registration_id = $1").bind(id).execute(&mut **tx).await?;
    for day in &v.days {
        sqlx::query("INSERT INTO registration_days (registration_id, day) VALUES ($1, $2)")
            .bind(id)
            .bind(day.to_string())
            .execute(&mut **tx)
            .await?;
    }
    let kept: Vec<(String, String, Option<i64>)> = sqlx::query_as(
        "SELECT session_uid, status, waiting_position FROM registration_sessions WHERE registration_id = $1",
    )
    .bind(id)
    .fetch_all(&mut **tx)
    .await?;
    let confirmed: (String,) =
        sqlx::query_as("SELECT status FROM registrations WHERE id = $1").bind(id).fetch_one(&mut **tx).await?;
    let mut freed = Vec::new();
    for (uid, status, position) in &kept {
        if !v.classes.contains(uid) {
            sqlx::query("DELETE FROM registration_sessions WHERE registration_id = $1 AND session_uid = $2")
                .bind(id)
                .bind(uid)
                .execute(&mut **tx)
                .await?;
            if confirmed.0 == "confirmed" {
                seats.left_class(uid, unit, status, *position);
                if status == "confirmed" {
                    freed.push(uid.clone());
                }
            }
        }
    }
    for uid in &v.classes {
        if !kept.iter().any(|(k, _, _)| k == uid) {
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
    Ok(freed)
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
