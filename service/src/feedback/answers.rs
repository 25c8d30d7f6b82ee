//! Delegates answering: through the private link, or with the registration code (after scanning a
//! session's QR code). Only confirmed delegates of the form's conference answer; one submission per
//! delegate and form, replaced by a later one until the form closes.
//!
//! Anonymous forms: the respondent row (who) and the submission (what) are written in one transaction but
//! share nothing the database could join on; the submission is found again by `edit_tag`, an HMAC of the
//! form and registration under the server secret, which lives outside the database.

use super::eligibility::{is_theirs, own_sessions};
use super::forms::load;
use crate::Service;
use crate::conferences::by_id_internal;
use crate::db::{LockScope, now};
use crate::error::Result;
use crate::secrets::hmac_hex;
use crate::validate::Checker;
use hoinghi_domain::feedback::{AnswersInput, FeedbackForm, FeedbackPage, FeedbackQuestionKind, closed_reason, limits};
use hoinghi_domain::registration::answer_key;
use hoinghi_domain::text::{clean_line, clean_text};
use hoinghi_domain::{AppError, Message};
use std::collections::BTreeMap;

use crate::registration::{DelegateRef as Delegate, delegate_by_code, delegate_by_token as by_token};

/// A forged or mistyped code gets the same answer as a wrong one: it names no delegate of this conference.
async fn by_code(svc: &Service, conference_id: i64, code: &str) -> Result<Delegate> {
    match delegate_by_code(svc, code).await? {
        Some(d) if d.conference_id == conference_id => Ok(d),
        _ => Err(AppError::invalid("code", Message::new("feedback-error-code")).into()),
    }
}

/// The tag that finds a delegate's submission to a form again. It depends on the ids and the server secret,
/// so after an import (new ids) or a new secret, an anonymous submission can no longer be found: it stays
/// counted, and [`submit`] refuses a second one rather than let the delegate answer twice.
pub(crate) fn edit_tag(svc: &Service, form_id: i64, registration_id: i64) -> String {
    hmac_hex(&svc.settings.secret, format!("feedback/{form_id}/{registration_id}").as_bytes())
}

async fn session_title(svc: &Service, form: &FeedbackForm) -> Result<Option<String>> {
    let Some(uid) = &form.session_uid else { return Ok(None) };
    let mut conn = svc.db.read().acquire().await?;
    let snapshot = crate::agenda::latest_snapshot(&mut conn, form.conference_id).await?;
    Ok(snapshot.and_then(|s| s.sessions.iter().find(|x| &x.uid == uid).map(|x| x.title.clone())))
}

async fn page(svc: &Service, form_id: i64, delegate: Option<&Delegate>) -> Result<FeedbackPage> {
    let mut conn = svc.db.read().acquire().await?;
    let form = load(&mut conn, form_id).await?;
    if !form.published {
        return Err(AppError::NotFound.into());
    }
    let conference = by_id_internal(svc, form.conference_id).await?;
    if !conference.status.is_public() {
        return Err(AppError::NotFound.into());
    }
    let mut previous = BTreeMap::new();
    if let Some(d) = delegate {
        if d.conference_id != form.conference_id {
            return Err(AppError::NotFound.into());
        }
        let rows: Vec<(i64, String)> = sqlx::query_as(
            "SELECT a.question_id, a.value FROM feedback_answers a JOIN feedback_submissions s ON s.id = a.submission_id \
             WHERE s.form_id = $1 AND s.edit_tag = $2",
        )
        .bind(form_id)
        .bind(edit_tag(svc, form_id, d.id))
        .fetch_all(&mut *conn)
        .await?;
        for (q, v) in rows {
            previous.entry(q).or_insert_with(Vec::new).push(v);
        }
    }
    drop(conn);
    let session_title = session_title(svc, &form).await?;
    Ok(FeedbackPage {
        closed_reason: closed_reason(&form, now()).map(str::to_string),
        conference,
        form,
        session_title,
        previous,
    })
}

/// The form as a delegate sees it through their private link, with their earlier answers.
pub async fn page_by_token(svc: &Service, token: &str, form_id: i64) -> Result<FeedbackPage> {
    let d = by_token(svc, token).await?;
    let page = page(svc, form_id, Some(&d)).await?;
    if !is_theirs(svc, &page.form, d.id).await? {
        return Err(AppError::NotFound.into());
    }
    Ok(page)
}

/// The form as reached from a session's QR code: anyone may read it; answering needs a registration code.
pub async fn page_by_code(svc: &Service, form_id: i64) -> Result<FeedbackPage> {
    page(svc, form_id, None).await
}

/// Checks answers against the questions; returns (question id, value) pairs to store.
fn validate(form: &FeedbackForm, answers: &AnswersInput, check: &mut Checker) -> Vec<(i64, String)> {
    let mut out = Vec::new();
    for q in &form.questions {
        let field = format!("answer-{}", q.id);
        let given: Vec<String> = answers
            .get(&answer_key(q.id))
            .map(|vs| {
                vs.iter()
                    .map(|v| if q.kind == FeedbackQuestionKind::LongText { clean_text(v) } else { clean_line(v) })
                    .filter(|v| !v.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        if given.is_empty() {
            if q.required {
                let typed = matches!(q.kind, FeedbackQuestionKind::ShortText | FeedbackQuestionKind::LongText);
                check.add(&field, Message::new(if typed { "error-required" } else { "error-choose" }));
            }
            continue;
        }
        match q.kind {
            FeedbackQuestionKind::Rating => match given.as_slice() {
                [v] if matches!(v.parse::<u8>(), Ok(1..=5)) => out.push((q.id, v.clone())),
                _ => {
                    check.add(&field, Message::new("feedback-error-rating"));
                }
            },
            FeedbackQuestionKind::SingleChoice | FeedbackQuestionKind::MultipleChoice => {
                let single = q.kind == FeedbackQuestionKind::SingleChoice;
                if (single && given.len() > 1) || given.iter().any(|v| !q.options.contains(v)) {
                    check.add(&field, Message::new("error-choice"));
                } else {
                    let mut unique = given.clone();
                    unique.dedup();
                    out.extend(unique.into_iter().map(|v| (q.id, v)));
                }
            }
            FeedbackQuestionKind::ShortText | FeedbackQuestionKind::LongText => {
                let max =
                    if q.kind == FeedbackQuestionKind::ShortText { limits::SHORT_TEXT } else { limits::LONG_TEXT };
                let text = given.join("\n");
                if text.chars().count() > max {
                    check.add(&field, Message::new("error-too-long").arg("max", max));
                } else {
                    out.push((q.id, text));
                }
            }
        }
    }
    out
}

async fn submit(svc: &Service, form_id: i64, d: Delegate, answers: AnswersInput) -> Result<()> {
    let form = {
        let mut conn = svc.db.read().acquire().await?;
        load(&mut conn, form_id).await?
    };
    if form.conference_id != d.conference_id || !form.published {
        return Err(AppError::NotFound.into());
    }
    if d.status != "confirmed" {
        return Err(AppError::rejected("feedback-error-not-delegate").into());
    }
    if !is_theirs(svc, &form, d.id).await? {
        return Err(AppError::rejected("feedback-error-not-your-session").into());
    }
    if let Some(reason) = closed_reason(&form, now()) {
        return Err(AppError::rejected(reason).into());
    }
    let mut check = Checker::new();
    let values = validate(&form, &answers, &mut check);
    check.finish()?;
    let tag = edit_tag(svc, form_id, d.id);
    let mut tx = svc.db.begin().await?;
    // Serialize submissions to one form (a delegate in two tabs at once), so one submission results.
    svc.db.lock(&mut tx, LockScope::Feedback, form_id).await?;
    let existing: Option<(String,)> =
        sqlx::query_as("SELECT id FROM feedback_submissions WHERE form_id = $1 AND edit_tag = $2")
            .bind(form_id)
            .bind(&tag)
            .fetch_optional(&mut *tx)
            .await?;
    let submission_id = match existing {
        Some((id,)) => {
            sqlx::query("DELETE FROM feedback_answers WHERE submission_id = $1").bind(&id).execute(&mut *tx).await?;
            if !form.anonymous {
                sqlx::query("UPDATE feedback_submissions SET submitted_at = $1 WHERE id = $2")
                    .bind(now())
                    .bind(&id)
                    .execute(&mut *tx)
                    .await?;
            }
            id
        }
        None => {
            let (answered,): (i64,) =
                sqlx::query_as("SELECT COUNT(*) FROM feedback_respondents WHERE form_id = $1 AND registration_id = $2")
                    .bind(form_id)
                    .bind(d.id)
                    .fetch_one(&mut *tx)
                    .await?;
            if answered > 0 {
                // Answered before the conference was moved here (or before the server secret changed):
                // the answers count, but nothing can find them to change them.
                return Err(AppError::rejected("feedback-error-answered-before").into());
            }
            // A random id: nothing in it (order, time) pairs it with the respondent row.
            let id = uuid::Uuid::new_v4().to_string();
            sqlx::query(
                "INSERT INTO feedback_submissions (id, form_id, edit_tag, registration_id, admin_unit_code, unit_name, submitted_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(&id)
            .bind(form_id)
            .bind(&tag)
            .bind(if form.anonymous { None } else { Some(d.id) })
            .bind(&d.admin_unit_code)
            .bind(&d.unit_name)
            .bind(if form.anonymous { None } else { Some(now()) })
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO feedback_respondents (form_id, registration_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            )
            .bind(form_id)
            .bind(d.id)
            .execute(&mut *tx)
            .await?;
            id
        }
    };
    for (question_id, value) in values {
        sqlx::query("INSERT INTO feedback_answers (submission_id, question_id, value) VALUES ($1, $2, $3)")
            .bind(&submission_id)
            .bind(question_id)
            .bind(&value)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// A delegate answers through their private link.
pub async fn submit_by_token(svc: &Service, token: &str, form_id: i64, answers: AnswersInput) -> Result<()> {
    let d = by_token(svc, token).await?;
    submit(svc, form_id, d, answers).await
}

/// A delegate answers with their registration code (from a session's QR code).
pub async fn submit_by_code(svc: &Service, form_id: i64, code: &str, answers: AnswersInput) -> Result<()> {
    let conference_id = {
        let mut conn = svc.db.read().acquire().await?;
        load(&mut conn, form_id).await?.conference_id
    };
    let d = by_code(svc, conference_id, code).await?;
    submit(svc, form_id, d, answers).await
}

/// The published forms of a delegate's conference that are theirs to answer (see `eligibility`): (form id, title, why it is closed, answered already).
pub async fn forms_for_delegate(svc: &Service, token: &str) -> Result<Vec<(i64, String, Option<String>, bool)>> {
    let d = by_token(svc, token).await?;
    let rows: Vec<(i64,)> = sqlx::query_as(
        "SELECT id FROM feedback_forms WHERE conference_id = $1 AND published = $2 ORDER BY session_uid IS NOT NULL, opens_at, id",
    )
    .bind(d.conference_id)
    .bind(true)
    .fetch_all(svc.db.read())
    .await?;
    let mut out = Vec::new();
    let mut conn = svc.db.read().acquire().await?;
    let own = own_sessions(svc, &mut conn, d.conference_id, d.id).await?;
    let at = now();
    for (id,) in rows {
        let form = load(&mut conn, id).await?;
        if form.session_uid.as_ref().is_some_and(|uid| !own.contains(uid)) {
            continue;
        }
        let (answered,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM feedback_respondents WHERE form_id = $1 AND registration_id = $2")
                .bind(id)
                .bind(d.id)
                .fetch_one(&mut *conn)
                .await?;
        out.push((id, form.title.clone(), closed_reason(&form, at).map(str::to_string), answered > 0));
    }
    Ok(out)
}
