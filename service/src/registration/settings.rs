//! How registration works for a conference: the window, approval, the waiting list, unit quotas, and the
//! organizers' own questions.

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
    Question, QuestionInput, QuestionKind, RegistrationSettings, SettingsInput, UnitQuota, limits,
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
    let mut tx = svc.db.begin().await?;
    svc.db.lock(&mut tx, crate::db::LockScope::ConferenceSeats, conference_id).await?;
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
    .execute(&mut *tx)
    .await?;
    // A larger quota may let waiting delegates in.
    let capacities = {
        let ctx = super::form::context(&mut tx, &conference).await?;
        ctx.capacities()
    };
    super::seats::refill(svc, &mut tx, conference_id, None, &capacities).await?;
    public_revision::bump(&mut tx).await?;
    audit::record(&mut tx, actor, Some(conference_id), "registration.settings", "").await?;
    tx.commit().await?;
    settings(svc, actor, conference_id).await
}

/// Each unit's own quota, with how many of its delegates are confirmed.
pub async fn quotas(svc: &Service, actor: &Actor, conference_id: i64) -> Result<Vec<UnitQuota>> {
    require_organizer(svc, actor, conference_id).await?;
    let rows: Vec<(i64, String, i64, i64)> = sqlx::query_as(
        "SELECT q.unit_id, u.name, q.quota, (SELECT COUNT(*) FROM registrations r WHERE r.conference_id = q.conference_id \
         AND r.unit_id = q.unit_id AND r.status = 'confirmed') FROM unit_quotas q JOIN units u ON u.id = q.unit_id \
         WHERE q.conference_id = $1",
    )
    .bind(conference_id)
    .fetch_all(svc.db.read())
    .await?;
    let mut out: Vec<UnitQuota> = rows
        .into_iter()
        .map(|(unit_id, unit_name, quota, confirmed)| UnitQuota { unit_id, unit_name, quota, confirmed })
        .collect();
    out.sort_by(|a, b| crate::collation::compare_places(&a.unit_name, &b.unit_name));
    Ok(out)
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
    let mut tx = svc.db.begin().await?;
    svc.db.lock(&mut tx, crate::db::LockScope::ConferenceSeats, conference_id).await?;
    match quota.flatten() {
        Some(q) => {
            sqlx::query(
                "INSERT INTO unit_quotas (conference_id, unit_id, quota) VALUES ($1, $2, $3) \
                 ON CONFLICT (conference_id, unit_id) DO UPDATE SET quota = excluded.quota",
            )
            .bind(conference_id)
            .bind(unit)
            .bind(q)
            .execute(&mut *tx)
            .await?;
        }
        None => {
            sqlx::query("DELETE FROM unit_quotas WHERE conference_id = $1 AND unit_id = $2")
                .bind(conference_id)
                .bind(unit)
                .execute(&mut *tx)
                .await?;
        }
    }
    let capacities = super::form::context(&mut tx, &conference).await?.capacities();
    super::seats::refill(svc, &mut tx, conference_id, Some(unit), &capacities).await?;
    audit::record(&mut tx, actor, Some(conference_id), "registration.quota", &format!("{unit}")).await?;
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
    Ok(())
}
