//! Rooms of a conference (with their seats), for its organizers.

use super::Routes;
use super::error::{ApiError, ErrorBody};
use super::extract::{Body, Caller, PageQuery, Params, Path};
use super::lookup::organized;
use crate::http::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use hoinghi_domain::agenda::{Room, RoomInput};
use hoinghi_domain::paging::Page;
use hoinghi_service::agenda;

pub(super) fn routes() -> Routes {
    Routes::new()
        .get("/conferences/{slug}/agenda/rooms", list)
        .post("/conferences/{slug}/agenda/rooms", create)
        .get("/agenda/rooms/{id}", get)
        .put("/agenda/rooms/{id}", update)
        .delete("/agenda/rooms/{id}", delete)
}

/// The conference's rooms in their order (position, then id).
#[utoipa::path(get, operation_id = "list_rooms", path = "/api/v1/conferences/{slug}/agenda/rooms", tag = "rooms",
    params(("slug" = String, Path), PageQuery), security(("token" = [])),
    responses((status = 200, body = Page<Room>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
    Params(page): Params<PageQuery>,
) -> Result<Json<Page<Room>>, ApiError> {
    let id = organized(&state, &caller, &slug).await?;
    let page = page.request(&caller)?;
    agenda::rooms(&state.svc, &caller.actor, id).await.map(|r| Json(page.page(r))).map_err(|e| caller.fail(e))
}

/// Adds a room to the conference.
#[utoipa::path(post, operation_id = "create_room", path = "/api/v1/conferences/{slug}/agenda/rooms", tag = "rooms",
    params(("slug" = String, Path)), request_body = RoomInput, security(("token" = [])),
    responses((status = 201, body = Room), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
    Body(input): Body<RoomInput>,
) -> Result<(StatusCode, Json<Room>), ApiError> {
    let id = organized(&state, &caller, &slug).await?;
    agenda::create_room(&state.svc, &caller.actor, id, input)
        .await
        .map(|r| (StatusCode::CREATED, Json(r)))
        .map_err(|e| caller.fail(e))
}

#[utoipa::path(get, operation_id = "get_room", path = "/api/v1/agenda/rooms/{id}", tag = "rooms",
    params(("id" = i64, Path)), security(("token" = [])),
    responses((status = 200, body = Room), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get(State(state): State<AppState>, caller: Caller, Path(id): Path<i64>) -> Result<Json<Room>, ApiError> {
    agenda::room(&state.svc, &caller.actor, id).await.map(Json).map_err(|e| caller.fail(e))
}

/// Renames a room or changes its seats.
#[utoipa::path(put, operation_id = "update_room", path = "/api/v1/agenda/rooms/{id}", tag = "rooms",
    params(("id" = i64, Path)), request_body = RoomInput, security(("token" = [])),
    responses((status = 200, body = Room), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    Body(input): Body<RoomInput>,
) -> Result<Json<Room>, ApiError> {
    agenda::update_room(&state.svc, &caller.actor, id, input).await.map(Json).map_err(|e| caller.fail(e))
}

/// Deletes a room; its sessions stay in the agenda without a room.
#[utoipa::path(delete, operation_id = "delete_room", path = "/api/v1/agenda/rooms/{id}", tag = "rooms",
    params(("id" = i64, Path)), security(("token" = [])),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn delete(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    agenda::delete_room(&state.svc, &caller.actor, id).await.map(|_| StatusCode::NO_CONTENT).map_err(|e| caller.fail(e))
}
