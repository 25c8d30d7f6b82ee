//! Feedback and recommendations through the service layer, on SQLite and PostgreSQL: one voice per
//! delegate that a second submission updates, anonymous answers the database cannot link to anyone,
//! refusals for outsiders, forged codes and closed forms, bad input, results, and recommendations.

use crate::common::{agency_with_units, app_error, invalid_fields, organizer};
use hoinghi_domain::agenda::SessionInput;
use hoinghi_domain::conference::ConferenceInput;
use hoinghi_domain::feedback::{AnswersInput, FeedbackFormInput, RecommendationInput, RecommendationUpdate};
use hoinghi_domain::registration::{RegistrationInput, answer_key};
use hoinghi_domain::{AppError, Locale};
use hoinghi_service::accounts::Actor;
use hoinghi_service::registration::{self, Source};
use hoinghi_service::{Service, agenda, conferences, feedback};

struct Setup {
    organizer: Actor,
    conference_id: i64,
    session_uid: String,
    /// (registration id, private token, code) of confirmed delegates.
    delegates: Vec<(i64, String, String)>,
}

async fn setup(svc: &Service) -> Setup {
    let an = organizer(svc, "an@bhxh.gov.vn").await;
    let (agency_id, units) = agency_with_units(svc, &[("Bảo hiểm xã hội tỉnh Khánh Hòa", "56")]).await;
    let c = conferences::create(
        svc,
        &an,
        ConferenceInput {
            title: "Hội nghị tập huấn".into(),
            starts_on: "2026-11-20".into(),
            ends_on: "2026-11-21".into(),
            agency_id: agency_id.to_string(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let session = agenda::create(
        svc,
        &an,
        c.id,
        SessionInput {
            kind: "training".into(),
            title: "Chuyên đề: kỹ năng thông tin đối ngoại".into(),
            day: "2026-11-20".into(),
            start: "08:00".into(),
            end: "10:00".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    agenda::publish(svc, &an, c.id).await.unwrap();
    conferences::publish(svc, &an, c.id).await.unwrap();
    let mut delegates = Vec::new();
    for n in 0..4 {
        let r = registration::register(
            svc,
            &Actor::Anonymous,
            c.id,
            RegistrationInput {
                family_name: "Trần".into(),
                middle_name: "Thị".into(),
                given_name: format!("Hoa {n}"),
                unit_id: units[0].to_string(),
                phone: format!("0905{n:06}"),
                email: format!("hoa.{n}@bhxh.gov.vn"),
                // The class is theirs: only its delegates answer its form.
                sessions: vec![session.uid.clone()],
                consent: "true".into(),
                ..Default::default()
            },
            Locale::Vi,
            Source::Delegate,
        )
        .await
        .unwrap();
        delegates.push((r.registration.id, r.token, r.registration.code));
    }
    Setup { organizer: an, conference_id: c.id, session_uid: session.uid, delegates }
}

fn answers(pairs: &[(i64, &[&str])]) -> AnswersInput {
    pairs.iter().map(|(q, vs)| (answer_key(*q), vs.iter().map(|v| v.to_string()).collect())).collect()
}

async fn count(svc: &Service, sql: &str, form_id: i64) -> i64 {
    let (n,): (i64,) = sqlx::query_as(sql).bind(form_id).fetch_one(svc.db.read()).await.unwrap();
    n
}

on_both_engines!(one_voice_per_delegate_anonymous_and_refusals, |svc: Service| async move {
    let s = setup(&svc).await;
    let form = feedback::open_form(&svc, &s.organizer, s.conference_id, Some(&s.session_uid)).await.unwrap();
    assert!(form.anonymous, "anonymous by default");
    assert_eq!(form.questions.len(), 5, "the default template");
    let (useful, presenter, organization, _time, improve) =
        (form.questions[0].id, form.questions[1].id, form.questions[2].id, form.questions[3].id, form.questions[4].id);
    // Opens when the session starts (2026-11-20 08:00, in the past here); published by the organizer.
    let (d0, token0, code0) = s.delegates[0].clone();
    let not_published = feedback::submit_by_token(&svc, &token0, form.id, answers(&[(useful, &["5"])])).await;
    assert!(matches!(app_error(not_published), AppError::NotFound));
    feedback::publish_form(&svc, &s.organizer, form.id, true).await.unwrap();

    let full = |u: &str, comment: &str| {
        answers(&[(useful, &[u]), (presenter, &["4"]), (organization, &["5"]), (improve, &[comment])])
    };
    feedback::submit_by_token(&svc, &token0, form.id, full("3", "Cần thêm tài liệu.")).await.unwrap();
    // A second submission by the same delegate replaces the first.
    feedback::submit_by_code(&svc, form.id, &code0.to_lowercase(), full("5", "<script>alert(1)</script> thêm ví dụ"))
        .await
        .unwrap();
    assert_eq!(count(&svc, "SELECT COUNT(*) FROM feedback_respondents WHERE form_id = $1", form.id).await, 1);
    assert_eq!(count(&svc, "SELECT COUNT(*) FROM feedback_submissions WHERE form_id = $1", form.id).await, 1);
    let page = feedback::page_by_token(&svc, &token0, form.id).await.unwrap();
    assert_eq!(page.previous[&useful], vec!["5".to_string()]);
    assert_eq!(page.previous[&improve], vec!["<script>alert(1)</script> thêm ví dụ".to_string()], "stored as text");

    // The anonymous rows: nothing in them names the delegate.
    let rows: Vec<(String, String, Option<i64>, Option<i64>)> = sqlx::query_as(
        "SELECT id, edit_tag, registration_id, submitted_at FROM feedback_submissions WHERE form_id = $1",
    )
    .bind(form.id)
    .fetch_all(svc.db.read())
    .await
    .unwrap();
    let (sid, tag, reg, at) = rows[0].clone();
    assert_eq!((reg, at), (None, None), "no delegate, no time");
    let (token_hash, email): (String, String) =
        sqlx::query_as("SELECT token_hash, email FROM registrations WHERE id = $1")
            .bind(d0)
            .fetch_one(svc.db.read())
            .await
            .unwrap();
    // (The id itself is too short to look for in hex; the column above is what would hold it.)
    for secret_of_delegate in [code0.clone(), token_hash, email, token0.clone()] {
        assert!(!sid.contains(&secret_of_delegate) && !tag.contains(&secret_of_delegate));
    }
    assert_eq!(tag.len(), 64, "an HMAC under the server secret");

    // Outsiders: a forged code, a cancelled delegate, a closed form.
    let forged = feedback::submit_by_code(&svc, form.id, "ZZZZZ-99999", full("1", "")).await;
    assert_eq!(invalid_fields(forged), vec!["code"]);
    let (_, token3, _) = s.delegates[3].clone();
    registration::cancel_by_delegate(&svc, &token3).await.unwrap();
    let cancelled = feedback::submit_by_token(&svc, &token3, form.id, full("1", "")).await;
    assert!(
        matches!(app_error(cancelled), AppError::Rejected { message } if message.key == "feedback-error-not-delegate")
    );

    // Bad input: a rating of 6, a missing required answer, 100 KB of comment: all named, nothing stored.
    let (_, token1, _) = s.delegates[1].clone();
    let big = "ý".repeat(100_000);
    let bad = answers(&[(useful, &["6"]), (presenter, &["4"]), (improve, &[big.as_str()])]);
    let mut fields = invalid_fields(feedback::submit_by_token(&svc, &token1, form.id, bad).await);
    fields.sort();
    let mut expected = vec![format!("answer-{useful}"), format!("answer-{organization}"), format!("answer-{improve}")];
    expected.sort();
    assert_eq!(fields, expected);
    assert_eq!(count(&svc, "SELECT COUNT(*) FROM feedback_respondents WHERE form_id = $1", form.id).await, 1);

    // Results move with each answer; groups smaller than three stay hidden.
    feedback::submit_by_token(&svc, &token1, form.id, full("4", "")).await.unwrap();
    let r = feedback::results(&svc, &s.organizer, form.id).await.unwrap();
    assert_eq!(r.respondents, 2);
    assert_eq!(r.questions[0].mean, Some(4.5));
    assert!(r.questions[0].by_province.is_empty(), "two answers from Khánh Hòa: not shown apart");
    let (_, token2, _) = s.delegates[2].clone();
    let formula = "=HYPERLINK(\"http://evil.example\",\"Xem\")";
    feedback::submit_by_token(&svc, &token2, form.id, full("3", formula)).await.unwrap();
    let r = feedback::results(&svc, &s.organizer, form.id).await.unwrap();
    assert_eq!(r.questions[0].mean, Some(4.0));
    assert_eq!(r.questions[0].by_province.len(), 1);
    assert_eq!(r.questions[4].comments.len(), 2);
    let csv = String::from_utf8(feedback::results_csv(&svc, &s.organizer, form.id, Locale::Vi).await.unwrap()).unwrap();
    assert_eq!(csv.lines().count(), 4, "a heading and three submissions");
    assert!(!csv.contains("Khánh Hòa"), "anonymous exports carry no unit");
    // A formula typed as an answer is text to the spreadsheet: an apostrophe inside the quoting. Ratings,
    // which we write, stay numbers.
    assert!(csv.contains(",\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"Xem\"\")\"\r\n"), "{csv}");
    assert!(!csv.contains(",=") && !csv.contains(",\"="), "{csv}");
    assert!(csv.lines().skip(1).all(|l| l.split(',').nth(1).is_some_and(|v| v.parse::<u8>().is_ok())), "{csv}");
    // In the XLSX the answer is a string cell, exactly as typed, and ratings are number cells.
    {
        use calamine::{Data, Reader};
        let xlsx = feedback::results_xlsx(&svc, &s.organizer, form.id, Locale::Vi).await.unwrap();
        let mut book: calamine::Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(xlsx)).unwrap();
        let sheet = book.sheet_names()[0].clone();
        assert!(book.worksheet_formula(&sheet).unwrap().used_cells().all(|(_, _, f)| f.is_empty()));
        let range = book.worksheet_range(&sheet).unwrap();
        let rows: Vec<Vec<Data>> = range.rows().skip(1).map(|r| r.to_vec()).collect();
        assert_eq!(rows.len(), 3);
        assert!(rows.iter().all(|r| matches!(r[1], Data::Float(_))), "{rows:?}");
        assert!(rows.iter().any(|r| r[5] == Data::String(formula.into())), "{rows:?}");
    }
    // The PDF report: a valid PDF whose text (poppler's pdftotext) has the question and the mean.
    let pdf = feedback::results_pdf(&svc, &s.organizer, form.id).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.pdf");
    std::fs::write(&path, &pdf).unwrap();
    let out = std::process::Command::new("pdftotext").arg(&path).arg("-").output().expect("pdftotext (poppler-utils)");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("BÁO CÁO KẾT QUẢ GÓP Ý") && text.contains("điểm trung bình: 4,00 / 5"), "{text}");
    assert!(text.contains("<script>alert(1)</script> thêm ví dụ"), "comments printed as text");
    let check = std::process::Command::new("qpdf").arg("--check").arg(&path).output().expect("qpdf");
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stdout));
    // Anonymity cannot be lifted once answers exist; questions cannot change either.
    let lift = feedback::update_form(
        &svc,
        &s.organizer,
        form.id,
        FeedbackFormInput { title: form.title.clone(), anonymous: String::new(), ..Default::default() },
    )
    .await;
    assert_eq!(invalid_fields(lift), vec!["anonymous"]);
    assert!(feedback::delete_question(&svc, &s.organizer, form.id, improve).await.is_err());

    // Closed: a clear refusal.
    feedback::update_form(
        &svc,
        &s.organizer,
        form.id,
        FeedbackFormInput {
            title: form.title.clone(),
            anonymous: "true".into(),
            opens_at: "2026-11-20T08:00".into(),
            closes_at: "2026-11-20T09:00".into(),
        },
    )
    .await
    .unwrap();
    let late = feedback::submit_by_token(&svc, &token1, form.id, full("1", "")).await;
    assert!(matches!(app_error(late), AppError::Rejected { message } if message.key == "feedback-error-closed"));
    // Another organizer's conference is not theirs.
    let other = organizer(&svc, "khac@bhxh.gov.vn").await;
    assert!(feedback::results(&svc, &other, form.id).await.is_err());
});

on_both_engines!(named_forms_and_recommendations, |svc: Service| async move {
    let s = setup(&svc).await;
    let form = feedback::open_form(&svc, &s.organizer, s.conference_id, None).await.unwrap();
    feedback::update_form(
        &svc,
        &s.organizer,
        form.id,
        FeedbackFormInput { title: "Phiếu chung".into(), anonymous: String::new(), ..Default::default() },
    )
    .await
    .unwrap();
    feedback::publish_form(&svc, &s.organizer, form.id, true).await.unwrap();
    let (d0, token0, _) = s.delegates[0].clone();
    let q = form.questions.iter().map(|q| q.id).collect::<Vec<_>>();
    feedback::submit_by_token(&svc, &token0, form.id, answers(&[(q[0], &["4"]), (q[1], &["5"])])).await.unwrap();
    let (reg,): (Option<i64>,) = sqlx::query_as("SELECT registration_id FROM feedback_submissions WHERE form_id = $1")
        .bind(form.id)
        .fetch_one(svc.db.read())
        .await
        .unwrap();
    assert_eq!(reg, Some(d0), "a named form keeps who answered");

    // Recommendations: filed by a delegate, answered by the organizers, seen by the delegate.
    let bad =
        feedback::file_by_token(&svc, &token0, RecommendationInput { topic: "weather".into(), ..Default::default() })
            .await;
    assert_eq!(invalid_fields(bad), vec!["body", "topic"]);
    let id = feedback::file_by_token(
        &svc,
        &token0,
        RecommendationInput {
            topic: "budget".into(),
            addressed_to: "Bảo hiểm xã hội Việt Nam".into(),
            body: "Bố trí kinh phí cho hoạt động đối ngoại của địa phương.".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let no_answer = feedback::update_recommendation(
        &svc,
        &s.organizer,
        id,
        RecommendationUpdate { status: "answered".into(), ..Default::default() },
    )
    .await;
    assert_eq!(invalid_fields(no_answer), vec!["answer"]);
    let r = feedback::update_recommendation(
        &svc,
        &s.organizer,
        id,
        RecommendationUpdate {
            status: "answered".into(),
            answer: "Đã đưa vào dự toán năm sau.".into(),
            answered_by: "Ban Kế hoạch - Tài chính".into(),
            answered_on: String::new(),
            for_minutes: "true".into(),
        },
    )
    .await
    .unwrap();
    assert_eq!(
        (r.unit_name.as_str(), r.admin_unit_name.as_str()),
        ("Bảo hiểm xã hội tỉnh Khánh Hòa", "Tỉnh Khánh Hòa")
    );
    let mine = feedback::recommendations_for_delegate(&svc, &token0).await.unwrap();
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].answer, "Đã đưa vào dự toán năm sau.");
    assert_eq!(feedback::for_minutes(&svc, &s.organizer, s.conference_id).await.unwrap().len(), 1);
    let (_, token1, _) = s.delegates[1].clone();
    assert!(feedback::recommendations_for_delegate(&svc, &token1).await.unwrap().is_empty(), "only their own");
    assert!(feedback::list_recommendations(&svc, &Actor::Anonymous, s.conference_id).await.is_err());
});
