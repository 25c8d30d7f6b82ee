//! Hostile input through every entry, then every answer read back: on SQLite and on PostgreSQL.
//!
//! Strings built to break out of `<title>`, `<textarea>`, attributes, `<script>` and `<style>`, to add
//! mail headers and calendar lines, to become live spreadsheet formulas, plus RTL overrides, NUL and a
//! megabyte, go in through the public form, the organizer's forms, the JSON API, a CSV import and an
//! upload. Then every page, feed, export, PDF and mail is fetched, and none may carry live markup, an
//! extra calendar component or property, a cell a spreadsheet would evaluate, an injected mail header,
//! or a 5xx.
//!
//! Every markup payload carries an element or attribute named `hn-…`: if `<hn-` or `hn-attr="` ever
//! appears raw in a page, a payload became markup.

use hoinghi_tests::http::{DEMO, Session, api_token, input_value, register_demo_delegate};
use hoinghi_tests::{Engine, Options, Server};
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};

const TITLE: &str = "</title><hn-title></hn-title>";
const TEXTAREA: &str = "</textarea><hn-textarea></hn-textarea>";
const ATTR: &str = "\"><hn-attr1 hn-attr=\"1";
const ATTR_SINGLE: &str = "'><hn-attr2 hn-attr='1";
const SCRIPT: &str = "</script><hn-script></hn-script>";
const STYLE: &str = "</style><hn-style></hn-style>";
const CRLF: &str = "Ngô\r\nBcc: evil@hn.test\r\nX-Hn: 1";
const ICS: &str = "Họp\r\nBEGIN:VEVENT\r\nSUMMARY:hn-evil\r\nEND:VEVENT\r\nEND:VCALENDAR";
const FORMULA: &str = "=HYPERLINK(\"http://hn.test\",\"x\")";
const FORMULAS: [&str; 5] = ["=1+1", "+1+1", "-2+3", "@SUM(1)", "\t=1"];
const RTL: &str = "\u{202e}fdp.exe";
const NUL: &str = "Lê\u{0}Văn";

/// All payloads but the megabyte, joined (for long free-text fields).
fn everything() -> String {
    [TITLE, TEXTAREA, ATTR, ATTR_SINGLE, SCRIPT, STYLE, CRLF, ICS, FORMULA, RTL, NUL].join(" ")
}

fn megabyte() -> String {
    "Đ".repeat(512 * 1024)
}

/// Any sign that a payload became markup.
fn assert_inert(what: &str, html: &str) {
    assert!(!html.contains("<hn-"), "{what}: live markup \"<hn-\" in\n{}", around(html, "<hn-"));
    // Quotes in text or inside a quoted attribute value are harmless; an attribute is live only when it
    // stands inside a tag, outside every quoted value.
    for live in ["hn-attr=\"", "hn-attr='"] {
        for (at, _) in html.match_indices(live) {
            assert!(!live_in_tag(&html[..at]), "{what}: live attribute {live:?} in\n{}", around(&html[at..], live));
        }
    }
}

/// Whether the end of `before` is inside a tag's attribute list, not in text and not in a quoted value.
fn live_in_tag(before: &str) -> bool {
    let Some(lt) = before.rfind('<') else { return false };
    let mut quote: Option<char> = None;
    let mut last = ' ';
    for c in before[lt..].chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '>' => return false,
            None if (c == '"' || c == '\'') && last == '=' => quote = Some(c),
            None => {}
        }
        if !c.is_whitespace() {
            last = c;
        }
    }
    quote.is_none()
}

fn around(text: &str, needle: &str) -> String {
    let at = text.find(needle).unwrap_or(0);
    let start = text.floor_char_boundary(at.saturating_sub(200));
    let end = text.ceil_char_boundary((at + 200).min(text.len()));
    text[start..end].to_string()
}

struct Api<'a> {
    server: &'a Server,
    token: String,
    client: reqwest::Client,
}

impl Api<'_> {
    async fn send(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> (StatusCode, Value) {
        let mut req = self.client.request(method, self.server.url(path)).bearer_auth(&self.token);
        if let Some(b) = body {
            req = req.json(&b);
        }
        let r = req.send().await.expect("API call");
        let status = r.status();
        assert!(!status.is_server_error(), "{path}: {status}");
        (status, r.json().await.unwrap_or(Value::Null))
    }
}

/// Every answer of a plain GET: never a 5xx; HTML never carries live markup.
async fn fetch(s: &Session, path: &str) -> (StatusCode, String, Vec<u8>) {
    let r = s.get(path).await;
    let status = r.status();
    assert!(!status.is_server_error(), "GET {path}: {status}");
    let kind = r.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    let bytes = r.bytes().await.expect("body").to_vec();
    let text = String::from_utf8_lossy(&bytes).to_string();
    if kind.starts_with("text/html") {
        assert_inert(path, &text);
    }
    (status, text, bytes)
}

/// A calendar is one VCALENDAR whose components all open and close at the start of unfolded lines, with
/// no property or component a payload could have added.
fn assert_calendar(path: &str, ics: &str) {
    let lines: Vec<&str> = ics.split("\r\n").collect();
    assert_eq!(lines.iter().filter(|l| **l == "BEGIN:VCALENDAR").count(), 1, "{path}");
    assert_eq!(lines.iter().filter(|l| **l == "END:VCALENDAR").count(), 1, "{path}");
    let begins = lines.iter().filter(|l| **l == "BEGIN:VEVENT").count();
    let ends = lines.iter().filter(|l| **l == "END:VEVENT").count();
    assert_eq!(begins, ends, "{path}");
    assert!(!lines.iter().any(|l| l.starts_with("SUMMARY:hn-evil")), "{path}: injected event\n{ics}");
    for l in &lines {
        assert!(l.len() <= 75, "{path}: line over 75 octets: {l:?}");
        assert!(!l.contains('\n') && !l.contains('\r') && !l.contains('\0'), "{path}: raw control in {l:?}");
    }
}

/// A minimal CSV reader (quotes, doubled quotes, separators, CRLF) for checking cells.
fn csv_cells(text: &str) -> Vec<String> {
    let text = text.trim_start_matches('\u{feff}');
    let (mut cells, mut cell, mut quoted, mut chars) = (Vec::new(), String::new(), false, text.chars().peekable());
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                cell.push('"');
                chars.next();
            }
            ('"', true) => quoted = false,
            ('"', false) if cell.is_empty() => quoted = true,
            (',' | ';', false) | ('\n', false) => cells.push(std::mem::take(&mut cell)),
            ('\r', false) => {}
            (c, _) => cell.push(c),
        }
    }
    cells.push(cell);
    cells
}

/// No cell a spreadsheet would evaluate: user text beginning with a formula character is neutralised by
/// a leading apostrophe; numbers we write ourselves are plain numbers.
fn assert_csv_inert(path: &str, csv: &str) {
    for cell in csv_cells(csv) {
        let first = cell.chars().next();
        if matches!(first, Some('=' | '+' | '-' | '@' | '\t' | '\r')) {
            let number = cell.parse::<f64>().is_ok();
            assert!(number, "{path}: live formula cell {cell:?}");
        }
    }
}

fn assert_pdf(path: &str, bytes: &[u8]) {
    let file = tempfile::NamedTempFile::new().expect("temp file");
    std::fs::write(file.path(), bytes).expect("write pdf");
    let check = std::process::Command::new("qpdf").arg("--check").arg(file.path()).output().expect("qpdf");
    assert!(check.status.success(), "{path}: qpdf --check failed: {}", String::from_utf8_lossy(&check.stdout));
}

async fn hostile_everywhere(engine: Engine) {
    let Some(server) = Server::start(Options { engine, demo: true, mail: true }).await else { return };
    let token = api_token(&server).await;
    let api = Api { server: &server, token, client: reqwest::Client::new() };
    let admin = Session::new(&server);
    admin.sign_in().await;

    // --- The JSON API: conference, rooms, tracks, people, sessions, registrations. ---
    let (status, conference) = api.send(reqwest::Method::GET, &format!("/api/v1/conferences/{DEMO}"), None).await;
    assert_eq!(status, StatusCode::OK);
    let mut update = conference.clone();
    update["title"] = json!(format!("Hội nghị {TITLE} {ATTR}"));
    update["description"] = json!(everything());
    update["venue_name"] = json!(format!("Hội trường {ICS}"));
    update["venue_address"] = json!(format!("{CRLF} {RTL}"));
    update["slug"] = json!(DEMO);
    // The conference's representation names its agency; the input takes the agency's id.
    update["agency_id"] = json!(conference["agency"]["id"].as_i64().map(|id| id.to_string()).unwrap_or_default());
    let (status, body) =
        api.send(reqwest::Method::PUT, &format!("/api/v1/conferences/{DEMO}"), Some(update.clone())).await;
    assert!(status.is_success(), "update conference: {status} {body}");
    // A megabyte in a title is refused, never stored, never a 5xx.
    update["title"] = json!(megabyte());
    let (status, _) = api.send(reqwest::Method::PUT, &format!("/api/v1/conferences/{DEMO}"), Some(update)).await;
    assert!(status.is_client_error(), "a megabyte title: {status}");

    let (status, room) = api
        .send(
            reqwest::Method::POST,
            &format!("/api/v1/conferences/{DEMO}/agenda/rooms"),
            Some(json!({ "name": format!("P. {ICS}") })),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{room}");
    let (status, track) = api
        .send(
            reqwest::Method::POST,
            &format!("/api/v1/conferences/{DEMO}/agenda/tracks"),
            Some(json!({ "name": format!("Tuyến {STYLE} {SCRIPT}"), "color": "#1d4ed8" })),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{track}");
    // A colour is a colour: CSS in it is refused.
    let (status, _) = api
        .send(
            reqwest::Method::POST,
            &format!("/api/v1/conferences/{DEMO}/agenda/tracks"),
            Some(json!({ "name": "Màu", "color": "red;background:url(//hn.test)" })),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, person) = api
        .send(
            reqwest::Method::POST,
            &format!("/api/v1/conferences/{DEMO}/agenda/people"),
            Some(json!({
                "family_name": format!("Nguyễn{TITLE}"),
                "middle_name": ATTR_SINGLE,
                "given_name": format!("Hùng {NUL}"),
                "position_title": format!("Giám đốc {ATTR}"),
                "organization": CRLF,
                "biography": everything(),
            })),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{person}");
    let (status, session) = api
        .send(
            reqwest::Method::POST,
            &format!("/api/v1/conferences/{DEMO}/agenda/sessions"),
            Some(json!({
                "kind": "report",
                "title": format!("Báo cáo {ICS} {TITLE}"),
                "description": everything(),
                "day": "2017-09-19",
                "start": "15:00",
                "end": "16:00",
                "room_id": room["id"],
                "track_id": track["id"],
            })),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{session}");
    let session_id = session["id"].as_i64().expect("session id");
    let (status, _) = api
        .send(
            reqwest::Method::POST,
            &format!("/api/v1/agenda/sessions/{session_id}/people"),
            Some(json!({ "person_id": person["id"], "role": "presenter" })),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);

    // --- An upload: a material whose title and file name are hostile. ---
    let (_, page, _) = fetch(&admin, &format!("/manage/c/{DEMO}/sessions/{session_id}")).await;
    let csrf = admin.cookie("hoinghi_csrf").expect("CSRF cookie");
    let form = Form::new()
        .text("_csrf", csrf.clone())
        .text("title", format!("Tài liệu {TITLE} {ATTR}"))
        .part("file", Part::bytes(b"%PDF-1.4\n%hn\n".to_vec()).file_name(format!("{ATTR}{TEXTAREA}.pdf")));
    let r = admin
        .client
        .post(server.url(&format!("/manage/c/{DEMO}/sessions/{session_id}/materials")))
        .header("Origin", &server.base)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert!(!r.status().is_server_error(), "upload: {}", r.status());
    assert!(page.contains("materials"), "the session editor offers uploads");

    let (status, _) =
        api.send(reqwest::Method::POST, &format!("/api/v1/conferences/{DEMO}/agenda/publish"), None).await;
    assert_eq!(status, StatusCode::CREATED);

    // --- The public form, as a browser without JavaScript: hostile names and answers. ---
    let public = Session::new(&server);
    let private = register_demo_delegate(&public, (&format!("Trần{TITLE}"), TEXTAREA, &format!("An {ATTR}")), 1).await;
    let (_, html, _) = fetch(&public, &format!("/c/{DEMO}/register")).await;
    let conference_id = input_value(&html, "conference_id").expect("conference id");
    // A megabyte, a name of invisible characters, and formula prefixes through the same form.
    let big = megabyte();
    for (family, given) in [(big.as_str(), "An"), ("\u{feff}\u{200b}", "An"), (FORMULA, FORMULAS[1])] {
        let r = public
            .post_form(
                &format!("/c/{DEMO}/register"),
                "/fn/registration/register",
                &[
                    ("conference_id", &conference_id),
                    ("family_name", family),
                    ("given_name", given),
                    ("position_title", FORMULAS[3]),
                    ("admin_unit_code", "56"),
                    ("phone", "0258 3800 999"),
                    ("email", "cong-thuc@bhxh-khanhhoa.vn"),
                    ("dietary", FORMULAS[4]),
                    ("consent", "true"),
                ],
            )
            .await;
        assert!(!r.status().is_server_error(), "public form: {}", r.status());
        assert_inert("refused public form", &r.text().await.unwrap_or_default());
    }

    // --- The API again: a registration by an organizer, with every payload. ---
    let (status, body) = api
        .send(
            reqwest::Method::POST,
            &format!("/api/v1/conferences/{DEMO}/registrations"),
            Some(json!({
                "family_name": format!("Phạm {SCRIPT}"),
                "given_name": format!("Bình {STYLE}"),
                "position_title": FORMULA,
                "organization": format!("Sở {CRLF}"),
                "admin_unit_code": "79",
                "phone": "028 3800 0001",
                "email": "binh.hostile@bhxh-hcm.vn",
                "dietary": FORMULAS[2],
                "consent": "true",
            })),
        )
        .await;
    assert!(status.is_success() || status.is_client_error(), "API registration: {status} {body}");

    // --- A CSV import with hostile rows. ---
    let csv = format!(
        "Họ và tên;Chức vụ;Cơ quan, đơn vị;Tỉnh/thành phố;Số điện thoại;Email;Ăn uống\n\
         \"Lê {}\";\"{FORMULA}\";\"Bảo hiểm xã hội tỉnh Đồng Nai\";Đồng Nai;0251 3822 211;le.csv@bhxh-dongnai.vn;\"{}\"\n\
         \"Vũ {}\";\"{}\";\"{}\";Đồng Nai;0251 3822 212;vu.csv@bhxh-dongnai.vn;\"{}\"\n",
        TITLE.replace('"', "\"\""),
        FORMULAS[0],
        ATTR.replace('"', "\"\""),
        FORMULAS[3],
        TEXTAREA,
        ICS.replace("\r\n", " "),
    );
    let form = Form::new()
        .text("_csrf", csrf.clone())
        .part("file", Part::bytes(csv.into_bytes()).file_name(format!("{ATTR}.csv")));
    let r = admin
        .client
        .post(server.url(&format!("/manage/c/{DEMO}/registrations/import")))
        .header("Origin", &server.base)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "import upload");
    let preview = r.headers()["location"].to_str().unwrap().to_string();
    let (_, html, _) = fetch(&admin, &preview).await;
    assert!(
        html.contains("le.csv@bhxh-dongnai.vn") && html.contains("vu.csv@bhxh-dongnai.vn"),
        "the preview lists the rows:\n{}",
        &html[html.find("<main").unwrap_or(0)..]
    );
    let id = preview.rsplit('/').next().unwrap().to_string();
    let r = admin.post_form(&preview, "/fn/registrations/import/accept", &[("id", &id), ("slug", DEMO)]).await;
    assert!(!r.status().is_server_error(), "accept import: {}", r.status());

    // --- Recommendations from the private page; minutes from the organizer's form. ---
    let token = private.trim_start_matches("/r/").to_string();
    let r = public
        .post_form(
            &private,
            "/fn/recommendations/file",
            &[
                ("token", &token),
                ("topic", &format!("Chủ đề {TITLE}")),
                ("addressed_to", ATTR),
                ("body", &everything()),
                ("unit_name", TEXTAREA),
                ("admin_unit_code", "56"),
                ("submitted_by", CRLF),
            ],
        )
        .await;
    assert!(!r.status().is_server_error(), "recommendation: {}", r.status());
    let minutes = format!("/manage/c/{DEMO}/minutes");
    let r = admin
        .post_form(
            &minutes,
            "/fn/minutes/save",
            &[
                ("slug", DEMO),
                ("revision", "0"),
                ("input[meeting_name]", &format!("Hội nghị {TITLE}")),
                ("input[issuing_agency]", "Bảo hiểm xã hội Việt Nam"),
                ("input[start_date]", "2017-09-18"),
                ("input[start_time]", "08:00"),
                ("input[end_time]", "17:00"),
                ("input[chair_name]", &format!("Đào {ATTR}")),
                ("input[secretary_name]", TEXTAREA),
                ("input[proceedings][0][heading]", SCRIPT),
                ("input[proceedings][0][body]", &everything()),
                ("input[conclusions]", &format!("{TEXTAREA} {STYLE}")),
            ],
        )
        .await;
    assert!(!r.status().is_server_error(), "minutes: {}", r.status());

    // --- Read everything back. ---
    let (_, agenda) = api.send(reqwest::Method::GET, &format!("/api/v1/conferences/{DEMO}/agenda"), None).await;
    let sessions: Vec<Value> = agenda["sessions"].as_array().cloned().unwrap_or_default();
    let uid = session["uid"].as_str().expect("uid").to_string();
    let mut pages = vec![
        "/".to_string(),
        format!("/c/{DEMO}"),
        format!("/c/{DEMO}/agenda"),
        format!("/c/{DEMO}/speakers"),
        format!("/c/{DEMO}/speakers/{}", person["id"]),
        format!("/c/{DEMO}/sessions/{uid}"),
        format!("/c/{DEMO}/register"),
        private.clone(),
    ];
    let organizer_pages = [
        "/manage".to_string(),
        format!("/manage/c/{DEMO}"),
        format!("/manage/c/{DEMO}/agenda"),
        format!("/manage/c/{DEMO}/sessions/{session_id}"),
        format!("/manage/c/{DEMO}/rooms"),
        format!("/manage/c/{DEMO}/people"),
        format!("/manage/c/{DEMO}/people/{}", person["id"]),
        format!("/manage/c/{DEMO}/versions"),
        format!("/manage/c/{DEMO}/registrations"),
        format!("/manage/c/{DEMO}/registration-settings"),
        format!("/manage/c/{DEMO}/checkin?q=Tr"),
        format!("/manage/c/{DEMO}/minutes"),
        format!("/manage/c/{DEMO}/outbox"),
        format!("/manage/c/{DEMO}/feedback"),
        format!("/manage/c/{DEMO}/recommendations"),
        preview.clone(),
    ];
    for p in &pages {
        fetch(&public, p).await;
    }
    // The registration detail pages of everyone registered.
    let (_, list, _) = fetch(&admin, &format!("/manage/c/{DEMO}/registrations")).await;
    for chunk in list.split(&format!("/manage/c/{DEMO}/registrations/")).skip(1) {
        let id: String = chunk.chars().take_while(char::is_ascii_digit).collect();
        if !id.is_empty() {
            pages.push(format!("/manage/c/{DEMO}/registrations/{id}"));
        }
    }
    for p in organizer_pages.iter().chain(pages.iter()) {
        fetch(&admin, p).await;
    }
    // The titles and textareas show the payloads as text, exactly as typed.
    let (_, speaker, _) = fetch(&public, &format!("/c/{DEMO}/speakers/{}", person["id"])).await;
    assert!(speaker.contains("&lt;/title&gt;&lt;hn-title&gt;"), "the name shows as text");
    let (_, editor, _) = fetch(&admin, &format!("/manage/c/{DEMO}/sessions/{session_id}")).await;
    assert!(editor.contains("&lt;/textarea&gt;&lt;hn-textarea&gt;"), "the description shows as text in its textarea");

    // Feeds: the conference, the track, the room, the speaker, each session, the delegate's own.
    let mut feeds = vec![
        format!("/c/{DEMO}/calendar.ics"),
        format!("/c/{DEMO}/tracks/{}/calendar.ics", track["id"]),
        format!("/c/{DEMO}/rooms/{}/calendar.ics", room["id"]),
        format!("/c/{DEMO}/speakers/{}/calendar.ics", person["id"]),
    ];
    for s in &sessions {
        feeds.push(format!("/c/{DEMO}/sessions/{}/calendar.ics", s["uid"].as_str().unwrap_or_default()));
    }
    let (_, mine, _) = fetch(&public, &private).await;
    if let Some(at) = mine.find("/cal/d/") {
        let end = mine[at..].find(".ics").map(|e| at + e + 4).unwrap_or(at);
        feeds.push(mine[at..end].to_string());
    }
    for f in &feeds {
        let (status, ics, _) = fetch(&public, f).await;
        assert_eq!(status, StatusCode::OK, "{f}");
        assert_calendar(f, &ics);
    }
    let xml = format!("/c/{DEMO}/schedule.xml");
    let (status, text, _) = fetch(&public, &xml).await;
    assert_eq!(status, StatusCode::OK, "{xml}");
    assert!(!text.contains("<hn-") && !text.contains('\u{0}'), "{xml}: live markup or NUL");
    // JSON is not markup (it is sent as application/json with nosniff): it must parse, with no raw NUL.
    let json_url = format!("/c/{DEMO}/schedule.json");
    let (status, text, _) = fetch(&public, &json_url).await;
    assert_eq!(status, StatusCode::OK, "{json_url}");
    assert!(serde_json::from_str::<Value>(&text).is_ok() && !text.contains('\u{0}'), "{json_url}: not clean JSON");

    // Exports.
    let (status, csv, _) = fetch(&admin, &format!("/manage/c/{DEMO}/registrations.csv")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(csv.contains("'=HYPERLINK"), "the formula is kept as text");
    assert_csv_inert("registrations.csv", &csv);
    let (status, _, _) = fetch(&admin, &format!("/manage/c/{DEMO}/registrations.xlsx")).await;
    assert_eq!(status, StatusCode::OK);

    // Documents.
    for name in ["minutes", "agenda", "delegates", "signin", "badges", "certificates"] {
        let path = format!("/manage/c/{DEMO}/documents/{name}.pdf");
        let (status, _, bytes) = fetch(&admin, &path).await;
        if status == StatusCode::OK {
            assert_pdf(&path, &bytes);
        }
    }

    // Mails: no header a payload added, no recipient it invented.
    let sink = server.mail.as_ref().expect("mail sink");
    sink.wait_for("dai.bieu.1@bhxh-khanhhoa.vn", "").await;
    for m in sink.messages() {
        assert!(m.to.iter().all(|t| !t.contains("hn.test")), "an injected recipient: {:?}", m.to);
        assert!(!m.subject.contains('\n') && !m.subject.contains('\r'), "a broken subject: {:?}", m.subject);
        assert!(
            !m.headers.iter().any(|h| h.eq_ignore_ascii_case("x-hn") || h.eq_ignore_ascii_case("bcc")),
            "an injected header: {:?}",
            m.headers
        );
        if !m.calendar.is_empty() {
            assert_calendar("mail invitation", &m.calendar);
        }
    }
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn hostile_input_stays_inert_everywhere_on_sqlite() {
    hostile_everywhere(Engine::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn hostile_input_stays_inert_everywhere_on_postgres() {
    hostile_everywhere(Engine::Postgres).await;
}
