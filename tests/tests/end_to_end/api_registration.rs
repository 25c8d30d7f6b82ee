//! Registration in the JSON API with a bearer token: the form's own questions (CRUD), the delegate list
//! page by page (with its totals, a status filter, CSV and XLSX), and the check-in desk (search, check
//! in, undo). For each: the happy path, refused input (422 with the fields), another conference's
//! organizer (403) and no token (401). Every answer is held to the OpenAPI document.

use hoinghi_tests::Engine;
use hoinghi_tests::api::{Api, DEMO, start};
use reqwest::Method;
use serde_json::{Value, json};

async fn register(api: &Api, n: u32, (family, middle, given): (&str, &str, &str), province: &str) -> Value {
    let body = json!({"family_name": family, "middle_name": middle, "given_name": given, "admin_unit_code": province,
        "organization": format!("Sở Thông tin và Truyền thông số {n}"), "email": format!("dai.bieu{n}@example.vn"),
        "phone": format!("0283 822 {n:04}")});
    api.expect(Method::POST, &format!("/conferences/{DEMO}/registrations"), Some(body), 201).await
}

async fn questions(engine: Engine) {
    let Some((server, api, other)) = start(engine).await else { return };
    let anonymous = api.anonymous();
    let list = format!("/conferences/{DEMO}/registration-questions");
    let before = api.all_pages(&list, 1).await.len();

    let q = api
        .expect(
            Method::POST,
            &list,
            Some(json!({"kind": "single_choice", "label": "Đăng ký phòng nghỉ", "options": "Phòng đơn\nPhòng đôi\nPhòng đôi", "required": true})),
            201,
        )
        .await;
    assert_eq!(q["options"], json!(["Phòng đơn", "Phòng đôi"]));
    assert_eq!(q["required"], true);
    let path = format!("{list}/{}", q["id"]);
    assert_eq!(api.get(&path, 200).await, q);
    let changed = api
        .expect(
            Method::PUT,
            &path,
            Some(json!({"kind": "yes_no", "label": "Có cần phòng nghỉ không?", "options": "bỏ qua"})),
            200,
        )
        .await;
    assert_eq!((changed["kind"].as_str(), changed["options"].as_array().map(Vec::len)), (Some("yes_no"), Some(0)));
    assert_eq!(changed["required"], false);
    let second = api.expect(Method::POST, &list, Some(json!({"kind": "short_text", "label": "Biển số xe"})), 201).await;
    let all = api.all_pages(&list, 1).await;
    assert_eq!(all.len(), before + 2);
    assert!(all.windows(2).all(|w| w[0]["position"].as_i64() <= w[1]["position"].as_i64()));

    assert_eq!(
        api.call(Method::POST, &list, Some(json!({"kind": "tự luận", "label": ""}))).await.fields(),
        ["kind", "label"]
    );
    assert_eq!(
        api.call(Method::PUT, &path, Some(json!({"kind": "multiple_choice", "label": "Chọn", "options": "Một"})))
            .await
            .fields(),
        ["options"]
    );
    for (who, status) in [(&other, 403), (&anonymous, 401)] {
        assert_eq!(who.call(Method::GET, &list, None).await.status, status);
        assert_eq!(who.call(Method::POST, &list, Some(json!({"kind": "yes_no", "label": "x"}))).await.status, status);
        assert_eq!(who.call(Method::GET, &path, None).await.status, status);
        assert_eq!(who.call(Method::PUT, &path, Some(json!({"kind": "yes_no", "label": "x"}))).await.status, status);
        assert_eq!(who.call(Method::DELETE, &path, None).await.status, status);
    }
    // Another conference's question is not found under this one.
    let theirs = other
        .expect(
            Method::POST,
            "/conferences",
            Some(json!({"title": "Hội nghị khác", "starts_on": "2026-10-01", "ends_on": "2026-10-02"})),
            201,
        )
        .await;
    let their_q = other
        .expect(
            Method::POST,
            &format!("/conferences/{}/registration-questions", theirs["slug"].as_str().unwrap()),
            Some(json!({"kind": "yes_no", "label": "Ăn chay?"})),
            201,
        )
        .await;
    api.get(&format!("{list}/{}", their_q["id"]), 404).await;
    api.expect(Method::DELETE, &format!("{list}/{}", their_q["id"]), None, 404).await;

    api.expect(Method::DELETE, &path, None, 204).await;
    api.get(&path, 404).await;
    api.expect(Method::DELETE, &path, None, 404).await;
    api.expect(Method::DELETE, &format!("{list}/{}", second["id"]), None, 204).await;
    assert_eq!(api.all_pages(&list, 5).await.len(), before);
    api.verify();
    server.stop().await;
}

async fn delegates_and_checkin(engine: Engine) {
    let Some((server, api, other)) = start(engine).await else { return };
    let anonymous = api.anonymous();
    let list = format!("/conferences/{DEMO}/registrations");
    let an = register(&api, 1, ("Nguyễn", "Văn", "An"), "79").await;
    let binh = register(&api, 2, ("Trần", "Thị", "Bình"), "56").await;
    let cuong = register(&api, 3, ("Lê", "Quốc", "Cường"), "79").await;

    // Page by page, in the printed list's order (province, then unit, then name), with the totals.
    let all = api.all_pages(&list, 2).await;
    assert_eq!(all.len(), 3);
    let first = api.get(&format!("{list}?limit=2"), 200).await;
    assert_eq!(first["totals"]["confirmed"], 3);
    assert_eq!(first["next_offset"], 2);
    let again = api.all_pages(&list, 1).await;
    assert_eq!(again, all, "the same order every time");
    let ids: Vec<&Value> = all.iter().map(|r| &r["id"]).collect();
    assert!(ids.contains(&&an["id"]) && ids.contains(&&binh["id"]) && ids.contains(&&cuong["id"]));
    // "Thành phố Hồ Chí Minh" (79) comes before "Tỉnh Khánh Hòa" (56) in Vietnamese order.
    assert_eq!((&all[0]["id"], &all[2]["id"]), (&an["id"], &binh["id"]));

    // The status filter, and a status that does not exist.
    api.expect(
        Method::POST,
        &format!("/registrations/{}/reject", cuong["id"]),
        Some(json!({"reason": "Đăng ký trùng"})),
        204,
    )
    .await;
    let confirmed = api.get(&format!("{list}?status=confirmed"), 200).await;
    assert_eq!((confirmed["total"].as_u64(), confirmed["totals"]["confirmed"].as_i64()), (Some(2), Some(2)));
    assert_eq!(api.get(&format!("{list}?status=rejected"), 200).await["items"][0]["id"], cuong["id"]);
    assert_eq!(api.call(Method::GET, &format!("{list}?status=đã-duyệt"), None).await.fields(), ["status"]);
    assert_eq!(api.call(Method::GET, &format!("{list}?limit=0"), None).await.fields(), ["limit"]);

    // The list as files.
    let csv = api.call(Method::GET, &format!("{list}.csv"), None).await;
    assert_eq!(csv.status, 200);
    assert!(String::from_utf8(csv.bytes).unwrap().contains("Nguyễn Văn An"));
    let xlsx = api.call(Method::GET, &format!("{list}.xlsx"), None).await;
    assert_eq!(xlsx.status, 200);
    assert!(xlsx.bytes.starts_with(b"PK"), "an XLSX is a zip");
    for (who, status) in [(&other, 403), (&anonymous, 401)] {
        assert_eq!(who.call(Method::GET, &list, None).await.status, status);
        assert_eq!(who.call(Method::GET, &format!("{list}.csv"), None).await.status, status);
        assert_eq!(who.call(Method::GET, &format!("{list}.xlsx"), None).await.status, status);
    }

    // The check-in desk: found by name typed without diacritics, and by the badge code (first).
    let conference = api.get(&format!("/conferences/{DEMO}"), 200).await;
    let day = format!("day:{}", conference["starts_on"].as_str().unwrap());
    let desk = format!("/conferences/{DEMO}/checkin");
    let found = api.get(&format!("{desk}?q=nguyen%20van%20an"), 200).await;
    assert_eq!(found["items"][0]["registration"]["id"], an["id"]);
    let code = an["code"].as_str().unwrap();
    assert_eq!(api.get(&format!("{desk}?q={code}"), 200).await["items"][0]["registration"]["id"], an["id"]);
    let checkins = format!("/registrations/{}/checkins", an["id"]);
    api.expect(Method::POST, &checkins, Some(json!({"scope": day})), 204).await;
    api.expect(Method::POST, &checkins, Some(json!({"scope": day})), 204).await;
    let found = api.get(&format!("{desk}?q={code}"), 200).await;
    assert_eq!(found["items"][0]["checked"], json!([day]));
    assert_eq!(api.get(&format!("/registrations/{}", an["id"]), 200).await["checked_in"], json!([day]));
    assert_eq!(api.call(Method::POST, &checkins, Some(json!({"scope": "day:2030-01-01"}))).await.fields(), ["scope"]);
    let refused =
        api.call(Method::POST, &format!("/registrations/{}/checkins", cuong["id"]), Some(json!({"scope": day}))).await;
    assert_eq!((refused.status.as_u16(), refused.json()["error"]["code"].as_str()), (409, Some("rejected")));
    for (who, status) in [(&other, 403), (&anonymous, 401)] {
        assert_eq!(who.call(Method::GET, &format!("{desk}?q=nguyen"), None).await.status, status);
        assert_eq!(who.call(Method::POST, &checkins, Some(json!({"scope": day}))).await.status, status);
        assert_eq!(who.call(Method::DELETE, &format!("{checkins}/{day}"), None).await.status, status);
    }
    api.expect(Method::DELETE, &format!("{checkins}/{day}"), None, 204).await;
    assert_eq!(api.get(&format!("/registrations/{}", an["id"]), 200).await["checked_in"], json!([]));
    api.expect(Method::DELETE, &format!("{checkins}/{day}"), None, 204).await;
    api.get("/registrations/999999/checkins", 405).await;
    api.verify();
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn registration_questions_on_sqlite() {
    questions(Engine::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn registration_questions_on_postgres() {
    questions(Engine::Postgres).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn delegate_list_and_checkin_on_sqlite() {
    delegates_and_checkin(Engine::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn delegate_list_and_checkin_on_postgres() {
    delegates_and_checkin(Engine::Postgres).await;
}
