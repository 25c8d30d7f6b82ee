//! Feedback and recommendations in the JSON API with a bearer token: forms made from the template,
//! changed, opened and closed, their questions, their results as JSON, CSV, XLSX and PDF after a delegate
//! answered on the site; recommendations filed on a delegate's behalf and triaged. For each: the happy
//! path, refused input (422 with the fields), another conference's organizer (403) and no token (401).
//! Every answer is held to the OpenAPI document.

use hoinghi_tests::Engine;
use hoinghi_tests::api::{DEMO, start};
use hoinghi_tests::http::Session;
use reqwest::Method;
use serde_json::{Value, json};

/// A delegate answers `form` with their registration code, on the site without JavaScript.
async fn answer_on_the_site(s: &Session, form: &Value, code: &str) -> reqwest::StatusCode {
    let id = form["id"].to_string();
    let mut fields: Vec<(String, String)> =
        vec![("slug".into(), DEMO.into()), ("form_id".into(), id.clone()), ("code".into(), code.into())];
    for q in form["questions"].as_array().unwrap() {
        let value = match q["kind"].as_str().unwrap() {
            "rating" => "4".to_string(),
            "single_choice" | "multiple_choice" => q["options"][0].as_str().unwrap().to_string(),
            _ => "Nội dung thiết thực, cần thêm thời gian thảo luận.".to_string(),
        };
        fields.push((format!("answers[q{}][]", q["id"]), value));
    }
    let borrowed: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    s.post_form(&format!("/c/{DEMO}/feedback/{id}"), "/fn/feedback/answer-code", &borrowed).await.status()
}

async fn feedback_forms(engine: Engine) {
    let Some((server, api, other)) = start(engine).await else { return };
    let anonymous = api.anonymous();
    let forms = format!("/conferences/{DEMO}/feedback-forms");
    assert_eq!(api.get(&forms, 200).await["total"], 0);

    let form = api.expect(Method::POST, &forms, Some(json!({})), 201).await;
    assert_eq!((form["published"].as_bool(), form["session_uid"].is_null()), (Some(false), true));
    assert!(!form["questions"].as_array().unwrap().is_empty(), "made from the template");
    assert_eq!(api.expect(Method::POST, &forms, Some(json!({"session_uid": ""})), 200).await["id"], form["id"]);
    let sessions = api.get(&format!("/conferences/{DEMO}/sessions?limit=1"), 200).await;
    let uid = sessions["items"][0]["uid"].as_str().unwrap();
    let session_form = api.expect(Method::POST, &forms, Some(json!({"session_uid": uid})), 201).await;
    api.expect(Method::POST, &forms, Some(json!({"session_uid": "khong-co"})), 404).await;
    let listed = api.all_pages(&forms, 1).await;
    assert_eq!(listed.iter().map(|f| &f["id"]).collect::<Vec<_>>(), [&form["id"], &session_form["id"]]);

    let path = format!("/feedback-forms/{}", form["id"]);
    assert_eq!(api.get(&path, 200).await, form);
    let settings = json!({"title": "Phiếu lấy ý kiến đại biểu", "anonymous": true, "opens_at": "", "closes_at": ""});
    assert_eq!(api.expect(Method::PUT, &path, Some(settings.clone()), 200).await["title"], "Phiếu lấy ý kiến đại biểu");
    let backwards = json!({"title": "", "opens_at": "2017-09-19T08:00", "closes_at": "2017-09-18T08:00"});
    assert_eq!(api.call(Method::PUT, &path, Some(backwards)).await.fields(), ["title", "closes_at"]);

    let questions = format!("{path}/questions");
    let added = api
        .expect(Method::POST, &questions, Some(json!({"kind": "rating", "prompt": "Công tác tổ chức", "low_label": "Chưa tốt", "high_label": "Rất tốt", "required": true})), 201)
        .await;
    let extra = added["questions"].as_array().unwrap().last().unwrap()["id"].clone();
    assert_eq!(
        api.call(Method::POST, &questions, Some(json!({"kind": "thang điểm", "prompt": ""}))).await.fields(),
        ["kind", "prompt"]
    );
    assert_eq!(
        api.call(Method::POST, &questions, Some(json!({"kind": "single_choice", "prompt": "Chọn một"}))).await.fields(),
        ["options"]
    );
    api.expect(Method::DELETE, &format!("{questions}/{extra}"), None, 204).await;
    api.expect(Method::DELETE, &format!("{questions}/{extra}"), None, 404).await;

    assert_eq!(api.expect(Method::POST, &format!("{path}/open"), None, 200).await["published"], true);
    assert_eq!(api.expect(Method::POST, &format!("{path}/close"), None, 200).await["published"], false);
    let form = api.expect(Method::POST, &format!("{path}/open"), None, 200).await;

    // A confirmed delegate answers on the site with their code.
    let delegate = api
        .expect(
            Method::POST,
            &format!("/conferences/{DEMO}/registrations"),
            Some(json!({"family_name": "Võ", "middle_name": "Minh", "given_name": "Khoa", "admin_unit_code": "79",
                "organization": "Sở Lao động", "email": "khoa@example.vn", "phone": "0283 822 1234"})),
            201,
        )
        .await;
    let status = answer_on_the_site(&Session::new(&server), &form, delegate["code"].as_str().unwrap()).await;
    assert_eq!(status, reqwest::StatusCode::SEE_OTHER, "the answer was refused");

    let results = api.get(&format!("{path}/results"), 200).await;
    assert_eq!(results["respondents"], 1);
    let rating = results["questions"].as_array().unwrap().iter().find(|q| q["question"]["kind"] == "rating").unwrap();
    assert_eq!((rating["answered"].as_i64(), rating["mean"].as_f64()), (Some(1), Some(4.0)));
    let csv = api.call(Method::GET, &format!("{path}/results.csv"), None).await;
    assert_eq!(csv.status, 200);
    assert!(String::from_utf8(csv.bytes).unwrap().contains("thiết thực"));
    let xlsx = api.call(Method::GET, &format!("{path}/results.xlsx"), None).await;
    assert!(xlsx.status == 200 && xlsx.bytes.starts_with(b"PK"));
    let pdf = api.call(Method::GET, &format!("{path}/report.pdf"), None).await;
    assert!(pdf.status == 200 && pdf.bytes.starts_with(b"%PDF"));
    // With an answer in, anonymity is kept and the questions are fixed.
    let mut lifted = settings.clone();
    lifted["anonymous"] = json!(false);
    assert_eq!(api.call(Method::PUT, &path, Some(lifted)).await.fields(), ["anonymous"]);
    let a = api.call(Method::POST, &questions, Some(json!({"kind": "short_text", "prompt": "Thêm"}))).await;
    assert_eq!((a.status.as_u16(), a.json()["error"]["code"].as_str()), (409, Some("rejected")));

    for (who, status) in [(&other, 403), (&anonymous, 401)] {
        assert_eq!(who.call(Method::GET, &forms, None).await.status, status);
        assert_eq!(who.call(Method::POST, &forms, Some(json!({}))).await.status, status);
        assert_eq!(who.call(Method::GET, &path, None).await.status, status);
        assert_eq!(who.call(Method::PUT, &path, Some(settings.clone())).await.status, status);
        assert_eq!(who.call(Method::POST, &format!("{path}/close"), None).await.status, status);
        assert_eq!(
            who.call(Method::POST, &questions, Some(json!({"kind": "rating", "prompt": "x"}))).await.status,
            status
        );
        for file in ["results", "results.csv", "results.xlsx", "report.pdf"] {
            assert_eq!(who.call(Method::GET, &format!("{path}/{file}"), None).await.status, status, "{file}");
        }
    }
    api.get("/feedback-forms/999999", 404).await;
    api.verify();
    server.stop().await;
}

async fn recommendations(engine: Engine) {
    let Some((server, api, other)) = start(engine).await else { return };
    let anonymous = api.anonymous();
    let list = format!("/conferences/{DEMO}/recommendations");
    // The demo's eight, three a page, in the order they were filed.
    let all = api.all_pages(&list, 3).await;
    assert_eq!(all.len(), 8);
    assert!(all.windows(2).all(
        |w| (w[0]["created_at"].as_i64(), w[0]["id"].as_i64()) < (w[1]["created_at"].as_i64(), w[1]["id"].as_i64())
    ));

    let body = json!({"topic": "policy", "addressed_to": "Vụ Chính sách", "body": "Đề nghị hướng dẫn thống nhất mẫu báo cáo.",
        "unit_name": "Bảo hiểm xã hội tỉnh Khánh Hòa", "admin_unit_code": "56", "submitted_by": "Trần Thị Bình"});
    let filed = api.expect(Method::POST, &list, Some(body.clone()), 201).await;
    assert_eq!(
        (filed["status"].as_str(), filed["admin_unit_name"].as_str()),
        (Some("received"), Some("Tỉnh Khánh Hòa"))
    );
    let path = format!("/recommendations/{}", filed["id"]);
    assert_eq!(api.get(&path, 200).await, filed);
    assert_eq!(
        api.call(Method::POST, &list, Some(json!({"topic": "khác", "body": ""}))).await.fields(),
        ["topic", "body"]
    );
    assert_eq!(
        api.call(Method::POST, &list, Some(json!({"topic": "budget", "body": "Kinh phí", "admin_unit_code": "999"})))
            .await
            .fields(),
        ["unit_name", "admin_unit_code"]
    );

    // Triage: an answer is needed to mark it answered; picked for the minutes.
    assert_eq!(api.call(Method::PUT, &path, Some(json!({"status": "answered"}))).await.fields(), ["answer"]);
    assert_eq!(api.call(Method::PUT, &path, Some(json!({"status": "xong"}))).await.fields(), ["status"]);
    api.expect(Method::PUT, &path, Some(json!({"status": "forwarded"})), 200).await;
    let answered = api
        .expect(
            Method::PUT,
            &path,
            Some(json!({"status": "answered", "answer": "Vụ Chính sách sẽ ban hành mẫu thống nhất trong quý IV.",
            "answered_by": "Vụ Chính sách", "for_minutes": true})),
            200,
        )
        .await;
    assert_eq!((answered["status"].as_str(), answered["for_minutes"].as_bool()), (Some("answered"), Some(true)));
    let only = api.get(&format!("{list}?status=answered"), 200).await;
    assert!(only["items"].as_array().unwrap().iter().all(|r| r["status"] == "answered"));
    assert!(only["items"].as_array().unwrap().iter().any(|r| r["id"] == filed["id"]));
    assert_eq!(api.call(Method::GET, &format!("{list}?status=đã-trả-lời"), None).await.fields(), ["status"]);

    for (who, status) in [(&other, 403), (&anonymous, 401)] {
        assert_eq!(who.call(Method::GET, &list, None).await.status, status);
        assert_eq!(who.call(Method::POST, &list, Some(body.clone())).await.status, status);
        assert_eq!(who.call(Method::GET, &path, None).await.status, status);
        assert_eq!(who.call(Method::PUT, &path, Some(json!({"status": "closed"}))).await.status, status);
    }
    api.get("/recommendations/999999", 404).await;
    api.verify();
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn feedback_forms_and_results_on_sqlite() {
    feedback_forms(Engine::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn feedback_forms_and_results_on_postgres() {
    feedback_forms(Engine::Postgres).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn recommendations_triage_on_sqlite() {
    recommendations(Engine::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn recommendations_triage_on_postgres() {
    recommendations(Engine::Postgres).await;
}
