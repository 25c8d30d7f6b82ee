//! An HTTP client that behaves like a browser without JavaScript: keeps cookies, echoes the CSRF token,
//! posts forms to their page with `?_fn=`, and does not follow redirects (tests look at them).

use crate::{ADMIN_EMAIL, ADMIN_PASSWORD, Server};
use reqwest::cookie::{CookieStore, Jar};
use reqwest::{Client, Response, StatusCode, header};
use std::sync::Arc;

pub struct Session {
    pub client: Client,
    jar: Arc<Jar>,
    pub base: String,
}

impl Session {
    pub fn new(server: &Server) -> Session {
        Session::with_language(server, "vi")
    }

    pub fn with_language(server: &Server, lang: &str) -> Session {
        let jar = Arc::new(Jar::default());
        let mut headers = header::HeaderMap::new();
        headers.insert(header::ACCEPT_LANGUAGE, lang.parse().expect("header"));
        let client = Client::builder()
            .cookie_provider(jar.clone())
            .redirect(reqwest::redirect::Policy::none())
            .default_headers(headers)
            .build()
            .expect("client");
        Session { client, jar, base: server.base.clone() }
    }

    pub fn cookie(&self, name: &str) -> Option<String> {
        let url = self.base.parse().expect("url");
        let header = self.jar.cookies(&url)?;
        header.to_str().ok()?.split(';').find_map(|c| c.trim().strip_prefix(&format!("{name}=")).map(str::to_string))
    }

    pub async fn get(&self, path: &str) -> Response {
        self.client.get(format!("{}{path}", self.base)).send().await.expect("GET")
    }

    pub async fn text(&self, path: &str) -> (StatusCode, String) {
        let r = self.get(path).await;
        let status = r.status();
        (status, r.text().await.expect("body"))
    }

    /// Posts a form the way a browser without JavaScript does: to `page?_fn=fn_path`, with the CSRF
    /// token of the cookie and the page's origin.
    pub async fn post_form(&self, page: &str, fn_path: &str, fields: &[(&str, &str)]) -> Response {
        if self.cookie("hoinghi_csrf").is_none() {
            self.get(page).await;
        }
        let token = self.cookie("hoinghi_csrf").expect("CSRF cookie set by the first page");
        let mut body: Vec<(&str, &str)> = vec![("_csrf", token.as_str())];
        body.extend_from_slice(fields);
        let sep = if page.contains('?') { '&' } else { '?' };
        self.client
            .post(format!("{}{page}{sep}_fn={fn_path}", self.base))
            .header(header::ACCEPT, "text/html")
            .header(header::ORIGIN, &self.base)
            .form(&body)
            .send()
            .await
            .expect("POST")
    }

    pub async fn sign_in_as(&self, email: &str, password: &str) -> Response {
        self.post_form("/login", "/fn/login", &[("email", email), ("password", password), ("next", "/manage")]).await
    }

    pub async fn sign_in(&self) {
        let r = self.sign_in_as(ADMIN_EMAIL, ADMIN_PASSWORD).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "sign-in failed");
        assert!(self.cookie("hoinghi_session").is_some());
    }
}

/// The text of the error shown beside field `name`, if any.
pub fn field_error(html: &str, name: &str) -> Option<String> {
    let marker = format!("id=\"f-{name}-error\"");
    let at = html.find(&marker)?;
    let start = html[at..].find('>')? + at + 1;
    let end = html[start..].find("</p>")? + start;
    // Every field has a (hidden) slot; an empty one means no error.
    let text = html_unescape(&html[start..end]).replace("<!>", "");
    (!text.trim().is_empty()).then_some(text)
}

/// The value attribute of input `name`, if rendered.
pub fn input_value(html: &str, name: &str) -> Option<String> {
    let marker = format!("name=\"{name}\"");
    let at = html.find(&marker)?;
    let tag_start = html[..at].rfind('<')?;
    let tag_end = html[at..].find('>')? + at;
    let tag = &html[tag_start..tag_end];
    let v = tag.find("value=\"")? + 7;
    let rest = &tag[v..];
    Some(html_unescape(&rest[..rest.find('"')?]))
}

pub fn html_unescape(s: &str) -> String {
    s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&")
}

/// An API token of a new administrator, made the way the enhanced tokens page makes one.
pub async fn api_token(server: &crate::Server) -> String {
    server.create_admin().await;
    let s = Session::new(server);
    s.sign_in().await;
    let r = s
        .client
        .post(server.url("/fn/tokens/create"))
        .header("Origin", &server.base)
        .form(&[("name", "Tích hợp")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), reqwest::StatusCode::OK);
    let created: serde_json::Value = r.json().await.unwrap();
    created["secret"].as_str().unwrap().to_string()
}

/// The demo conference every end-to-end test starts from.
pub const DEMO: &str = "so-ket-tap-huan-thong-tin-doi-ngoai-2017";

/// Registers delegate `(family, middle, given)` (number `n`, for a unique phone and email) of Bảo hiểm xã hội tỉnh
/// Khánh Hòa through the demo's public form, as a browser without JavaScript; returns the private page's
/// path.
pub async fn register_demo_delegate(s: &Session, (family, middle, given): (&str, &str, &str), n: u32) -> String {
    let (_, html) = s.text(&format!("/c/{DEMO}/register")).await;
    let id = input_value(&html, "conference_id").expect("conference id in the form");
    let at = html
        .find(">Bảo hiểm xã hội tỉnh Khánh Hòa<")
        .unwrap_or_else(|| panic!("no unit option in the form:\n{}", &html[html.find("<main").unwrap_or(0)..]));
    let open = html[..at].rfind("value=\"").unwrap() + 7;
    let unit = html[open..].split('"').next().unwrap().to_string();
    let phone = format!("0258 38{n:05}");
    let email = format!("dai.bieu.{n}@bhxh-khanhhoa.vn");
    let fields = [
        ("conference_id", id.as_str()),
        ("family_name", family),
        ("middle_name", middle),
        ("given_name", given),
        ("position_title", "Chuyên viên"),
        ("unit_id", unit.as_str()),
        ("admin_unit_code", "56"),
        ("phone", phone.as_str()),
        ("email", email.as_str()),
        ("consent", "true"),
    ];
    let r = s.post_form(&format!("/c/{DEMO}/register"), "/fn/registration/register", &fields).await;
    assert_eq!(r.status(), reqwest::StatusCode::SEE_OTHER, "registration refused");
    r.headers()["location"].to_str().unwrap().split('?').next().unwrap().to_string()
}

/// Checks that `path` is sent plain and gzip-compressed under two different strong ETags, each of which
/// validates only its own representation (If-None-Match compared exactly, RFC 9110 13.1.2), and that the
/// gzip body unpacks to the plain one.
pub async fn assert_etag_per_representation(server: &Server, path: &str) {
    use std::io::Read;
    let client = Client::new();
    let get = |headers: Vec<(&'static str, String)>| {
        let request = headers.into_iter().fold(client.get(server.url(path)), |r, (k, v)| r.header(k, v));
        async move { request.send().await.unwrap() }
    };
    let gzip = || ("Accept-Encoding", "gzip".to_string());
    let plain = get(vec![]).await;
    assert_eq!(plain.status(), StatusCode::OK, "{path}");
    assert!(plain.headers().get(header::CONTENT_ENCODING).is_none(), "{path}: plain when gzip is not accepted");
    let plain_tag = plain.headers()[header::ETAG].to_str().unwrap().to_string();
    let plain_body = plain.bytes().await.unwrap();
    let gz = get(vec![gzip()]).await;
    assert_eq!(gz.status(), StatusCode::OK, "{path}");
    assert_eq!(gz.headers()[header::CONTENT_ENCODING], "gzip", "{path}");
    assert!(gz.headers()[header::VARY].to_str().unwrap().contains("Accept-Encoding"), "{path}");
    let gz_tag = gz.headers()[header::ETAG].to_str().unwrap().to_string();
    assert!(plain_tag.starts_with('"') && gz_tag.starts_with('"'), "{path}: strong tags {plain_tag} {gz_tag}");
    assert_eq!(gz_tag, format!("{}-gz\"", plain_tag.trim_end_matches('"')), "{path}");
    let mut unpacked = Vec::new();
    flate2::read::GzDecoder::new(&gz.bytes().await.unwrap()[..]).read_to_end(&mut unpacked).unwrap();
    assert_eq!(unpacked, plain_body, "{path}: the gzip body is the plain body");

    let inm = |tag: &str| ("If-None-Match", tag.to_string());
    let r = get(vec![inm(&plain_tag)]).await;
    assert_eq!(r.status(), StatusCode::NOT_MODIFIED, "{path}: plain tag, plain body");
    assert_eq!(r.headers()[header::ETAG].to_str().unwrap(), plain_tag);
    let r = get(vec![inm(&gz_tag), gzip()]).await;
    assert_eq!(r.status(), StatusCode::NOT_MODIFIED, "{path}: gzip tag, gzip body");
    assert_eq!(r.headers()[header::ETAG].to_str().unwrap(), gz_tag);
    let r = get(vec![inm(&format!("W/{gz_tag}")), gzip()]).await;
    assert_eq!(r.status(), StatusCode::NOT_MODIFIED, "{path}: If-None-Match compares weakly");
    let r = get(vec![inm(&plain_tag), gzip()]).await;
    assert_eq!(r.status(), StatusCode::OK, "{path}: the plain body's tag does not validate the gzip body");
    assert_eq!(r.headers()[header::CONTENT_ENCODING], "gzip");
    let r = get(vec![inm(&gz_tag)]).await;
    assert_eq!(r.status(), StatusCode::OK, "{path}: the gzip body's tag does not validate the plain body");
    assert!(r.headers().get(header::CONTENT_ENCODING).is_none());
}
