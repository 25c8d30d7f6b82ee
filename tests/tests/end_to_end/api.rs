//! The JSON API: token authentication, errors with stable codes, and answers that match the OpenAPI
//! document the server publishes.

use hoinghi_tests::{Engine, Options, Server};
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn token(server: &Server) -> String {
    hoinghi_tests::http::api_token(server).await
}

async fn flow(engine: Engine) {
    let Some(server) = Server::start(Options { engine, demo: true, ..Default::default() }).await else { return };
    let api = reqwest::Client::new();
    let url = |p: &str| server.url(&format!("/api/v1{p}"));

    // Without a token: read public data, nothing else.
    let list: Value = api.get(url("/conferences")).send().await.unwrap().json().await.unwrap();
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
    assert_eq!((list["total"].as_u64(), list["next_offset"].as_u64()), (Some(1), None));
    let r = api
        .post(url("/conferences"))
        .json(&json!({"title": "x", "starts_on": "2026-01-01", "ends_on": "2026-01-01"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["error"]["code"], "unauthorized");
    assert_eq!(body["error"]["message"], "Vui lòng đăng nhập để tiếp tục.");

    let secret = token(&server).await;
    let auth = format!("Bearer {secret}");

    // Invalid input: 422 with one message per field, in the caller's language.
    let r = api
        .post(url("/conferences"))
        .header("Authorization", &auth)
        .header("Accept-Language", "en")
        .json(&json!({"title": "", "starts_on": "2026-01-09", "ends_on": "2026-01-02", "capacity": -3, "time_zone": "Nowhere/City"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["error"]["code"], "invalid");
    let fields: Vec<&str> =
        body["error"]["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["title", "ends_on", "time_zone", "capacity"]);
    assert_eq!(body["error"]["fields"][1]["message"], "The last day cannot be before the first day.");

    // Malformed JSON and wrong types are 4xx in the same format, never 500.
    for (raw, ctype) in
        [("{\"title\": ", "application/json"), ("{\"title\": 5}", "application/json"), ("title=x", "text/plain")]
    {
        let r = api
            .post(url("/conferences"))
            .header("Authorization", &auth)
            .header("Content-Type", ctype)
            .body(raw)
            .send()
            .await
            .unwrap();
        assert!(r.status().is_client_error(), "{raw}: {}", r.status());
        let body: Value = r.json().await.unwrap();
        assert!(body["error"]["code"].is_string(), "{raw}");
    }

    // Create (capacity as a number), read the draft back, publish.
    let r = api
        .post(url("/conferences"))
        .header("Authorization", &auth)
        .json(&json!({"title": "Tập huấn nghiệp vụ Cần Thơ", "starts_on": "2026-12-01", "ends_on": "2026-12-02", "capacity": 80}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let created: Value = r.json().await.unwrap();
    assert_eq!(created["capacity"], 80);
    assert_eq!(created["status"], "draft");
    let slug = created["slug"].as_str().unwrap().to_string();
    assert_eq!(
        api.get(url(&format!("/conferences/{slug}"))).send().await.unwrap().status(),
        StatusCode::NOT_FOUND,
        "drafts are private"
    );
    let r = api.get(url(&format!("/conferences/{slug}"))).header("Authorization", &auth).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let r = api.post(url(&format!("/conferences/{slug}/publish"))).header("Authorization", &auth).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let r = api.post(url(&format!("/conferences/{slug}/publish"))).header("Authorization", &auth).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert_eq!(r.json::<Value>().await.unwrap()["error"]["code"], "rejected");

    // Export (a zip archive), then import under the admin token: refused because the slug exists.
    let r = api.get(url(&format!("/conferences/{slug}/export"))).header("Authorization", &auth).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "application/zip");
    assert_eq!(r.headers()["content-disposition"], format!("attachment; filename=\"{slug}.zip\"").as_str());
    let archive = r.bytes().await.unwrap();
    assert!(archive.starts_with(b"PK"));
    let r = api
        .post(url("/conferences/import"))
        .header("Authorization", &auth)
        .header("Content-Type", "application/zip")
        .body(archive.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json::<Value>().await.unwrap()["error"]["fields"][0]["field"], "slug");
    // A truncated archive: a clear message, nothing written.
    let r = api
        .post(url("/conferences/import"))
        .header("Authorization", &auth)
        .body(archive.slice(..archive.len() / 2))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json::<Value>().await.unwrap()["error"]["fields"][0]["field"], "archive");

    // What GET returns can be sent back with PUT: the agency it names (an object, where the input
    // takes `agency_id`) is kept, and only what the client changed changes. `agency: null` clears it.
    let demo = url(&format!("/conferences/{}", hoinghi_tests::http::DEMO));
    let read: Value = api.get(&demo).header("Authorization", &auth).send().await.unwrap().json().await.unwrap();
    let agency = read["agency"]["id"].as_i64().expect("the demo conference names its agency");
    let mut changed = read.clone();
    changed["description"] = json!("Nội dung đã sửa qua API.");
    let r = api.put(&demo).header("Authorization", &auth).json(&changed).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let after: Value = api.get(&demo).header("Authorization", &auth).send().await.unwrap().json().await.unwrap();
    assert_eq!(after["agency"]["id"].as_i64(), Some(agency), "a GET body sent back keeps the agency");
    assert_eq!(after["description"], "Nội dung đã sửa qua API.");
    assert_eq!(
        (&after["title"], &after["venue_name"], &after["capacity"]),
        (&read["title"], &read["venue_name"], &read["capacity"])
    );
    changed["agency"] = Value::Null;
    let r = api.put(&demo).header("Authorization", &auth).json(&changed).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.json::<Value>().await.unwrap()["agency"].is_null(), "agency: null clears it");

    // Revoked tokens stop working.
    let tokens: Value =
        api.get(url("/tokens")).header("Authorization", &auth).send().await.unwrap().json().await.unwrap();
    let id = tokens["items"][0]["id"].as_i64().unwrap();
    assert_eq!(
        api.delete(url(&format!("/tokens/{id}"))).header("Authorization", &auth).send().await.unwrap().status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        api.get(url("/tokens")).header("Authorization", &auth).send().await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );

    let units: Value = api.get(url("/admin-units?on=2026-01-01")).send().await.unwrap().json().await.unwrap();
    assert_eq!((units["items"].as_array().unwrap().len(), units["total"].as_u64()), (34, Some(34)));
    assert_eq!(
        api.get(url("/admin-units?on=hôm-nay")).send().await.unwrap().status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn api_on_sqlite() {
    flow(Engine::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn api_on_postgres() {
    flow(Engine::Postgres).await;
}

/// Every answer of the API conforms to the schema the OpenAPI document gives for it.
#[tokio::test(flavor = "multi_thread")]
async fn answers_match_the_openapi_document() {
    let server = Server::start(Options { demo: true, ..Default::default() }).await.unwrap();
    let api = reqwest::Client::new();
    let doc: Value = api.get(server.url("/api/v1/openapi.json")).send().await.unwrap().json().await.unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    hoinghi_tests::schema::valid_document(&doc).unwrap_or_else(|e| panic!("the OpenAPI document is not valid: {e}"));
    let checks = [
        ("/api/v1/conferences", "/api/v1/conferences", "get", "200"),
        ("/api/v1/conferences/so-ket-tap-huan-thong-tin-doi-ngoai-2017", "/api/v1/conferences/{slug}", "get", "200"),
        ("/api/v1/conferences/khong-co", "/api/v1/conferences/{slug}", "get", "404"),
        ("/api/v1/admin-units", "/api/v1/admin-units", "get", "200"),
        ("/api/v1/tokens", "/api/v1/tokens", "get", "401"),
    ];
    for (path, template, method, status) in checks {
        let r = api.get(server.url(path)).send().await.unwrap();
        assert_eq!(r.status().as_str(), status, "{path}");
        let body: Value = r.json().await.unwrap();
        let schema = &doc["paths"][template][method]["responses"][status]["content"]["application/json"]["schema"];
        assert!(!schema.is_null(), "no schema for {method} {template} {status}");
        if let Err(problem) = hoinghi_tests::schema::conforms(&doc, schema, &body) {
            panic!("{path}: {problem}\n{body}");
        }
    }
    server.stop().await;
}

/// The router and the document agree, asked of the running server: each documented path answers a
/// method it does not take with 405 in the JSON error format and an `Allow` header listing exactly the
/// documented methods (so every documented path is served, with those methods and no others; the
/// server's unit test checks that no route is served undocumented). Unknown addresses answer 404 in the
/// same format. The document itself passes openapi-spec-validator.
#[tokio::test(flavor = "multi_thread")]
async fn every_documented_path_is_served_with_exactly_its_methods() {
    let server = Server::start(Options::default()).await.unwrap();
    let http = reqwest::Client::new();
    let doc: Value = http.get(server.url("/api/v1/openapi.json")).send().await.unwrap().json().await.unwrap();
    hoinghi_tests::schema::valid_document(&doc).unwrap_or_else(|e| panic!("the OpenAPI document is not valid: {e}"));
    let mut routes = 0;
    for (template, item) in doc["paths"].as_object().unwrap() {
        let mut documented: Vec<String> = item
            .as_object()
            .unwrap()
            .keys()
            .filter(|k| ["get", "put", "post", "delete", "patch", "head", "options", "trace"].contains(&k.as_str()))
            .map(|k| k.to_uppercase())
            .collect();
        documented.sort();
        routes += documented.len();
        let path: String =
            template.split('/').map(|s| if s.starts_with('{') { "1" } else { s }).collect::<Vec<_>>().join("/");
        for method in [reqwest::Method::OPTIONS, reqwest::Method::PATCH] {
            let r =
                http.request(method.clone(), server.url(&path)).header("Accept-Language", "en").send().await.unwrap();
            assert_eq!(r.status(), StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
            let allow = r.headers().get("allow").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
            let mut served: Vec<String> =
                allow.split(',').map(|m| m.trim().to_string()).filter(|m| !m.is_empty() && m != "HEAD").collect();
            served.sort();
            assert_eq!(served, documented, "{template}: served {allow:?}");
            let body: Value = r.json().await.unwrap();
            assert_eq!(body["error"]["code"], "method_not_allowed", "{method} {path}");
            assert!(body["error"]["message"].as_str().unwrap().contains("Allow"));
        }
    }
    eprintln!("{routes} routes on {} paths, all documented and served", doc["paths"].as_object().unwrap().len());
    assert!(routes >= 90, "{routes}");
    for path in ["/api/v1/nothing", "/api/v1/conferences/x/nothing", "/api/v1/agenda/rooms/1/doors"] {
        let r = http.delete(server.url(path)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{path}");
        let body: Value = r.json().await.unwrap();
        assert_eq!(
            (body["error"]["code"].as_str(), body["error"]["message"].as_str()),
            (Some("not_found"), Some("Không tìm thấy trang hoặc dữ liệu yêu cầu."))
        );
    }
    // A path parameter of the wrong type names nothing: 404 in the same format, not a plain-text 400.
    let r = http.get(server.url("/api/v1/registrations/mot")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(r.json::<Value>().await.unwrap()["error"]["code"], "not_found");
    server.stop().await;
}

/// `hoinghi create-token` gives an existing account its first token, printed once; the token works, and
/// cannot make more tokens.
#[tokio::test(flavor = "multi_thread")]
async fn create_token_command_gives_a_first_token() {
    let server = Server::start(Options::default()).await.unwrap();
    server.create_admin().await;
    let out =
        server.cli(&["create-token", "--email", hoinghi_tests::ADMIN_EMAIL, "--name", "Cổng dữ liệu tỉnh"], None).await;
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 1, "only the token is printed: {stdout}");
    let token = stdout.trim();
    assert!(token.starts_with("hn_"));
    let api = reqwest::Client::new();
    let r = api.get(server.url("/api/v1/tokens")).bearer_auth(token).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let tokens: Value = r.json().await.unwrap();
    assert_eq!(tokens["items"][0]["name"], "Cổng dữ liệu tỉnh");
    assert!(!tokens.to_string().contains(token), "the secret is shown once, not listed");
    let r =
        api.post(server.url("/api/v1/tokens")).bearer_auth(token).json(&json!({"name": "thêm"})).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN, "a token cannot create tokens");
    let r = api
        .post(server.url("/api/v1/conferences"))
        .bearer_auth(token)
        .json(&json!({"title": "Hội nghị tập huấn", "starts_on": "2026-11-02", "ends_on": "2026-11-03"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED, "the token acts for its account");
    let out = server.cli(&["create-token", "--email", "khong-co@bhxh.gov.vn"], None).await;
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("khong-co@bhxh.gov.vn"));
    server.stop().await;
}
