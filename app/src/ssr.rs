//! Server-only helpers for server functions and server rendering.
//!
//! The HTTP layer resolves who is asking (cookie or token), in which language, and from where, once
//! per request, and puts a [`RequestContext`] in the request's extensions; server functions read it here
//! instead of parsing headers again.

use hoinghi_domain::account::User;
use hoinghi_domain::{AppError, Locale};
use hoinghi_service::Service;
use hoinghi_service::accounts::Actor;
use leptos::prelude::*;

/// What the HTTP layer knows about the request.
#[derive(Clone, Debug)]
pub struct RequestContext {
    pub actor: Actor,
    pub user: Option<User>,
    pub locale: Locale,
    /// The double-submit CSRF token of this browser (the `hoinghi_csrf` cookie).
    pub csrf: String,
    pub client_ip: String,
    /// The session cookie's token, for sign-out.
    pub session_token: Option<String>,
    /// Whether cookies must be `Secure` (the site is served over HTTPS).
    pub secure_cookies: bool,
    /// This answer's Content-Security-Policy nonce: the only scripts that run carry it.
    pub nonce: String,
}

impl Default for RequestContext {
    fn default() -> Self {
        RequestContext {
            actor: Actor::Anonymous,
            user: None,
            locale: Locale::default(),
            csrf: String::new(),
            client_ip: String::new(),
            session_token: None,
            secure_cookies: false,
            nonce: String::new(),
        }
    }
}

/// The request context of the current request.
pub fn request() -> RequestContext {
    use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<RequestContext>().cloned())
        .unwrap_or_default()
}

/// The service handle, provided to every render and server function by the server.
pub fn service() -> Result<Service, AppError> {
    use_context::<Service>().ok_or_else(|| AppError::Internal { reference: "no-service-context".into() })
}

/// Converts a service error for the browser and sets the response status to match it.
pub fn fail(e: impl Into<AppError>) -> AppError {
    let e = e.into();
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::from_u16(e.status()).unwrap_or(http::StatusCode::BAD_REQUEST));
        if let AppError::RateLimited { retry_after_secs } = e {
            response.insert_header(http::header::RETRY_AFTER, http::HeaderValue::from(retry_after_secs));
        }
    }
    e
}

/// Answers the current request with a redirect (302 without JavaScript, client-side navigation with it).
/// Targets are built from request data (a slug, a `next`): one that is not a path on this site, or would
/// not make a valid header, goes home instead (leptos_axum panics on an invalid header value).
pub fn redirect(path: &str) {
    leptos_axum::redirect(&hoinghi_domain::redirect::safe_next(path, "/"));
}

/// Cookie names and attributes, shared with the HTTP layer.
pub mod cookies {
    pub const SESSION: &str = "hoinghi_session";
    pub const CSRF: &str = "hoinghi_csrf";
    pub const LANG: &str = "hoinghi_lang";

    /// A `Set-Cookie` value.
    pub fn set(name: &str, value: &str, max_age_secs: i64, http_only: bool, secure: bool) -> String {
        let mut c = format!("{name}={value}; Path=/; Max-Age={max_age_secs}; SameSite=Lax");
        if http_only {
            c.push_str("; HttpOnly");
        }
        if secure {
            c.push_str("; Secure");
        }
        c
    }

    pub fn clear(name: &str, secure: bool) -> String {
        set(name, "", 0, true, secure)
    }
}
