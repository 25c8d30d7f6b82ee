//! `/lang/{code}?next=…`: remembers the chosen language in a cookie and goes back.

use super::AppState;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use hoinghi_app::ssr::cookies;
use hoinghi_domain::Locale;
use hoinghi_domain::redirect::safe_next;
use serde::Deserialize;

#[derive(Deserialize)]
pub struct Next {
    next: Option<String>,
}

pub async fn switch(State(state): State<AppState>, Path(code): Path<String>, Query(q): Query<Next>) -> Response {
    let Some(locale) = Locale::from_code(&code) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let next = safe_next(q.next.as_deref().unwrap_or("/"), "/");
    let cookie = cookies::set(cookies::LANG, locale.code(), 365 * 86_400, true, state.config.secure_cookies());
    let mut response = StatusCode::SEE_OTHER.into_response();
    let headers = response.headers_mut();
    if let (Ok(location), Ok(cookie)) = (HeaderValue::from_str(&next), HeaderValue::from_str(&cookie)) {
        headers.insert(header::LOCATION, location);
        headers.insert(header::SET_COOKIE, cookie);
    }
    response
}
