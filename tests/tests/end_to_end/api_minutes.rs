//! The minutes and the printed documents in the JSON API with a bearer token: read the pre-filled draft,
//! save with a revision check (409 with both texts when someone saved first), read back, make final
//! (the PDF then carries the stored hash), correct; every PDF of the organizers' pages, for a token. For
//! each: the happy path, refused input (422 with the fields), another conference's organizer (403) and
//! no token (401). Every answer is held to the OpenAPI document.

use hoinghi_tests::Engine;
use hoinghi_tests::api::{DEMO, start};
use reqwest::Method;
use serde_json::json;

fn sha256(bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("file");
    std::fs::write(&path, bytes).unwrap();
    let out = std::process::Command::new("sha256sum").arg(&path).output().expect("sha256sum");
    String::from_utf8(out.stdout).unwrap().split_whitespace().next().unwrap().to_string()
}

fn pdf_checks_out(bytes: &[u8]) {
    assert!(bytes.starts_with(b"%PDF"), "not a PDF");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("document.pdf");
    std::fs::write(&path, bytes).unwrap();
    let check = std::process::Command::new("qpdf").arg("--check").arg(&path).output().expect("qpdf");
    assert!(check.status.success(), "qpdf --check: {}", String::from_utf8_lossy(&check.stdout));
}

async fn minutes(engine: Engine) {
    let Some((server, api, other)) = start(engine).await else { return };
    let anonymous = api.anonymous();
    let path = format!("/conferences/{DEMO}/minutes");

    // Before the first save: the draft pre-filled from the conference, at revision 0.
    let first = api.get(&path, 200).await;
    assert_eq!((first["revision"].as_i64(), first["current"].is_null()), (Some(0), true));
    let mut content = first["content"].clone();
    assert!(!content["meeting_name"].as_str().unwrap().is_empty());
    for (field, value) in [
        ("chair_name", "Đào Việt Ánh"),
        ("secretary_name", "Nguyễn Thị Thư"),
        ("issuing_agency", "BẢO HIỂM XÃ HỘI VIỆT NAM"),
    ] {
        if content[field].as_str().unwrap_or_default().is_empty() {
            content[field] = json!(value);
        }
    }
    content["conclusions"] = json!("  Hội nghị thống nhất các nội dung đã thảo luận.\r\n");

    // Saved, and read back as stored (cleaned) with the new revision.
    let saved = api.expect(Method::PUT, &path, Some(json!({"revision": 0, "content": content})), 200).await;
    assert_eq!((saved["revision"].as_i64(), saved["current"]["state"].as_str()), (Some(1), Some("draft")));
    assert_eq!(saved["content"]["conclusions"], "Hội nghị thống nhất các nội dung đã thảo luận.");
    assert_eq!(api.get(&path, 200).await, saved);

    // Someone else saved first: 409 with both texts, nothing written.
    let mut mine = content.clone();
    mine["conclusions"] = json!("Bản của tôi.");
    let conflict = api.call(Method::PUT, &path, Some(json!({"revision": 0, "content": mine}))).await;
    assert_eq!(conflict.status, 409);
    let body = conflict.json();
    assert_eq!(body["error"]["code"], "conflict");
    assert_eq!(body["conflict"]["yours"]["conclusions"], "Bản của tôi.");
    assert_eq!(body["conflict"]["current"]["conclusions"], saved["content"]["conclusions"]);
    assert_eq!(body["conflict"]["current_revision"], 1);
    assert_eq!(api.get(&path, 200).await["revision"], 1);

    // Refused input, every field named.
    let mut wrong = content.clone();
    wrong["meeting_name"] = json!("");
    wrong["start_time"] = json!("25:99");
    let a = api.call(Method::PUT, &path, Some(json!({"revision": 1, "content": wrong}))).await;
    assert_eq!((a.status.as_u16(), a.fields()), (422, vec!["meeting_name".to_string(), "start_time".to_string()]));
    assert_eq!(api.call(Method::PUT, &path, Some(json!({"content": content}))).await.fields(), ["body"]);

    // Read back to the meeting, back to draft, read back again, final.
    let review = api.expect(Method::POST, &format!("{path}/review"), Some(json!({"revision": 1})), 200).await;
    assert_eq!(review["current"]["state"], "review");
    assert_eq!(api.call(Method::POST, &format!("{path}/review"), Some(json!({"revision": 1}))).await.status, 409);
    assert_eq!(
        api.expect(Method::POST, &format!("{path}/draft"), Some(json!({"revision": 1})), 200).await["current"]["state"],
        "draft"
    );
    api.expect(Method::POST, &format!("{path}/review"), Some(json!({"revision": 1})), 200).await;
    let stale = api.call(Method::POST, &format!("{path}/finalize"), Some(json!({"revision": 0}))).await;
    assert_eq!((stale.status.as_u16(), stale.json()["error"]["code"].as_str()), (409, Some("conflict")));
    let fin = api.expect(Method::POST, &format!("{path}/finalize"), Some(json!({"revision": 1})), 200).await;
    assert_eq!(fin["current"]["state"], "final");
    let pdf_hash = fin["current"]["pdf_hash"].as_str().unwrap().to_string();
    assert_eq!(fin["current"]["content_hash"].as_str().map(str::len), Some(64));

    // The PDF for a token carries the stored hash, and is the file that was hashed.
    let pdf = api.call(Method::GET, &format!("/conferences/{DEMO}/documents/minutes.pdf"), None).await;
    assert_eq!(pdf.status, 200);
    assert_eq!(pdf.header("x-content-sha256"), pdf_hash);
    assert_eq!(sha256(&pdf.bytes), pdf_hash);
    pdf_checks_out(&pdf.bytes);

    // Final minutes are locked; a correction starts a new draft version.
    let locked = api.call(Method::PUT, &path, Some(json!({"revision": 1, "content": content}))).await;
    assert_eq!((locked.status.as_u16(), locked.json()["error"]["code"].as_str()), (409, Some("rejected")));
    assert_eq!(
        api.call(Method::POST, &format!("{path}/corrections"), Some(json!({"reason": " "}))).await.fields(),
        ["reason"]
    );
    let corrected = api
        .expect(Method::POST, &format!("{path}/corrections"), Some(json!({"reason": "Sửa số đại biểu có mặt"})), 201)
        .await;
    assert_eq!(corrected["current"]["version"], 2);
    assert_eq!(corrected["current"]["replaces_version"], 1);
    assert_eq!(corrected["current"]["state"], "draft");
    assert_eq!(corrected["versions"][1]["pdf_hash"], pdf_hash.as_str(), "the final version stays as it was");

    for (who, status) in [(&other, 403), (&anonymous, 401)] {
        assert_eq!(who.call(Method::GET, &path, None).await.status, status);
        assert_eq!(who.call(Method::PUT, &path, Some(json!({"revision": 1, "content": content}))).await.status, status);
        for step in ["review", "draft", "finalize"] {
            assert_eq!(
                who.call(Method::POST, &format!("{path}/{step}"), Some(json!({"revision": 1}))).await.status,
                status
            );
        }
        assert_eq!(
            who.call(Method::POST, &format!("{path}/corrections"), Some(json!({"reason": "x"}))).await.status,
            status
        );
    }
    api.verify();
    server.stop().await;
}

async fn documents(engine: Engine) {
    let Some((server, api, other)) = start(engine).await else { return };
    let anonymous = api.anonymous();
    let docs = format!("/conferences/{DEMO}/documents");
    let delegate = api
        .expect(Method::POST, &format!("/conferences/{DEMO}/registrations"),
            Some(json!({"family_name": "Trần", "middle_name": "Thị", "given_name": "Hồng", "admin_unit_code": "56",
                "organization": "Bảo hiểm xã hội tỉnh Khánh Hòa", "email": "hong@example.vn", "phone": "0258 3822 000"})), 201)
        .await;
    for name in ["minutes.pdf", "agenda.pdf", "delegates.pdf", "signin.pdf", "badges.pdf"] {
        let a = api.call(Method::GET, &format!("{docs}/{name}"), None).await;
        assert_eq!(a.status, 200, "{name}: {}", String::from_utf8_lossy(&a.bytes));
        assert_eq!(
            (a.header("content-type"), a.header("cache-control")),
            ("application/pdf".into(), "private, no-store".into())
        );
        assert!(a.header("content-disposition").starts_with("attachment; filename=\""), "{name}");
        pdf_checks_out(&a.bytes);
        for (who, status) in [(&other, 403), (&anonymous, 401)] {
            assert_eq!(who.call(Method::GET, &format!("{docs}/{name}"), None).await.status, status, "{name}");
        }
    }
    // Certificates need a threshold; with one, nobody checked in gets one, so a check-in comes first.
    assert_eq!(api.call(Method::GET, &format!("{docs}/certificates.pdf"), None).await.fields(), ["threshold"]);
    assert_eq!(
        api.call(Method::GET, &format!("{docs}/certificates.pdf?threshold=nhiều"), None).await.fields(),
        ["threshold"]
    );
    let sessions = api.all_pages(&format!("/conferences/{DEMO}/sessions"), 100).await;
    let session = sessions.iter().find(|s| s["cancelled"] == false).unwrap();
    api.expect(
        Method::POST,
        &format!("/registrations/{}/checkins", delegate["id"]),
        Some(json!({"scope": format!("session:{}", session["uid"].as_str().unwrap())})),
        204,
    )
    .await;
    let a = api.call(Method::GET, &format!("{docs}/certificates.pdf?threshold=0,25"), None).await;
    assert_eq!(a.status, 200, "{}", String::from_utf8_lossy(&a.bytes));
    pdf_checks_out(&a.bytes);
    assert_eq!(other.call(Method::GET, &format!("{docs}/certificates.pdf?threshold=1"), None).await.status, 403);
    assert_eq!(anonymous.call(Method::GET, &format!("{docs}/certificates.pdf?threshold=1"), None).await.status, 401);
    api.get("/conferences/khong-co/documents/agenda.pdf", 404).await;
    api.get(&format!("{docs}/nothing.pdf"), 404).await;
    api.verify();
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn minutes_on_sqlite() {
    minutes(Engine::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn minutes_on_postgres() {
    minutes(Engine::Postgres).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn documents_for_a_token_on_sqlite() {
    documents(Engine::Sqlite).await;
}
