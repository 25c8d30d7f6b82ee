//! Registration over HTTP, as a browser without JavaScript does it, with a real SMTP server: the
//! confirmation mail and its private link, bad input, forged links, closed windows, imports and exports.

use hoinghi_tests::http::{Session, field_error, input_value};
use hoinghi_tests::{Options, Server};
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use serde_json::Value;

const DEMO: &str = "so-ket-tap-huan-thong-tin-doi-ngoai-2017";

async fn demo_conference_id(s: &Session) -> String {
    let (_, html) = s.text(&format!("/c/{DEMO}/register")).await;
    input_value(&html, "conference_id").expect("conference id in the form")
}

/// A valid form for delegate `n` from Bảo hiểm xã hội tỉnh Khánh Hòa (unit picked by name from the page).
async fn fields(s: &Session, n: u32) -> Vec<(String, String)> {
    let (_, html) = s.text(&format!("/c/{DEMO}/register")).await;
    let at = html.find(">Bảo hiểm xã hội tỉnh Khánh Hòa<").expect("unit option");
    let open = html[..at].rfind("value=\"").unwrap() + 7;
    let unit = html[open..].split('"').next().unwrap().to_string();
    vec![
        ("conference_id".into(), demo_conference_id(s).await),
        ("family_name".into(), "Trần".into()),
        ("middle_name".into(), "Thị".into()),
        ("given_name".into(), format!("Hồng {n}")),
        ("position_title".into(), "Chuyên viên".into()),
        ("unit_id".into(), unit),
        ("admin_unit_code".into(), "56".into()),
        ("phone".into(), format!("0258 38{n:05}")),
        ("email".into(), format!("hong.{n}@bhxh-khanhhoa.vn")),
        ("consent".into(), "true".into()),
    ]
}

async fn post(s: &Session, page: &str, f: &str, fields: &[(String, String)]) -> reqwest::Response {
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    s.post_form(page, f, &pairs).await
}

#[tokio::test(flavor = "multi_thread")]
async fn register_without_javascript_get_the_mail_and_use_the_private_link() {
    let server = Server::start(Options { demo: true, mail: true, ..Default::default() }).await.unwrap();
    // The 2017 demo is in the past; registration has no window set, so it is open while published.
    let s = Session::new(&server);
    let f = fields(&s, 1).await;
    let r = post(&s, &format!("/c/{DEMO}/register"), "/fn/registration/register", &f).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let location = r.headers()["location"].to_str().unwrap().to_string();
    assert!(location.starts_with("/r/") && location.ends_with("?done=notice-registered"), "{location}");
    let private = location.split('?').next().unwrap().to_string();
    let token = private.trim_start_matches("/r/").to_string();
    assert!(token.len() >= 22, "at least 128 bits");

    let page = s.get(&private).await;
    assert_eq!(page.status(), StatusCode::OK);
    assert_eq!(page.headers()["referrer-policy"], "no-referrer");
    assert!(page.headers()["cache-control"].to_str().unwrap().contains("no-store"));
    let html = page.text().await.unwrap();
    assert!(html.contains("Trần Thị Hồng 1") && html.contains("Đã xác nhận"));
    assert!(html.contains("<svg"), "the check-in QR code");

    // The confirmation arrived by SMTP, in Vietnamese, with the same private link.
    let sink = server.mail.as_ref().unwrap();
    let mail = sink.wait_for("hong.1@bhxh-khanhhoa.vn", "Đăng ký tham dự").await;
    assert!(mail.body.contains("Kính gửi Trần Thị Hồng 1"), "{}", mail.body);
    assert!(mail.body.contains(&format!("{}{private}", server.base)), "{}", mail.body);
    assert!(mail.body.contains("Đăng ký tham dự hội nghị của anh/chị đã được xác nhận."));

    // Change: choose a training class and a day; then cancel (confirmation needed first).
    let (_, html) = s.text(&private).await;
    let class = html.find("name=\"sessions[]\"").map(|at| {
        let v = html[at..].find("value=\"").unwrap() + at + 7;
        html[v..].split('"').next().unwrap().to_string()
    });
    let mut change = fields(&s, 1).await;
    change.retain(|(k, _)| k != "conference_id" && k != "consent");
    change.push(("token".into(), token.clone()));
    change.push(("sessions[]".into(), class.clone().expect("the demo has training classes")));
    change.push(("days[]".into(), "2017-09-18".into()));
    let r = post(&s, &private, "/fn/registration/update", &change).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, html) = s.text(&private).await;
    assert!(html.contains("đã có chỗ"), "a seat in the class");
    let r = post(&s, &private, "/fn/registration/cancel", &[("token".into(), token.clone())]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "cancelling needs the confirmation box");
    let r = post(
        &s,
        &private,
        "/fn/registration/cancel",
        &[("token".into(), token.clone()), ("confirm".into(), "true".into())],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, html) = s.text(&private).await;
    assert!(html.contains("Đã hủy"));
    sink.wait_for("hong.1@bhxh-khanhhoa.vn", "Đăng ký đã hủy").await;

    // A forged or altered link finds nothing.
    assert_eq!(s.get("/r/forged-token-123").await.status(), StatusCode::NOT_FOUND);
    let mut altered = token.clone();
    altered.pop();
    altered.push(if token.ends_with('A') { 'B' } else { 'A' });
    assert_eq!(s.get(&format!("/r/{altered}")).await.status(), StatusCode::NOT_FOUND);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_form_sent_again_gets_its_first_answer() {
    let server = Server::start(Options { demo: true, ..Default::default() }).await.unwrap();
    let s = Session::new(&server);
    let page = format!("/c/{DEMO}/register");
    // The form carries its key; a refused post keeps it, so correcting and sending again is the same key.
    let (_, html) = s.text(&page).await;
    let key = input_value(&html, "submission").expect("the form's submission key");
    assert!(key.len() >= 20);
    let (_, other) = s.text(&page).await;
    assert_ne!(input_value(&other, "submission").unwrap(), key, "each form its own key");
    let mut f = fields(&s, 7).await;
    f.push(("submission".into(), key.clone()));
    let first = post(&s, &page, "/fn/registration/register", &f).await;
    assert_eq!(first.status(), StatusCode::SEE_OTHER);
    let first = first.headers()["location"].to_str().unwrap().to_string();
    assert!(first.ends_with("?done=notice-registered"), "{first}");
    // The answer was lost and the form sent again: the same private page, nobody registered twice.
    let again = post(&s, &page, "/fn/registration/register", &f).await;
    assert_eq!(again.status(), StatusCode::SEE_OTHER);
    let again = again.headers()["location"].to_str().unwrap().to_string();
    assert_eq!(again.split('?').next(), first.split('?').next());
    assert!(again.ends_with("?done=notice-registered-already"), "{again}");
    let (_, html) = s.text(&again).await;
    assert!(html.contains("Đăng ký này đã được lưu từ lần gửi trước"));
    let admin = Session::new(&server);
    server.create_admin().await;
    admin.sign_in().await;
    let (_, list) = admin.text(&format!("/manage/c/{DEMO}/registrations")).await;
    // One row: the name links to the registration once per row (the row's checkbox label repeats it).
    assert_eq!(list.matches(">Trần Thị Hồng 7</a>").count(), 1, "stored once");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_registrations_get_clear_messages_and_store_nothing() {
    let server = Server::start(Options { demo: true, ..Default::default() }).await.unwrap();
    server.create_admin().await;
    let admin = Session::new(&server);
    admin.sign_in().await;
    let (_, settings) = admin.text(&format!("/manage/c/{DEMO}/registration-settings")).await;
    let cid = input_value(&settings, "conference_id").unwrap();
    // A required question.
    let r = admin
        .post_form(
            &format!("/manage/c/{DEMO}/registration-settings"),
            "/fn/registration/question/add",
            &[
                ("conference_id", &cid),
                ("slug", DEMO),
                ("kind", "single_choice"),
                ("label", "Đơn vị đã có cán bộ đầu mối thông tin đối ngoại?"),
                ("options", "Có, chuyên trách\nCó, kiêm nhiệm\nChưa có"),
                ("required", "true"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    let s = Session::new(&server);
    let page = format!("/c/{DEMO}/register");
    // A form of several megabytes: refused before parsing, with a readable page.
    let mut f = fields(&s, 2).await;
    f.push(("position_title".into(), "ư".repeat(1_000_000)));
    let r = post(&s, &page, "/fn/registration/register", &f).await;
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert!(r.text().await.unwrap().contains("Dữ liệu gửi lên quá lớn (tối đa 2048 KB)."));
    // Missing required answer, invalid email and phone, one field far over its limit.
    let mut f = fields(&s, 2).await;
    for (k, v) in f.iter_mut() {
        match k.as_str() {
            "email" => *v = "hong@".into(),
            "phone" => *v = "12-ab".into(),
            "position_title" => *v = "ư".repeat(100_000),
            _ => {}
        }
    }
    let r = post(&s, &page, "/fn/registration/register", &f).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert_eq!(field_error(&html, "email").as_deref(), Some("Địa chỉ email không hợp lệ."));
    assert_eq!(field_error(&html, "phone").as_deref(), Some("Số điện thoại không hợp lệ (8–15 chữ số)."));
    assert_eq!(field_error(&html, "position_title").as_deref(), Some("Tối đa 200 ký tự."));
    let question = html.find("answers[").map(|at| html[at + 8..].split(']').next().unwrap().to_string()).unwrap();
    assert!(question.starts_with('q'), "answers keyed q<id>: {question}");
    let error_key = format!("answer-{}", &question[1..]);
    assert_eq!(field_error(&html, &error_key).as_deref(), Some("Vui lòng chọn một mục."), "a choice is chosen");
    assert!(html.contains("value=\"Trần\""), "typed values kept");

    // A good one, then the same details again from a form without its key: not "already registered"
    // but the private link mailed again (never shown to whoever knows the details).
    let mut f = fields(&s, 3).await;
    f.push((format!("answers[{question}][]"), "Có, kiêm nhiệm".into()));
    assert_eq!(post(&s, &page, "/fn/registration/register", &f).await.status(), StatusCode::SEE_OTHER);
    let r = post(&s, &page, "/fn/registration/register", &f).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let to = r.headers()["location"].to_str().unwrap().to_string();
    assert!(to.ends_with("/register/link?done=notice-link-resent") && !to.contains("/r/"), "{to}");
    // Someone else with that email and phone: already registered.
    let mut f = fields(&s, 3).await;
    f.push((format!("answers[{question}][]"), "Có, kiêm nhiệm".into()));
    for (k, v) in f.iter_mut() {
        if k == "given_name" {
            *v = "Lan".into();
        }
    }
    let r = post(&s, &page, "/fn/registration/register", &f).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert_eq!(field_error(&html, "email").as_deref(), Some("Email này đã được dùng để đăng ký hội nghị."));
    assert_eq!(field_error(&html, "phone").as_deref(), Some("Số điện thoại này đã được dùng để đăng ký hội nghị."));
    // Not an answer the question offers.
    let mut f = fields(&s, 4).await;
    f.push((format!("answers[{question}][]"), "Có thể".into()));
    let r = post(&s, &page, "/fn/registration/register", &f).await;
    assert_eq!(field_error(&r.text().await.unwrap(), &error_key).as_deref(), Some("Lựa chọn không hợp lệ."));

    // A closed window: refused with the reason, nothing stored.
    let mut late = fields(&s, 5).await;
    let r = admin
        .post_form(
            &format!("/manage/c/{DEMO}/registration-settings"),
            "/fn/registration/settings/update",
            &[("conference_id", &cid), ("slug", DEMO), ("closes_at", "2017-09-01T00:00"), ("waitlist", "true")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, form) = s.text(&page).await;
    assert!(form.contains("Đã hết thời gian đăng ký."));
    late.push((format!("answers[{question}][]"), "Chưa có".into()));
    let r = post(&s, &page, "/fn/registration/register", &late).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);

    let (_, list) = admin.text(&format!("/manage/c/{DEMO}/registrations")).await;
    assert!(
        list.contains("Đăng ký 1 ·"),
        "exactly one registration stored: {}",
        &list[list.find("totals").unwrap_or(0)..][..200.min(list.len())]
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn import_previews_refuses_bad_files_and_exports_read_back() {
    let server = Server::start(Options { demo: true, ..Default::default() }).await.unwrap();
    server.create_admin().await;
    let s = Session::new(&server);
    s.sign_in().await;
    let upload = |name: &'static str, bytes: Vec<u8>| {
        let s = &s;
        let url = server.url(&format!("/manage/c/{DEMO}/registrations/import"));
        async move {
            let form = Form::new()
                .text("_csrf", s.cookie("hoinghi_csrf").unwrap())
                .part("file", Part::bytes(bytes).file_name(name));
            s.client.post(url).header("Origin", &s.base).multipart(form).send().await.unwrap()
        }
    };
    // Windows-1258 / Latin-1 bytes: a clear message about the encoding.
    let r = upload("ds.csv", b"H\xe4 t\xean,Email\nNguy\xean,a@b.vn\n".to_vec()).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(field_error(&r.text().await.unwrap(), "file").unwrap().contains("UTF-8"));

    let csv = "Họ và tên;Chức vụ;Cơ quan, đơn vị;Tỉnh/thành phố;Số điện thoại;Email\n\
               Lê Văn Tám;Phó Giám đốc;Bảo hiểm xã hội tỉnh Đồng Nai;Đồng Nai;0251 3822 111;tam@bhxh-dongnai.vn\n\
               Phạm Thị Chín;Chuyên viên;BẢO HIỂM XÃ HỘI TỈNH ĐỒNG NAI;75;0251 3822 112;chin@bhxh-dongnai.vn\n\
               ;Chuyên viên;Bảo hiểm xã hội tỉnh Đồng Nai;Đồng Nai;0251 3822 113;khong-ten@bhxh-dongnai.vn\n\
               Trùng Email;Chuyên viên;Bảo hiểm xã hội tỉnh Đồng Nai;Đồng Nai;0251 3822 114;tam@bhxh-dongnai.vn\n";
    let r = upload("danh-sach.csv", csv.as_bytes().to_vec()).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let preview = r.headers()["location"].to_str().unwrap().to_string();
    let (_, html) = s.text(&preview).await;
    assert!(
        html.contains("4 dòng: 2 hợp lệ, 2 có lỗi."),
        "{}",
        &html[html.find("dòng:").unwrap_or(0).saturating_sub(20)..][..120.min(html.len())]
    );
    assert!(html.contains("Họ: Vui lòng nhập thông tin này.") && html.contains("Email này đã được dùng"));
    // Each row shows the listed unit it was matched to, in the list's spelling, and its province by name
    // (the second row wrote the unit in capitals and the province as its code, 75).
    assert!(!html.contains("BẢO HIỂM XÃ HỘI TỈNH ĐỒNG NAI") && !html.contains("<td>75</td>"), "{html}");
    assert_eq!(html.matches("<td>Bảo hiểm xã hội tỉnh Đồng Nai</td>").count(), 4, "{html}");
    let province = html.matches("<td>Tỉnh Đồng Nai</td>").count() + html.matches("<td>Thành phố Đồng Nai</td>").count();
    assert_eq!(province, 4, "{html}");
    let (_, list) = s.text(&format!("/manage/c/{DEMO}/registrations")).await;
    assert!(list.contains("Đăng ký 0 ·"), "nothing imported before acceptance");
    let id = preview.rsplit('/').next().unwrap();
    let r = s.post_form(&preview, "/fn/registrations/import/accept", &[("id", id), ("slug", DEMO)]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, list) = s.text(&format!("/manage/c/{DEMO}/registrations")).await;
    assert!(list.contains("Đăng ký 2 ·") && list.contains("Lê Văn Tám") && list.contains("Phạm Thị Chín"));
    // Accepting twice does nothing.
    let r = s.post_form(&preview, "/fn/registrations/import/accept", &[("id", id), ("slug", DEMO)]).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);

    // CSV: UTF-8 with a byte-order mark, Vietnamese intact, sorted by given name (Chín before Tám).
    let r = s.get(&format!("/manage/c/{DEMO}/registrations.csv")).await;
    assert_eq!(r.status(), StatusCode::OK);
    let bytes = r.bytes().await.unwrap();
    assert_eq!(&bytes[..3], &[0xEF, 0xBB, 0xBF]);
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(text.starts_with("STT,Họ và tên,"));
    assert!(text.find("Phạm Thị Chín").unwrap() < text.find("Lê Văn Tám").unwrap());
    // XLSX, read back with calamine.
    use calamine::{Reader, Xlsx};
    let bytes = s.get(&format!("/manage/c/{DEMO}/registrations.xlsx")).await.bytes().await.unwrap();
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    let rows: Vec<Vec<String>> = sheet.rows().map(|r| r.iter().map(|c| c.to_string()).collect()).collect();
    assert_eq!(rows[0][1], "Họ và tên");
    assert_eq!(rows[1][1], "Phạm Thị Chín");
    assert_eq!(rows.len(), 3);
    // Not for the public.
    assert_eq!(
        Session::new(&server).get(&format!("/manage/c/{DEMO}/registrations.csv")).await.status(),
        StatusCode::UNAUTHORIZED
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn registration_api_matches_the_openapi_document_and_keeps_data_private() {
    let server = Server::start(Options { demo: true, ..Default::default() }).await.unwrap();
    server.create_admin().await;
    let out = server.cli(&["create-token", "--email", hoinghi_tests::ADMIN_EMAIL], None).await;
    let token = String::from_utf8(out.stdout).unwrap().trim().to_string();
    let api = reqwest::Client::new();
    let doc: Value = api.get(server.url("/api/v1/openapi.json")).send().await.unwrap().json().await.unwrap();
    let schema = |path: &str, method: &str, status: &str| {
        doc["paths"][path][method]["responses"][status]["content"]["application/json"]["schema"].clone()
    };

    let body = serde_json::json!({"family_name": "Võ", "middle_name": "Minh", "given_name": "Khoa", "admin_unit_code": "79",
        "organization": "Sở Lao động", "email": "khoa@example.vn", "phone": "0283 822 1234"});
    let r = api
        .post(server.url(&format!("/api/v1/conferences/{DEMO}/registrations")))
        .bearer_auth(&token)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let created: Value = r.json().await.unwrap();
    hoinghi_tests::schema::conforms(&doc, &schema("/api/v1/conferences/{slug}/registrations", "post", "201"), &created)
        .unwrap();
    let list: Value = api
        .get(server.url(&format!("/api/v1/conferences/{DEMO}/registrations")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    hoinghi_tests::schema::conforms(&doc, &schema("/api/v1/conferences/{slug}/registrations", "get", "200"), &list)
        .unwrap();
    assert_eq!(list["totals"]["confirmed"], 1);
    // The public sees counts only.
    let public: Value = api
        .get(server.url(&format!("/api/v1/conferences/{DEMO}/registration")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    hoinghi_tests::schema::conforms(&doc, &schema("/api/v1/conferences/{slug}/registration", "get", "200"), &public)
        .unwrap();
    assert_eq!(public["confirmed"], 1);
    assert!(!public.to_string().contains("khoa@example.vn"));
    assert_eq!(
        api.get(server.url(&format!("/api/v1/conferences/{DEMO}/registrations"))).send().await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
    let id = created["id"].as_i64().unwrap();
    let r = api
        .post(server.url(&format!("/api/v1/registrations/{id}/reject")))
        .bearer_auth(&token)
        .json(&serde_json::json!({"reason": ""}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "a rejection needs a reason");
    server.stop().await;
}
