//! Drops the renderer's empty hydration data from pages that hold no island, and has the browser fetch
//! the islands' code early on pages that do.
//!
//! The Leptos renderer ends every page with two small scripts declaring its hydration buffers
//! (`__RESOLVED_RESOURCES=[]…`). Only islands read them, so a page without islands sends no script at
//! all without them, and can be cached and shared (it carries no per-answer nonce). Pages with islands
//! keep them, with the answer's nonce.
//!
//! The islands' loader sits at the end of the page, and it fetches the WebAssembly only once it runs,
//! after the page and the loader itself have arrived: three round trips in a row on a phone. A
//! `Link: rel=preload` header on pages with islands starts that download with the page's first bytes,
//! and, for each lazy island on the page, the download of its own files, which its loader would
//! otherwise ask for only after the main bundle has started.

use super::AppState;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

/// Largest page this layer looks into; larger answers pass untouched.
const MAX_PAGE_BYTES: usize = 8 * 1024 * 1024;

/// What the two scripts hold when nothing was serialized.
const EMPTY_DATA: &str = "__RESOLVED_RESOURCES=[];__SERIALIZED_ERRORS=[];__PENDING_RESOURCES=[];__RESOURCE_RESOLVERS=[];__INCOMPLETE_CHUNKS=[];";

/// The page without its trailing empty hydration scripts, if it has no island and they are empty.
pub fn strip(page: &str) -> Option<&str> {
    if page.contains("<leptos-island") {
        return None;
    }
    let end = page.rfind("</html>")? + "</html>".len();
    let mut tail = page[end..].trim();
    let mut content = String::new();
    while let Some(rest) = tail.strip_prefix("<script") {
        let open_end = rest.find('>')?;
        let after = &rest[open_end + 1..];
        let close = after.find("</script>")?;
        content.push_str(&after[..close]);
        tail = after[close + "</script>".len()..].trim_start();
    }
    (tail.is_empty() && content == EMPTY_DATA).then(|| &page[..end])
}

/// The preload of the islands' WebAssembly. `crossorigin` makes it match the loader's own `fetch`
/// (same-origin credentials), so the browser uses the preloaded copy instead of downloading it twice.
fn preload(wasm: &str) -> Option<HeaderValue> {
    HeaderValue::from_str(&format!("<{wasm}>; rel=preload; as=fetch; type=\"application/wasm\"; crossorigin")).ok()
}

pub async fn layer(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let response = next.run(req).await;
    let html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !html || response.headers().contains_key(header::CONTENT_ENCODING) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = match axum::body::to_bytes(body, MAX_PAGE_BYTES).await {
        Ok(b) => b,
        Err(_) => {
            tracing::error!("a page was too large to finish");
            return Response::from_parts(parts, Body::empty());
        }
    };
    let page = std::str::from_utf8(&bytes).ok();
    if let Some(page) = page.filter(|p| p.contains("<leptos-island")) {
        // The main bundle, then the files of each lazy island on the page (shared chunks once).
        let mut files = vec![state.assets.wasm.as_str()];
        for island in state.lazy_islands.iter().filter(|i| page.contains(&i.marker)) {
            files.extend(island.files.iter().map(String::as_str));
        }
        let mut seen = std::collections::HashSet::new();
        for link in files.into_iter().filter(|f| seen.insert(*f)).filter_map(preload) {
            parts.headers.append(header::LINK, link);
        }
    }
    let body = match page.and_then(strip) {
        Some(page) => {
            parts.headers.remove(header::CONTENT_LENGTH);
            Body::from(page.to_string())
        }
        None => Body::from(bytes),
    };
    Response::from_parts(parts, body)
}

#[cfg(test)]
mod tests {
    use super::strip;

    #[test]
    fn empty_data_is_dropped_only_from_pages_without_islands() {
        let page = "<!DOCTYPE html><html><body>x</body></html><script nonce=\"a\">__RESOLVED_RESOURCES=[];__SERIALIZED_ERRORS=[];__PENDING_RESOURCES=[];__RESOURCE_RESOLVERS=[];</script><script nonce=\"a\">__INCOMPLETE_CHUNKS=[];</script>";
        assert_eq!(strip(page), Some("<!DOCTYPE html><html><body>x</body></html>"));
        let with_island = page.replace("x</body>", "<leptos-island></leptos-island></body>");
        assert_eq!(strip(&with_island), None);
        let with_data = page.replace("__RESOLVED_RESOURCES=[]", "__RESOLVED_RESOURCES=[\"1\"]");
        assert_eq!(strip(&with_data), None);
    }
}
