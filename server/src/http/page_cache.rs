//! Rendered public pages (and public exports), kept in memory and served without rendering again.
//!
//! Public pages (home, conference, agenda, speakers) change only when organizers publish. A page is
//! rendered once per public revision ([`hoinghi_service::public_revision`]) and language, then served
//! from memory, gzip-compressed once, with an ETag per representation (plain or gzip, see
//! [`super::conditional`]) for 304 answers. The revision is read from the
//! database at most once a second, so every app server behind a load balancer sees a publication within
//! a second. Only anonymous visitors get cached pages: a signed-in organizer's header differs.
//!
//! Two layers: [`layer`], inside the others, renders and keeps a page; [`serve`], outside them all,
//! answers from what was kept.

use super::AppState;
use super::conditional::{Coding, etag, gzip as gzip_body};
use super::request_context::cookie;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use hoinghi_app::ssr::cookies;
use hoinghi_domain::Locale;
use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

/// How long a page may be served before it is rendered again even if nothing was published (dates such
/// as "upcoming" move on by themselves).
const MAX_AGE: Duration = Duration::from_secs(300);
const REVISION_CHECK: Duration = Duration::from_secs(1);
const MAX_ENTRIES: usize = 2_000;
const MAX_PAGE_BYTES: usize = 4 * 1024 * 1024;

struct Entry {
    revision: i64,
    built: Instant,
    /// The plain body's ETag; the gzip body's is `gzip_etag`.
    etag: String,
    gzip_etag: String,
    content_type: HeaderValue,
    /// Kept from the rendered answer: Last-Modified, Content-Disposition.
    last_modified: Option<i64>,
    disposition: Option<HeaderValue>,
    body: Bytes,
    gzip: Bytes,
}

#[derive(Default)]
pub struct PageCache {
    entries: RwLock<HashMap<(String, Locale), Arc<Entry>>>,
    revision: AtomicI64,
    /// Milliseconds since `epoch` when the revision was last read.
    checked_ms: AtomicI64,
    epoch: std::sync::OnceLock<Instant>,
}

impl PageCache {
    fn now_ms(&self) -> i64 {
        self.epoch.get_or_init(Instant::now).elapsed().as_millis() as i64
    }

    /// The public revision, read again when the last reading is older than a second.
    async fn revision(&self, state: &AppState) -> Option<i64> {
        let now = self.now_ms();
        let checked = self.checked_ms.load(Ordering::Relaxed);
        if checked > 0 && now - checked < REVISION_CHECK.as_millis() as i64 {
            return Some(self.revision.load(Ordering::Relaxed));
        }
        match hoinghi_service::public_revision::current(&state.svc).await {
            Ok(r) => {
                self.revision.store(r, Ordering::Relaxed);
                self.checked_ms.store(now.max(1), Ordering::Relaxed);
                Some(r)
            }
            Err(e) => {
                tracing::error!(error = %e, "reading the public revision");
                None
            }
        }
    }

    fn get(&self, key: &(String, Locale), revision: i64) -> Option<Arc<Entry>> {
        let entries = self.entries.read().ok()?;
        entries.get(key).filter(|e| e.revision == revision && e.built.elapsed() < MAX_AGE).cloned()
    }

    fn put(&self, key: (String, Locale), entry: Entry) -> Arc<Entry> {
        let entry = Arc::new(entry);
        if let Ok(mut entries) = self.entries.write() {
            if entries.len() >= MAX_ENTRIES {
                // Stale entries go first; if all are fresh, start over rather than grow without bound.
                entries.retain(|_, e| e.revision == entry.revision && e.built.elapsed() < MAX_AGE);
                if entries.len() >= MAX_ENTRIES {
                    entries.clear();
                }
            }
            entries.insert(key, entry.clone());
        }
        entry
    }
}

/// Public pages and exports that are the same for every anonymous visitor.
fn cacheable_path(path: &str) -> bool {
    if path == "/" {
        return true;
    }
    let Some(rest) = path.strip_prefix("/c/") else { return false };
    let mut segments = rest.split('/');
    let _slug = segments.next();
    matches!(
        segments.next(),
        None | Some(
            "" | "agenda"
                | "speakers"
                | "sessions"
                | "tracks"
                | "rooms"
                | "schedule.xml"
                | "schedule.json"
                | "calendar.ics"
        )
    )
}

/// Only answers worth keeping: whole pages and exports, in types we serve publicly.
fn cacheable_type(content_type: &str) -> bool {
    ["text/html", "application/xml", "application/json", "text/calendar"].iter().any(|t| content_type.starts_with(t))
}

/// Whether a rendered page holds script (the islands' loader, with its nonce).
fn carries_nonce(body: &[u8]) -> bool {
    body.windows(7).any(|w| w == b" nonce=")
}

/// The cache's key of an anonymous GET or HEAD of a cacheable path, or `None`: every other request is
/// rendered.
fn key_of(state: &AppState, req: &Request) -> Option<(String, Locale)> {
    let path = req.uri().path();
    let cacheable = state.config.site.page_cache
        && matches!(*req.method(), Method::GET | Method::HEAD)
        && cacheable_path(path)
        && cookie(req.headers(), cookies::SESSION).is_none()
        && req.uri().query().is_none_or(|q| !q.contains("_fn="));
    cacheable.then(|| (req.uri().to_string(), super::request_context::locale(req.headers())))
}

/// Marks an answer as the shared one of the cache: the same for every visitor, so nothing personal
/// (such as a new CSRF cookie) is added to it.
#[derive(Clone, Copy, Debug)]
pub struct Shared;

/// The outermost layer: a page already in the cache is answered here, before any other layer runs,
/// with the same security headers (and a nonce of its own) that `security_headers` would add. A cached
/// page holds no script and no form, so the request's identity, CSRF token and body limits have
/// nothing to act on; answering before them is what lets a cached page be served at nearly the speed
/// of a static file.
pub async fn serve(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let Some(key) = key_of(&state, &req) else {
        return next.run(req).await;
    };
    let Some(revision) = state.page_cache.revision(&state).await else {
        return next.run(req).await;
    };
    let Some(entry) = state.page_cache.get(&key, revision) else {
        return next.run(req).await;
    };
    let gzip = Coding::accepted(req.headers()) == Coding::Gzip;
    let mut response = respond(&entry, gzip, req.headers(), req.method() == Method::HEAD);
    let nonce = hoinghi_service::secrets::random_token(16);
    super::security_headers::apply(response.headers_mut(), &nonce, state.config.secure_cookies());
    response
}

/// Inside the other layers: renders a cacheable page that [`serve`] did not find, and keeps it if it is
/// the same for everyone.
pub async fn layer(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let Some(key) = key_of(&state, &req) else {
        return next.run(req).await;
    };
    let Some(revision) = state.page_cache.revision(&state).await else {
        return next.run(req).await;
    };
    let gzip = Coding::accepted(req.headers()) == Coding::Gzip;
    let conditions = req.headers().clone();
    let head = req.method() == Method::HEAD;
    // The cache keeps the plain body and compresses it itself: handlers that choose their coding (the
    // calendar feeds) must answer plain here.
    req.headers_mut().remove(header::ACCEPT_ENCODING);

    let response = next.run(req).await;
    let content_type = response.headers().get(header::CONTENT_TYPE).cloned();
    let Some(content_type) = content_type.filter(|v| v.to_str().is_ok_and(cacheable_type)) else {
        return response;
    };
    if response.status() != StatusCode::OK || response.headers().contains_key(header::SET_COOKIE) {
        return response;
    }
    let last_modified = response
        .headers()
        .get(header::LAST_MODIFIED)
        .and_then(|v| v.to_str().ok())
        .and_then(super::conditional::parse_http_date);
    let disposition = response.headers().get(header::CONTENT_DISPOSITION).cloned();
    let (parts, body) = response.into_parts();
    let body = match axum::body::to_bytes(body, MAX_PAGE_BYTES).await {
        Ok(b) => b,
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    if carries_nonce(&body) {
        // A page with islands carries this request's CSP nonce, which must never be shared.
        return Response::from_parts(parts, Body::from(body));
    }
    let gz = Bytes::from(gzip_body(&body));
    let entry = state.page_cache.put(
        key,
        Entry {
            revision,
            built: Instant::now(),
            etag: etag(&body, Coding::Identity),
            gzip_etag: etag(&body, Coding::Gzip),
            content_type,
            last_modified,
            disposition,
            body,
            gzip: gz,
        },
    );
    let mut response = respond(&entry, gzip, &conditions, head);
    response.extensions_mut().insert(Shared);
    response
}

fn respond(entry: &Entry, gzip: bool, conditions: &HeaderMap, head: bool) -> Response {
    let tag = if gzip { &entry.gzip_etag } else { &entry.etag };
    let not_modified = super::conditional::not_modified(conditions, tag, entry.last_modified);
    let (status, body) = if not_modified {
        (StatusCode::NOT_MODIFIED, Bytes::new())
    } else if gzip {
        (StatusCode::OK, entry.gzip.clone())
    } else {
        (StatusCode::OK, entry.body.clone())
    };
    let length = body.len();
    let mut response = Response::new(if head { Body::empty() } else { Body::from(body) });
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, entry.content_type.clone());
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert(header::VARY, HeaderValue::from_static("Accept-Encoding, Accept-Language, Cookie"));
    if let Ok(v) = HeaderValue::from_str(tag) {
        headers.insert(header::ETAG, v);
    }
    if let Some(Ok(v)) = entry.last_modified.map(|t| HeaderValue::from_str(&super::conditional::http_date(t))) {
        headers.insert(header::LAST_MODIFIED, v);
    }
    if let Some(v) = &entry.disposition {
        headers.insert(header::CONTENT_DISPOSITION, v.clone());
    }
    if status == StatusCode::OK {
        if gzip {
            headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        }
        headers.insert(header::CONTENT_LENGTH, HeaderValue::from(length));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::cacheable_path;

    #[test]
    fn only_public_pages_are_cached() {
        for p in [
            "/",
            "/c/hoi-nghi",
            "/c/hoi-nghi/",
            "/c/hoi-nghi/agenda",
            "/c/x/speakers/3",
            "/c/x/sessions/abc",
            "/c/x/schedule.xml",
            "/c/x/calendar.ics",
            "/c/x/tracks/2/calendar.ics",
            "/c/x/sessions/abc/calendar.ics",
        ] {
            assert!(cacheable_path(p), "{p}");
        }
        for p in [
            "/manage",
            "/login",
            "/c/x/register",
            "/r/token",
            "/cal/d/1-0-abc.ics",
            "/api/v1/conferences",
            "/c/x/feedback",
        ] {
            assert!(!cacheable_path(p), "{p}");
        }
    }
}
