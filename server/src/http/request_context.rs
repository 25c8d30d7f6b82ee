//! Resolves, once per request, who is asking (session cookie or API token), in which language, from
//! which address, and the browser's CSRF token; pages, server functions and the API read the result.

use super::AppState;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use hoinghi_app::ssr::{RequestContext, cookies};
use hoinghi_domain::Locale;
use hoinghi_service::accounts::{self, Actor};
use hoinghi_service::secrets::random_token;
use std::net::SocketAddr;

/// The value of cookie `name` in the request.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|pair| pair.trim().strip_prefix(name).and_then(|rest| rest.strip_prefix('=')))
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers.get(header::AUTHORIZATION)?.to_str().ok()?.strip_prefix("Bearer ").map(str::trim)
}

/// The reader's language: the language cookie, else `Accept-Language`.
pub(super) fn locale(headers: &HeaderMap) -> Locale {
    cookie(headers, cookies::LANG).and_then(Locale::from_code).unwrap_or_else(|| {
        headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).map(Locale::negotiate).unwrap_or_default()
    })
}

fn client_ip(state: &AppState, req: &Request) -> String {
    if state.config.site.trust_proxy {
        // The last hop is the one our proxy added; earlier ones are whatever the client claimed.
        if let Some(ip) = req
            .headers()
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .map(|s| s.trim().to_string())
        {
            return ip;
        }
    }
    req.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip().to_string()).unwrap_or_default()
}

fn is_static(path: &str) -> bool {
    path.starts_with("/pkg/") || path.starts_with("/fonts/") || path == "/favicon.svg" || path == "/healthz"
}

pub async fn layer(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    if is_static(&path) {
        return next.run(req).await;
    }
    let api = path.starts_with("/api/");
    let headers = req.headers();
    let locale = locale(headers);
    let nonce = req.extensions().get::<super::security_headers::CspNonce>().map(|n| n.0.clone()).unwrap_or_default();
    let mut ctx = RequestContext {
        locale,
        nonce,
        client_ip: client_ip(&state, &req),
        secure_cookies: state.config.secure_cookies(),
        ..RequestContext::default()
    };
    let headers = req.headers();
    if api {
        // The API authenticates by token only: cookies never act on its behalf, so it needs no CSRF token.
        if let Some(token) = bearer(headers) {
            match accounts::authenticate_token(&state.svc, token).await {
                Ok(Some(actor)) => ctx.actor = actor,
                Ok(None) => {}
                Err(e) => tracing::error!(error = %e, "API token lookup failed"),
            }
        }
    } else if let Some(token) = cookie(headers, cookies::SESSION).map(str::to_string) {
        match accounts::session_user(&state.svc, &token).await {
            Ok(Some(user)) => {
                ctx.actor = Actor::User { id: user.id, is_admin: user.is_admin };
                ctx.user = Some(user);
                ctx.session_token = Some(token);
            }
            Ok(None) => {}
            Err(e) => tracing::error!(error = %e, "session lookup failed"),
        }
    }
    let mut new_csrf = None;
    if !api {
        let existing = cookie(req.headers(), cookies::CSRF).filter(|v| v.len() >= 32 && v.len() <= 64);
        ctx.csrf = match existing {
            Some(v) => v.to_string(),
            None => {
                let fresh = random_token(24);
                new_csrf = Some(fresh.clone());
                fresh
            }
        };
    }
    let secure = ctx.secure_cookies;
    req.extensions_mut().insert(ctx);
    let mut response = next.run(req).await;
    // Only pages carry forms; feeds, files and exports are fetched by programs that keep no cookies.
    let html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    // The page cache's shared answers hold no form, and must stay the same for everyone.
    let shared = response.extensions().get::<super::page_cache::Shared>().is_some();
    if let Some(token) = new_csrf.filter(|_| html && !shared) {
        // Forms are rendered on the server, which writes the token into them: no script needs to read it.
        let value = cookies::set(cookies::CSRF, &token, 365 * 86_400, true, secure);
        if let Ok(v) = HeaderValue::from_str(&value) {
            response.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    response
}
