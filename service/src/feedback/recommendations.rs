//! Recommendations ("kiến nghị"): filed by a delegate through their private link, or by an organizer on
//! a delegate's or unit's behalf; organizers move them through received → forwarded → answered → closed
//! with the answer and who gave it, and pick those that go into the minutes. Delegates see their own.

use crate::Service;
use crate::accounts::{Actor, require_organizer};
use crate::db::{Flag, now};
use crate::error::Result;
use crate::validate::Checker;
use hoinghi_domain::feedback::{
    Recommendation, RecommendationInput, RecommendationStatus, RecommendationTopic, RecommendationUpdate, limits,
};
use hoinghi_domain::text::{clean_line, clean_text};
use hoinghi_domain::{AppError, Message};
use sqlx::AnyConnection;

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    conference_id: i64,
    topic: String,
    addressed_to: String,
    body: String,
    unit_name: String,
    admin_unit_code: Option<String>,
    submitted_by: String,
    status: String,
    answer: String,
    answered_by: String,
    answered_on: Option<String>,
    #[sqlx(try_from = "Flag")]
    for_minutes: bool,
    created_at: i64,
    updated_at: i64,
    letter_id: Option<i64>,
    letter_symbol: Option<String>,
    letter_issued_on: Option<String>,
}

const COLUMNS: &str = "r.id, r.conference_id, r.topic, r.addressed_to, r.body, r.unit_name, r.admin_unit_code, \
                       r.submitted_by, r.status, r.answer, r.answered_by, r.answered_on, r.for_minutes, r.created_at, \
                       r.updated_at, d.id AS letter_id, d.symbol AS letter_symbol, d.issued_on AS letter_issued_on";

async fn load(conn: &mut AnyConnection, filter: &str, id: i64) -> Result<Vec<Recommendation>> {
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM recommendations r LEFT JOIN outgoing_documents d ON d.id = r.answer_document_id \
         WHERE r.{filter} = $1 ORDER BY r.created_at, r.id"
    ))
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let names = super::results::province_names(conn).await?;
    Ok(rows
        .into_iter()
        .map(|r| Recommendation {
            id: r.id,
            conference_id: r.conference_id,
            topic: RecommendationTopic::parse(&r.topic).unwrap_or(RecommendationTopic::Other),
            addressed_to: r.addressed_to,
            body: r.body,
            unit_name: r.unit_name,
            admin_unit_name: r.admin_unit_code.as_ref().and_then(|c| names.get(c).cloned()).unwrap_or_default(),
            admin_unit_code: r.admin_unit_code,
            submitted_by: r.submitted_by,
            status: RecommendationStatus::parse(&r.status).unwrap_or(RecommendationStatus::Received),
            answer: r.answer,
            answered_by: r.answered_by,
            answered_on: r.answered_on,
            answer_letter: match (r.letter_id, r.letter_symbol, r.letter_issued_on) {
                (Some(id), Some(symbol), Some(issued_on)) => {
                    Some(hoinghi_domain::correspondence::IssuedRef { id, symbol, issued_on })
                }
                _ => None,
            },
            for_minutes: r.for_minutes,
            created_at: r.created_at,
            updated_at: r.updated_at,
        })
        .collect())
}

struct Checked {
    topic: RecommendationTopic,
    addressed_to: String,
    body: String,
}

fn check(input: &RecommendationInput) -> Result<Checked> {
    let mut check = Checker::new();
    let topic = RecommendationTopic::parse(input.topic.trim());
    if topic.is_none() {
        check.add("topic", Message::new("error-choice"));
    }
    let addressed_to = clean_line(&input.addressed_to);
    check.max_len("addressed_to", &addressed_to, limits::ADDRESSED_TO);
    let body = clean_text(&input.body);
    check.required("body", &body).max_len("body", &body, limits::RECOMMENDATION);
    check.finish()?;
    Ok(Checked { topic: topic.expect("checked"), addressed_to, body })
}

#[allow(clippy::too_many_arguments)]
async fn insert(
    svc: &Service,
    conference_id: i64,
    registration_id: Option<i64>,
    c: Checked,
    unit_name: &str,
    admin_unit_code: Option<&str>,
    submitted_by: &str,
    actor: &Actor,
) -> Result<i64> {
    let at = now();
    let mut tx = svc.db.begin().await?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO recommendations (conference_id, registration_id, topic, addressed_to, body, unit_name, \
         admin_unit_code, submitted_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id",
    )
    .bind(conference_id)
    .bind(registration_id)
    .bind(c.topic.as_str())
    .bind(&c.addressed_to)
    .bind(&c.body)
    .bind(unit_name)
    .bind(admin_unit_code)
    .bind(submitted_by)
    .bind(at)
    .fetch_one(&mut *tx)
    .await?;
    crate::audit::record(&mut tx, actor, Some(conference_id), "recommendation.file", &id.to_string()).await?;
    tx.commit().await?;
    Ok(id)
}

/// A delegate files a recommendation; unit, province and name come from their registration.
pub async fn file_by_token(svc: &Service, token: &str, input: RecommendationInput) -> Result<i64> {
    let c = check(&input)?;
    let d = crate::registration::delegate_by_token(svc, token).await?;
    if !matches!(d.status.as_str(), "confirmed" | "pending" | "waiting") {
        return Err(AppError::rejected("feedback-error-not-delegate").into());
    }
    insert(svc, d.conference_id, Some(d.id), c, &d.unit_name, d.admin_unit_code.as_deref(), &d.name, &Actor::Anonymous)
        .await
}

/// An organizer files a recommendation for a delegate or unit (said in a session, sent on paper).
pub async fn file_by_organizer(
    svc: &Service,
    actor: &Actor,
    conference_id: i64,
    input: RecommendationInput,
) -> Result<i64> {
    require_organizer(svc, actor, conference_id).await?;
    let c = check(&input)?;
    let unit = clean_line(&input.unit_name);
    let by = clean_line(&input.submitted_by);
    let mut more = Checker::new();
    more.required("unit_name", &unit).max_len("unit_name", &unit, 200).max_len("submitted_by", &by, 200);
    let code = input.admin_unit_code.trim();
    let province = if code.is_empty() {
        None
    } else {
        let mut conn = svc.db.read().acquire().await?;
        let known = crate::reference::admin_units_in(&mut conn).await?.into_iter().any(|u| u.code == code);
        if !known {
            more.add("admin_unit_code", Message::new("error-choice"));
        }
        Some(code.to_string())
    };
    more.finish()?;
    insert(svc, conference_id, None, c, &unit, province.as_deref(), &by, actor).await
}

/// All of a conference's recommendations, for organizers.
pub async fn list(svc: &Service, actor: &Actor, conference_id: i64) -> Result<Vec<Recommendation>> {
    require_organizer(svc, actor, conference_id).await?;
    let mut conn = svc.db.read().acquire().await?;
    load(&mut conn, "conference_id", conference_id).await
}

/// A conference's recommendations in the order they were filed, those in one `status` only when it is
/// given (as typed; empty for all): the organizers' triage list.
pub async fn triage(svc: &Service, actor: &Actor, conference_id: i64, status: &str) -> Result<Vec<Recommendation>> {
    require_organizer(svc, actor, conference_id).await?;
    let wanted = match status.trim() {
        "" => None,
        s => Some(
            RecommendationStatus::parse(s).ok_or_else(|| AppError::invalid("status", Message::new("error-choice")))?,
        ),
    };
    let mut conn = svc.db.read().acquire().await?;
    let all = load(&mut conn, "conference_id", conference_id).await?;
    Ok(all.into_iter().filter(|r| wanted.is_none_or(|w| r.status == w)).collect())
}

async fn conference_of(svc: &Service, id: i64) -> Result<i64> {
    let (conference_id,): (i64,) = sqlx::query_as("SELECT conference_id FROM recommendations WHERE id = $1")
        .bind(id)
        .fetch_optional(svc.db.read())
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(conference_id)
}

/// One recommendation, for the organizers of its conference.
pub async fn by_id(svc: &Service, actor: &Actor, id: i64) -> Result<Recommendation> {
    require_organizer(svc, actor, conference_of(svc, id).await?).await?;
    let mut conn = svc.db.read().acquire().await?;
    Ok(load(&mut conn, "id", id).await?.pop().ok_or(AppError::NotFound)?)
}

/// Those selected for the minutes, in the order they were filed.
pub async fn for_minutes(svc: &Service, actor: &Actor, conference_id: i64) -> Result<Vec<Recommendation>> {
    require_organizer(svc, actor, conference_id).await?;
    selected_for_minutes(svc, conference_id).await
}

/// The same, for the minutes' pre-fill (its caller has checked the organizer already).
pub(crate) async fn selected_for_minutes(svc: &Service, conference_id: i64) -> Result<Vec<Recommendation>> {
    let mut conn = svc.db.read().acquire().await?;
    Ok(load(&mut conn, "conference_id", conference_id).await?.into_iter().filter(|r| r.for_minutes).collect())
}

/// A delegate's own recommendations, with their status and answers.
pub async fn for_delegate(svc: &Service, token: &str) -> Result<Vec<Recommendation>> {
    let (id, _) = crate::registration::registration_by_token(svc, token).await?;
    let mut conn = svc.db.read().acquire().await?;
    load(&mut conn, "registration_id", id).await
}

pub async fn update(svc: &Service, actor: &Actor, id: i64, input: RecommendationUpdate) -> Result<Recommendation> {
    let conference_id = conference_of(svc, id).await?;
    require_organizer(svc, actor, conference_id).await?;
    let mut check = Checker::new();
    let status = RecommendationStatus::parse(input.status.trim());
    if status.is_none() {
        check.add("status", Message::new("error-choice"));
    }
    let answer = clean_text(&input.answer);
    let answered_by = clean_line(&input.answered_by);
    check.max_len("answer", &answer, limits::ANSWER).max_len("answered_by", &answered_by, 200);
    if status == Some(RecommendationStatus::Answered) && answer.is_empty() {
        check.add("answer", Message::new("recommendation-error-answer"));
    }
    // The date of the answer: as typed, else today once there is an answer (the conference's clock).
    let answered_on = if input.answered_on.trim().is_empty() {
        None
    } else {
        check.date("answered_on", &input.answered_on).map(|d| d.to_string())
    };
    check.finish()?;
    let answered_on = match answered_on {
        Some(d) => Some(d),
        None if !answer.is_empty() => {
            let conference = crate::conferences::by_id_internal(svc, conference_id).await?;
            let clock = crate::agenda::ConferenceClock::of(&conference);
            Some(clock.local(now()).date().to_string())
        }
        None => None,
    };
    let mut tx = svc.db.begin().await?;
    sqlx::query(
        "UPDATE recommendations SET status = $1, answer = $2, answered_by = $3, for_minutes = $4, updated_at = $5, \
         answered_on = $6 WHERE id = $7",
    )
    .bind(status.expect("checked").as_str())
    .bind(&answer)
    .bind(&answered_by)
    .bind(input.for_minutes == "true")
    .bind(now())
    .bind(&answered_on)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    crate::audit::record(&mut tx, actor, Some(conference_id), "recommendation.update", &id.to_string()).await?;
    tx.commit().await?;
    let mut conn = svc.db.read().acquire().await?;
    Ok(load(&mut conn, "id", id).await?.pop().ok_or(AppError::NotFound)?)
}
