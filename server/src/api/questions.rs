//! The registration form's own questions (beyond name, unit and contact), for the conference's
//! organizers.

use super::Routes;
use super::error::{ApiError, ErrorBody};
use super::extract::{Body, Caller, PageQuery, Params, Path};
use super::lookup::organized;
use crate::http::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use hoinghi_domain::paging::Page;
use hoinghi_domain::registration::{Question, QuestionInput};
use hoinghi_service::registration;

pub(super) fn routes() -> Routes {
    Routes::new()
        .get("/conferences/{slug}/registration-questions", list)
        .post("/conferences/{slug}/registration-questions", create)
        .get("/conferences/{slug}/registration-questions/{id}", get)
        .put("/conferences/{slug}/registration-questions/{id}", update)
        .delete("/conferences/{slug}/registration-questions/{id}", delete)
}

/// The questions in the order the form shows them (position, then id).
#[utoipa::path(get, operation_id = "list_registration_questions", path = "/api/v1/conferences/{slug}/registration-questions", tag = "registration-questions",
    params(("slug" = String, Path), PageQuery), security(("token" = [])),
    responses((status = 200, body = Page<Question>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
    Params(page): Params<PageQuery>,
) -> Result<Json<Page<Question>>, ApiError> {
    let id = organized(&state, &caller, &slug).await?;
    let page = page.request(&caller)?;
    registration::questions(&state.svc, &caller.actor, id).await.map(|q| Json(page.page(q))).map_err(|e| caller.fail(e))
}

/// Adds a question at the end of the form.
#[utoipa::path(post, operation_id = "create_registration_question", path = "/api/v1/conferences/{slug}/registration-questions", tag = "registration-questions",
    params(("slug" = String, Path)), request_body = QuestionInput, security(("token" = [])),
    responses((status = 201, body = Question), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
    Body(input): Body<QuestionInput>,
) -> Result<(StatusCode, Json<Question>), ApiError> {
    let id = organized(&state, &caller, &slug).await?;
    registration::add_question(&state.svc, &caller.actor, id, input)
        .await
        .map(|q| (StatusCode::CREATED, Json(q)))
        .map_err(|e| caller.fail(e))
}

#[utoipa::path(get, operation_id = "get_registration_question", path = "/api/v1/conferences/{slug}/registration-questions/{id}", tag = "registration-questions",
    params(("slug" = String, Path), ("id" = i64, Path)), security(("token" = [])),
    responses((status = 200, body = Question), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    caller: Caller,
    Path((slug, question)): Path<(String, i64)>,
) -> Result<Json<Question>, ApiError> {
    let id = organized(&state, &caller, &slug).await?;
    registration::question(&state.svc, &caller.actor, id, question).await.map(Json).map_err(|e| caller.fail(e))
}

/// Changes a question; answers already given keep their values.
#[utoipa::path(put, operation_id = "update_registration_question", path = "/api/v1/conferences/{slug}/registration-questions/{id}", tag = "registration-questions",
    params(("slug" = String, Path), ("id" = i64, Path)), request_body = QuestionInput, security(("token" = [])),
    responses((status = 200, body = Question), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    Path((slug, question)): Path<(String, i64)>,
    Body(input): Body<QuestionInput>,
) -> Result<Json<Question>, ApiError> {
    let id = organized(&state, &caller, &slug).await?;
    registration::update_question(&state.svc, &caller.actor, id, question, input)
        .await
        .map(Json)
        .map_err(|e| caller.fail(e))
}

/// Removes a question and the answers given to it.
#[utoipa::path(delete, operation_id = "delete_registration_question", path = "/api/v1/conferences/{slug}/registration-questions/{id}", tag = "registration-questions",
    params(("slug" = String, Path), ("id" = i64, Path)), security(("token" = [])),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn delete(
    State(state): State<AppState>,
    caller: Caller,
    Path((slug, question)): Path<(String, i64)>,
) -> Result<StatusCode, ApiError> {
    let id = organized(&state, &caller, &slug).await?;
    registration::delete_question(&state.svc, &caller.actor, id, question)
        .await
        .map(|_| StatusCode::NO_CONTENT)
        .map_err(|e| caller.fail(e))
}
