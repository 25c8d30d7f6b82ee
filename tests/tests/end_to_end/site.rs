//! The site as a whole: languages, status codes, health, the public page cache, the demo.

use hoinghi_tests::http::Session;
use hoinghi_tests::{Options, Server};
use reqwest::StatusCode;

const DEMO: &str = "/c/so-ket-tap-huan-thong-tin-doi-ngoai-2017";

#[tokio::test(flavor = "multi_thread")]
async fn demo_conference_is_there_on_first_start_in_vietnamese_and_english() {
    let server = Server::start(Options { demo: true, ..Default::default() }).await.unwrap();
    let vi = Session::new(&server);
    let (status, html) = vi.text(DEMO).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("<html lang=\"vi\""));
    assert!(html.contains("Hội nghị sơ kết và tập huấn công tác thông tin đối ngoại"));
    assert!(html.contains("18–19/9/2017") && html.contains("150 chỗ"));
    assert!(html.contains("Bảo hiểm xã hội Việt Nam"));

    let en = Session::with_language(&server, "en-GB,en;q=0.9");
    let (_, html) = en.text(DEMO).await;
    assert!(html.contains("<html lang=\"en\""));
    assert!(html.contains("18–19 September 2017") && html.contains("150 seats"));

    // The language link switches and is remembered.
    let r = vi.get("/lang/en?next=/").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()["location"], "/");
    let (_, html) = vi.text("/").await;
    assert!(html.contains("<html lang=\"en\"") && html.contains("Conferences"));
    // An open redirect is not possible.
    for next in ["//evil.example", "/%5Cevil.example/", "/%09/evil.example", "https://evil.example", "/%0d%0aX:%20y"] {
        let r = vi.get(&format!("/lang/vi?next={next}")).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{next}");
        assert_eq!(r.headers()["location"], "/", "{next}");
    }
    assert_eq!(vi.get("/lang/vi?next=/c/x%3Fq%3D1").await.headers()["location"], "/c/x?q=1");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn unknown_pages_and_conferences_answer_404() {
    let server = Server::start(Options::default()).await.unwrap();
    let s = Session::new(&server);
    for path in ["/no/such/page", "/c/khong-ton-tai", "/api/v1/nothing"] {
        assert_eq!(s.get(path).await.status(), StatusCode::NOT_FOUND, "{path}");
    }
    let (_, html) = s.text("/c/khong-ton-tai").await;
    assert!(html.contains("Không tìm thấy"));
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn health_check_reports_the_database() {
    let server = Server::start(Options::default()).await.unwrap();
    let r = Session::new(&server).get("/healthz").await;
    assert_eq!(r.status(), StatusCode::OK);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["database"], "ok");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn public_pages_are_cached_revalidated_and_invalidated_by_publishing() {
    let server = Server::start(Options { demo: true, ..Default::default() }).await.unwrap();
    let s = Session::new(&server);
    let first = s.get(DEMO).await;
    assert_eq!(first.status(), StatusCode::OK);
    let etag = first.headers()["etag"].to_str().unwrap().to_string();
    let body = first.text().await.unwrap();
    // Same page, same tag; If-None-Match answers 304 without a body.
    let r = s.client.get(server.url(DEMO)).header("If-None-Match", &etag).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::NOT_MODIFIED);
    // Compressed when asked, under its own tag; each tag validates only its own representation.
    hoinghi_tests::http::assert_etag_per_representation(&server, DEMO).await;
    hoinghi_tests::http::assert_etag_per_representation(&server, &format!("{DEMO}/schedule.xml")).await;

    // An organizer changes the conference: within a second the public page shows it.
    server.create_admin().await;
    let admin = Session::new(&server);
    admin.sign_in().await;
    let (_, manage) = admin.text(&format!("/manage{DEMO}")).await;
    let id = hoinghi_tests::http::input_value(&manage, "id").unwrap();
    let r = admin
        .post_form(
            &format!("/manage{DEMO}"),
            "/fn/conferences/update",
            &[
                ("id", &id),
                ("title", "Hội nghị sơ kết và tập huấn công tác thông tin đối ngoại"),
                ("slug", "so-ket-tap-huan-thong-tin-doi-ngoai-2017"),
                ("starts_on", "2017-09-18"),
                ("ends_on", "2017-09-19"),
                ("venue_name", "Hội trường mới"),
                ("capacity", "150"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let r = s.client.get(server.url(DEMO)).header("If-None-Match", &etag).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK, "a changed page is not 304");
    let fresh = r.text().await.unwrap();
    assert!(fresh.contains("Hội trường mới") && !body.contains("Hội trường mới"));
    server.stop().await;
}
