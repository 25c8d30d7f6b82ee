//! Organizers manage conferences through plain form posts (a browser without JavaScript), on SQLite
//! and PostgreSQL: every wrong input answers 4xx with a message beside its field and the typed values
//! kept, and nothing is stored half-way.

use hoinghi_tests::http::{Session, field_error, input_value};
use hoinghi_tests::{Engine, Options, Server};
use reqwest::StatusCode;

async fn flow(engine: Engine) {
    let Some(server) = Server::start(Options { engine, ..Default::default() }).await else { return };
    server.create_admin().await;
    let s = Session::new(&server);

    // Organizer pages need a sign-in.
    let (status, html) = s.text("/manage").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(html.contains("/login?next=/manage"), "a way to sign in is offered");

    // A wrong password: 422, the message beside the password, the email kept.
    let r = s.sign_in_as(hoinghi_tests::ADMIN_EMAIL, "sai mật khẩu").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert_eq!(field_error(&html, "password").as_deref(), Some("Email hoặc mật khẩu không đúng."));
    assert_eq!(input_value(&html, "email").as_deref(), Some(hoinghi_tests::ADMIN_EMAIL));
    assert_eq!(input_value(&html, "password").as_deref(), Some(""), "passwords are never echoed");
    s.sign_in().await;

    // Every bad field reported at once; the typed text comes back exactly.
    let title = "Hội nghị tổng kết <script>alert(1)</script>";
    let r = s
        .post_form(
            "/manage/new",
            "/fn/conferences/create",
            &[
                ("title", title),
                ("starts_on", "2026-12-08"),
                ("ends_on", "2026-12-01"),
                ("time_zone", "Asia/Atlantis"),
                ("capacity", "nhiều"),
                ("slug", "Sai Định Dạng"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert_eq!(field_error(&html, "ends_on").as_deref(), Some("Ngày kết thúc không được trước ngày bắt đầu."));
    assert!(field_error(&html, "time_zone").unwrap().contains("Múi giờ không tồn tại"));
    assert_eq!(field_error(&html, "capacity").as_deref(), Some("Vui lòng nhập một số nguyên."));
    assert!(field_error(&html, "slug").is_some());
    assert_eq!(input_value(&html, "title").as_deref(), Some(title));
    assert!(!html.contains("<script>alert(1)"), "typed markup is rendered inert");
    let (_, list) = s.text("/manage").await;
    assert!(list.contains("Bạn chưa phụ trách hội nghị nào"), "nothing was stored");

    // Over-long fields are refused too.
    let long = "ơ".repeat(301);
    let r = s
        .post_form(
            "/manage/new",
            "/fn/conferences/create",
            &[("title", &long), ("starts_on", "2026-12-08"), ("ends_on", "2026-12-09")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field_error(&r.text().await.unwrap(), "title").as_deref(), Some("Tối đa 300 ký tự."));

    // A good one: 303 to its page.
    let r = s
        .post_form(
            "/manage/new",
            "/fn/conferences/create",
            &[
                ("title", "Hội nghị tập huấn nghiệp vụ"),
                ("starts_on", "2026-12-08"),
                ("ends_on", "2026-12-09"),
                ("capacity", "120"),
                ("venue_name", "Hội trường Khánh Hòa"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let location = r.headers()["location"].to_str().unwrap().to_string();
    assert_eq!(location, "/manage/c/hoi-nghi-tap-huan-nghiep-vu?done=notice-conference-created");

    // A duplicate slug is a field error, not a 500.
    let r = s
        .post_form(
            "/manage/new",
            "/fn/conferences/create",
            &[("title", "Hội nghị tập huấn nghiệp vụ"), ("starts_on", "2026-12-08"), ("ends_on", "2026-12-09")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        field_error(&r.text().await.unwrap(), "slug").as_deref(),
        Some("Đường dẫn này đã được dùng cho hội nghị khác.")
    );

    // Not public while a draft.
    assert_eq!(Session::new(&server).get("/c/hoi-nghi-tap-huan-nghiep-vu").await.status(), StatusCode::NOT_FOUND);

    // Publish, then the public sees it on the home page.
    let (_, manage) = s.text(&location).await;
    assert!(manage.contains("Đã tạo hội nghị"), "the success notice shows");
    let id = input_value(&manage, "id").expect("conference id in the publish form");
    let r = s.post_form("/manage/c/hoi-nghi-tap-huan-nghiep-vu", "/fn/conferences/publish", &[("id", &id)]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let public = Session::new(&server);
    let (status, home) = public.text("/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(home.contains("Hội nghị tập huấn nghiệp vụ"));
    let (status, page) = public.text("/c/hoi-nghi-tap-huan-nghiep-vu").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Hội trường Khánh Hòa") && page.contains("8–9/12/2026") && page.contains("120 chỗ"));

    // Publishing again is refused with a clear message (409), not repeated.
    let r = s.post_form("/manage/c/hoi-nghi-tap-huan-nghiep-vu", "/fn/conferences/publish", &[("id", &id)]).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert!(r.text().await.unwrap().contains("Hội nghị đã được công bố."));
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn organizer_flow_without_javascript_on_sqlite() {
    flow(Engine::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn organizer_flow_without_javascript_on_postgres() {
    flow(Engine::Postgres).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn forged_or_cross_site_posts_are_refused() {
    let server = Server::start(Options::default()).await.unwrap();
    server.create_admin().await;
    let s = Session::new(&server);
    s.sign_in().await;
    let url = server.url("/manage/new?_fn=/fn/conferences/create");
    let fields = [("title", "X"), ("starts_on", "2026-12-08"), ("ends_on", "2026-12-09")];

    // A token that does not match the cookie.
    let mut forged = vec![("_csrf", "forged-token-forged-token-forged-1")];
    forged.extend_from_slice(&fields);
    let r = s.client.post(&url).header("Origin", &server.base).form(&forged).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(r.text().await.unwrap().contains("hết hạn"));

    // Another site posting with the victim's cookies.
    let token = s.cookie("hoinghi_csrf").unwrap();
    let mut good = vec![("_csrf", token.as_str())];
    good.extend_from_slice(&fields);
    let r = s.client.post(&url).header("Sec-Fetch-Site", "cross-site").form(&good).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = s.client.post(&url).header("Origin", "https://evil.example").form(&good).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // Server functions called directly need a same-origin browser.
    let r = s.client.post(server.url("/fn/conferences/create")).form(&fields).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    let (_, list) = s.text("/manage").await;
    assert!(list.contains("Bạn chưa phụ trách hội nghị nào"), "none of them created anything");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn sign_in_is_rate_limited_over_http() {
    let server = Server::start(Options::default()).await.unwrap();
    server.create_admin().await;
    let s = Session::new(&server);
    for _ in 0..5 {
        assert_eq!(s.sign_in_as(hoinghi_tests::ADMIN_EMAIL, "sai").await.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }
    let r = s.sign_in_as(hoinghi_tests::ADMIN_EMAIL, hoinghi_tests::ADMIN_PASSWORD).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(r.text().await.unwrap().contains("Thử quá nhiều lần"));
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn session_cookies_are_http_only_and_lax_and_sign_out_ends_them() {
    let server = Server::start(Options::default()).await.unwrap();
    server.create_admin().await;
    let s = Session::new(&server);
    let r = s.sign_in_as(hoinghi_tests::ADMIN_EMAIL, hoinghi_tests::ADMIN_PASSWORD).await;
    let cookie = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with("hoinghi_session="))
        .unwrap();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(!cookie.contains("Secure"), "plain http here; Secure is set when HOINGHI_PUBLIC_URL is https");
    assert_eq!(s.get("/manage").await.status(), StatusCode::OK);
    let r = s.post_form("/manage", "/fn/logout", &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(s.get("/manage").await.status(), StatusCode::UNAUTHORIZED);
    server.stop().await;
}
