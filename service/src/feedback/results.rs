//! Results: per question the number of answers, the mean (ratings), the distribution and the comments;
//! ratings by province and by unit where a group has at least three answers; and the comparison of
//! sessions and of the people who led them.

use super::charts::bar_chart;
use super::forms::load;
use crate::Service;
use crate::accounts::{Actor, require_organizer};
use crate::error::Result;
use hoinghi_domain::agenda::AgendaSnapshot;
use hoinghi_domain::feedback::{
    FeedbackForm, FeedbackQuestionKind, FormResults, GroupMean, QuestionResult, SessionScore, limits,
};
use hoinghi_domain::people::PersonRole;
use sqlx::AnyConnection;
use std::collections::HashMap;

/// One stored submission: id, province code, unit name.
pub type SubmissionRow = (String, Option<String>, String);
/// One stored answer: submission id, question id, value.
pub type AnswerRow = (String, i64, String);

fn group_means(
    ratings: &[(&str, u8)],
    subs: &HashMap<&str, (&Option<String>, &str)>,
    key: impl Fn(&Option<String>, &str) -> Option<String>,
) -> Vec<GroupMean> {
    let mut groups: HashMap<String, (i64, i64)> = HashMap::new();
    for (sid, v) in ratings {
        if let Some((province, unit)) = subs.get(sid)
            && let Some(k) = key(province, unit)
        {
            let e = groups.entry(k).or_default();
            e.0 += 1;
            e.1 += i64::from(*v);
        }
    }
    let mut out: Vec<GroupMean> = groups
        .into_iter()
        .filter(|(_, (n, _))| *n >= limits::MIN_GROUP as i64)
        .map(|(name, (n, sum))| GroupMean { name, count: n, mean: sum as f64 / n as f64 })
        .collect();
    out.sort_by(|a, b| crate::collation::compare_places(&a.name, &b.name));
    out
}

/// Computes the results of a form from its rows (no database: the benchmark calls this directly).
pub fn compute(
    form: &FeedbackForm,
    submissions: &[SubmissionRow],
    answers: &[AnswerRow],
    province_names: &HashMap<String, String>,
) -> Vec<QuestionResult> {
    let subs: HashMap<&str, (&Option<String>, &str)> =
        submissions.iter().map(|(id, p, u)| (id.as_str(), (p, u.as_str()))).collect();
    let mut by_question: HashMap<i64, Vec<(&str, &str)>> = HashMap::new();
    for (sid, qid, v) in answers {
        by_question.entry(*qid).or_default().push((sid.as_str(), v.as_str()));
    }
    form.questions
        .iter()
        .map(|q| {
            let given = by_question.get(&q.id).map(Vec::as_slice).unwrap_or(&[]);
            let mut answered_by: Vec<&str> = given.iter().map(|(s, _)| *s).collect();
            answered_by.sort_unstable();
            answered_by.dedup();
            let answered = answered_by.len() as i64;
            let (mut mean, mut distribution, mut comments) = (None, Vec::new(), Vec::new());
            let (mut by_province, mut by_unit) = (Vec::new(), Vec::new());
            match q.kind {
                FeedbackQuestionKind::Rating => {
                    let ratings: Vec<(&str, u8)> =
                        given.iter().filter_map(|(s, v)| v.parse::<u8>().ok().map(|v| (*s, v))).collect();
                    let mut counts = [0i64; 5];
                    for (_, v) in &ratings {
                        if (1..=5).contains(v) {
                            counts[usize::from(*v) - 1] += 1;
                        }
                    }
                    let n: i64 = counts.iter().sum();
                    if n > 0 {
                        let sum: i64 = counts.iter().enumerate().map(|(i, c)| (i as i64 + 1) * c).sum();
                        mean = Some(sum as f64 / n as f64);
                    }
                    distribution = (1..=5).map(|i| (i.to_string(), counts[i - 1])).collect();
                    by_province = group_means(&ratings, &subs, |p, _| {
                        p.as_ref().map(|c| province_names.get(c).cloned().unwrap_or_else(|| c.clone()))
                    });
                    by_unit = group_means(&ratings, &subs, |_, u| (!u.is_empty()).then(|| u.to_string()));
                }
                FeedbackQuestionKind::SingleChoice | FeedbackQuestionKind::MultipleChoice => {
                    distribution = q
                        .options
                        .iter()
                        .map(|o| (o.clone(), given.iter().filter(|(_, v)| v == o).count() as i64))
                        .collect();
                }
                FeedbackQuestionKind::ShortText | FeedbackQuestionKind::LongText => {
                    comments = given.iter().map(|(_, v)| v.to_string()).collect();
                }
            }
            let chart_svg = if distribution.is_empty() { String::new() } else { bar_chart(&distribution) };
            QuestionResult {
                question: q.clone(),
                answered,
                mean,
                distribution,
                comments,
                by_province,
                by_unit,
                chart_svg,
            }
        })
        .collect()
}

pub(crate) async fn rows(conn: &mut AnyConnection, form_id: i64) -> Result<(Vec<SubmissionRow>, Vec<AnswerRow>)> {
    let submissions: Vec<SubmissionRow> =
        sqlx::query_as("SELECT id, admin_unit_code, unit_name FROM feedback_submissions WHERE form_id = $1")
            .bind(form_id)
            .fetch_all(&mut *conn)
            .await?;
    let answers: Vec<AnswerRow> = sqlx::query_as(
        "SELECT a.submission_id, a.question_id, a.value FROM feedback_answers a \
         JOIN feedback_submissions s ON s.id = a.submission_id WHERE s.form_id = $1",
    )
    .bind(form_id)
    .fetch_all(&mut *conn)
    .await?;
    Ok((submissions, answers))
}

pub(crate) async fn province_names(conn: &mut AnyConnection) -> Result<HashMap<String, String>> {
    Ok(crate::reference::admin_units_in(conn).await?.into_iter().map(|u| (u.code, u.name)).collect())
}

/// A form's results, for organizers.
pub async fn results(svc: &Service, actor: &Actor, form_id: i64) -> Result<FormResults> {
    let mut conn = svc.db.read().acquire().await?;
    let form = load(&mut conn, form_id).await?;
    require_organizer(svc, actor, form.conference_id).await?;
    let (submissions, answers) = rows(&mut conn, form_id).await?;
    let names = province_names(&mut conn).await?;
    let questions = compute(&form, &submissions, &answers, &names);
    let session_title = match &form.session_uid {
        Some(uid) => crate::agenda::latest_snapshot(&mut conn, form.conference_id)
            .await?
            .and_then(|s| s.sessions.iter().find(|x| &x.uid == uid).map(|x| x.title.clone())),
        None => None,
    };
    Ok(FormResults { respondents: form.responses, session_title, form, questions })
}

type Comparison = (Vec<(String, String, Option<FeedbackForm>)>, Vec<SessionScore>, Vec<(String, i64, f64)>);

/// Sessions with their forms, their mean ratings, and each person's mean over the sessions they led.
pub(crate) async fn comparison(
    conn: &mut AnyConnection,
    snapshot: &AgendaSnapshot,
    by_session: &mut HashMap<String, FeedbackForm>,
) -> Result<Comparison> {
    let mut sessions = Vec::new();
    let mut scores = Vec::new();
    let mut people: HashMap<i64, (i64, i64)> = HashMap::new(); // person → (ratings, sum)
    let mut ordered: Vec<_> = snapshot.sessions.iter().collect();
    ordered.sort_by_key(|s| s.starts_at);
    for s in ordered {
        let form = by_session.remove(&s.uid);
        if let Some(f) = &form {
            let ratings: Vec<(String,)> = sqlx::query_as(
                "SELECT a.value FROM feedback_answers a JOIN feedback_questions q ON q.id = a.question_id \
                 WHERE q.form_id = $1 AND q.kind = 'rating'",
            )
            .bind(f.id)
            .fetch_all(&mut *conn)
            .await?;
            let values: Vec<i64> = ratings.iter().filter_map(|(v,)| v.parse().ok()).collect();
            let sum: i64 = values.iter().sum();
            let mean = (!values.is_empty()).then(|| sum as f64 / values.len() as f64);
            let leaders: Vec<i64> = s
                .people
                .iter()
                .filter(|(_, r)| matches!(r, PersonRole::Trainer | PersonRole::Presenter | PersonRole::Speaker))
                .map(|(id, _)| *id)
                .collect();
            for id in &leaders {
                let e = people.entry(*id).or_default();
                e.0 += values.len() as i64;
                e.1 += sum;
            }
            scores.push(SessionScore {
                form_id: f.id,
                session_uid: s.uid.clone(),
                title: s.title.clone(),
                people: leaders
                    .iter()
                    .filter_map(|id| snapshot.people.iter().find(|p| p.id == *id).map(|p| p.name.display()))
                    .collect(),
                respondents: f.responses,
                mean,
            });
        }
        sessions.push((s.uid.clone(), s.title.clone(), form));
    }
    let mut people: Vec<(String, i64, f64)> = people
        .into_iter()
        .filter(|(_, (n, _))| *n > 0)
        .filter_map(|(id, (n, sum))| {
            snapshot.people.iter().find(|p| p.id == id).map(|p| (p.name.display(), n, sum as f64 / n as f64))
        })
        .collect();
    people.sort_by(|a, b| b.2.total_cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
    Ok((sessions, scores, people))
}

#[cfg(test)]
mod tests {
    use super::*;
    use hoinghi_domain::feedback::FeedbackQuestion;

    fn form() -> FeedbackForm {
        let q = |id, kind, options: &[&str]| FeedbackQuestion {
            id,
            kind,
            prompt: format!("q{id}"),
            options: options.iter().map(|s| s.to_string()).collect(),
            required: false,
            low_label: String::new(),
            high_label: String::new(),
            position: id,
        };
        FeedbackForm {
            id: 1,
            conference_id: 1,
            session_uid: None,
            title: "t".into(),
            anonymous: true,
            opens_at: None,
            closes_at: None,
            published: true,
            questions: vec![
                q(1, FeedbackQuestionKind::Rating, &[]),
                q(2, FeedbackQuestionKind::MultipleChoice, &["A", "B"]),
                q(3, FeedbackQuestionKind::LongText, &[]),
            ],
            responses: 4,
        }
    }

    #[test]
    fn means_distributions_and_only_groups_of_three() {
        let subs: Vec<SubmissionRow> = vec![
            ("s1".into(), Some("56".into()), "Khánh Hòa".into()),
            ("s2".into(), Some("56".into()), "Khánh Hòa".into()),
            ("s3".into(), Some("56".into()), "Khánh Hòa".into()),
            ("s4".into(), Some("75".into()), "Đồng Nai".into()),
        ];
        let a = |s: &str, q, v: &str| (s.to_string(), q, v.to_string());
        let answers = vec![
            a("s1", 1, "5"),
            a("s2", 1, "4"),
            a("s3", 1, "3"),
            a("s4", 1, "1"),
            a("s1", 2, "A"),
            a("s1", 2, "B"),
            a("s2", 2, "B"),
            a("s4", 3, "Cần thêm thời gian"),
        ];
        let names = HashMap::from([("56".to_string(), "Tỉnh Khánh Hòa".to_string())]);
        let r = compute(&form(), &subs, &answers, &names);
        assert_eq!(r[0].answered, 4);
        assert_eq!(r[0].mean, Some(13.0 / 4.0));
        assert_eq!(r[0].distribution.iter().map(|(_, c)| *c).collect::<Vec<_>>(), vec![1, 0, 1, 1, 1]);
        // Đồng Nai has one answer: not shown apart, so that answer stays anonymous.
        assert_eq!(r[0].by_province.len(), 1);
        assert_eq!((r[0].by_province[0].name.as_str(), r[0].by_province[0].count), ("Tỉnh Khánh Hòa", 3));
        assert_eq!(r[0].by_province[0].mean, 4.0);
        assert_eq!(r[1].answered, 2);
        assert_eq!(r[1].distribution, vec![("A".to_string(), 1), ("B".to_string(), 2)]);
        assert_eq!(r[2].comments, vec!["Cần thêm thời gian".to_string()]);
        assert!(r[0].chart_svg.starts_with("<svg"));
    }
}
