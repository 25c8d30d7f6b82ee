//! The check-in desk: find a delegate by name (typed with or without diacritics) or badge code, mark
//! their arrival for a day or a session, undo a mistaken mark. For organizers and a unit's coordinator.

use super::Routes;
use super::error::{ApiError, ErrorBody};
use super::extract::{Body, Caller, PageQuery, Params, Path};
use super::lookup::registrations_of;
use crate::http::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use hoinghi_domain::paging::Page;
use hoinghi_domain::registration::CheckinMatch;
use hoinghi_service::registration;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

pub(super) fn routes() -> Routes {
    Routes::new()
        .get("/conferences/{slug}/checkin", search)
        .post("/registrations/{id}/checkins", check_in)
        .delete("/registrations/{id}/checkins/{scope}", undo)
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Search {
    /// Words of the name (diacritics and case ignored; at least two letters) or the badge code.
    #[serde(default)]
    q: String,
}

/// Delegates matching the search, a scanned badge's code first, then in name order; at most 20.
#[utoipa::path(get, operation_id = "search_checkin", path = "/api/v1/conferences/{slug}/checkin", tag = "checkin",
    params(("slug" = String, Path), Search, PageQuery), security(("token" = [])),
    responses((status = 200, body = Page<CheckinMatch>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn search(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
    Params(q): Params<Search>,
    Params(page): Params<PageQuery>,
) -> Result<Json<Page<CheckinMatch>>, ApiError> {
    let id = registrations_of(&state, &caller, &slug).await?;
    let page = page.request(&caller)?;
    registration::checkin_search(&state.svc, &caller.actor, id, &q.q)
        .await
        .map(|m| Json(page.page(m)))
        .map_err(|e| caller.fail(e))
}

#[derive(Deserialize, ToSchema)]
pub struct CheckinRequest {
    /// "day:YYYY-MM-DD" (a day of the conference) or "session:<uid>" (a session of the published agenda).
    pub scope: String,
}

/// Marks a confirmed delegate's arrival; marking it again changes nothing.
#[utoipa::path(post, operation_id = "check_in", path = "/api/v1/registrations/{id}/checkins", tag = "checkin",
    params(("id" = i64, Path)), request_body = CheckinRequest, security(("token" = [])),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn check_in(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    Body(r): Body<CheckinRequest>,
) -> Result<StatusCode, ApiError> {
    registration::check_in(&state.svc, &caller.actor, id, &r.scope)
        .await
        .map(|_| StatusCode::NO_CONTENT)
        .map_err(|e| caller.fail(e))
}

/// Undoes a check-in made by mistake (`scope` as it was checked, e.g. `day:2017-09-18`); undoing one that
/// is not there changes nothing, like checking in twice.
#[utoipa::path(delete, operation_id = "undo_check_in", path = "/api/v1/registrations/{id}/checkins/{scope}", tag = "checkin",
    params(("id" = i64, Path), ("scope" = String, Path, description = "day:YYYY-MM-DD or session:<uid>")), security(("token" = [])),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn undo(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, scope)): Path<(i64, String)>,
) -> Result<StatusCode, ApiError> {
    registration::undo_check_in(&state.svc, &caller.actor, id, &scope)
        .await
        .map(|_| StatusCode::NO_CONTENT)
        .map_err(|e| caller.fail(e))
}
