//! A form's answers as CSV and XLSX: one row per submission, one column per question. Anonymous forms
//! carry no name, unit or province (a unit with one delegate would name them).

use super::forms::load;
use super::results::rows as stored_rows;
use crate::Service;
use crate::accounts::{Actor, require_organizer};
use crate::error::Result;
use hoinghi_domain::feedback::{FeedbackForm, FeedbackQuestionKind};
use hoinghi_domain::{Locale, i18n::t};
use std::collections::HashMap;

/// The columns of [`table`] that hold numbers we write: the row number and the ratings (1 to 5, checked when
/// answered). Free-text answers are text even when they look like numbers.
fn numeric_columns(form: &FeedbackForm) -> Vec<usize> {
    let first_question = if form.anonymous { 1 } else { 3 };
    let ratings = form.questions.iter().enumerate().filter(|(_, q)| q.kind == FeedbackQuestionKind::Rating);
    std::iter::once(0).chain(ratings.map(|(i, _)| first_question + i)).collect()
}

/// Headings and rows; also what the benchmark measures.
pub fn table(
    form: &FeedbackForm,
    submissions: &[super::results::SubmissionRow],
    answers: &[super::results::AnswerRow],
    names: &HashMap<String, String>,
    locale: Locale,
) -> (Vec<String>, Vec<Vec<String>>) {
    let mut headings = vec![t(locale, "export-col-no")];
    if !form.anonymous {
        headings.push(t(locale, "export-col-organization"));
        headings.push(t(locale, "export-col-province"));
    }
    headings.extend(form.questions.iter().map(|q| q.prompt.clone()));
    let column: HashMap<i64, usize> = form.questions.iter().enumerate().map(|(i, q)| (q.id, i)).collect();
    let mut by_submission: HashMap<&str, Vec<Vec<&str>>> = HashMap::new();
    for (sid, qid, v) in answers {
        if let Some(c) = column.get(qid) {
            by_submission.entry(sid.as_str()).or_insert_with(|| vec![Vec::new(); form.questions.len()])[*c].push(v);
        }
    }
    let mut rows = Vec::with_capacity(submissions.len());
    for (n, (sid, province, unit)) in submissions.iter().enumerate() {
        let mut row = vec![(n + 1).to_string()];
        if !form.anonymous {
            row.push(unit.clone());
            row.push(province.as_ref().map(|c| names.get(c).cloned().unwrap_or_else(|| c.clone())).unwrap_or_default());
        }
        let values = by_submission.get(sid.as_str());
        for c in 0..form.questions.len() {
            row.push(values.map(|v| v[c].join("; ")).unwrap_or_default());
        }
        rows.push(row);
    }
    (headings, rows)
}

async fn gather(
    svc: &Service,
    actor: &Actor,
    form_id: i64,
    locale: Locale,
) -> Result<(FeedbackForm, Vec<String>, Vec<Vec<String>>)> {
    let mut conn = svc.db.read().acquire().await?;
    let form = load(&mut conn, form_id).await?;
    require_organizer(svc, actor, form.conference_id).await?;
    let (submissions, answers) = stored_rows(&mut conn, form_id).await?;
    let names = super::results::province_names(&mut conn).await?;
    let (h, r) = table(&form, &submissions, &answers, &names, locale);
    Ok((form, h, r))
}

pub async fn csv(svc: &Service, actor: &Actor, form_id: i64, locale: Locale) -> Result<Vec<u8>> {
    let (form, h, r) = gather(svc, actor, form_id, locale).await?;
    crate::tabular::csv(&h, &r, &numeric_columns(&form))
}

pub async fn xlsx(svc: &Service, actor: &Actor, form_id: i64, locale: Locale) -> Result<Vec<u8>> {
    let (form, h, r) = gather(svc, actor, form_id, locale).await?;
    // Ratings are numbers in the sheet, so people can chart and average them.
    let (sheet, numeric) = (t(locale, "feedback-sheet"), numeric_columns(&form));
    crate::blocking::run(move || crate::tabular::xlsx(&sheet, &h, &r, &numeric)).await?
}

/// The results as a PDF report (báo cáo kết quả góp ý) in the official layout.
pub async fn pdf(svc: &Service, actor: &Actor, form_id: i64) -> Result<Vec<u8>> {
    let r = super::results::results(svc, actor, form_id).await?;
    let conference = crate::conferences::by_id_internal(svc, r.form.conference_id).await?;
    let agency = conference.agency.as_ref().map(|a| a.name.clone()).unwrap_or_default();
    let report = hoinghi_documents::FeedbackReport {
        header: hoinghi_documents::HeaderSpec { issuing_agency: agency, ..Default::default() },
        conference_name: conference.title.clone(),
        subject: r.session_title.clone().unwrap_or_else(|| r.form.title.clone()),
        respondents: r.respondents,
        anonymous: r.form.anonymous,
        questions: r
            .questions
            .into_iter()
            .map(|q| hoinghi_documents::ReportQuestion {
                prompt: q.question.prompt,
                answered: q.answered,
                mean: q.mean,
                distribution: q.distribution,
                comments: q.comments,
            })
            .collect(),
    };
    crate::blocking::run(move || hoinghi_documents::render_feedback_report(&report))
        .await?
        .map_err(|e| anyhow::anyhow!("feedback report: {e}").into())
}
