//! How registration works for a conference: the window, approval, the waiting list, unit quotas, and the
//! organizers' own questions.

use super::seats::Seats;
use crate::Service;
use crate::accounts::{Actor, require_organizer};
use crate::agenda::ConferenceClock;
use crate::conferences::by_id_internal;
use crate::db::Flag;
use crate::error::Result;
use crate::validate::Checker;
use crate::{audit, public_revision};
use hoinghi_domain::lenient::is_set;
use hoinghi_domain::registration::{
    ClassQuota, ClassQuotaInput, Question, QuestionInput, QuestionKind, Quotas, RegistrationSettings, SettingsInput,
    UnitQuota, limits,
};
use hoinghi_domain::text::{clean_line, clean_text};
use hoinghi_domain::{AppError, Message};
use sqlx::AnyConnection;

pub(crate) async fn load(
    conn: &mut AnyConnection,
    conference_id: i64,
    clock: &ConferenceClock,
) -> Result<RegistrationSettings> {
    let row: Option<(Option<i64>, Option<i64>, Flag, Flag, Option<i64>)> = sqlx::query_as(
        "SELECT opens_at, closes_at, requires_approval, waitlist, default_unit_quota FROM registration_settings WHERE conference_id = $1",
    )
    .bind(conference_id)
    .fetch_optional(&mut *conn)
    .await?;
    let (opens_at, closes_at, approval, waitlist, quota) = row.unwrap_or((None, None, Flag(false), Flag(true), None));
    let local = |t: Option<i64>| t.map(|t| clock.local(t).format("%Y-%m-%dT%H:%M").to_string()).unwrap_or_default();
    Ok(RegistrationSettings {
        opens_at,
        closes_at,
        requires_approval: approval.0,
        waitlist: waitlist.0,
        default_unit_quota: quota,
        opens_local: local(opens_at),
        closes_local: local(closes_at),
    })
}

pub async fn settings(svc: &Service, actor: &Actor, conference_id: i64) -> Result<RegistrationSettings> {
    require_organizer(svc, actor, conference_id).await?;
    let conference = by_id_internal(svc, conference_id).await?;
    let mut conn = svc.db.read().acquire().await?;
    load(&mut conn, conference_id, &ConferenceClock::of(&conference)).await
}

pub async fn update_settings(
    svc: &Service,
    actor: &Actor,
    conference_id: i64,
    input: SettingsInput,
) -> Result<RegistrationSettings> {
    require_organizer(svc, actor, conference_id).await?;
    let conference = by_id_internal(svc, conference_id).await?;
    let clock = ConferenceClock::of(&conference);
    let mut check = Checker::new();
    let opens_at = check.local_time("opens_at", &input.opens_at, &clock);
    let closes_at = check.local_time("closes_at", &input.closes_at, &clock);
    if let (Some(o), Some(c)) = (opens_at, closes_at)
        && c <= o
    {
        check.add("closes_at", Message::new("registration-error-window"));
    }
    let quota = check.optional_int("default_unit_quota", &input.default_unit_quota, 0, limits::MAX_QUOTA).flatten();
    check.finish()?;
    let mut tx = svc.db.begin_locked(crate::db::LockScope::ConferenceSeats, conference_id).await?;
    sqlx::query(
        "INSERT INTO registration_settings (conference_id, opens_at, closes_at, requires_approval, waitlist, default_unit_quota) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (conference_id) DO UPDATE SET opens_at = excluded.opens_at, \
         closes_at = excluded.closes_at, requires_approval = excluded.requires_approval, waitlist = excluded.waitlist, \
         default_unit_quota = excluded.default_unit_quota",
    )
    .bind(conference_id)
    .bind(opens_at)
    .bind(closes_at)
    .bind(is_set(&input.requires_approval))
    .bind(is_set(&input.waitlist))
    .bind(quota)
    .execute(&mut **tx)
    .await?;
    // A larger quota may let waiting delegates in.
    let capacities = super::form::class_capacities(&mut tx, conference.id).await?;
    let mut seats = Seats::open(&mut tx, conference_id, capacities).await?;
    seats.refill(svc, &mut tx, None).await?;
    seats.finish(&mut tx).await?;
    public_revision::bump(&mut tx).await?;
    audit::record(&mut tx, actor, Some(conference_id), "registration.settings", "").await?;
    tx.commit().await?;
    super::form::forget(svc, Some(conference_id));
    settings(svc, actor, conference_id).await
}

/// Each unit's own quota, with how many of its delegates are confirmed.
pub async fn quotas(svc: &Service, actor: &Actor, conference_id: i64) -> Result<Vec<UnitQuota>> {
    require_organizer(svc, actor, conference_id).await?;
    unit_quotas(svc, conference_id, None).await
}

async fn unit_quotas(svc: &Service, conference_id: i64, only: Option<i64>) -> Result<Vec<UnitQuota>> {
    let rows: Vec<(i64, String, i64, i64)> = sqlx::query_as(
        "SELECT q.unit_id, u.name, q.quota, (SELECT COUNT(*) FROM registrations r WHERE r.conference_id = q.conference_id \
         AND r.unit_id = q.unit_id AND r.status = 'confirmed') FROM unit_quotas q JOIN units u ON u.id = q.unit_id \
         WHERE q.conference_id = $1 AND ($2 = 0 OR q.unit_id = $2)",
    )
    .bind(conference_id)
    .bind(only.unwrap_or(0))
    .fetch_all(svc.db.read())
    .await?;
    let mut out: Vec<UnitQuota> = rows
        .into_iter()
        .map(|(unit_id, unit_name, quota, confirmed)| UnitQuota { unit_id, unit_name, quota, confirmed })
        .collect();
    out.sort_by(|a, b| crate::collation::compare_places(&a.unit_name, &b.unit_name));
    Ok(out)
}

/// The quotas that apply: for organizers every unit's and every class's; for a unit's coordinator their
/// unit's seats in the conference and in each class with a quota, with their unit's counts.
pub async fn quotas_of(svc: &Service, actor: &Actor, conference_id: i64) -> Result<Quotas> {
    let scope = super::access::scope(svc, actor, conference_id).await?;
    let mut conn = svc.db.read().acquire().await?;
    let titles: Vec<(String, String)> = crate::agenda::latest_snapshot(&mut conn, conference_id)
        .await?
        .map(|s| s.sessions.into_iter().map(|x| (x.uid, x.title)).collect())
        .unwrap_or_default();
    let title = |uid: &str| titles.iter().find(|(u, _)| u == uid).map(|(_, t)| t.clone()).unwrap_or_default();
    let rows: Vec<(String, Option<i64>, Option<String>, i64)> = sqlx::query_as(
        "SELECT q.session_uid, q.unit_id, u.name, q.quota FROM class_quotas q LEFT JOIN units u ON u.id = q.unit_id \
         WHERE q.conference_id = $1",
    )
    .bind(conference_id)
    .fetch_all(&mut *conn)
    .await?;
    // Class seats held per unit, of delegates holding a conference seat.
    let held: Vec<(String, i64, i64)> = sqlx::query_as(
        "SELECT rs.session_uid, r.unit_id, COUNT(*) FROM registration_sessions rs JOIN registrations r ON r.id = rs.registration_id \
         WHERE r.conference_id = $1 AND r.unit_id IS NOT NULL AND rs.status = 'confirmed' AND r.status = 'confirmed' \
         GROUP BY rs.session_uid, r.unit_id",
    )
    .bind(conference_id)
    .fetch_all(&mut *conn)
    .await?;
    let taken = |uid: &str, unit: i64| held.iter().find(|(u, x, _)| u == uid && *x == unit).map_or(0, |h| h.2);
    let quota_rows: Vec<(String, Option<i64>, i64)> = rows.iter().map(|(s, u, _, q)| (s.clone(), *u, *q)).collect();
    match scope {
        super::access::Scope::All => {
            let mut classes: Vec<ClassQuota> = rows
                .into_iter()
                .map(|(uid, unit_id, unit_name, quota)| ClassQuota {
                    class_title: title(&uid),
                    taken: match unit_id {
                        Some(u) => taken(&uid, u),
                        None => held.iter().filter(|(s, _, _)| *s == uid).map(|h| h.2).max().unwrap_or(0),
                    },
                    session_uid: uid,
                    unit_id,
                    unit_name: unit_name.unwrap_or_default(),
                    quota,
                })
                .collect();
            classes.sort_by(|a, b| {
                crate::collation::compare(&a.class_title, &b.class_title)
                    .then(a.unit_id.is_some().cmp(&b.unit_id.is_some()))
                    .then_with(|| crate::collation::compare(&a.unit_name, &b.unit_name))
            });
            drop(conn);
            Ok(Quotas { units: unit_quotas(svc, conference_id, None).await?, classes })
        }
        super::access::Scope::Unit(unit) => {
            let (unit_name,): (String,) =
                sqlx::query_as("SELECT name FROM units WHERE id = $1").bind(unit).fetch_one(&mut *conn).await?;
            let mut uids: Vec<&String> = quota_rows.iter().map(|(s, _, _)| s).collect();
            uids.sort();
            uids.dedup();
            let mut classes: Vec<ClassQuota> = uids
                .into_iter()
                .filter_map(|uid| {
                    let quota = super::seats::class_quota_of(&quota_rows, uid, Some(unit))?;
                    Some(ClassQuota {
                        session_uid: uid.clone(),
                        class_title: title(uid),
                        unit_id: Some(unit),
                        unit_name: unit_name.clone(),
                        quota,
                        taken: taken(uid, unit),
                    })
                })
                .collect();
            classes.sort_by(|a, b| crate::collation::compare(&a.class_title, &b.class_title));
            // The conference's seats for the unit: its own quota, else the default.
            let own = unit_quotas(svc, conference_id, Some(unit)).await?;
            let units = if own.is_empty() {
                let (default, confirmed): (Option<i64>, i64) = sqlx::query_as(
                    "SELECT (SELECT default_unit_quota FROM registration_settings WHERE conference_id = $1), \
                     (SELECT COUNT(*) FROM registrations WHERE conference_id = $1 AND unit_id = $2 AND status = 'confirmed')",
                )
                .bind(conference_id)
                .bind(unit)
                .fetch_one(&mut *conn)
                .await?;
                default
                    .map(|quota| UnitQuota { unit_id: unit, unit_name: unit_name.clone(), quota, confirmed })
                    .into_iter()
                    .collect()
            } else {
                own
            };
            Ok(Quotas { units, classes })
        }
    }
}

/// Sets (or, with an empty quota, removes) a unit's own quota.
pub async fn set_quota(svc: &Service, actor: &Actor, conference_id: i64, unit_id: &str, quota: &str) -> Result<()> {
    require_organizer(svc, actor, conference_id).await?;
    let conference = by_id_internal(svc, conference_id).await?;
    let mut check = Checker::new();
    let unit = check.optional_int("unit_id", unit_id, 1, i64::MAX).flatten();
    if unit.is_none() && !check.has("unit_id") {
        check.add("unit_id", Message::new("error-required"));
    }
    let quota = check.optional_int("quota", quota, 0, limits::MAX_QUOTA);
    check.finish()?;
    let unit = unit.expect("checked");
    check_unit(svc, &conference, unit).await?;
    let (mut tx, _) = Seats::lock(svc, conference_id).await?;
    match quota.flatten() {
        Some(q) => {
            sqlx::query(
                "INSERT INTO unit_quotas (conference_id, unit_id, quota) VALUES ($1, $2, $3) \
                 ON CONFLICT (conference_id, unit_id) DO UPDATE SET quota = excluded.quota",
            )
            .bind(conference_id)
            .bind(unit)
            .bind(q)
            .execute(&mut **tx)
            .await?;
        }
        None => {
            sqlx::query("DELETE FROM unit_quotas WHERE conference_id = $1 AND unit_id = $2")
                .bind(conference_id)
                .bind(unit)
                .execute(&mut **tx)
                .await?;
        }
    }
    // Read the limits again now that they changed.
    let capacities = super::form::class_capacities(&mut tx, conference_id).await?;
    let mut seats = Seats::open(&mut tx, conference_id, capacities).await?;
    seats.refill(svc, &mut tx, Some(unit)).await?;
    seats.finish(&mut tx).await?;
    public_revision::bump(&mut tx).await?;
    audit::record(&mut tx, actor, Some(conference_id), "registration.quota", &format!("{unit}")).await?;
    tx.commit().await?;
    Ok(())
}

/// The unit belongs to the conference's organizing agency.
async fn check_unit(svc: &Service, conference: &hoinghi_domain::conference::Conference, unit: i64) -> Result<()> {
    let belongs: Option<(i64,)> = match &conference.agency {
        Some(a) => {
            sqlx::query_as("SELECT id FROM units WHERE id = $1 AND agency_id = $2")
                .bind(unit)
                .bind(a.id)
                .fetch_optional(svc.db.read())
                .await?
        }
        None => None,
    };
    if belongs.is_none() {
        return Err(AppError::invalid("unit_id", Message::new("registration-error-unknown-unit")).into());
    }
    Ok(())
}

/// Sets (or, with an empty quota, removes) how many seats of a training class the delegates of one unit
/// may hold, or of every unit without its own (empty unit). Enforced under the seat lock like every
/// limit: by new registrations, promotions from the class's queue and delegates' own changes. A larger
/// quota seats those waiting in the class's queue at once.
pub async fn set_class_quota(svc: &Service, actor: &Actor, conference_id: i64, input: ClassQuotaInput) -> Result<()> {
    require_organizer(svc, actor, conference_id).await?;
    let conference = by_id_internal(svc, conference_id).await?;
    let mut check = Checker::new();
    let uid = clean_line(&input.session_uid);
    let unit = check.optional_int("unit_id", &input.unit_id, 1, i64::MAX).flatten();
    let quota = check.optional_int("quota", &input.quota, 0, limits::MAX_QUOTA).flatten();
    let classes = {
        let mut conn = svc.db.read().acquire().await?;
        super::form::class_capacities(&mut conn, conference_id).await?
    };
    if !classes.iter().any(|(u, _)| *u == uid) {
        check.add("session_uid", Message::new("registration-error-unknown-class"));
    }
    check.finish()?;
    if let Some(u) = unit {
        check_unit(svc, &conference, u).await?;
    }
    let (mut tx, _) = Seats::lock(svc, conference_id).await?;
    sqlx::query("DELETE FROM class_quotas WHERE conference_id = $1 AND session_uid = $2 AND COALESCE(unit_id, 0) = $3")
        .bind(conference_id)
        .bind(&uid)
        .bind(unit.unwrap_or(0))
        .execute(&mut **tx)
        .await?;
    if let Some(q) = quota {
        sqlx::query("INSERT INTO class_quotas (conference_id, session_uid, unit_id, quota) VALUES ($1, $2, $3, $4)")
            .bind(conference_id)
            .bind(&uid)
            .bind(unit)
            .bind(q)
            .execute(&mut **tx)
            .await?;
    }
    let capacities = super::form::class_capacities(&mut tx, conference_id).await?;
    let mut seats = Seats::open(&mut tx, conference_id, capacities).await?;
    seats.refill_class(&mut tx, &uid).await?;
    seats.finish(&mut tx).await?;
    public_revision::bump(&mut tx).await?;
    audit::record(&mut tx, actor, Some(conference_id), "registration.class_quota", &format!("{uid} {unit:?}")).await?;
    tx.commit().await?;
    Ok(())
}

pub(crate) async fn questions_of(conn: &mut AnyConnection, conference_id: i64) -> Result<Vec<Question>> {
    let rows: Vec<(i64, String, String, String, String, Flag, i64)> = sqlx::query_as(
        "SELECT id, kind, label, help, options, required, position FROM registration_questions WHERE conference_id = $1 ORDER BY position, id",
    )
    .bind(conference_id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, kind, label, help, options, required, position)| {
            Some(Question {
                id,
                kind: QuestionKind::parse(&kind)?,
                label,
                help,
                options: serde_json::from_str(&options).unwrap_or_default(),
                required: required.0,
                position,
            })
        })
        .collect())
}

pub async fn questions(svc: &Service, actor: &Actor, conference_id: i64) -> Result<Vec<Question>> {
    require_organizer(svc, actor, conference_id).await?;
    let mut conn = svc.db.read().acquire().await?;
    questions_of(&mut conn, conference_id).await
}

/// A question as typed, checked: its kind, label, help and options (only choice questions keep options).
fn valid_question(input: &QuestionInput) -> Result<(QuestionKind, String, String, Vec<String>, bool)> {
    let mut check = Checker::new();
    let kind = QuestionKind::parse(input.kind.trim());
    if kind.is_none() {
        check.add("kind", Message::new("error-choice"));
    }
    let label = clean_line(&input.label);
    check.required("label", &label).max_len("label", &label, limits::QUESTION_LABEL);
    let help = clean_text(&input.help);
    check.max_len("help", &help, limits::QUESTION_LABEL);
    let mut options: Vec<String> = input.options.lines().map(clean_line).filter(|o| !o.is_empty()).collect();
    options.dedup();
    if kind.is_some_and(QuestionKind::has_options) {
        if options.len() < 2 {
            check.add("options", Message::new("question-error-options"));
        } else if options.len() > limits::QUESTION_OPTIONS {
            check.add("options", Message::new("question-error-too-many").arg("max", limits::QUESTION_OPTIONS));
        }
        if options.iter().any(|o| o.chars().count() > 200) {
            check.add("options", Message::new("error-too-long").arg("max", 200usize));
        }
    } else {
        options.clear();
    }
    check.finish()?;
    Ok((kind.expect("checked"), label, help, options, is_set(&input.required)))
}

pub async fn add_question(svc: &Service, actor: &Actor, conference_id: i64, input: QuestionInput) -> Result<Question> {
    require_organizer(svc, actor, conference_id).await?;
    let (kind, label, help, options, required) = valid_question(&input)?;
    let (id, position): (i64, i64) = sqlx::query_as(
        "INSERT INTO registration_questions (conference_id, kind, label, help, options, required, position) \
         VALUES ($1, $2, $3, $4, $5, $6, (SELECT COALESCE(MAX(position), 0) + 1 FROM registration_questions WHERE conference_id = $1)) \
         RETURNING id, position",
    )
    .bind(conference_id)
    .bind(kind.as_str())
    .bind(&label)
    .bind(&help)
    .bind(serde_json::to_string(&options).map_err(anyhow::Error::from)?)
    .bind(required)
    .fetch_one(svc.db.write())
    .await?;
    super::form::forget(svc, Some(conference_id));
    Ok(Question { id, kind, label, help, options, required, position })
}

/// One question of the conference's form, for its organizers.
pub async fn question(svc: &Service, actor: &Actor, conference_id: i64, question_id: i64) -> Result<Question> {
    require_organizer(svc, actor, conference_id).await?;
    let mut conn = svc.db.read().acquire().await?;
    let found = questions_of(&mut conn, conference_id).await?.into_iter().find(|q| q.id == question_id);
    Ok(found.ok_or(AppError::NotFound)?)
}

/// Changes a question; answers already given keep their values and show under the new label.
pub async fn update_question(
    svc: &Service,
    actor: &Actor,
    conference_id: i64,
    question_id: i64,
    input: QuestionInput,
) -> Result<Question> {
    question(svc, actor, conference_id, question_id).await?;
    let (kind, label, help, options, required) = valid_question(&input)?;
    sqlx::query(
        "UPDATE registration_questions SET kind = $1, label = $2, help = $3, options = $4, required = $5 \
         WHERE id = $6 AND conference_id = $7",
    )
    .bind(kind.as_str())
    .bind(&label)
    .bind(&help)
    .bind(serde_json::to_string(&options).map_err(anyhow::Error::from)?)
    .bind(required)
    .bind(question_id)
    .bind(conference_id)
    .execute(svc.db.write())
    .await?;
    super::form::forget(svc, Some(conference_id));
    question(svc, actor, conference_id, question_id).await
}

/// Removes a question and the answers given to it; a question that is not the conference's is not found.
pub async fn delete_question(svc: &Service, actor: &Actor, conference_id: i64, question_id: i64) -> Result<()> {
    require_organizer(svc, actor, conference_id).await?;
    let deleted = sqlx::query("DELETE FROM registration_questions WHERE id = $1 AND conference_id = $2")
        .bind(question_id)
        .bind(conference_id)
        .execute(svc.db.write())
        .await?
        .rows_affected();
    if deleted == 0 {
        return Err(AppError::NotFound.into());
    }
    super::form::forget(svc, Some(conference_id));
    Ok(())
}
