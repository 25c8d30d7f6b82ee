//! The agenda over HTTP, as a browser without JavaScript uses it: bad input answers 4xx with the message
//! beside its field (or is rendered inert), uploads are checked, and the exports validate independently.

use hoinghi_tests::http::{Session, field_error};
use hoinghi_tests::{Options, Server, tools};
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use serde_json::Value;

const DEMO: &str = "so-ket-tap-huan-thong-tin-doi-ngoai-2017";

/// The id of the demo conference, read from its organizer page.
async fn demo_id(s: &Session) -> String {
    let (_, html) = s.text(&format!("/manage/c/{DEMO}")).await;
    hoinghi_tests::http::input_value(&html, "id").expect("conference id")
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_session_input_gets_clear_messages_and_markup_stays_inert() {
    let server = Server::start(Options { demo: true, ..Default::default() }).await.unwrap();
    server.create_admin().await;
    let s = Session::new(&server);
    s.sign_in().await;
    let id = demo_id(&s).await;
    let page = format!("/manage/c/{DEMO}/sessions/new");
    let post = |fields: Vec<(&'static str, String)>| {
        let (page, id) = (page.clone(), id.clone());
        let s = &s;
        async move {
            let mut all: Vec<(&str, String)> = vec![("conference_id", id), ("slug", DEMO.to_string())];
            all.extend(fields);
            let borrowed: Vec<(&str, &str)> = all.iter().map(|(k, v)| (*k, v.as_str())).collect();
            s.post_form(&page, "/fn/agenda/session/create", &borrowed).await
        }
    };
    let base = |title: &str, day: &str, start: &str, end: &str, room: &str| {
        vec![
            ("title", title.to_string()),
            ("day", day.to_string()),
            ("start", start.to_string()),
            ("end", end.to_string()),
            ("room_id", room.to_string()),
        ]
    };

    let r = post(base("Ngược giờ", "2017-09-18", "10:00", "09:00", "")).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field_error(&r.text().await.unwrap(), "end").as_deref(), Some("Giờ kết thúc phải sau giờ bắt đầu."));

    let r = post(base("Ngoài ngày", "2017-09-20", "08:00", "09:00", "")).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field_error(&r.text().await.unwrap(), "day").as_deref(), Some("Ngày này nằm ngoài thời gian hội nghị."));

    let r = post(base("Phòng lạ", "2017-09-18", "08:00", "09:00", "99999")).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field_error(&r.text().await.unwrap(), "room_id").as_deref(), Some("Phòng không tồn tại."));

    // Script tags in a title: stored as text, shown as text.
    let r = post(base("<script>alert('xss')</script> Báo cáo", "2017-09-19", "13:00", "14:00", "")).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let publish = s
        .post_form(&format!("/manage/c/{DEMO}/agenda"), "/fn/agenda/publish", &[("conference_id", &id), ("slug", DEMO)])
        .await;
    assert_eq!(publish.status(), StatusCode::SEE_OTHER);
    let (_, public) = Session::new(&server).text(&format!("/c/{DEMO}/agenda")).await;
    assert!(
        public.contains("&lt;script&gt;alert(&#x27;xss&#x27;)&lt;/script&gt; Báo cáo")
            || public.contains("&lt;script&gt;alert('xss')&lt;/script&gt; Báo cáo")
    );
    assert!(!public.contains("<script>alert("), "never live markup");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn photos_are_checked_resized_and_served() {
    let server = Server::start(Options { demo: true, ..Default::default() }).await.unwrap();
    server.create_admin().await;
    let s = Session::new(&server);
    s.sign_in().await;
    let (_, people) = s.text(&format!("/manage/c/{DEMO}/people")).await;
    let at = people.find(&format!("/manage/c/{DEMO}/people/")).unwrap();
    let person_path: String = people[at..].chars().take_while(|c| *c != '"').collect();
    let upload = |bytes: Vec<u8>, name: &'static str| {
        let s = &s;
        let url = server.url(&format!("{person_path}/photo"));
        async move {
            let token = s.cookie("hoinghi_csrf").unwrap();
            let form = Form::new().text("_csrf", token).part("photo", Part::bytes(bytes).file_name(name));
            s.client.post(url).header("Origin", &s.base).multipart(form).send().await.unwrap()
        }
    };

    // 10 MB: refused with the limit named, beside the field.
    let r = upload(vec![0xFF; 10 * 1024 * 1024], "lon.jpg").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field_error(&r.text().await.unwrap(), "photo").as_deref(), Some("Ảnh quá lớn (tối đa 5 MB)."));
    // Not an image.
    let r = upload(b"%PDF-1.4\n1 0 obj\n".to_vec(), "anh.jpg").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        field_error(&r.text().await.unwrap(), "photo").as_deref(),
        Some("Tệp không phải ảnh JPEG, PNG hoặc WebP.")
    );
    // More than the server keeps at all: a readable 413 page, not a dropped connection.
    let r = upload(vec![0u8; 30 * 1024 * 1024], "qua-lon.png").await;
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert!(r.text().await.unwrap().contains("Dữ liệu gửi lên quá lớn"));

    // A real photo (a PNG made here) is stored as a JPEG of at most 480 px. No published agenda version
    // shows the new photo yet, so only organizers may fetch it, and no cache keeps it.
    let png = tiny_png(900, 600);
    let r = upload(png, "chan-dung.png").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, page) = s.text(&person_path).await;
    let at = page.find("/files/").unwrap();
    let src: String = page[at..].chars().take_while(|c| *c != '"').collect();
    let r = s.get(&src).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "image/jpeg");
    assert_eq!(r.headers()["cache-control"], "private, no-store");
    let jpeg = r.bytes().await.unwrap();
    assert_eq!(&jpeg[..3], &[0xFF, 0xD8, 0xFF]);
    server.stop().await;
}

/// A valid PNG of the given size, built by hand (stored blocks, no compression library).
fn tiny_png(w: u32, h: u32) -> Vec<u8> {
    fn crc(data: &[u8]) -> u32 {
        let mut c = 0xFFFF_FFFFu32;
        for &b in data {
            c ^= b as u32;
            for _ in 0..8 {
                c = if c & 1 != 0 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
            }
        }
        !c
    }
    fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
        out.extend((data.len() as u32).to_be_bytes());
        let mut body = kind.to_vec();
        body.extend_from_slice(data);
        out.extend_from_slice(&body);
        out.extend(crc(&body).to_be_bytes());
    }
    let mut raw = Vec::new();
    for y in 0..h {
        raw.push(0u8);
        for x in 0..w {
            raw.extend([(x % 256) as u8, (y % 256) as u8, 150]);
        }
    }
    // zlib stream with stored (uncompressed) blocks.
    let mut z = vec![0x78, 0x01];
    for (i, block) in raw.chunks(65_535).enumerate() {
        let last = (i + 1) * 65_535 >= raw.len();
        z.push(last as u8);
        z.extend((block.len() as u16).to_le_bytes());
        z.extend((!(block.len() as u16)).to_le_bytes());
        z.extend_from_slice(block);
    }
    let (mut a, mut b) = (1u32, 0u32);
    for &byte in &raw {
        a = (a + byte as u32) % 65_521;
        b = (b + a) % 65_521;
    }
    z.extend(((b << 16) | a).to_be_bytes());
    let mut png = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
    let mut ihdr = Vec::new();
    ihdr.extend(w.to_be_bytes());
    ihdr.extend(h.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    chunk(&mut png, b"IHDR", &ihdr);
    chunk(&mut png, b"IDAT", &z);
    chunk(&mut png, b"IEND", &[]);
    png
}

#[tokio::test(flavor = "multi_thread")]
async fn frab_xml_validates_against_the_schema_and_json_matches_it() {
    let server = Server::start(Options { demo: true, ..Default::default() }).await.unwrap();
    let s = Session::new(&server);
    let r = s.get(&format!("/c/{DEMO}/schedule.xml")).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.headers()["content-type"].to_str().unwrap().starts_with("application/xml"));
    let xml = r.bytes().await.unwrap();
    // voc/schedule's own XSD and JSON schema (tests/data/README.md); the demo's slug starts with a
    // two-letter word, which the event slugs' pattern once refused.
    let said = tools::run("check_xml.py", &[&tools::data("schedule.xml.xsd")], &xml)
        .unwrap_or_else(|e| panic!("schedule.xml is not valid: {e}"));
    assert_eq!(said.trim(), "0 errors");
    let text = String::from_utf8(xml.to_vec()).unwrap();
    assert!(text.contains("<person id=") && text.contains("Nguyễn Thị Thu"));

    let raw = s.get(&format!("/c/{DEMO}/schedule.json")).await.bytes().await.unwrap();
    let said = tools::run("check_json.py", &[&tools::data("schedule.schema.json")], &raw)
        .unwrap_or_else(|e| panic!("schedule.json is not valid: {e}"));
    assert_eq!(said.trim(), "0 errors");
    let json: Value = serde_json::from_slice(&raw).unwrap();
    let conference = &json["schedule"]["conference"];
    assert_eq!(conference["daysCount"], 2);
    let events: usize = conference["days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rooms"].as_object().unwrap().values().map(|v| v.as_array().unwrap().len()).sum::<usize>())
        .sum();
    assert_eq!(events, text.matches("<event ").count(), "the same sessions in both exports");

    // An unpublished conference has no schedule.
    assert_eq!(s.get("/c/khong-co/schedule.xml").await.status(), StatusCode::NOT_FOUND);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn agenda_api_answers_match_the_openapi_document() {
    let server = Server::start(Options { demo: true, ..Default::default() }).await.unwrap();
    let api = reqwest::Client::new();
    let doc: Value = api.get(server.url("/api/v1/openapi.json")).send().await.unwrap().json().await.unwrap();
    let sessions: Value = api
        .get(server.url(&format!("/api/v1/conferences/{DEMO}/sessions")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let uid = sessions["items"][0]["uid"].as_str().unwrap().to_string();
    let checks = [
        (format!("/api/v1/conferences/{DEMO}/agenda"), "/api/v1/conferences/{slug}/agenda"),
        (format!("/api/v1/conferences/{DEMO}/sessions"), "/api/v1/conferences/{slug}/sessions"),
        (format!("/api/v1/conferences/{DEMO}/sessions/{uid}"), "/api/v1/conferences/{slug}/sessions/{uid}"),
        (format!("/api/v1/conferences/{DEMO}/people"), "/api/v1/conferences/{slug}/people"),
    ];
    for (path, template) in checks {
        let r = api.get(server.url(&path)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{path}");
        let body: Value = r.json().await.unwrap();
        let schema = &doc["paths"][template]["get"]["responses"]["200"]["content"]["application/json"]["schema"];
        hoinghi_tests::schema::conforms(&doc, schema, &body).unwrap_or_else(|e| panic!("{path}: {e}"));
    }
    // People in the public API carry no contact details.
    let people =
        api.get(server.url(&format!("/api/v1/conferences/{DEMO}/people"))).send().await.unwrap().text().await.unwrap();
    assert!(!people.contains("\"email\"") && !people.contains("\"phone\""));
    server.stop().await;
}
