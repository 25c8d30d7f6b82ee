//! The route families of the site. Each has its own request body limit and its own way of answering an
//! error raised around its handlers (an oversized or compressed body, a panic): the JSON API in its error
//! format, server functions the way the browser's script reads their errors, everything else as a page.

use super::{forms, uploads};
use crate::api::error::ApiError;
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use hoinghi_domain::{AppError, Locale};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    /// `/api/v1/…`: JSON in, JSON errors out.
    Api,
    /// `/fn/…`, called by the browser's script: errors are `AppError` as JSON.
    ServerFn,
    /// A form posted without JavaScript to its page, `?_fn=/fn/…`: errors are pages.
    FormPost,
    /// Multipart uploads ([`uploads::ROUTES`]): errors are pages.
    Upload,
    /// A file uploaded through the API.
    ApiUpload,
    /// Everything else (pages, feeds, files, exports): nothing to post, errors are pages.
    Page,
}

/// Bodies of pages and other routes that take none: enough for any header-like form, nothing more.
const PAGE_BODY_BYTES: usize = 64 * 1024;
/// JSON bodies of the API: the largest is a conference import.
const API_BODY_BYTES: usize = 2 * 1024 * 1024;

impl Family {
    pub fn of(method: &Method, uri: &Uri) -> Family {
        let path = uri.path();
        if path.starts_with("/api/") {
            // A person's photo or a conference archive, sent through the API: the upload limit (the
            // archive's handler checks its own), the API's answers.
            let upload = (*method == Method::PUT && path.ends_with("/photo"))
                || (*method == Method::POST && path == "/api/v1/conferences/import");
            if upload { Family::ApiUpload } else { Family::Api }
        } else if path.starts_with("/fn/") {
            Family::ServerFn
        } else if *method == Method::POST && forms::fn_path(uri).is_some() {
            Family::FormPost
        } else if uploads::ROUTES.iter().any(|route| matches_route(route, path)) {
            Family::Upload
        } else {
            Family::Page
        }
    }

    /// The largest request body this family reads.
    pub fn body_limit(self) -> usize {
        match self {
            Family::Api => API_BODY_BYTES,
            Family::ServerFn | Family::FormPost => forms::MAX_FORM_BYTES,
            Family::Upload | Family::ApiUpload => uploads::MAX_BODY_BYTES,
            Family::Page => PAGE_BODY_BYTES,
        }
    }

    /// `error`, answered in this family's format with the error's own status.
    pub fn answer(self, path: &str, error: &AppError, locale: Locale) -> Response {
        let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::BAD_REQUEST);
        match self {
            Family::Api | Family::ApiUpload => ApiError::new(error.clone(), locale).into_response(),
            Family::ServerFn => {
                // As server_fn answers an error: the body is the error type's own JSON encoding.
                let body = serde_json::to_vec(error).unwrap_or_default();
                let mut response = (status, body).into_response();
                let headers = response.headers_mut();
                headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
                if let Ok(v) = HeaderValue::from_str(path) {
                    headers.insert(super::server_fn_errors::HEADER, v);
                }
                response
            }
            Family::FormPost | Family::Upload | Family::Page => forms::render_simple_error(status, error, locale),
        }
    }
}

/// Whether `path` matches a route pattern of the router (`{name}` stands for one non-empty segment).
fn matches_route(pattern: &str, path: &str) -> bool {
    let mut want = pattern.split('/');
    let mut got = path.split('/');
    loop {
        match (want.next(), got.next()) {
            (None, None) => return true,
            (Some(w), Some(g)) if w.starts_with('{') && w.ends_with('}') && !g.is_empty() => {}
            (Some(w), Some(g)) if w == g => {}
            _ => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(method: Method, uri: &str) -> Family {
        Family::of(&method, &uri.parse().unwrap())
    }

    #[test]
    fn requests_fall_into_their_family() {
        assert_eq!(of(Method::POST, "/api/v1/conferences"), Family::Api);
        assert_eq!(of(Method::POST, "/fn/login"), Family::ServerFn);
        assert_eq!(of(Method::POST, "/login?_fn=/fn/login"), Family::FormPost);
        assert_eq!(of(Method::GET, "/login?_fn=/fn/login"), Family::Page);
        assert_eq!(of(Method::POST, "/manage/c/hoi-nghi/people/7/photo"), Family::Upload);
        assert_eq!(of(Method::POST, "/manage/c/hoi-nghi/registrations/import"), Family::Upload);
        assert_eq!(of(Method::POST, "/manage/c/hoi-nghi/sessions/3/materials"), Family::Upload);
        assert_eq!(of(Method::POST, "/manage/c/hoi-nghi/sessions/3/materials/x"), Family::Page);
        assert_eq!(of(Method::POST, "/manage/c//people/7/photo"), Family::Page);
        assert_eq!(of(Method::GET, "/c/hoi-nghi"), Family::Page);
        assert!(Family::Page.body_limit() < Family::Api.body_limit());
    }
}
