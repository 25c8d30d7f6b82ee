//! Organizers' side of the forms: made from the template on first use, edited until the first answer,
//! published to take answers within their window.

use super::template::default_questions;
use crate::Service;
use crate::accounts::{Actor, require_organizer};
use crate::agenda::{ConferenceClock, latest_snapshot};
use crate::conferences::by_id_internal;
use crate::db::{Flag, Tx, now};
use crate::error::Result;
use crate::validate::Checker;
use hoinghi_domain::feedback::{
    FeedbackForm, FeedbackFormInput, FeedbackOverview, FeedbackQuestion, FeedbackQuestionInput, FeedbackQuestionKind,
    limits,
};
use hoinghi_domain::text::{clean_line, clean_text};
use hoinghi_domain::{AppError, Message};
use sqlx::AnyConnection;

#[derive(sqlx::FromRow)]
struct FormRow {
    id: i64,
    conference_id: i64,
    session_uid: Option<String>,
    title: String,
    #[sqlx(try_from = "Flag")]
    anonymous: bool,
    opens_at: Option<i64>,
    closes_at: Option<i64>,
    #[sqlx(try_from = "Flag")]
    published: bool,
}

#[derive(sqlx::FromRow)]
struct QuestionRow {
    id: i64,
    kind: String,
    prompt: String,
    options: String,
    #[sqlx(try_from = "Flag")]
    required: bool,
    low_label: String,
    high_label: String,
    position: i64,
}

const FORM_COLUMNS: &str = "id, conference_id, session_uid, title, anonymous, opens_at, closes_at, published";

pub(crate) async fn questions(conn: &mut AnyConnection, form_id: i64) -> Result<Vec<FeedbackQuestion>> {
    let rows: Vec<QuestionRow> = sqlx::query_as(
        "SELECT id, kind, prompt, options, required, low_label, high_label, position FROM feedback_questions \
         WHERE form_id = $1 ORDER BY position, id",
    )
    .bind(form_id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| FeedbackQuestion {
            id: r.id,
            kind: FeedbackQuestionKind::parse(&r.kind).unwrap_or(FeedbackQuestionKind::ShortText),
            prompt: r.prompt,
            options: serde_json::from_str(&r.options).unwrap_or_default(),
            required: r.required,
            low_label: r.low_label,
            high_label: r.high_label,
            position: r.position,
        })
        .collect())
}

fn into_form(r: FormRow, questions: Vec<FeedbackQuestion>, responses: i64) -> FeedbackForm {
    FeedbackForm {
        id: r.id,
        conference_id: r.conference_id,
        session_uid: r.session_uid,
        title: r.title,
        anonymous: r.anonymous,
        opens_at: r.opens_at,
        closes_at: r.closes_at,
        published: r.published,
        questions,
        responses,
    }
}

pub(crate) async fn load(conn: &mut AnyConnection, form_id: i64) -> Result<FeedbackForm> {
    let row: FormRow = sqlx::query_as(&format!("SELECT {FORM_COLUMNS} FROM feedback_forms WHERE id = $1"))
        .bind(form_id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(AppError::NotFound)?;
    let (responses,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM feedback_respondents WHERE form_id = $1")
        .bind(form_id)
        .fetch_one(&mut *conn)
        .await?;
    let questions = questions(conn, form_id).await?;
    Ok(into_form(row, questions, responses))
}

/// A form, for an organizer of its conference.
pub async fn form_for_organizer(svc: &Service, actor: &Actor, form_id: i64) -> Result<FeedbackForm> {
    let mut conn = svc.db.read().acquire().await?;
    let form = load(&mut conn, form_id).await?;
    require_organizer(svc, actor, form.conference_id).await?;
    Ok(form)
}

async fn insert_question(
    tx: &mut Tx,
    form_id: i64,
    position: i64,
    q: &super::template::TemplateQuestion,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO feedback_questions (form_id, position, kind, prompt, options, required, low_label, high_label) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(form_id)
    .bind(position)
    .bind(q.kind.as_str())
    .bind(&q.prompt)
    .bind(serde_json::to_string(&q.options).unwrap_or_else(|_| "[]".into()))
    .bind(q.required)
    .bind(&q.low_label)
    .bind(&q.high_label)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The conference's form (`session_uid` None) or a session's, made from the template if it has none yet.
/// A session's form opens when the session starts.
pub async fn open_form(
    svc: &Service,
    actor: &Actor,
    conference_id: i64,
    session_uid: Option<&str>,
) -> Result<FeedbackForm> {
    create_form(svc, actor, conference_id, session_uid).await.map(|(form, _)| form)
}

/// As [`open_form`], saying whether the form was made now (`true`) or was there already.
pub async fn create_form(
    svc: &Service,
    actor: &Actor,
    conference_id: i64,
    session_uid: Option<&str>,
) -> Result<(FeedbackForm, bool)> {
    require_organizer(svc, actor, conference_id).await?;
    let conference = by_id_internal(svc, conference_id).await?;
    let existing: Option<(i64,)> = match session_uid {
        None => {
            sqlx::query_as("SELECT id FROM feedback_forms WHERE conference_id = $1 AND session_uid IS NULL")
                .bind(conference_id)
                .fetch_optional(svc.db.read())
                .await?
        }
        Some(uid) => {
            sqlx::query_as("SELECT id FROM feedback_forms WHERE conference_id = $1 AND session_uid = $2")
                .bind(conference_id)
                .bind(uid)
                .fetch_optional(svc.db.read())
                .await?
        }
    };
    let mut conn = svc.db.read().acquire().await?;
    if let Some((id,)) = existing {
        return Ok((load(&mut conn, id).await?, false));
    }
    let (title, opens_at) = match session_uid {
        None => (conference.title.clone(), None),
        Some(uid) => {
            let snapshot = latest_snapshot(&mut conn, conference_id).await?.ok_or(AppError::NotFound)?;
            let s = snapshot.sessions.iter().find(|s| s.uid == uid).ok_or(AppError::NotFound)?;
            (s.title.clone(), Some(s.starts_at))
        }
    };
    drop(conn);
    let at = now();
    let mut tx = svc.db.begin().await?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO feedback_forms (conference_id, session_uid, title, anonymous, opens_at, published, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
    )
    .bind(conference_id)
    .bind(session_uid)
    .bind(&title)
    .bind(true)
    .bind(opens_at)
    .bind(false)
    .bind(at)
    .fetch_one(&mut *tx)
    .await
    .map_err(|e| match e {
        // Two organizers at once: the other one made it.
        e if crate::db::is_unique_violation(&e) => crate::error::Error::App(AppError::rejected("feedback-error-exists")),
        e => e.into(),
    })?;
    for (n, q) in default_questions(session_uid.is_some()).iter().enumerate() {
        insert_question(&mut tx, id, n as i64 + 1, q).await?;
    }
    crate::audit::record(&mut tx, actor, Some(conference_id), "feedback.form", &title).await?;
    tx.commit().await?;
    let mut conn = svc.db.read().acquire().await?;
    Ok((load(&mut conn, id).await?, true))
}

async fn editable(svc: &Service, actor: &Actor, form_id: i64) -> Result<FeedbackForm> {
    let form = form_for_organizer(svc, actor, form_id).await?;
    if form.responses > 0 {
        return Err(AppError::rejected("feedback-error-has-answers").into());
    }
    Ok(form)
}

pub async fn update_form(svc: &Service, actor: &Actor, form_id: i64, input: FeedbackFormInput) -> Result<FeedbackForm> {
    let form = form_for_organizer(svc, actor, form_id).await?;
    let conference = by_id_internal(svc, form.conference_id).await?;
    let clock = ConferenceClock::of(&conference);
    let title = clean_line(&input.title);
    let mut check = Checker::new();
    check.required("title", &title).max_len("title", &title, 300);
    let opens_at = check.local_time("opens_at", &input.opens_at, &clock);
    let closes_at = check.local_time("closes_at", &input.closes_at, &clock);
    if let (Some(o), Some(c)) = (opens_at, closes_at)
        && c <= o
    {
        check.add("closes_at", Message::new("feedback-error-closes-before-opens"));
    }
    let anonymous = input.anonymous == "true";
    // Anonymity is a promise to those who answered: it cannot be lifted afterwards.
    if form.responses > 0 && form.anonymous && !anonymous {
        check.add("anonymous", Message::new("feedback-error-anonymity-kept"));
    }
    check.finish()?;
    let mut tx = svc.db.begin().await?;
    sqlx::query(
        "UPDATE feedback_forms SET title = $1, anonymous = $2, opens_at = $3, closes_at = $4, updated_at = $5 WHERE id = $6",
    )
    .bind(&title)
    .bind(anonymous)
    .bind(opens_at)
    .bind(closes_at)
    .bind(now())
    .bind(form_id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    form_for_organizer(svc, actor, form_id).await
}

pub async fn publish_form(svc: &Service, actor: &Actor, form_id: i64, published: bool) -> Result<FeedbackForm> {
    let form = form_for_organizer(svc, actor, form_id).await?;
    if published && form.questions.is_empty() {
        return Err(AppError::rejected("feedback-error-no-questions").into());
    }
    let mut tx = svc.db.begin().await?;
    sqlx::query("UPDATE feedback_forms SET published = $1, updated_at = $2 WHERE id = $3")
        .bind(published)
        .bind(now())
        .bind(form_id)
        .execute(&mut *tx)
        .await?;
    crate::audit::record(&mut tx, actor, Some(form.conference_id), "feedback.publish", &form.title).await?;
    tx.commit().await?;
    form_for_organizer(svc, actor, form_id).await
}

pub async fn add_question(
    svc: &Service,
    actor: &Actor,
    form_id: i64,
    input: FeedbackQuestionInput,
) -> Result<FeedbackForm> {
    let form = editable(svc, actor, form_id).await?;
    let mut check = Checker::new();
    let kind = FeedbackQuestionKind::parse(input.kind.trim());
    if kind.is_none() {
        check.add("kind", Message::new("feedback-error-kind"));
    }
    let prompt = clean_text(&input.prompt);
    check.required("prompt", &prompt).max_len("prompt", &prompt, limits::PROMPT);
    let options: Vec<String> = input.options.lines().map(clean_line).filter(|o| !o.is_empty()).collect();
    if let Some(k) = kind {
        if k.has_options() && options.len() < 2 {
            check.add("options", Message::new("feedback-error-options"));
        }
        if options.len() > limits::OPTIONS || options.iter().any(|o| o.chars().count() > limits::OPTION) {
            check.add("options", Message::new("error-too-long").arg("max", limits::OPTION));
        }
    }
    let (low, high) = (clean_line(&input.low_label), clean_line(&input.high_label));
    check.max_len("low_label", &low, limits::LABEL).max_len("high_label", &high, limits::LABEL);
    if form.questions.len() >= limits::QUESTIONS {
        check.add("prompt", Message::new("feedback-error-too-many").arg("max", limits::QUESTIONS));
    }
    check.finish()?;
    let kind = kind.expect("checked");
    let q = super::template::TemplateQuestion {
        kind,
        prompt,
        options: if kind.has_options() { options } else { vec![] },
        required: input.required == "true",
        low_label: low,
        high_label: high,
    };
    let position = form.questions.iter().map(|q| q.position).max().unwrap_or(0) + 1;
    let mut tx = svc.db.begin().await?;
    insert_question(&mut tx, form_id, position, &q).await?;
    tx.commit().await?;
    form_for_organizer(svc, actor, form_id).await
}

/// Removes a question of a form that has no answers yet; a question that is not the form's is not found.
pub async fn delete_question(svc: &Service, actor: &Actor, form_id: i64, question_id: i64) -> Result<FeedbackForm> {
    editable(svc, actor, form_id).await?;
    let deleted = sqlx::query("DELETE FROM feedback_questions WHERE id = $1 AND form_id = $2")
        .bind(question_id)
        .bind(form_id)
        .execute(svc.db.write())
        .await?
        .rows_affected();
    if deleted == 0 {
        return Err(AppError::NotFound.into());
    }
    form_for_organizer(svc, actor, form_id).await
}

/// A conference's forms: the conference's own first, then the sessions' in the order they were made.
pub async fn forms(svc: &Service, actor: &Actor, conference_id: i64) -> Result<Vec<FeedbackForm>> {
    require_organizer(svc, actor, conference_id).await?;
    let mut conn = svc.db.read().acquire().await?;
    let ids: Vec<(i64,)> = sqlx::query_as(
        "SELECT id FROM feedback_forms WHERE conference_id = $1 \
         ORDER BY CASE WHEN session_uid IS NULL THEN 0 ELSE 1 END, id",
    )
    .bind(conference_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut out = Vec::with_capacity(ids.len());
    for (id,) in ids {
        out.push(load(&mut conn, id).await?);
    }
    Ok(out)
}

/// The conference's feedback at a glance: its forms, every session with its form, and the comparison of
/// sessions and people by mean rating.
pub async fn overview(svc: &Service, actor: &Actor, conference_id: i64) -> Result<FeedbackOverview> {
    require_organizer(svc, actor, conference_id).await?;
    let conference = by_id_internal(svc, conference_id).await?;
    let mut conn = svc.db.read().acquire().await?;
    let ids: Vec<(i64, Option<String>)> =
        sqlx::query_as("SELECT id, session_uid FROM feedback_forms WHERE conference_id = $1 ORDER BY id")
            .bind(conference_id)
            .fetch_all(&mut *conn)
            .await?;
    let mut conference_form = None;
    let mut by_session = std::collections::HashMap::new();
    for (id, uid) in ids {
        let f = load(&mut conn, id).await?;
        match uid {
            None => conference_form = Some(f),
            Some(uid) => {
                by_session.insert(uid, f);
            }
        }
    }
    let snapshot = latest_snapshot(&mut conn, conference_id).await?;
    let (sessions, scores, people) = match &snapshot {
        Some(s) => super::results::comparison(&mut conn, s, &mut by_session).await?,
        None => (vec![], vec![], vec![]),
    };
    Ok(FeedbackOverview { conference, conference_form, sessions, scores, people })
}
