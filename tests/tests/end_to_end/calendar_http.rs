//! Calendar feeds over HTTP, read by two independent parsers (Python's `icalendar` and ical.js, the
//! parser of Thunderbird): line format, Vietnamese text round trips, updates in place after a republish,
//! conditional requests, personal feeds that stay private and can be reset, the organizer's feed, and the
//! invitation in the confirmation mail.

use hoinghi_tests::http::{Session, api_token, html_unescape};
use hoinghi_tests::{Engine, Options, Server, tools};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

struct Api<'a> {
    server: &'a Server,
    token: String,
    http: reqwest::Client,
}

impl Api<'_> {
    async fn send(&self, method: Method, path: &str, body: Value) -> Value {
        let r = self
            .http
            .request(method, self.server.url(&format!("/api/v1{path}")))
            .bearer_auth(&self.token)
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = r.status();
        let v: Value = r.json().await.unwrap_or(Value::Null);
        assert!(status.is_success(), "{path}: {status} {v}");
        v
    }
}

/// Both parsers' reading of a feed, after the line checks of check_ics.py. Panics if they disagree on
/// anything a calendar shows.
fn parse(ics: &[u8]) -> Value {
    let py: Value = serde_json::from_str(&tools::run("check_ics.py", &[], ics).expect("icalendar accepts it")).unwrap();
    let js: Value = serde_json::from_str(&tools::node("check_ics.mjs", ics).expect("ical.js accepts it")).unwrap();
    for key in ["prodid", "method", "name", "timezone"] {
        assert_eq!(py[key], js[key], "{key}");
    }
    let (pe, je) = (py["events"].as_array().unwrap(), js["events"].as_array().unwrap());
    assert_eq!(pe.len(), je.len());
    for (p, j) in pe.iter().zip(je) {
        for key in [
            "uid",
            "sequence",
            "status",
            "summary",
            "description",
            "location",
            "url",
            "start",
            "end",
            "tzid",
            "start_utc",
            "categories",
            "organizer",
            "organizer_cn",
            "last_modified",
            "dtstamp",
        ] {
            assert_eq!(p[key], j[key], "{key} of {}", p["uid"]);
        }
    }
    py
}

fn event<'a>(feed: &'a Value, uid: &str) -> &'a Value {
    feed["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["uid"] == format!("{uid}@hoinghi"))
        .unwrap_or_else(|| panic!("{uid} not in the feed"))
}

fn has(feed: &Value, uid: &str) -> bool {
    feed["events"].as_array().unwrap().iter().any(|e| e["uid"] == format!("{uid}@hoinghi"))
}

/// Page caches read the public revision at most once a second: a publication shows within a second.
async fn settle() {
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
}

const TITLE: &str = "Khai mạc: tổng kết, đánh giá; định hướng \"2027\" — Ứng dụng CNTT ở Đắk Lắk";
const DESCRIPTION: &str = "Dòng một, có dấu phẩy; chấm phẩy \\ gạch ngược.\nDòng hai: ỹ Ỹ ự Ự ẵ Ẵ đ Đ.";

async fn flow(engine: Engine) {
    let Some(server) = Server::start(Options { engine, demo: true, mail: true }).await else { return };
    let api = Api { server: &server, token: api_token(&server).await, http: reqwest::Client::new() };
    let provinces = api.send(Method::GET, "/admin-units", json!(null)).await;
    let province = provinces["items"].as_array().unwrap().iter().find(|u| u["valid_to"].is_null()).unwrap()["code"]
        .as_str()
        .unwrap()
        .to_string();
    let agency = api.send(Method::POST, "/agencies", json!({"name": "Bảo hiểm xã hội Việt Nam, Ban Thu"})).await;
    let unit = api
        .send(
            Method::POST,
            &format!("/agencies/{}/units", agency["id"]),
            json!({"name": "Bảo hiểm xã hội tỉnh Đắk Lắk", "admin_unit_code": province}),
        )
        .await;
    let day = |plus: u64| (chrono::Utc::now().date_naive() + chrono::Days::new(30 + plus)).to_string();
    let c = api
        .send(
            Method::POST,
            "/conferences",
            json!({"title": "Hội nghị tổng kết; tập huấn, năm 2026", "starts_on": day(0), "ends_on": day(1),
                "venue_name": "Hội trường A, khách sạn Sài Gòn", "venue_address": "Quận 1, Thành phố Hồ Chí Minh",
                "agency_id": agency["id"].to_string()}),
        )
        .await;
    let slug = c["slug"].as_str().unwrap().to_string();
    let draft_feed = Session::new(&server).get(&format!("/c/{slug}/calendar.ics")).await;
    assert_eq!(draft_feed.status(), StatusCode::NOT_FOUND, "a draft conference has no feed");

    let track =
        api.send(Method::POST, &format!("/conferences/{slug}/agenda/tracks"), json!({"name": "Tập huấn"})).await;
    let room = api
        .send(
            Method::POST,
            &format!("/conferences/{slug}/agenda/rooms"),
            json!({"name": "Phòng 2, tầng 3", "capacity": "40"}),
        )
        .await;
    let chair = api
        .send(
            Method::POST,
            &format!("/conferences/{slug}/agenda/people"),
            json!({"family_name": "Nguyễn", "middle_name": "Thị Ngọc", "given_name": "Ánh", "honorific": "bà",
                "position_title": "Phó Giám đốc; phụ trách thu, chi", "organization": "Bảo hiểm xã hội Việt Nam",
                "email": "anh.ntn@bhxh.example.vn"}),
        )
        .await;
    let session = |kind: &str, title: &str, d: u64, start: &str, end: &str, extra: Value| {
        let mut body = json!({"kind": kind, "title": title, "day": day(d), "start": start, "end": end});
        body.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        body
    };
    let opening = api
        .send(
            Method::POST,
            &format!("/conferences/{slug}/agenda/sessions"),
            session("opening", TITLE, 0, "08:00", "09:00", json!({"plenary": "true", "description": DESCRIPTION})),
        )
        .await;
    api.send(
        Method::POST,
        &format!("/agenda/sessions/{}/people", opening["id"]),
        json!({"person_id": chair["id"], "role": "chair"}),
    )
    .await;
    let class_body = |start: &str, end: &str| {
        session(
            "training",
            "Lớp tập huấn nghiệp vụ thu",
            1,
            start,
            end,
            json!({"track_id": track["id"].to_string(), "room_id": room["id"].to_string(), "capacity": "30"}),
        )
    };
    let class =
        api.send(Method::POST, &format!("/conferences/{slug}/agenda/sessions"), class_body("08:00", "11:00")).await;
    let doomed = api
        .send(
            Method::POST,
            &format!("/conferences/{slug}/agenda/sessions"),
            session("report", "Báo cáo sẽ bị xóa", 0, "09:00", "10:00", json!({})),
        )
        .await;
    let cancelled = api
        .send(
            Method::POST,
            &format!("/conferences/{slug}/agenda/sessions"),
            session("speech", "Phát biểu sẽ bị hủy", 0, "10:00", "10:30", json!({})),
        )
        .await;
    let uid = |v: &Value| v["uid"].as_str().unwrap().to_string();
    let (opening_uid, class_uid, doomed_uid, cancelled_uid) =
        (uid(&opening), uid(&class), uid(&doomed), uid(&cancelled));

    // Published conference, agenda not yet: an empty calendar, so early subscriptions fill in later.
    api.send(Method::POST, &format!("/conferences/{slug}/publish"), json!(null)).await;
    let visitor = Session::new(&server);
    let (status, empty) = visitor.text(&format!("/c/{slug}/calendar.ics")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(parse(empty.as_bytes())["events"].as_array().unwrap().len(), 0);
    api.send(Method::POST, &format!("/conferences/{slug}/agenda/publish"), json!({})).await;
    settle().await;

    // The conference feed: headers, lines, both parsers, text byte for byte.
    let r = visitor.get(&format!("/c/{slug}/calendar.ics")).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "text/calendar; charset=utf-8");
    assert!(r.headers().get("set-cookie").is_none(), "calendar apps keep no cookies");
    let etag = r.headers()["etag"].to_str().unwrap().to_string();
    let last_modified = r.headers()["last-modified"].to_str().unwrap().to_string();
    let body = r.bytes().await.unwrap();
    let v1 = parse(&body);
    assert_eq!(v1["method"], "PUBLISH");
    assert!(v1["prodid"].as_str().unwrap().starts_with("-//hoinghi//"));
    assert_eq!(v1["timezone"], "Asia/Ho_Chi_Minh");
    assert_eq!(v1["vtimezones"], json!(["Asia/Ho_Chi_Minh"]));
    assert_eq!((v1["refresh"].as_str(), v1["ttl"].as_str()), (Some("PT1H"), Some("PT1H")));
    assert_eq!(v1["name"], "Hội nghị tổng kết; tập huấn, năm 2026");
    let e = event(&v1, &opening_uid);
    assert_eq!(e["summary"], TITLE);
    let description = e["description"].as_str().unwrap();
    assert!(description.contains(DESCRIPTION), "{description}");
    assert!(
        description
            .contains("Chủ trì: bà Nguyễn Thị Ngọc Ánh, Phó Giám đốc; phụ trách thu, chi, Bảo hiểm xã hội Việt Nam"),
        "{description}"
    );
    assert_eq!(e["location"], "Hội trường A, khách sạn Sài Gòn, Quận 1, Thành phố Hồ Chí Minh");
    assert_eq!(
        (e["start"].as_str().unwrap(), e["tzid"].as_str().unwrap()),
        (&*format!("{}T08:00:00", day(0)), "Asia/Ho_Chi_Minh")
    );
    assert_eq!(e["categories"], json!(["Khai mạc"]));
    assert_eq!(e["organizer_cn"], "Bảo hiểm xã hội Việt Nam, Ban Thu");
    assert_eq!((e["sequence"].as_i64(), e["status"].as_str()), (Some(0), Some("CONFIRMED")));
    // 08:00 in Hồ Chí Minh City is 01:00 UTC.
    let local_midnight = chrono::NaiveDate::parse_from_str(&day(0), "%Y-%m-%d").unwrap().and_hms_opt(1, 0, 0).unwrap();
    assert_eq!(e["start_utc"].as_i64(), Some(local_midnight.and_utc().timestamp()));
    assert_eq!(event(&v1, &class_uid)["categories"], json!(["Chuyên đề tập huấn", "Tập huấn"]));

    // Conditional requests, HEAD, gzip.
    let get_with = |headers: Vec<(&'static str, String)>| {
        let url = server.url(&format!("/c/{slug}/calendar.ics"));
        async move {
            let mut req = reqwest::Client::new().get(url);
            for (k, v) in headers {
                req = req.header(k, v);
            }
            req.send().await.unwrap()
        }
    };
    assert_eq!(get_with(vec![("If-None-Match", etag.clone())]).await.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(get_with(vec![("If-Modified-Since", last_modified.clone())]).await.status(), StatusCode::NOT_MODIFIED);
    let stale = get_with(vec![("If-Modified-Since", "Mon, 01 Jan 2001 00:00:00 GMT".into())]).await;
    assert_eq!(stale.status(), StatusCode::OK);
    hoinghi_tests::http::assert_etag_per_representation(&server, &format!("/c/{slug}/calendar.ics")).await;
    let head = reqwest::Client::new().head(server.url(&format!("/c/{slug}/calendar.ics"))).send().await.unwrap();
    assert_eq!(head.status(), StatusCode::OK);
    assert_eq!(head.headers()["etag"].to_str().unwrap(), etag);
    assert!(head.bytes().await.unwrap().is_empty());

    // Track, room, speaker, single session.
    let (_, track_feed) = visitor.text(&format!("/c/{slug}/tracks/{}/calendar.ics", track["id"])).await;
    let track_feed = parse(track_feed.as_bytes());
    assert!(has(&track_feed, &class_uid) && !has(&track_feed, &opening_uid));
    let (_, room_feed) = visitor.text(&format!("/c/{slug}/rooms/{}/calendar.ics", room["id"])).await;
    assert_eq!(parse(room_feed.as_bytes())["events"].as_array().unwrap().len(), 1);
    let (_, speaker_feed) = visitor.text(&format!("/c/{slug}/speakers/{}/calendar.ics", chair["id"])).await;
    let speaker_feed = parse(speaker_feed.as_bytes());
    assert!(has(&speaker_feed, &opening_uid) && !has(&speaker_feed, &class_uid));
    let one = visitor.get(&format!("/c/{slug}/sessions/{class_uid}/calendar.ics")).await;
    assert!(one.headers()["content-disposition"].to_str().unwrap().starts_with("attachment; filename="));
    assert_eq!(parse(&one.bytes().await.unwrap())["events"].as_array().unwrap().len(), 1);
    for missing in [
        format!("/c/{slug}/tracks/999999/calendar.ics"),
        format!("/c/{slug}/sessions/nope/calendar.ics"),
        "/c/khong-co/calendar.ics".to_string(),
    ] {
        assert_eq!(visitor.get(&missing).await.status(), StatusCode::NOT_FOUND, "{missing}");
    }

    // Two delegates: one takes the class; the organizer's chair registers too (she speaks).
    let register = |n: u32, email: &str, class: bool| {
        let (unit, province, id, email) =
            (unit["id"].to_string(), province.clone(), c["id"].to_string(), email.to_string());
        let (slug, class_uid) = (slug.clone(), class_uid.clone());
        let server = &server;
        async move {
            let s = Session::new(server);
            let mut f = vec![
                ("conference_id", id),
                ("family_name", "Lê".to_string()),
                ("middle_name", "Văn".to_string()),
                ("given_name", format!("Đạt {n}")),
                ("position_title", "Chuyên viên".to_string()),
                ("unit_id", unit),
                ("admin_unit_code", province),
                ("phone", format!("0262 38{n:05}")),
                ("email", email),
                ("consent", "true".to_string()),
            ];
            if class {
                f.push(("sessions[]", class_uid.clone()));
            }
            let pairs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let r = s.post_form(&format!("/c/{slug}/register"), "/fn/registration/register", &pairs).await;
            assert_eq!(r.status(), StatusCode::SEE_OTHER);
            let location = r.headers()["location"].to_str().unwrap().to_string();
            let private = location.split('?').next().unwrap().to_string();
            (s, private)
        }
    };
    let (d1, private1) = register(1, "dat.1@bhxh-daklak.vn", true).await;
    let (d2, private2) = register(2, "anh.ntn@bhxh.example.vn", false).await;
    let feed_url = |html: &str| {
        let at = html.find(&format!("\"{}/cal/d/", server.base)).expect("feed address on the private page") + 1;
        let end = at + html[at..].find('"').unwrap();
        html_unescape(&html[at..end])
    };
    let (_, page1) = d1.text(&private1).await;
    let (_, page2) = d2.text(&private2).await;
    let (url1, url2) = (feed_url(&page1), feed_url(&page2));
    assert!(page1.contains("webcal://"), "subscribe link on the private page");
    let path_of = |url: &str| url.trim_start_matches(&server.base).to_string();
    let (path1, path2) = (path_of(&url1), path_of(&url2));
    let anyone = Session::new(&server);
    let r = anyone.get(&path1).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["cache-control"], "private, no-cache");
    // Private feeds are not kept by the page cache: the feed itself gives each coding its own tag.
    hoinghi_tests::http::assert_etag_per_representation(&server, &path1).await;
    let mine1 = parse(&r.bytes().await.unwrap());
    assert!(has(&mine1, &opening_uid) && has(&mine1, &class_uid), "plenary and chosen class");
    assert!(!has(&mine1, &cancelled_uid), "not a plenary, not chosen");
    let (_, mine2) = anyone.text(&path2).await;
    let mine2 = parse(mine2.as_bytes());
    assert!(has(&mine2, &opening_uid) && !has(&mine2, &class_uid), "never someone else's class");
    assert!(mine2["name"].as_str().unwrap().contains("Lê Văn Đạt 2"));
    // A forged address: delegate 2's id with delegate 1's MAC, or a changed MAC.
    let tail1 = path1.trim_start_matches("/cal/d/");
    let id2 = path2.trim_start_matches("/cal/d/").split('-').next().unwrap();
    let forged = format!("/cal/d/{id2}-{}", tail1.split_once('-').unwrap().1);
    assert_eq!(anyone.get(&forged).await.status(), StatusCode::NOT_FOUND);
    let mut flipped = path1.clone();
    let last = flipped.pop().unwrap();
    flipped.push(if last == 'a' { 'b' } else { 'a' });
    assert_eq!(anyone.get(&flipped).await.status(), StatusCode::NOT_FOUND);

    // The confirmation mail carries the sessions as an invitation Outlook offers to add.
    let mail = server.mail.as_ref().unwrap().wait_for("dat.1@bhxh-daklak.vn", "").await;
    assert!(!mail.calendar.is_empty(), "an invitation is attached");
    let invite = parse(mail.calendar.as_bytes());
    assert_eq!(invite["method"], "REQUEST");
    assert!(has(&invite, &opening_uid) && has(&invite, &class_uid));
    assert!(mail.calendar.replace("\r\n ", "").contains("ATTENDEE;CN=\"Lê Văn Đạt 1\""));

    // Republish with a moved class, a cancelled speech and a deleted report.
    api.send(Method::PUT, &format!("/agenda/sessions/{}", class["id"]), class_body("13:30", "16:30")).await;
    let cancel = session("speech", "Phát biểu sẽ bị hủy", 0, "10:00", "10:30", json!({"cancelled": "true"}));
    api.send(Method::PUT, &format!("/agenda/sessions/{}", cancelled["id"]), cancel).await;
    api.send(Method::DELETE, &format!("/agenda/sessions/{}", doomed["id"]), json!(null)).await;
    api.send(Method::POST, &format!("/conferences/{slug}/agenda/publish"), json!({})).await;
    settle().await;
    let r = get_with(vec![("If-None-Match", etag.clone())]).await;
    assert_eq!(r.status(), StatusCode::OK, "the old ETag no longer matches");
    let v2 = parse(&r.bytes().await.unwrap());
    let moved = event(&v2, &class_uid);
    assert_eq!(
        (moved["sequence"].as_i64(), moved["start"].as_str().unwrap()),
        (Some(1), &*format!("{}T13:30:00", day(1)))
    );
    assert_eq!(event(&v2, &cancelled_uid)["status"], "CANCELLED");
    assert_eq!(event(&v2, &cancelled_uid)["sequence"], 1);
    assert_eq!(event(&v2, &doomed_uid)["status"], "CANCELLED", "a deleted session stays, cancelled");
    assert_eq!(event(&v2, &doomed_uid)["sequence"], 1);
    assert_eq!(event(&v2, &opening_uid)["sequence"], 0, "unchanged sessions keep their number");
    assert!(event(&v2, &class_uid)["last_modified"].as_i64() > event(&v1, &class_uid)["last_modified"].as_i64());
    let (_, mine1) = anyone.text(&path1).await;
    assert_eq!(event(&parse(mine1.as_bytes()), &class_uid)["sequence"], 1);

    // Reset: the old personal address stops working, the new one works.
    let r = d1
        .post_form(&private1, "/fn/registration/calendar-reset", &[("token", private1.trim_start_matches("/r/"))])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(anyone.get(&path1).await.status(), StatusCode::NOT_FOUND);
    let (_, page1) = d1.text(&private1).await;
    let fresh = path_of(&feed_url(&page1));
    assert_ne!(fresh, path1);
    assert_eq!(anyone.get(&fresh).await.status(), StatusCode::OK);
    assert_eq!(anyone.get(&path2).await.status(), StatusCode::OK, "others' addresses are untouched");

    // A cancelled registration: the delegate's events are cancelled in their calendar, not left behind.
    let r = d2
        .post_form(
            &private2,
            "/fn/registration/cancel",
            &[("token", private2.trim_start_matches("/r/")), ("confirm", "true")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, mine2) = anyone.text(&path2).await;
    let mine2 = parse(mine2.as_bytes());
    assert_eq!(event(&mine2, &opening_uid)["status"], "CANCELLED");
    assert_eq!(event(&mine2, &opening_uid)["sequence"], 1);

    // The organizer's feed: every conference they run, at a private address on the tokens page.
    let admin = Session::new(&server);
    admin.sign_in().await;
    let (_, tokens_page) = admin.text("/account/tokens").await;
    let at = tokens_page.find(&format!("\"{}/cal/o/", server.base)).expect("organizer feed address") + 1;
    let end = at + tokens_page[at..].find('"').unwrap();
    let organizer = path_of(&html_unescape(&tokens_page[at..end]));
    let (status, all) = anyone.text(&organizer).await;
    assert_eq!(status, StatusCode::OK);
    let all = parse(all.as_bytes());
    assert!(has(&all, &opening_uid));
    assert!(all["events"].as_array().unwrap().len() > v2["events"].as_array().unwrap().len(), "the demo too");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn feeds_parse_update_in_place_and_stay_private_on_sqlite() {
    flow(Engine::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn feeds_parse_update_in_place_and_stay_private_on_postgres() {
    flow(Engine::Postgres).await;
}
