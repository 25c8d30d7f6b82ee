//! Tracks of a conference (with their colour), for its organizers.

use super::Routes;
use super::error::{ApiError, ErrorBody};
use super::extract::{Body, Caller, PageQuery, Params, Path};
use super::lookup::organized;
use crate::http::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use hoinghi_domain::agenda::{Track, TrackInput};
use hoinghi_domain::paging::Page;
use hoinghi_service::agenda;

pub(super) fn routes() -> Routes {
    Routes::new()
        .get("/conferences/{slug}/agenda/tracks", list)
        .post("/conferences/{slug}/agenda/tracks", create)
        .get("/agenda/tracks/{id}", get)
        .put("/agenda/tracks/{id}", update)
        .delete("/agenda/tracks/{id}", delete)
}

/// The conference's tracks in their order (position, then id).
#[utoipa::path(get, operation_id = "list_tracks", path = "/api/v1/conferences/{slug}/agenda/tracks", tag = "tracks",
    params(("slug" = String, Path), PageQuery), security(("token" = [])),
    responses((status = 200, body = Page<Track>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
    Params(page): Params<PageQuery>,
) -> Result<Json<Page<Track>>, ApiError> {
    let id = organized(&state, &caller, &slug).await?;
    let page = page.request(&caller)?;
    agenda::tracks(&state.svc, &caller.actor, id).await.map(|t| Json(page.page(t))).map_err(|e| caller.fail(e))
}

/// Adds a track to the conference.
#[utoipa::path(post, operation_id = "create_track", path = "/api/v1/conferences/{slug}/agenda/tracks", tag = "tracks",
    params(("slug" = String, Path)), request_body = TrackInput, security(("token" = [])),
    responses((status = 201, body = Track), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
    Body(input): Body<TrackInput>,
) -> Result<(StatusCode, Json<Track>), ApiError> {
    let id = organized(&state, &caller, &slug).await?;
    agenda::create_track(&state.svc, &caller.actor, id, input)
        .await
        .map(|t| (StatusCode::CREATED, Json(t)))
        .map_err(|e| caller.fail(e))
}

#[utoipa::path(get, operation_id = "get_track", path = "/api/v1/agenda/tracks/{id}", tag = "tracks",
    params(("id" = i64, Path)), security(("token" = [])),
    responses((status = 200, body = Track), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get(State(state): State<AppState>, caller: Caller, Path(id): Path<i64>) -> Result<Json<Track>, ApiError> {
    agenda::track(&state.svc, &caller.actor, id).await.map(Json).map_err(|e| caller.fail(e))
}

/// Renames a track or changes its colour.
#[utoipa::path(put, operation_id = "update_track", path = "/api/v1/agenda/tracks/{id}", tag = "tracks",
    params(("id" = i64, Path)), request_body = TrackInput, security(("token" = [])),
    responses((status = 200, body = Track), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    Body(input): Body<TrackInput>,
) -> Result<Json<Track>, ApiError> {
    agenda::update_track(&state.svc, &caller.actor, id, input).await.map(Json).map_err(|e| caller.fail(e))
}

/// Deletes a track; its sessions stay in the agenda without a track.
#[utoipa::path(delete, operation_id = "delete_track", path = "/api/v1/agenda/tracks/{id}", tag = "tracks",
    params(("id" = i64, Path)), security(("token" = [])),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn delete(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    agenda::delete_track(&state.svc, &caller.actor, id)
        .await
        .map(|_| StatusCode::NO_CONTENT)
        .map_err(|e| caller.fail(e))
}
