//! A client of the JSON API for end-to-end tests. Every answer it receives is held to the OpenAPI
//! document the server publishes: its status must be documented for the operation (405 aside, which
//! the document describes once for all), a JSON answer must match the documented schema (checked in one
//! batch by Python's `jsonschema` when [`Api::verify`] runs), and a file must have the documented
//! content type.

use crate::Server;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};

/// One answer of the API.
pub struct Answer {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub bytes: Vec<u8>,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.bytes).unwrap_or(Value::Null)
    }

    /// The `field`s of a 422 answer, in order.
    pub fn fields(&self) -> Vec<String> {
        self.json()["error"]["fields"]
            .as_array()
            .map(|a| a.iter().map(|f| f["field"].as_str().unwrap_or_default().to_string()).collect())
            .unwrap_or_default()
    }

    pub fn header(&self, name: &str) -> String {
        self.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string()
    }
}

#[derive(Clone)]
pub struct Api {
    http: reqwest::Client,
    base: String,
    token: Option<String>,
    language: &'static str,
    pub doc: Arc<Value>,
    checks: Arc<Mutex<Vec<Value>>>,
}

/// The template of `doc` that `path` (without its query) is an instance of: the one with the most
/// literal segments, as the router prefers them.
pub fn template_of(doc: &Value, path: &str) -> Option<String> {
    let path = path.split('?').next().unwrap_or(path);
    let want: Vec<&str> = path.split('/').collect();
    doc["paths"]
        .as_object()?
        .keys()
        .filter_map(|t| {
            let have: Vec<&str> = t.split('/').collect();
            if have.len() != want.len() {
                return None;
            }
            let mut literal = 0;
            for (h, w) in have.iter().zip(&want) {
                if h.starts_with('{') && h.ends_with('}') {
                    if w.is_empty() {
                        return None;
                    }
                } else if h == w {
                    literal += 1;
                } else {
                    return None;
                }
            }
            Some((literal, t.clone()))
        })
        .max_by_key(|(literal, _)| *literal)
        .map(|(_, t)| t)
}

impl Api {
    /// A client without a token, reading the server's document first.
    pub async fn new(server: &Server) -> Api {
        let http = reqwest::Client::new();
        let doc: Value =
            http.get(server.url("/api/v1/openapi.json")).send().await.unwrap().json().await.expect("the document");
        Api {
            http,
            base: server.base.clone(),
            token: None,
            language: "vi",
            doc: Arc::new(doc),
            checks: Arc::new(Mutex::new(Vec::new())),
        }
    }

    /// The same client acting with `token` (its answers are checked with the others').
    pub fn with_token(&self, token: &str) -> Api {
        Api { token: Some(token.to_string()), ..self.clone() }
    }

    pub fn anonymous(&self) -> Api {
        Api { token: None, ..self.clone() }
    }

    pub fn in_english(&self) -> Api {
        Api { language: "en", ..self.clone() }
    }

    /// Sends `method path` (under /api/v1) with a JSON body, or none.
    pub async fn call(&self, method: Method, path: &str, body: Option<Value>) -> Answer {
        let mut req = self
            .http
            .request(method.clone(), format!("{}/api/v1{path}", self.base))
            .header("Accept-Language", self.language);
        if let Some(t) = &self.token {
            req = req.bearer_auth(t);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        self.answer(method, path, req).await
    }

    /// Sends a multipart form.
    pub async fn upload(&self, method: Method, path: &str, form: reqwest::multipart::Form) -> Answer {
        let mut req = self.http.request(method.clone(), format!("{}/api/v1{path}", self.base)).multipart(form);
        if let Some(t) = &self.token {
            req = req.bearer_auth(t);
        }
        self.answer(method, path, req).await
    }

    async fn answer(&self, method: Method, path: &str, req: reqwest::RequestBuilder) -> Answer {
        let r = req.send().await.unwrap_or_else(|e| panic!("{method} {path}: {e}"));
        let answer =
            Answer { status: r.status(), headers: r.headers().clone(), bytes: r.bytes().await.unwrap().to_vec() };
        self.hold_to_document(&method, path, &answer);
        answer
    }

    fn hold_to_document(&self, method: &Method, path: &str, answer: &Answer) {
        let label = format!("{method} {path} → {}", answer.status.as_u16());
        let content_type = answer.header("content-type");
        if content_type.starts_with("application/json") {
            let body = answer.json();
            if answer.status.is_client_error() || answer.status.is_server_error() {
                assert!(body["error"]["code"].is_string(), "{label}: not the error format: {body}");
            }
        }
        if answer.status == StatusCode::METHOD_NOT_ALLOWED {
            return;
        }
        let full = format!("/api/v1{path}");
        let Some(template) = template_of(&self.doc, &full) else {
            // An address the API does not have: only "not found" is right for it.
            assert_eq!(answer.status, StatusCode::NOT_FOUND, "{label}: no such path in the document");
            return;
        };
        let operation = &self.doc["paths"][&template][method.as_str().to_lowercase()];
        assert!(operation.is_object(), "{label}: {method} {template} is not in the document");
        let documented = &operation["responses"][answer.status.as_str()];
        assert!(documented.is_object(), "{label}: status not documented for {method} {template}");
        if answer.status == StatusCode::NO_CONTENT {
            assert!(answer.bytes.is_empty(), "{label}: a 204 with a body");
            return;
        }
        let media = content_type.split(';').next().unwrap_or_default().trim().to_string();
        let schema = &documented["content"][&media]["schema"];
        assert!(!schema.is_null(), "{label}: answered {media}, documented {}", documented["content"]);
        if media == "application/json" {
            self.checks.lock().unwrap().push(json!({"label": label, "schema": schema, "instance": answer.json()}));
        }
    }

    /// Calls, asserts the status, and returns the JSON body (Null when there is none).
    pub async fn expect(&self, method: Method, path: &str, body: Option<Value>, status: u16) -> Value {
        let a = self.call(method.clone(), path, body).await;
        assert_eq!(a.status.as_u16(), status, "{method} {path}: {}", String::from_utf8_lossy(&a.bytes));
        a.json()
    }

    pub async fn get(&self, path: &str, status: u16) -> Value {
        self.expect(Method::GET, path, None, status).await
    }

    /// Every item of a list, read page by page with `limit` items a page; checks the pages agree.
    pub async fn all_pages(&self, path: &str, limit: u64) -> Vec<Value> {
        let sep = if path.contains('?') { '&' } else { '?' };
        let mut items = Vec::new();
        let mut offset = Some(0);
        let mut total = None;
        while let Some(at) = offset {
            let page = self.get(&format!("{path}{sep}limit={limit}&offset={at}"), 200).await;
            assert_eq!(page["limit"], limit);
            assert_eq!(page["offset"], at);
            let n = page["total"].as_u64().unwrap();
            assert!(total.is_none_or(|t| t == n), "the total changed between pages");
            total = Some(n);
            let got = page["items"].as_array().unwrap();
            assert!(got.len() as u64 <= limit);
            items.extend(got.iter().cloned());
            offset = page["next_offset"].as_u64();
            assert!(offset.is_none_or(|o| o == at + got.len() as u64));
        }
        assert_eq!(items.len() as u64, total.unwrap_or(0), "{path}: the pages do not add up to the total");
        items
    }

    /// Runs the schema checks gathered so far (one Python process); panics with every mismatch.
    pub fn verify(&self) {
        let checks = std::mem::take(&mut *self.checks.lock().unwrap());
        if checks.is_empty() {
            return;
        }
        let input = json!({"doc": &*self.doc, "checks": checks});
        match crate::tools::run("check_json.py", &[], input.to_string().as_bytes()) {
            Ok(out) => eprintln!("{}", out.trim()),
            Err(problems) => panic!("answers that do not match the OpenAPI document:\n{problems}"),
        }
    }
}

/// Creates an organizer account that is not an administrator (through the administrators' page, as an
/// administrator would) and returns an API token for it made by `hoinghi create-token`.
pub async fn organizer_token(server: &Server, email: &str) -> String {
    let admin = crate::http::Session::new(server);
    admin.sign_in().await;
    let r = admin
        .post_form(
            "/admin/users",
            "/fn/users/create",
            &[("email", email), ("display_name", "Lê Thị Thu"), ("password", "mật khẩu của ban tổ chức")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "the account was not created");
    cli_token(server, email).await
}

/// A token made by `hoinghi create-token --email`.
pub async fn cli_token(server: &Server, email: &str) -> String {
    let out = server.cli(&["create-token", "--email", email, "--name", "tích hợp"], None).await;
    assert!(out.status.success(), "create-token: {}", String::from_utf8_lossy(&out.stderr));
    let token = String::from_utf8(out.stdout).unwrap().trim().to_string();
    assert!(token.starts_with("hn_"), "{token}");
    token
}

/// A server with the demo conference, a client with an administrator's token (the demo's organizers'
/// rights) and a client with the token of an organizer of nothing in the demo; `None` for PostgreSQL when
/// no test server is configured.
pub async fn start(engine: crate::Engine) -> Option<(Server, Api, Api)> {
    let server = Server::start(crate::Options { engine, demo: true, ..Default::default() }).await?;
    let admin = crate::http::api_token(&server).await;
    let other = organizer_token(&server, "to-chuc.khac@bhxh.gov.vn").await;
    let api = Api::new(&server).await;
    let (admin, other) = (api.with_token(&admin), api.with_token(&other));
    Some((server, admin, other))
}

/// The demo conference's slug.
pub const DEMO: &str = crate::http::DEMO;

/// A 1×1 PNG image.
pub const PNG: [u8; 67] = [
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00,
    0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4, 0x89, 0x00, 0x00, 0x00, 0x0A, 0x49,
    0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00, 0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00,
    0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];
