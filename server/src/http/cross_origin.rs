//! CSRF protection for every state-changing request that a browser could send with our cookies.
//!
//! First line: the browser's own statement of where a request comes from. `Sec-Fetch-Site` must be
//! `same-origin` (or `none`, a user action); without it, `Origin` must name this host. Requests that carry
//! neither (old browsers, non-browser clients) are let through only when they are form posts, whose
//! double-submit token the form dispatcher then checks; every form carries that token, so old browsers
//! still work. The JSON API is exempt: it authenticates by bearer token only and ignores cookies.

use super::AppState;
use crate::http::forms::render_simple_error;
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use hoinghi_app::ssr::RequestContext;
use hoinghi_domain::{AppError, Message};

pub async fn layer(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) || req.uri().path().starts_with("/api/") {
        return next.run(req).await;
    }
    match verdict(&state, &req) {
        Verdict::Allow => next.run(req).await,
        Verdict::Deny => {
            let locale = req.extensions().get::<RequestContext>().map(|c| c.locale).unwrap_or_default();
            tracing::warn!(path = %req.uri().path(), "cross-origin request refused");
            render_simple_error(
                StatusCode::FORBIDDEN,
                &AppError::Rejected { message: Message::new("error-csrf") },
                locale,
            )
        }
    }
}

enum Verdict {
    Allow,
    Deny,
}

fn verdict(state: &AppState, req: &Request) -> Verdict {
    let headers = req.headers();
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return if site == "same-origin" || site == "none" { Verdict::Allow } else { Verdict::Deny };
    }
    if let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        return if same_host(state, origin, headers.get(header::HOST).and_then(|v| v.to_str().ok())) {
            Verdict::Allow
        } else {
            Verdict::Deny
        };
    }
    // No provenance headers: only a form post with its token (checked by the dispatcher) may pass.
    if req.uri().query().is_some_and(|q| q.split('&').any(|p| p.starts_with("_fn="))) {
        Verdict::Allow
    } else {
        Verdict::Deny
    }
}

fn same_host(state: &AppState, origin: &str, host: Option<&str>) -> bool {
    let origin_host = origin.split_once("://").map(|(_, rest)| rest).unwrap_or(origin).trim_end_matches('/');
    let public = state.config.public_url();
    let public_host = public.split_once("://").map(|(_, rest)| rest).unwrap_or(&public);
    host.is_some_and(|h| h == origin_host) || public_host == origin_host
}
