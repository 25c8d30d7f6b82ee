//! The JSON API under `/api/v1`, for integrations. Authenticated by organizer API tokens
//! (`Authorization: Bearer hn_…`), described by the OpenAPI document at `/api/v1/openapi.json`.
//! Every handler is a thin adapter over the service layer.

mod conferences;
mod error;
mod extract;
mod openapi;
mod reference;
mod tokens;

use crate::http::AppState;
use axum::Router;
use axum::routing::{get, post};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/openapi.json", get(openapi::document))
        .route("/conferences", get(conferences::list).post(conferences::create))
        .route("/conferences/import", post(conferences::import))
        .route("/conferences/{slug}", get(conferences::get).put(conferences::update))
        .route("/conferences/{slug}/publish", post(conferences::publish))
        .route("/conferences/{slug}/close", post(conferences::close))
        .route("/conferences/{slug}/export", get(conferences::export))
        .route("/tokens", get(tokens::list).post(tokens::create))
        .route("/tokens/{id}", axum::routing::delete(tokens::revoke))
        .route("/admin-units", get(reference::admin_units))
        .fallback(error::not_found)
}
