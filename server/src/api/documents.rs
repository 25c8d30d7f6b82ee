//! The printed documents as PDF for a bearer token: the same files as the organizers' pages give
//! (`/manage/c/{slug}/documents/…`), made by the same code.

use super::Routes;
use super::error::{ApiError, ErrorBody, FileBytes};
use super::extract::{Caller, Params, Path};
use crate::http::AppState;
use crate::http::documents::{make, pdf};
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;
use utoipa::IntoParams;

pub(super) fn routes() -> Routes {
    Routes::new()
        .get("/conferences/{slug}/documents/minutes.pdf", minutes)
        .get("/conferences/{slug}/documents/agenda.pdf", agenda)
        .get("/conferences/{slug}/documents/delegates.pdf", delegates)
        .get("/conferences/{slug}/documents/signin.pdf", signin)
        .get("/conferences/{slug}/documents/badges.pdf", badges)
        .get("/conferences/{slug}/documents/certificates.pdf", certificates)
}

async fn document(
    state: &AppState,
    caller: &Caller,
    slug: &str,
    name: &str,
    threshold: &str,
) -> Result<Response, ApiError> {
    make(&state.svc, &caller.actor, slug, name, threshold).await.map(pdf).map_err(|e| caller.fail(e))
}

/// The minutes (biên bản) as they stand; once final, the answer's `X-Content-SHA256` header carries the
/// hash of the PDF stored when they were made final.
#[utoipa::path(get, operation_id = "get_minutes_pdf", path = "/api/v1/conferences/{slug}/documents/minutes.pdf", tag = "documents",
    params(("slug" = String, Path)), security(("token" = [])),
    responses((status = 200, content_type = "application/pdf", body = FileBytes,
        headers(("x-content-sha256" = String, description = "SHA-256 (hex) of the final PDF, once the minutes are final"))),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn minutes(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
) -> Result<Response, ApiError> {
    document(&state, &caller, &slug, "minutes.pdf", "").await
}

/// The published agenda, in the official layout.
#[utoipa::path(get, operation_id = "get_agenda_pdf", path = "/api/v1/conferences/{slug}/documents/agenda.pdf", tag = "documents",
    params(("slug" = String, Path)), security(("token" = [])),
    responses((status = 200, content_type = "application/pdf", body = FileBytes),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn agenda(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
) -> Result<Response, ApiError> {
    document(&state, &caller, &slug, "agenda.pdf", "").await
}

/// The confirmed delegates by province and unit.
#[utoipa::path(get, operation_id = "get_delegates_pdf", path = "/api/v1/conferences/{slug}/documents/delegates.pdf", tag = "documents",
    params(("slug" = String, Path)), security(("token" = [])),
    responses((status = 200, content_type = "application/pdf", body = FileBytes),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn delegates(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
) -> Result<Response, ApiError> {
    document(&state, &caller, &slug, "delegates.pdf", "").await
}

/// Sign-in sheets, one per session.
#[utoipa::path(get, operation_id = "get_signin_pdf", path = "/api/v1/conferences/{slug}/documents/signin.pdf", tag = "documents",
    params(("slug" = String, Path)), security(("token" = [])),
    responses((status = 200, content_type = "application/pdf", body = FileBytes),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn signin(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
) -> Result<Response, ApiError> {
    document(&state, &caller, &slug, "signin.pdf", "").await
}

/// Badges with the check-in QR code.
#[utoipa::path(get, operation_id = "get_badges_pdf", path = "/api/v1/conferences/{slug}/documents/badges.pdf", tag = "documents",
    params(("slug" = String, Path)), security(("token" = [])),
    responses((status = 200, content_type = "application/pdf", body = FileBytes),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn badges(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
) -> Result<Response, ApiError> {
    document(&state, &caller, &slug, "badges.pdf", "").await
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Threshold {
    /// Hours of checked-in sessions a delegate needs (more than 0, at most 1000; "3,5" or "3.5").
    #[param(required = true)]
    #[serde(default)]
    threshold: String,
}

/// Certificates for the confirmed delegates whose checked-in hours reach the threshold.
#[utoipa::path(get, operation_id = "get_certificates_pdf", path = "/api/v1/conferences/{slug}/documents/certificates.pdf", tag = "documents",
    params(("slug" = String, Path), Threshold), security(("token" = [])),
    responses((status = 200, content_type = "application/pdf", body = FileBytes),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn certificates(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
    Params(q): Params<Threshold>,
) -> Result<Response, ApiError> {
    document(&state, &caller, &slug, "certificates.pdf", &q.threshold).await
}
