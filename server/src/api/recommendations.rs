//! Recommendations ("kiến nghị") and their triage, for the conference's organizers: filed by delegates
//! on the site or by organizers on their behalf, moved through received → forwarded → answered → closed,
//! and picked for the minutes.

use super::Routes;
use super::error::{ApiError, ErrorBody};
use super::extract::{Body, Caller, PageQuery, Params, Path};
use super::lookup::organized;
use crate::http::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use hoinghi_domain::feedback::{Recommendation, RecommendationInput, RecommendationUpdate};
use hoinghi_domain::paging::Page;
use hoinghi_service::feedback;
use serde::Deserialize;
use utoipa::IntoParams;

pub(super) fn routes() -> Routes {
    Routes::new()
        .get("/conferences/{slug}/recommendations", list)
        .post("/conferences/{slug}/recommendations", create)
        .get("/recommendations/{id}", get)
        .put("/recommendations/{id}", update)
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StatusQuery {
    /// Only recommendations in this status: received, forwarded, answered or closed.
    #[serde(default)]
    status: String,
}

/// The conference's recommendations in the order they were filed (then id).
#[utoipa::path(get, operation_id = "list_recommendations", path = "/api/v1/conferences/{slug}/recommendations", tag = "recommendations",
    params(("slug" = String, Path), StatusQuery, PageQuery), security(("token" = [])),
    responses((status = 200, body = Page<Recommendation>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
    Params(filter): Params<StatusQuery>,
    Params(page): Params<PageQuery>,
) -> Result<Json<Page<Recommendation>>, ApiError> {
    let id = organized(&state, &caller, &slug).await?;
    let page = page.request(&caller)?;
    feedback::triage_recommendations(&state.svc, &caller.actor, id, &filter.status)
        .await
        .map(|r| Json(page.page(r)))
        .map_err(|e| caller.fail(e))
}

/// Files a recommendation on behalf of a delegate or unit (said in a session, sent on paper): the unit is
/// required, the province (code) and the name of who made it are optional.
#[utoipa::path(post, operation_id = "create_recommendation", path = "/api/v1/conferences/{slug}/recommendations", tag = "recommendations",
    params(("slug" = String, Path)), request_body = RecommendationInput, security(("token" = [])),
    responses((status = 201, body = Recommendation), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
    Body(input): Body<RecommendationInput>,
) -> Result<(StatusCode, Json<Recommendation>), ApiError> {
    let id = organized(&state, &caller, &slug).await?;
    let filed = feedback::file_by_organizer(&state.svc, &caller.actor, id, input).await.map_err(|e| caller.fail(e))?;
    feedback::recommendation(&state.svc, &caller.actor, filed)
        .await
        .map(|r| (StatusCode::CREATED, Json(r)))
        .map_err(|e| caller.fail(e))
}

#[utoipa::path(get, operation_id = "get_recommendation", path = "/api/v1/recommendations/{id}", tag = "recommendations",
    params(("id" = i64, Path)), security(("token" = [])),
    responses((status = 200, body = Recommendation), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<Recommendation>, ApiError> {
    feedback::recommendation(&state.svc, &caller.actor, id).await.map(Json).map_err(|e| caller.fail(e))
}

/// Triage: the status, the answer and who gave it (an answer is required to mark it answered), and
/// whether it goes into the minutes.
#[utoipa::path(put, operation_id = "update_recommendation", path = "/api/v1/recommendations/{id}", tag = "recommendations",
    params(("id" = i64, Path)), request_body = RecommendationUpdate, security(("token" = [])),
    responses((status = 200, body = Recommendation), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    Body(input): Body<RecommendationUpdate>,
) -> Result<Json<Recommendation>, ApiError> {
    feedback::update_recommendation(&state.svc, &caller.actor, id, input).await.map(Json).map_err(|e| caller.fail(e))
}
