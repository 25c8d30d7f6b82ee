//! `/c/{slug}/schedule.xml` and `/c/{slug}/schedule.json`: the published agenda for schedule apps.
//! 404 until the conference is public and has a published agenda. Cached like public pages.

use super::AppState;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use hoinghi_service::agenda::{exports, public_snapshot};

pub async fn xml(state: State<AppState>, slug: Path<String>) -> Response {
    get(state, slug, "schedule.xml").await
}

pub async fn json(state: State<AppState>, slug: Path<String>) -> Response {
    get(state, slug, "schedule.json").await
}

async fn get(State(state): State<AppState>, Path(slug): Path<String>, file: &str) -> Response {
    let Ok((conference, Some(snapshot))) = public_snapshot(&state.svc, &slug).await else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let public_url = state.config.public_url();
    let (body, content_type) = match file {
        "schedule.xml" => (exports::frab_xml(&conference, &snapshot, &public_url), "application/xml; charset=utf-8"),
        "schedule.json" => (exports::frab_json(&conference, &snapshot, &public_url).to_string(), "application/json"),
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    let mut response = body.into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}
