//! The agenda's resources in the JSON API with a bearer token: rooms, tracks, people (with a photo
//! uploaded as multipart) and the people in sessions. For each: the happy path, refused input (422 with
//! the fields), another conference's organizer (403) and no token (401); lists read page by page. Every
//! answer is held to the OpenAPI document.

use hoinghi_tests::Engine;
use hoinghi_tests::api::{DEMO, PNG, start};
use reqwest::Method;
use serde_json::json;

async fn rooms_and_tracks(engine: Engine) {
    let Some((server, api, other)) = start(engine).await else { return };
    let anonymous = api.anonymous();
    let rooms = format!("/conferences/{DEMO}/agenda/rooms");

    // The demo's two rooms, one per page, in their order.
    let listed = api.all_pages(&rooms, 1).await;
    assert_eq!(listed.len(), 2);
    assert!(listed[0]["position"].as_i64() < listed[1]["position"].as_i64());

    let room = api.expect(Method::POST, &rooms, Some(json!({"name": "Phòng họp số 3", "capacity": 40})), 201).await;
    let path = format!("/agenda/rooms/{}", room["id"]);
    assert_eq!(api.get(&path, 200).await, room);
    let changed =
        api.expect(Method::PUT, &path, Some(json!({"name": "Phòng họp số 3 (tầng 2)", "capacity": "60"})), 200).await;
    assert_eq!((changed["name"].as_str(), changed["capacity"].as_i64()), (Some("Phòng họp số 3 (tầng 2)"), Some(60)));
    assert_eq!(api.all_pages(&rooms, 100).await.len(), 3);

    // Refused input: every wrong field named, in the caller's language.
    let a = api.in_english().call(Method::POST, &rooms, Some(json!({"name": "", "capacity": 0}))).await;
    assert_eq!(a.status, 422);
    assert_eq!(a.fields(), ["name", "capacity"]);
    assert_eq!(a.json()["error"]["fields"][0]["message"], "Please fill in this field.");
    let taken = listed[0]["name"].clone();
    assert_eq!(api.call(Method::PUT, &path, Some(json!({"name": taken}))).await.fields(), ["name"]);
    // A list's page bounds are checked like any input.
    for query in ["limit=0", "limit=1001", "offset=-1", "limit=mười"] {
        let a = api.call(Method::GET, &format!("{rooms}?{query}"), None).await;
        assert_eq!(a.status, 422, "{query}");
        assert_eq!(a.fields().len(), 1, "{query}");
    }
    // Beyond the end: an empty page, no next one.
    let beyond = api.get(&format!("{rooms}?offset=50"), 200).await;
    assert_eq!((beyond["items"].as_array().unwrap().len(), beyond["total"].as_u64()), (0, Some(3)));
    assert!(beyond["next_offset"].is_null());

    // Another conference's organizer, and nobody.
    for (who, status) in [(&other, 403), (&anonymous, 401)] {
        assert_eq!(who.call(Method::GET, &rooms, None).await.status, status);
        assert_eq!(who.call(Method::POST, &rooms, Some(json!({"name": "Phòng lạ"}))).await.status, status);
        assert_eq!(who.call(Method::GET, &path, None).await.status, status);
        assert_eq!(who.call(Method::PUT, &path, Some(json!({"name": "Phòng lạ"}))).await.status, status);
        assert_eq!(who.call(Method::DELETE, &path, None).await.status, status);
    }
    assert_eq!(anonymous.call(Method::GET, &rooms, None).await.header("www-authenticate"), "Bearer");

    api.expect(Method::DELETE, &path, None, 204).await;
    api.get(&path, 404).await;
    api.expect(Method::DELETE, &path, None, 404).await;
    api.get("/agenda/rooms/một", 404).await;

    // Tracks, the same way.
    let tracks = format!("/conferences/{DEMO}/agenda/tracks");
    assert_eq!(api.all_pages(&tracks, 1).await.len(), 2);
    let track = api.expect(Method::POST, &tracks, Some(json!({"name": "Chuyên đề 3", "color": "#1A7F37"})), 201).await;
    assert_eq!(track["color"], "#1a7f37");
    let path = format!("/agenda/tracks/{}", track["id"]);
    assert_eq!(api.get(&path, 200).await, track);
    let changed = api.expect(Method::PUT, &path, Some(json!({"name": "Chuyên đề ba", "color": "#123456"})), 200).await;
    assert_eq!(changed["name"], "Chuyên đề ba");
    assert_eq!(
        api.call(Method::POST, &tracks, Some(json!({"name": "", "color": "đỏ"}))).await.fields(),
        ["name", "color"]
    );
    for (who, status) in [(&other, 403), (&anonymous, 401)] {
        assert_eq!(who.call(Method::GET, &tracks, None).await.status, status);
        assert_eq!(who.call(Method::PUT, &path, Some(json!({"name": "x"}))).await.status, status);
        assert_eq!(who.call(Method::DELETE, &path, None).await.status, status);
    }
    api.expect(Method::DELETE, &path, None, 204).await;
    api.get(&path, 404).await;
    api.verify();
    server.stop().await;
}

async fn people_and_roles(engine: Engine) {
    let Some((server, api, other)) = start(engine).await else { return };
    let anonymous = api.anonymous();
    let people = format!("/conferences/{DEMO}/agenda/people");

    // Read two at a time, the demo's five people come once each, in Vietnamese order, with contacts.
    let listed = api.all_pages(&people, 2).await;
    assert_eq!(listed.len(), 5);
    let ids: std::collections::BTreeSet<i64> = listed.iter().map(|p| p["id"].as_i64().unwrap()).collect();
    assert_eq!(ids.len(), 5);
    assert!(listed.iter().all(|p| p.get("email").is_some()));

    let body = json!({"family_name": "Nguyễn", "middle_name": "Thị", "given_name": "Ánh", "honorific": "bà",
        "position_title": "Trưởng phòng Truyền thông", "organization": "Bảo hiểm xã hội tỉnh Khánh Hòa",
        "email": "anh.nt@bhxh-khanhhoa.vn", "phone": "0258 3822 123"});
    let person = api.expect(Method::POST, &people, Some(body.clone()), 201).await;
    let path = format!("/agenda/people/{}", person["id"]);
    assert_eq!(api.get(&path, 200).await, person);
    let mut changed = body.clone();
    changed["position_title"] = json!("Phó Giám đốc");
    let updated = api.expect(Method::PUT, &path, Some(changed), 200).await;
    assert_eq!(updated["position_title"], "Phó Giám đốc");
    assert_eq!(api.all_pages(&people, 100).await.len(), 6);

    let bad = json!({"family_name": "", "given_name": " ", "email": "không phải thư", "phone": "12"});
    let a = api.call(Method::POST, &people, Some(bad.clone())).await;
    assert_eq!(
        (a.status.as_u16(), a.fields()),
        (422, vec!["family_name", "given_name", "email", "phone"].into_iter().map(String::from).collect::<Vec<_>>())
    );
    assert_eq!(api.call(Method::PUT, &path, Some(bad)).await.status, 422);
    // A JSON body of the wrong shape is refused in the same format.
    let a = api.call(Method::POST, &people, Some(json!({"family_name": 5}))).await;
    assert_eq!((a.status.as_u16(), a.fields()), (422, vec!["body".to_string()]));

    // The photo: multipart, as the site's form sends it.
    let photo = format!("{path}/photo");
    let png = || {
        reqwest::multipart::Form::new()
            .part("photo", reqwest::multipart::Part::bytes(PNG.to_vec()).file_name("anh.png"))
    };
    let with_photo = api.upload(Method::PUT, &photo, png()).await;
    assert_eq!(with_photo.status, 200, "{}", String::from_utf8_lossy(&with_photo.bytes));
    assert!(with_photo.json()["photo_url"].as_str().unwrap().ends_with("/photo.jpg"));
    let text = reqwest::multipart::Form::new()
        .part("photo", reqwest::multipart::Part::bytes(b"khong phai anh".to_vec()).file_name("a.png"));
    let a = api.upload(Method::PUT, &photo, text).await;
    assert_eq!((a.status.as_u16(), a.fields()), (422, vec!["photo".to_string()]));
    let empty = reqwest::multipart::Form::new().text("title", "không có tệp");
    assert_eq!(api.upload(Method::PUT, &photo, empty).await.fields(), ["photo"]);
    assert_eq!(api.call(Method::PUT, &photo, Some(json!({"photo": "x"}))).await.status, 400);
    assert_eq!(other.upload(Method::PUT, &photo, png()).await.status, 403);
    assert_eq!(anonymous.upload(Method::PUT, &photo, png()).await.status, 401);
    let without = api.expect(Method::DELETE, &photo, None, 200).await;
    assert!(without["photo_url"].is_null());

    // The people in a session of the draft.
    let draft = api.get(&format!("/conferences/{DEMO}/agenda/draft"), 200).await;
    let session = draft["sessions"][0]["id"].as_i64().unwrap();
    api.get(&format!("/agenda/sessions/{session}"), 200).await;
    let roles = format!("/agenda/sessions/{session}/people");
    let before = api.all_pages(&roles, 1).await.len();
    api.expect(Method::POST, &roles, Some(json!({"person_id": person["id"], "role": "chair"})), 204).await;
    api.expect(Method::POST, &roles, Some(json!({"person_id": person["id"], "role": "chair"})), 204).await;
    let now = api.all_pages(&roles, 1).await;
    assert_eq!(now.len(), before + 1, "giving a role twice changes nothing");
    assert!(now.iter().any(|r| r["person"]["id"] == person["id"] && r["role"] == "chair"));
    let a = api.call(Method::POST, &roles, Some(json!({"person_id": 0, "role": "trưởng đoàn"}))).await;
    assert_eq!(a.fields(), ["role", "person_id"]);
    let stranger = other
        .expect(
            Method::POST,
            "/conferences",
            Some(json!({"title": "Hội nghị khác", "starts_on": "2026-10-01", "ends_on": "2026-10-01"})),
            201,
        )
        .await;
    let theirs = other
        .expect(
            Method::POST,
            &format!("/conferences/{}/agenda/people", stranger["slug"].as_str().unwrap()),
            Some(json!({"family_name": "Phạm", "given_name": "Lan"})),
            201,
        )
        .await;
    assert_eq!(
        api.call(Method::POST, &roles, Some(json!({"person_id": theirs["id"], "role": "chair"}))).await.fields(),
        ["person_id"]
    );
    for (who, status) in [(&other, 403), (&anonymous, 401)] {
        assert_eq!(who.call(Method::GET, &roles, None).await.status, status);
        assert_eq!(
            who.call(Method::POST, &roles, Some(json!({"person_id": person["id"], "role": "speaker"}))).await.status,
            status
        );
        assert_eq!(who.call(Method::DELETE, &format!("{roles}/{}/chair", person["id"]), None).await.status, status);
        assert_eq!(who.call(Method::GET, &path, None).await.status, status);
        assert_eq!(who.call(Method::DELETE, &path, None).await.status, status);
        assert_eq!(who.call(Method::GET, &people, None).await.status, status);
    }
    api.expect(Method::DELETE, &format!("{roles}/{}/chair", person["id"]), None, 204).await;
    api.expect(Method::DELETE, &format!("{roles}/{}/chair", person["id"]), None, 404).await;
    assert_eq!(api.all_pages(&roles, 10).await.len(), before);

    api.expect(Method::DELETE, &path, None, 204).await;
    api.get(&path, 404).await;
    api.verify();
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn rooms_and_tracks_on_sqlite() {
    rooms_and_tracks(Engine::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn rooms_and_tracks_on_postgres() {
    rooms_and_tracks(Engine::Postgres).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn people_and_session_roles_on_sqlite() {
    people_and_roles(Engine::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn people_and_session_roles_on_postgres() {
    people_and_roles(Engine::Postgres).await;
}
