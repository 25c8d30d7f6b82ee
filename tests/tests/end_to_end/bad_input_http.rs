//! Bad input over HTTP answers 4xx, never 5xx, in the format each caller reads: malformed server-function
//! calls, oversized bodies (delivered in full, not cut off), compressed bodies, and the same through
//! forms without JavaScript.

use hoinghi_tests::http::Session;
use hoinghi_tests::{Options, Server};
use reqwest::StatusCode;
use serde_json::Value;

/// A browser's script calling a server function: same-origin, JSON answers.
fn server_fn_call(server: &Server, path: &str) -> reqwest::RequestBuilder {
    reqwest::Client::new()
        .post(server.url(path))
        .header("Origin", &server.base)
        .header("Accept", "application/json")
        .header("Accept-Language", "vi")
}

#[tokio::test(flavor = "multi_thread")]
async fn malformed_server_function_calls_answer_400_in_the_error_format_of_server_functions() {
    let server = Server::start(Options::default()).await.unwrap();
    for body in ["", "email=an%40bhxh.gov.vn", "password=x", "email[]=1&email[x]=2&password=p"] {
        let r = server_fn_call(&server, "/fn/login")
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{body:?}");
        let error: Value = r.json().await.unwrap();
        assert_eq!(error["code"], "bad_request", "{body:?}: {error}");
    }
    // A well-formed call still works the ordinary way: wrong password, 422 beside the field.
    let r = server_fn_call(&server, "/fn/login")
        .form(&[("email", "an@bhxh.gov.vn"), ("password", "sai mật khẩu")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn malformed_form_posts_without_javascript_render_the_page_with_400() {
    let server = Server::start(Options::default()).await.unwrap();
    let s = Session::new(&server);
    // The password field left out of the post altogether.
    let r = s.post_form("/login", "/fn/login", &[("email", "an@bhxh.gov.vn")]).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let html = r.text().await.unwrap();
    assert!(html.contains("Yêu cầu không hợp lệ."), "a readable message");
    assert!(!html.contains("Mã tra cứu"), "not an internal error");
    assert!(html.contains("name=\"email\""), "the page itself, with its form");
    // A server function that does not exist.
    let r = s.post_form("/login", "/fn/khong-co", &[("email", "an@bhxh.gov.vn")]).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(!r.text().await.unwrap().contains("Mã tra cứu"));
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn oversized_bodies_answer_413_in_full_on_every_route_family() {
    let server = Server::start(Options::default()).await.unwrap();

    // Server functions: the AppError JSON the browser's script reads.
    let r = server_fn_call(&server, "/fn/login")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(format!("email={}&password=x", "a".repeat(3 * 1024 * 1024)))
        .send()
        .await
        .expect("an answer, not a reset connection");
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let error: Value = r.json().await.unwrap();
    assert_eq!(error["code"], "too_large");

    // The JSON API: 10 MiB, answered in the API's error format and received whole.
    let mut big = b"{\"title\": \"".to_vec();
    big.resize(10 * 1024 * 1024, b'a');
    big.extend_from_slice(b"\"}");
    let r = reqwest::Client::new()
        .post(server.url("/api/v1/conferences"))
        .header("Content-Type", "application/json")
        .header("Accept-Language", "en")
        .body(big)
        .send()
        .await
        .expect("an answer, not a reset connection");
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let body: Value = r.json().await.expect("the whole JSON answer");
    assert_eq!(body["error"]["code"], "too_large");
    assert_eq!(body["error"]["message"], "The data sent is too large (at most 2048 KB).");

    // A form post without JavaScript: a page.
    let s = Session::new(&server);
    let long = "a".repeat(3 * 1024 * 1024);
    let r = s.post_form("/login", "/fn/login", &[("email", long.as_str()), ("password", "x")]).await;
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert!(r.text().await.unwrap().contains("Dữ liệu gửi lên quá lớn"));
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn compressed_request_bodies_are_refused_with_415() {
    let server = Server::start(Options::default()).await.unwrap();
    // gzip of `{}`; the server reads bodies only as sent.
    let gzip: Vec<u8> = vec![
        0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0xab, 0xae, 0x05, 0x00, 0x43, 0xbf, 0xa6, 0xa3,
        0x02, 0x00, 0x00, 0x00,
    ];
    let r = reqwest::Client::new()
        .post(server.url("/api/v1/conferences"))
        .header("Content-Type", "application/json")
        .header("Content-Encoding", "gzip")
        .body(gzip.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(r.headers()["accept-encoding"], "identity");
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["error"]["code"], "unsupported_media_type");

    let r = server_fn_call(&server, "/fn/login")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Content-Encoding", "gzip")
        .body(gzip)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let error: Value = r.json().await.unwrap();
    assert_eq!(error["code"], "unsupported_media_type");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn dates_out_of_range_are_refused_by_the_api() {
    let server = Server::start(Options::default()).await.unwrap();
    let api = reqwest::Client::new();
    for on in ["0000-01-01", "+99999-01-01", "1999-12-31", "2101-01-01"] {
        let r = api.get(server.url(&format!("/api/v1/admin-units?on={on}"))).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{on}");
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["error"]["fields"][0]["field"], "on");
    }
    server.stop().await;
}
