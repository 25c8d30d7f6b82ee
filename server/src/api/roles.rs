//! Session roles: who chairs, presents, trains, speaks in or takes the minutes of a session of the draft.

use super::Routes;
use super::error::{ApiError, ErrorBody};
use super::extract::{Body, Caller, PageQuery, Params, Path};
use crate::http::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use hoinghi_domain::agenda::SessionPerson;
use hoinghi_domain::paging::Page;
use hoinghi_service::agenda;

pub(super) fn routes() -> Routes {
    Routes::new()
        .get("/agenda/sessions/{id}/people", list)
        .post("/agenda/sessions/{id}/people", add)
        .delete("/agenda/sessions/{id}/people/{person_id}/{role}", remove)
}

#[derive(serde::Deserialize, utoipa::ToSchema)]
pub struct RoleRequest {
    pub person_id: i64,
    /// chair, presenter, trainer, speaker or secretary.
    pub role: String,
}

/// The people of a session with their roles, in the session's order.
#[utoipa::path(get, operation_id = "list_session_people", path = "/api/v1/agenda/sessions/{id}/people", tag = "session-roles",
    params(("id" = i64, Path), PageQuery), security(("token" = [])),
    responses((status = 200, body = Page<SessionPerson>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    Params(page): Params<PageQuery>,
) -> Result<Json<Page<SessionPerson>>, ApiError> {
    let page = page.request(&caller)?;
    agenda::by_id(&state.svc, &caller.actor, id).await.map(|s| Json(page.page(s.people))).map_err(|e| caller.fail(e))
}

/// Gives a person of the conference a role in a session of the draft (giving it again changes nothing).
#[utoipa::path(post, operation_id = "add_session_person", path = "/api/v1/agenda/sessions/{id}/people", tag = "session-roles",
    params(("id" = i64, Path)), request_body = RoleRequest, security(("token" = [])),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    Body(req): Body<RoleRequest>,
) -> Result<StatusCode, ApiError> {
    agenda::add_person(&state.svc, &caller.actor, id, &req.person_id.to_string(), &req.role)
        .await
        .map(|_| StatusCode::NO_CONTENT)
        .map_err(|e| caller.fail(e))
}

/// Takes a role in a session away from a person (their other roles stay).
#[utoipa::path(delete, operation_id = "remove_session_person", path = "/api/v1/agenda/sessions/{id}/people/{person_id}/{role}", tag = "session-roles",
    params(("id" = i64, Path), ("person_id" = i64, Path), ("role" = String, Path, description = "chair, presenter, trainer, speaker or secretary")),
    security(("token" = [])),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn remove(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, person_id, role)): Path<(i64, i64, String)>,
) -> Result<StatusCode, ApiError> {
    agenda::remove_person(&state.svc, &caller.actor, id, person_id, &role)
        .await
        .map(|_| StatusCode::NO_CONTENT)
        .map_err(|e| caller.fail(e))
}
