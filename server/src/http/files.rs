//! `/files/{key}/{name}`: stored photos and materials (`{key}` is the file's random key, or the id of a
//! file stored before files had keys). Who may fetch a file is the service's rule; a refusal is 404,
//! like a file that does not exist. Public files are cached for a day (their content never changes, but
//! they stop being public when a new agenda version drops them); the others are not kept at all.

use super::AppState;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use hoinghi_app::ssr::RequestContext;
use hoinghi_domain::AppError;

const PUBLIC: &str = "public, max-age=86400";
const PRIVATE: &str = "private, no-store";

pub async fn get(State(state): State<AppState>, Path((key, _name)): Path<(String, String)>, req: Request) -> Response {
    let ctx = req.extensions().get::<RequestContext>().cloned().unwrap_or_default();
    match hoinghi_service::files::get(&state.svc, &ctx.actor, &key).await {
        Ok(file) => {
            let cache = HeaderValue::from_static(if file.public { PUBLIC } else { PRIVATE });
            let etag = format!("\"{}\"", &file.sha256[..32]);
            // Never compressed (the compression layer leaves answers with an ETag alone): one representation.
            if super::conditional::not_modified(req.headers(), &etag, None) {
                let mut response = StatusCode::NOT_MODIFIED.into_response();
                response.headers_mut().insert(header::CACHE_CONTROL, cache);
                return response;
            }
            let mut response = file.data.into_response();
            let headers = response.headers_mut();
            if let Ok(v) = HeaderValue::from_str(&file.content_type) {
                headers.insert(header::CONTENT_TYPE, v);
            }
            headers.insert(header::CACHE_CONTROL, cache);
            headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
            if let Ok(v) = HeaderValue::from_str(&etag) {
                headers.insert(header::ETAG, v);
            }
            // Documents download under their own name; photos show inline.
            if !file.content_type.starts_with("image/") {
                let ascii: String = file
                    .name
                    .chars()
                    .map(|c| if c.is_ascii_alphanumeric() || c == '.' || c == '-' { c } else { '_' })
                    .collect();
                let disposition = format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{}", percent(&file.name));
                if let Ok(v) = HeaderValue::from_str(&disposition) {
                    headers.insert(header::CONTENT_DISPOSITION, v);
                }
            }
            response
        }
        Err(e) => {
            let e: AppError = e.into();
            StatusCode::from_u16(e.status()).unwrap_or(StatusCode::NOT_FOUND).into_response()
        }
    }
}

fn percent(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}
