//! Calendar feeds over HTTP: `text/calendar`, ETag and Last-Modified with 304 answers, HEAD (axum runs
//! the GET handler and drops the body), gzip when accepted, with its own ETag (see
//! [`super::conditional`]). No cookie is needed: calendar apps
//! have none. Public feeds are also kept by the page cache; private ones (`/cal/d/…` for a delegate,
//! `/cal/o/…` for an organizer) are answered fresh, with `Cache-Control: private`.
//!
//! Answers: 404 for an unknown or draft conference, an unknown track/room/speaker/session, or a private
//! address that was reset or never existed; an empty calendar for a public conference whose agenda is not
//! published yet.

use super::AppState;
use super::conditional::{Coding, etag, gzip, http_date, not_modified};
use axum::extract::{Path, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use hoinghi_app::ssr::RequestContext;
use hoinghi_service::calendar::{self, Feed, Scope};

fn respond(feed: Feed, headers: &HeaderMap, download: bool, private: bool) -> Response {
    let coding = Coding::accepted(headers);
    let etag = etag(feed.body.as_bytes(), coding);
    let mut response = if not_modified(headers, &etag, Some(feed.last_modified)) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let mut r = match coding {
            Coding::Identity => feed.body.into_response(),
            Coding::Gzip => {
                let mut r = gzip(feed.body.as_bytes()).into_response();
                r.headers_mut().insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
                r
            }
        };
        r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/calendar; charset=utf-8"));
        if download && let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{}\"", feed.filename)) {
            r.headers_mut().insert(header::CONTENT_DISPOSITION, v);
        }
        r
    };
    let h = response.headers_mut();
    h.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    if let Ok(v) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, v);
    }
    if let Ok(v) = HeaderValue::from_str(&http_date(feed.last_modified)) {
        h.insert(header::LAST_MODIFIED, v);
    }
    if private {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-cache"));
        h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
        h.insert("x-robots-tag", HeaderValue::from_static("noindex"));
    } else {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    }
    response
}

async fn public(state: &AppState, slug: &str, scope: Scope, req: Request, download: bool) -> Response {
    // Only owned parts cross the await: a borrowed request would make the future not `Send`.
    let locale = req.extensions().get::<RequestContext>().map(|c| c.locale).unwrap_or_default();
    let headers = req.headers().clone();
    match calendar::public_feed(&state.svc, slug, &scope, locale).await {
        Ok(feed) => respond(feed, &headers, download, false),
        Err(e) => status_of(e),
    }
}

fn status_of(e: hoinghi_service::Error) -> Response {
    let e: hoinghi_domain::AppError = e.into();
    StatusCode::from_u16(e.status()).unwrap_or(StatusCode::NOT_FOUND).into_response()
}

pub async fn conference(State(state): State<AppState>, Path(slug): Path<String>, req: Request) -> Response {
    public(&state, &slug, Scope::Conference, req, false).await
}

pub async fn track(State(state): State<AppState>, Path((slug, id)): Path<(String, i64)>, req: Request) -> Response {
    public(&state, &slug, Scope::Track(id), req, false).await
}

pub async fn room(State(state): State<AppState>, Path((slug, id)): Path<(String, i64)>, req: Request) -> Response {
    public(&state, &slug, Scope::Room(id), req, false).await
}

pub async fn speaker(State(state): State<AppState>, Path((slug, id)): Path<(String, i64)>, req: Request) -> Response {
    public(&state, &slug, Scope::Speaker(id), req, false).await
}

pub async fn session(
    State(state): State<AppState>,
    Path((slug, uid)): Path<(String, String)>,
    req: Request,
) -> Response {
    public(&state, &slug, Scope::Session(uid), req, true).await
}

pub async fn delegate(State(state): State<AppState>, Path(token): Path<String>, req: Request) -> Response {
    match calendar::personal_feed(&state.svc, &token).await {
        Ok(feed) => respond(feed, req.headers(), false, true),
        Err(e) => status_of(e),
    }
}

pub async fn organizer(State(state): State<AppState>, Path(token): Path<String>, req: Request) -> Response {
    match calendar::organizer_feed(&state.svc, &token).await {
        Ok(feed) => respond(feed, req.headers(), false, true),
        Err(e) => status_of(e),
    }
}
