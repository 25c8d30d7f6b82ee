//! The security headers of every answer, in one place.
//!
//! - HTML answers carry a Content-Security-Policy whose only script source is a nonce made for this
//!   request ([`CspNonce`]); the islands' loader carries it and the modules it imports inherit it
//!   (`'strict-dynamic'`), and WebAssembly may compile (`'wasm-unsafe-eval'`). Nothing inline runs
//!   without the nonce, so text that slipped through as markup still could not run script.
//! - Other answers get a policy that allows nothing, so a file opened on its own (an uploaded SVG, say)
//!   cannot run script in this origin either. PDFs are left without one: browsers' built-in viewers do
//!   not work under it.
//! - Every answer: `nosniff`, a referrer policy (`same-origin` for pages, `no-referrer` for private pages,
//!   where the handler sets it, and for feeds, files and exports), no framing, and HSTS when the site is
//!   served over HTTPS.

use super::AppState;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

/// The CSP nonce of the current request, put in the request's extensions before anything renders.
#[derive(Clone, Debug)]
pub struct CspNonce(pub String);

/// Style attributes are allowed (`style-src-attr`) because the agenda grid places sessions with them;
/// the values are numbers we compute and colours the service checks, and no `<style>` element or
/// stylesheet from elsewhere is allowed.
fn page_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'nonce-{nonce}' 'strict-dynamic' 'wasm-unsafe-eval'; \
         style-src 'self'; style-src-attr 'unsafe-inline'; img-src 'self' data:; font-src 'self'; \
         connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )
}

const OTHER_POLICY: &str = "default-src 'none'; frame-ancestors 'none'; sandbox";

fn content_type(headers: &HeaderMap) -> &str {
    headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("")
}

pub async fn layer(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let nonce = hoinghi_service::secrets::random_token(16);
    req.extensions_mut().insert(CspNonce(nonce.clone()));
    let mut response = next.run(req).await;
    apply(response.headers_mut(), &nonce, state.config.secure_cookies());
    response
}

/// Puts the security headers on an answer whose content type is set; `nonce` is the one its page (if
/// any) was rendered with. Also used by the page cache's answers, which skip this layer.
pub fn apply(h: &mut HeaderMap, nonce: &str, https: bool) {
    let kind = content_type(h).to_ascii_lowercase();
    if kind.starts_with("text/html") {
        if let Ok(v) = HeaderValue::from_str(&page_policy(nonce)) {
            h.insert(header::CONTENT_SECURITY_POLICY, v);
        }
        h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
        h.insert("cross-origin-opener-policy", HeaderValue::from_static("same-origin"));
        h.insert("permissions-policy", HeaderValue::from_static("camera=(self), microphone=(), geolocation=()"));
    } else if !kind.starts_with("application/pdf") {
        h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(OTHER_POLICY));
    }
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    if !h.contains_key(header::REFERRER_POLICY) {
        // Feeds, files and exports link nowhere worth telling.
        let policy = if kind.starts_with("text/html") { "same-origin" } else { "no-referrer" };
        h.insert(header::REFERRER_POLICY, HeaderValue::from_static(policy));
    }
    if https {
        h.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000; includeSubDomains"));
    }
}
