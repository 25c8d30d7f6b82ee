//! Reference data: the provincial-level units in force on a date (public), and agencies with their
//! units (read by any account, written by administrators).

use super::Routes;
use super::error::{ApiError, ErrorBody};
use super::extract::{Body, Caller, PageQuery, Params, Path};
use crate::http::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use hoinghi_domain::paging::Page;
use hoinghi_domain::reference::{AdminUnit, Agency, Unit};
use hoinghi_service::reference::{self, AgencyInput, UnitInput};
use serde::Deserialize;
use utoipa::IntoParams;

pub(super) fn routes() -> Routes {
    Routes::new()
        .get("/admin-units", admin_units)
        .get("/agencies", agencies)
        .post("/agencies", create_agency)
        .post("/agencies/{id}/units", create_unit)
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct On {
    /// `YYYY-MM-DD`; today by default.
    on: Option<String>,
}

/// The provincial-level units in force on a date, by code.
#[utoipa::path(get, operation_id = "list_admin_units", path = "/api/v1/admin-units", tag = "reference", params(On, PageQuery),
    responses((status = 200, body = Page<AdminUnit>), (status = 422, body = ErrorBody)))]
pub async fn admin_units(
    State(state): State<AppState>,
    caller: Caller,
    Params(q): Params<On>,
    Params(page): Params<PageQuery>,
) -> Result<Json<Page<AdminUnit>>, ApiError> {
    let page = page.request(&caller)?;
    reference::list_admin_units(&state.svc, q.on.as_deref().unwrap_or(""))
        .await
        .map(|u| Json(page.page(u)))
        .map_err(|e| caller.fail(e))
}

/// Every agency with its units, by name (then id).
#[utoipa::path(get, operation_id = "list_agencies", path = "/api/v1/agencies", tag = "reference", params(PageQuery), security(("token" = [])),
    responses((status = 200, body = Page<Agency>), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn agencies(
    State(state): State<AppState>,
    caller: Caller,
    Params(page): Params<PageQuery>,
) -> Result<Json<Page<Agency>>, ApiError> {
    let page = page.request(&caller)?;
    reference::list_agencies(&state.svc, &caller.actor).await.map(|a| Json(page.page(a))).map_err(|e| caller.fail(e))
}

/// Creates an agency (administrators).
#[utoipa::path(post, operation_id = "create_agency", path = "/api/v1/agencies", tag = "reference", request_body = AgencyInput, security(("token" = [])),
    responses((status = 201, body = Agency), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_agency(
    State(state): State<AppState>,
    caller: Caller,
    Body(input): Body<AgencyInput>,
) -> Result<(StatusCode, Json<Agency>), ApiError> {
    reference::create_agency(&state.svc, &caller.actor, input)
        .await
        .map(|a| (StatusCode::CREATED, Json(a)))
        .map_err(|e| caller.fail(e))
}

/// Adds a unit to an agency (administrators).
#[utoipa::path(post, operation_id = "create_unit", path = "/api/v1/agencies/{id}/units", tag = "reference", params(("id" = i64, Path)),
    request_body = UnitInput, security(("token" = [])),
    responses((status = 201, body = Unit), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_unit(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    Body(input): Body<UnitInput>,
) -> Result<(StatusCode, Json<Unit>), ApiError> {
    reference::create_unit(&state.svc, &caller.actor, id, input)
        .await
        .map(|u| (StatusCode::CREATED, Json(u)))
        .map_err(|e| caller.fail(e))
}
