//! The JSON API under `/api/v1`, for integrations. Authenticated by organizer API tokens
//! (`Authorization: Bearer hn_…`), described by the OpenAPI document at `/api/v1/openapi.json`.
//! Every handler is a thin adapter over the service layer.

mod agenda;
mod conferences;
mod error;
mod extract;
mod openapi;
mod reference;
mod registrations;
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
        .route("/conferences/{slug}/agenda", get(agenda::published))
        .route("/conferences/{slug}/sessions", get(agenda::sessions))
        .route("/conferences/{slug}/sessions/{uid}", get(agenda::session))
        .route("/conferences/{slug}/people", get(agenda::people))
        .route("/conferences/{slug}/agenda/draft", get(agenda::draft))
        .route("/conferences/{slug}/agenda/sessions", post(agenda::create))
        .route("/conferences/{slug}/agenda/publish", post(agenda::publish))
        .route("/conferences/{slug}/agenda/versions", get(agenda::versions))
        .route("/conferences/{slug}/agenda/rooms", post(agenda::create_room))
        .route("/conferences/{slug}/agenda/tracks", post(agenda::create_track))
        .route("/conferences/{slug}/agenda/people", post(agenda::create_person))
        .route("/agenda/sessions/{id}/people", post(agenda::add_person))
        .route("/agenda/sessions/{id}", axum::routing::put(agenda::update).delete(agenda::delete))
        .route("/conferences/{slug}/registration", get(registrations::public_state))
        .route("/conferences/{slug}/registrations", get(registrations::list).post(registrations::create))
        .route("/conferences/{slug}/registration-settings", axum::routing::put(registrations::settings))
        .route("/conferences/{slug}/quotas/{unit_id}", axum::routing::put(registrations::quota))
        .route("/conferences/{slug}/quotas", axum::routing::get(registrations::quotas))
        .route("/conferences/{slug}/class-quotas", axum::routing::put(registrations::class_quota))
        .route("/registrations/{id}", get(registrations::get))
        .route("/registrations/{id}/approve", post(registrations::approve))
        .route("/registrations/{id}/reject", post(registrations::reject))
        .route("/registrations/{id}/cancel", post(registrations::cancel))
        .route("/registrations/{id}/checkins", post(registrations::check_in))
        .route("/registrations/{id}/calendar/reset", post(registrations::reset_calendar))
        .route("/agencies", get(registrations::agencies).post(registrations::create_agency))
        .route("/agencies/{id}/units", post(registrations::create_unit))
        .route("/tokens", get(tokens::list).post(tokens::create))
        .route("/tokens/{id}", axum::routing::delete(tokens::revoke))
        .route("/admin-units", get(reference::admin_units))
        .fallback(error::not_found)
}
