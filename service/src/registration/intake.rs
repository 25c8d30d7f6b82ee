//! New registrations, written in batches.
//!
//! When registration opens at 8:00, a few thousand delegates send the form within minutes. Each request
//! reads and checks its form on its own, holding no lock (`lifecycle::register`); then it joins its
//! conference's queue here and waits, holding no connection. One task per conference takes everything
//! queued, writes it in one transaction under the seat lock (each delegate counted, checked and
//! inserted in turn, so the limits hold exactly as if one by one) and commits once: the commit's flush
//! to disk, which costs milliseconds and bounds a one-at-a-time design to a few hundred per second, is
//! shared by the whole batch. Answers are sent only after the commit, from values in hand, so nothing
//! can fail between a commit and its acknowledgement; a batch that fails is retried one by one, so one
//! delegate's fault never refuses another.
//!
//! A submission carries a key (a hidden field of the public form): sent again, it finds what it stored
//! and gets the same answer. The same person sending identical details again within a few minutes is a
//! repeat too, not a duplicate.

use super::form::{self, FormContext, Source, Valid};
use super::hot;
use super::lifecycle::Registered;
use super::seats::{ClassSeat, Full, Seats};
use super::store::{self, Actorship, new_code, record_event};
use crate::Service;
use crate::db::{LockScope, Tx, now};
use crate::error::{Error, Result};
use crate::mail::registration::{Facts, Kind};
use crate::registration::personal::Attendance;
use crate::secrets::{random_token, sha256_hex};
use hoinghi_domain::conference::Conference;
use hoinghi_domain::registration::{Answer, Registration, RegistrationInput, RegistrationStatus, SessionChoice};
use hoinghi_domain::{AppError, Locale, Message};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::sync::oneshot;

/// The most registrations one transaction writes.
const BATCH: usize = 128;
/// How long identical details count as the same submission sent again.
pub(crate) const REPEAT_WINDOW_SECS: i64 = 600;

/// Whether an answer repeats an earlier one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Repeat {
    /// Stored now.
    No,
    /// The same submission key was sent before: the original acknowledgement.
    SameSubmission,
    /// The same person sent identical details within a few minutes.
    SamePerson,
}

/// A registration checked against its form, ready to be written.
pub(crate) struct Application {
    pub conference: Arc<Conference>,
    pub ctx: Arc<FormContext>,
    /// As sent, to be checked again if the agenda was published meanwhile.
    pub input: RegistrationInput,
    pub valid: Valid,
    /// Whether the conference's approval rule applies (not to its organizers, who decide by entering).
    pub approval_applies: bool,
    pub locale: Locale,
    pub source: Source,
    pub by: Actorship,
    /// SHA-256 of the submission key, if one was sent.
    pub submission: Option<String>,
    /// The agenda's people with this email (their sessions go into the invitation).
    pub person_ids: Vec<i64>,
    /// The most active registrations the unit may hold (a nomination link's number of places), counted
    /// under the lock with those written before in the same batch.
    pub unit_cap: Option<i64>,
}

type Reply = oneshot::Sender<Result<Registered>>;

/// The queues of new registrations, one per conference, of this process.
#[derive(Default)]
pub(crate) struct Intake {
    lanes: Mutex<HashMap<i64, Lane>>,
}

#[derive(Default)]
struct Lane {
    waiting: Vec<(Application, Reply)>,
    running: bool,
}

impl Intake {
    fn lanes(&self) -> std::sync::MutexGuard<'_, HashMap<i64, Lane>> {
        self.lanes.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Queues the application and waits for its answer.
pub(crate) async fn submit(svc: &Service, application: Application) -> Result<Registered> {
    let conference_id = application.conference.id;
    let (answer, answered) = oneshot::channel();
    let start = {
        let mut lanes = svc.shared.intake.lanes();
        let lane = lanes.entry(conference_id).or_default();
        lane.waiting.push((application, answer));
        !std::mem::replace(&mut lane.running, true)
    };
    if start {
        tokio::spawn(drain(svc.clone(), conference_id));
    }
    // The writer is a task of its own: a client that goes away does not stop its batch.
    answered.await.map_err(|_| Error::Other(anyhow::anyhow!("the registration writer stopped")))?
}

/// If a batch panics, its transaction is dropped (nothing stored, its requesters answered with an
/// error) and another task takes over the lane, so the queue never stalls.
struct Running {
    svc: Service,
    conference_id: i64,
}

impl Drop for Running {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            return;
        }
        let again = {
            let mut lanes = self.svc.shared.intake.lanes();
            match lanes.get(&self.conference_id) {
                Some(lane) if !lane.waiting.is_empty() => true,
                _ => {
                    lanes.remove(&self.conference_id);
                    false
                }
            }
        };
        if again {
            tokio::spawn(drain(self.svc.clone(), self.conference_id));
        }
    }
}

async fn drain(svc: Service, conference_id: i64) {
    let _running = Running { svc: svc.clone(), conference_id };
    loop {
        let batch: Vec<(Application, Reply)> = {
            let mut lanes = svc.shared.intake.lanes();
            let Some(lane) = lanes.get_mut(&conference_id) else { return };
            if lane.waiting.is_empty() {
                lanes.remove(&conference_id);
                return;
            }
            let n = lane.waiting.len().min(BATCH);
            lane.waiting.drain(..n).collect()
        };
        let (applications, answers): (Vec<Application>, Vec<Reply>) = batch.into_iter().unzip();
        let results = match write(&svc, &applications).await {
            Ok(results) => results,
            Err(e) if applications.len() > 1 => {
                tracing::warn!(error = %e, size = applications.len(), "registration batch failed; writing one by one");
                let mut one_by_one = Vec::with_capacity(applications.len());
                for a in &applications {
                    one_by_one.push(match write(&svc, std::slice::from_ref(a)).await {
                        Ok(mut r) => r.pop().unwrap_or_else(|| Err(AppError::NotFound.into())),
                        Err(e) => Err(e),
                    });
                }
                one_by_one
            }
            Err(e) => vec![Err(e)],
        };
        for (answer, result) in answers.into_iter().zip(results) {
            // The requester may have gone; what was committed stays committed.
            let _ = answer.send(result);
        }
    }
}

/// Writes a batch in one transaction; the outer error means nothing was stored.
async fn write(svc: &Service, batch: &[Application]) -> Result<Vec<Result<Registered>>> {
    let conference = &batch[0].conference;
    let attempt = async {
        let mut tx = svc.db.begin_locked(LockScope::ConferenceSeats, conference.id).await?;
        // The agenda may have been published since these forms were checked: check them again.
        let latest: Option<(i64,)> =
            hot::query_as(hot::LATEST_AGENDA).bind(conference.id).fetch_optional(&mut **tx).await?;
        let number = latest.map(|(n,)| n).unwrap_or(0);
        let fresh = if batch.iter().any(|a| a.ctx.snapshot_number != number) {
            Some(Arc::new(form::context(&mut tx, conference).await?))
        } else {
            None
        };
        let capacities = fresh.as_ref().unwrap_or(&batch[0].ctx).capacities();
        let mut seats = Seats::open(&mut tx, conference.id, capacities).await?;
        let mut results = Vec::with_capacity(batch.len());
        let mut codes = Vec::new();
        for a in batch {
            let (ctx, valid) = match &fresh {
                Some(f) if a.ctx.snapshot_number != number => match form::validate(f, &a.input, a.source) {
                    Ok(v) => (f.clone(), v),
                    Err(e) => {
                        results.push(Err(e));
                        continue;
                    }
                },
                _ => (a.ctx.clone(), a.valid.clone()),
            };
            let placed = place(svc, &mut tx, &mut seats, a, &ctx, &valid).await?;
            if let Ok(r) = &placed
                && r.repeat == Repeat::No
            {
                codes.push(r.registration.code.clone());
            }
            results.push(placed);
        }
        if !codes.is_empty() {
            crate::public_revision::bump(&mut tx).await?;
        }
        seats.finish(&mut tx).await?;
        Ok::<_, Error>((tx, results, codes))
    };
    let (tx, results, codes) = attempt.await.map_err(unsaved)?;
    if let Err(e) = tx.commit().await {
        // The answer to COMMIT can be lost after the database made it durable: ask before answering.
        return match stored(svc, &codes).await {
            Some(true) => {
                tracing::warn!(error = %e, "the commit's answer was lost, but the registrations are stored");
                Ok(results)
            }
            Some(false) => Err(unsaved(e.into())),
            None => {
                tracing::error!(error = %e, "a registration commit failed and its outcome is unknown");
                Err(AppError::Unavailable { message: Message::new("registration-error-unconfirmed") }.into())
            }
        };
    }
    svc.shared.mail_written.notify_one();
    Ok(results)
}

/// A failure before the commit stored nothing; when the database itself failed, the answer says so.
fn unsaved(e: Error) -> Error {
    match e {
        Error::Db(ref d) if crate::db::is_connection_error(d) => {
            tracing::warn!(error = %d, "registration not written: the database is out of reach");
            AppError::Unavailable { message: Message::new("error-busy") }.into()
        }
        other => other,
    }
}

/// Whether registrations with these check-in codes are stored; `None` if that cannot be learnt now.
async fn stored(svc: &Service, codes: &[String]) -> Option<bool> {
    if codes.is_empty() {
        return Some(false);
    }
    // Codes are ours (Crockford base 32 and a dash), safe to write into the statement.
    let list = codes.iter().map(|c| format!("'{c}'")).collect::<Vec<_>>().join(",");
    let sql = hot::STORED_CODES.replace("$1", &list);
    for pause in [0u64, 200, 1000] {
        tokio::time::sleep(std::time::Duration::from_millis(pause)).await;
        let found: std::result::Result<(i64,), _> = sqlx::query_as(&sql).fetch_one(svc.db.read()).await;
        if let Ok((n,)) = found {
            return Some(n as usize == codes.len());
        }
    }
    None
}

/// Places one application inside the caller's locked transaction: the earlier registration it repeats,
/// or a refusal (before anything is written), or a new registration with its seat, classes, answers,
/// history and mail. The outer error aborts the transaction.
pub(crate) async fn place(
    svc: &Service,
    tx: &mut Tx,
    seats: &mut Seats,
    a: &Application,
    ctx: &FormContext,
    v: &Valid,
) -> Result<Result<Registered>> {
    let conference_id = a.conference.id;
    // What this submission may repeat or clash with: one indexed lookup for each key.
    let earlier: Vec<(String, i64)> = hot::query_as(hot::EARLIER)
        .bind(conference_id)
        .bind(a.submission.as_deref().unwrap_or(""))
        .bind(&v.email_key)
        .bind(&v.phone_key)
        .fetch_all(&mut **tx)
        .await?;
    if let Some((_, id)) = earlier.iter().find(|(k, _)| k == "submission") {
        return Ok(Ok(again(svc, tx, *id, Repeat::SameSubmission).await?));
    }
    if !earlier.is_empty() {
        if let Some((_, id)) = earlier.first()
            && same_person(tx, *id, v).await?
        {
            return Ok(Ok(again(svc, tx, *id, Repeat::SamePerson).await?));
        }
        let mut errors = hoinghi_domain::FieldErrors::new();
        for field in ["email", "phone"] {
            if earlier.iter().any(|(k, _)| k == field) {
                errors.add(field, Message::new(&format!("registration-error-duplicate-{field}")));
            }
        }
        return Ok(Err(errors.into()));
    }

    // The window, the limits and whether registrations await approval are read under the lock, never
    // taken from the form (which may be a second old).
    let l = &seats.limits;
    if a.source == Source::Delegate {
        if let Some(reason) = super::lifecycle::closed_reason(l.status, l.opens_at, l.closes_at, now()) {
            return Ok(Err(AppError::rejected(reason).into()));
        }
    } else if l.status == hoinghi_domain::conference::ConferenceStatus::Closed {
        return Ok(Err(AppError::rejected("registration-closed-conference").into()));
    }
    if let (Some(cap), Some(unit_id)) = (a.unit_cap, v.unit_id) {
        let (active,): (i64,) = hot::query_as(
            "SELECT COUNT(*) FROM registrations WHERE conference_id = $1 AND unit_id = $2 \
             AND status IN ('pending', 'confirmed', 'waiting')",
        )
        .bind(conference_id)
        .bind(unit_id)
        .fetch_one(&mut **tx)
        .await?;
        if active >= cap {
            let message = Message::new("nomination-error-quota").arg("quota", cap);
            return Ok(Err(AppError::Rejected { message }.into()));
        }
    }
    let status = if a.approval_applies && seats.limits.requires_approval {
        RegistrationStatus::Pending
    } else {
        match seats.seat_for(tx, v.unit_id).await? {
            None => RegistrationStatus::Confirmed,
            Some(_) if seats.limits.waitlist => RegistrationStatus::Waiting,
            Some(Full::Conference) => return Ok(Err(AppError::rejected("registration-error-full").into())),
            Some(Full::Unit) => return Ok(Err(AppError::rejected("registration-error-unit-full").into())),
        }
    };
    let position = if status == RegistrationStatus::Waiting { Some(seats.take_position(tx).await?) } else { None };
    let at = now();
    let code = new_code();
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO registrations (conference_id, code, token_hash, family_name, middle_name, given_name, gender, position_title, \
         unit_id, organization, admin_unit_code, phone, phone_key, email, email_key, accommodation, dietary, consent_at, locale, \
         status, waitlisted_at, search_key, source, created_at, updated_at, waiting_position, submission_hash) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $18, $18, $24, $25) \
         RETURNING id",
    )
    .bind(conference_id)
    .bind(&code)
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
    .bind(a.locale.code())
    .bind(status.as_str())
    .bind(position.map(|_| at))
    .bind(v.name.search_key())
    .bind(a.source.as_str())
    .bind(position)
    .bind(a.submission.as_deref())
    .fetch_one(&mut **tx)
    .await?;
    let token = super::link::assign(svc, tx, id).await?;
    if status == RegistrationStatus::Confirmed {
        seats.took_seat(v.unit_id);
    }

    insert_rows(
        tx,
        "registration_days (registration_id, day)",
        v.days.iter().map(|d| vec![Value::Int(id), Value::Text(d.to_string())]).collect(),
    )
    .await?;
    // Classes: a seat, or a place in the class's queue, for a delegate holding a conference seat; the
    // others wait for the conference first.
    let mut sessions = Vec::with_capacity(v.classes.len());
    let mut rows = Vec::with_capacity(v.classes.len());
    for uid in &v.classes {
        let placed = if status == RegistrationStatus::Confirmed {
            Some(seats.place_in_class(tx, uid, v.unit_id).await?)
        } else {
            None
        };
        let (class_status, class_position) = match placed {
            Some(ClassSeat::Seated) => ("confirmed", None),
            Some(ClassSeat::Queued(p)) => ("waiting", Some(p)),
            None => ("waiting", None),
        };
        rows.push(vec![
            Value::Int(id),
            Value::Text(uid.clone()),
            Value::Text(class_status.into()),
            Value::Int(at),
            Value::OptInt(class_position),
        ]);
        sessions.push(SessionChoice {
            uid: uid.clone(),
            title: ctx.classes.iter().find(|c| c.uid == *uid).map(|c| c.title.clone()).unwrap_or_default(),
            confirmed: placed == Some(ClassSeat::Seated),
            waiting_position: class_position,
        });
    }
    insert_rows(
        tx,
        "registration_sessions (registration_id, session_uid, status, waitlisted_at, waiting_position)",
        rows,
    )
    .await?;
    insert_rows(
        tx,
        "registration_answers (registration_id, question_id, value)",
        v.answers.iter().map(|(q, value)| vec![Value::Int(id), Value::Int(*q), Value::Text(value.clone())]).collect(),
    )
    .await?;
    record_event(tx, id, a.by, None, status, "").await?;

    // The mail, and for a seat the invitation, from what is in hand.
    let facts = Facts {
        conference_id,
        email: v.email.clone(),
        family_name: v.name.family.clone(),
        middle_name: v.name.middle.clone(),
        given_name: v.name.given.clone(),
        code: code.clone(),
        status: status.as_str().into(),
        status_reason: String::new(),
        locale: a.locale.code().into(),
        waiting_position: position,
        title: a.conference.title.clone(),
        slug: a.conference.slug.clone(),
        starts_on: a.conference.starts_on.to_string(),
        ends_on: a.conference.ends_on.to_string(),
        venue_name: a.conference.venue_name.clone(),
        venue_address: a.conference.venue_address.clone(),
    };
    let calendar = match &ctx.snapshot {
        Some(snapshot) if crate::mail::registration::confirms(&Kind::Registered, status) => {
            let attendance = Attendance {
                days: v.days.clone(),
                classes: sessions.iter().map(|s| (s.uid.clone(), s.confirmed)).collect(),
                person_ids: a.person_ids.clone(),
            };
            crate::calendar::invitation_of(
                svc,
                &a.conference,
                snapshot,
                &attendance,
                status,
                a.locale,
                &v.name.display(),
                &v.email,
            )
        }
        _ => None,
    };
    crate::mail::registration::write(svc, tx, id, &facts, Kind::Registered, calendar.as_deref()).await?;

    let unit_name = v.unit_id.and_then(|u| ctx.units.iter().find(|(x, _, _)| *x == u)).map(|(_, n, _)| n.clone());
    let admin_unit_name = v
        .admin_unit_code
        .as_ref()
        .and_then(|c| ctx.admin_names.iter().find(|(x, _)| x == c))
        .map(|(_, n)| n.clone())
        .unwrap_or_default();
    let mut answers: Vec<Answer> = Vec::new();
    for q in &ctx.questions {
        let values: Vec<String> = v.answers.iter().filter(|(x, _)| *x == q.id).map(|(_, val)| val.clone()).collect();
        if !values.is_empty() {
            answers.push(Answer { question_id: q.id, label: q.label.clone(), values });
        }
    }
    let registration = Registration {
        id,
        code,
        status,
        status_reason: String::new(),
        waiting_position: position,
        name: v.name.clone(),
        gender: v.gender.clone(),
        position_title: v.position_title.clone(),
        unit_id: v.unit_id,
        organization: unit_name.unwrap_or_else(|| v.organization.clone()),
        admin_unit_code: v.admin_unit_code.clone(),
        admin_unit_name,
        phone: v.phone.clone(),
        email: v.email.clone(),
        days: v.days.clone(),
        sessions,
        accommodation: v.accommodation,
        dietary: v.dietary.clone(),
        answers,
        checked_in: Vec::new(),
        created_at: at,
        updated_at: at,
        source: a.source.as_str().into(),
        badge_role: None,
    };
    Ok(Ok(Registered { registration, token, repeat: Repeat::No }))
}

/// The earlier registration a repeated submission gets back, with its link as it is (never replaced).
async fn again(svc: &Service, tx: &mut Tx, id: i64, repeat: Repeat) -> Result<Registered> {
    let registration = store::load_one(tx, id).await?.ok_or(AppError::NotFound)?;
    let token = super::link::current_in(svc, tx, id).await?.ok_or(AppError::NotFound)?;
    Ok(Registered { registration, token, repeat })
}

/// Whether active registration `id` holds exactly these details and was made moments ago.
async fn same_person(tx: &mut Tx, id: i64, v: &Valid) -> Result<bool> {
    type Row = (
        String,
        String,
        String,
        String,
        String,
        Option<i64>,
        String,
        Option<String>,
        String,
        String,
        crate::db::Flag,
        String,
        i64,
    );
    let row: Option<Row> = sqlx::query_as(
        "SELECT family_name, middle_name, given_name, gender, position_title, unit_id, organization, admin_unit_code, \
         phone_key, email_key, accommodation, dietary, created_at FROM registrations WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?;
    let Some(r) = row else { return Ok(false) };
    let same_details = (r.0.as_str(), r.1.as_str(), r.2.as_str(), r.3.as_str(), r.4.as_str(), r.5, r.6.as_str())
        == (
            v.name.family.as_str(),
            v.name.middle.as_str(),
            v.name.given.as_str(),
            v.gender.as_str(),
            v.position_title.as_str(),
            v.unit_id,
            v.organization.as_str(),
        )
        && r.7 == v.admin_unit_code
        && (r.8.as_str(), r.9.as_str(), r.10.0, r.11.as_str())
            == (v.phone_key.as_str(), v.email_key.as_str(), v.accommodation, v.dietary.as_str());
    if !same_details || now() - r.12 > REPEAT_WINDOW_SECS {
        return Ok(false);
    }
    let days: Vec<(String,)> =
        sqlx::query_as("SELECT day FROM registration_days WHERE registration_id = $1 ORDER BY day")
            .bind(id)
            .fetch_all(&mut **tx)
            .await?;
    let classes: Vec<(String,)> =
        sqlx::query_as("SELECT session_uid FROM registration_sessions WHERE registration_id = $1 ORDER BY session_uid")
            .bind(id)
            .fetch_all(&mut **tx)
            .await?;
    let mut answers: Vec<(i64, String)> =
        sqlx::query_as("SELECT question_id, value FROM registration_answers WHERE registration_id = $1")
            .bind(id)
            .fetch_all(&mut **tx)
            .await?;
    answers.sort();
    let mut given = v.answers.clone();
    given.sort();
    Ok(days.into_iter().map(|(d,)| d).eq(v.days.iter().map(|d| d.to_string()))
        && classes.into_iter().map(|(c,)| c).eq(v.classes.iter().cloned())
        && answers == given)
}

enum Value {
    Int(i64),
    OptInt(Option<i64>),
    Text(String),
}

/// One INSERT for all the rows of a table (`into` is "table (columns)").
async fn insert_rows(tx: &mut Tx, into: &str, rows: Vec<Vec<Value>>) -> Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let mut sql = format!("INSERT INTO {into} VALUES ");
    let mut n = 0;
    for (i, row) in rows.iter().enumerate() {
        if i > 0 {
            sql.push_str(", ");
        }
        sql.push('(');
        for j in 0..row.len() {
            n += 1;
            if j > 0 {
                sql.push_str(", ");
            }
            sql.push_str(&format!("${n}"));
        }
        sql.push(')');
    }
    let mut q = sqlx::query(&sql);
    for value in rows.into_iter().flatten() {
        q = match value {
            Value::Int(x) => q.bind(x),
            Value::OptInt(x) => q.bind(x),
            Value::Text(x) => q.bind(x),
        };
    }
    q.execute(&mut **tx).await?;
    Ok(())
}
