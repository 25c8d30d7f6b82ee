//! Feedback forms (the conference's and one per session), their questions and their results, for the
//! conference's organizers. Delegates answer on the site, through their private link or code.

use super::Routes;
use super::error::{ApiError, ErrorBody, FileBytes};
use super::extract::{Body, Caller, PageQuery, Params, Path};
use super::lookup::organized;
use crate::http::{AppState, exports};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use hoinghi_domain::feedback::{FeedbackForm, FeedbackFormInput, FeedbackQuestionInput, FormResults};
use hoinghi_domain::paging::Page;
use hoinghi_service::feedback;
use serde::Deserialize;
use utoipa::ToSchema;

pub(super) fn routes() -> Routes {
    Routes::new()
        .get("/conferences/{slug}/feedback-forms", list)
        .post("/conferences/{slug}/feedback-forms", create)
        .get("/feedback-forms/{id}", get)
        .put("/feedback-forms/{id}", update)
        .post("/feedback-forms/{id}/open", open)
        .post("/feedback-forms/{id}/close", close)
        .post("/feedback-forms/{id}/questions", add_question)
        .delete("/feedback-forms/{id}/questions/{question_id}", delete_question)
        .get("/feedback-forms/{id}/results", results)
        .get("/feedback-forms/{id}/results.csv", results_csv)
        .get("/feedback-forms/{id}/results.xlsx", results_xlsx)
        .get("/feedback-forms/{id}/report.pdf", report_pdf)
}

/// The conference's forms: its own first, then the sessions' in the order they were made.
#[utoipa::path(get, operation_id = "list_feedback_forms", path = "/api/v1/conferences/{slug}/feedback-forms", tag = "feedback",
    params(("slug" = String, Path), PageQuery), security(("token" = [])),
    responses((status = 200, body = Page<FeedbackForm>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
    Params(page): Params<PageQuery>,
) -> Result<Json<Page<FeedbackForm>>, ApiError> {
    let id = organized(&state, &caller, &slug).await?;
    let page = page.request(&caller)?;
    feedback::forms(&state.svc, &caller.actor, id).await.map(|f| Json(page.page(f))).map_err(|e| caller.fail(e))
}

#[derive(Deserialize, ToSchema, Default)]
pub struct NewForm {
    /// The session of the published agenda the form is about; absent or empty for the conference's form.
    #[serde(default)]
    pub session_uid: Option<String>,
}

/// Makes the conference's form, or a session's, from the template (anonymous, not yet open). A conference
/// or session has one form: if it exists already, it is answered as it is, with 200.
#[utoipa::path(post, operation_id = "create_feedback_form", path = "/api/v1/conferences/{slug}/feedback-forms", tag = "feedback",
    params(("slug" = String, Path)), request_body = NewForm, security(("token" = [])),
    responses((status = 201, description = "Made from the template", body = FeedbackForm), (status = 200, description = "The form that was there already", body = FeedbackForm),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
    Body(input): Body<NewForm>,
) -> Result<(StatusCode, Json<FeedbackForm>), ApiError> {
    let id = organized(&state, &caller, &slug).await?;
    let uid = input.session_uid.as_deref().filter(|u| !u.trim().is_empty());
    let (form, made) = feedback::create_form(&state.svc, &caller.actor, id, uid).await.map_err(|e| caller.fail(e))?;
    Ok((if made { StatusCode::CREATED } else { StatusCode::OK }, Json(form)))
}

#[utoipa::path(get, operation_id = "get_feedback_form", path = "/api/v1/feedback-forms/{id}", tag = "feedback",
    params(("id" = i64, Path)), security(("token" = [])),
    responses((status = 200, body = FeedbackForm), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<FeedbackForm>, ApiError> {
    feedback::form_for_organizer(&state.svc, &caller.actor, id).await.map(Json).map_err(|e| caller.fail(e))
}

/// Changes the title, anonymity and window (`YYYY-MM-DDTHH:MM` in the conference's time zone). Anonymity
/// cannot be lifted once someone has answered.
#[utoipa::path(put, operation_id = "update_feedback_form", path = "/api/v1/feedback-forms/{id}", tag = "feedback",
    params(("id" = i64, Path)), request_body = FeedbackFormInput, security(("token" = [])),
    responses((status = 200, body = FeedbackForm), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    Body(input): Body<FeedbackFormInput>,
) -> Result<Json<FeedbackForm>, ApiError> {
    feedback::update_form(&state.svc, &caller.actor, id, input).await.map(Json).map_err(|e| caller.fail(e))
}

/// Opens the form to answers (within its window); a form needs a question first.
#[utoipa::path(post, operation_id = "open_feedback_form", path = "/api/v1/feedback-forms/{id}/open", tag = "feedback",
    params(("id" = i64, Path)), security(("token" = [])),
    responses((status = 200, body = FeedbackForm), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn open(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<FeedbackForm>, ApiError> {
    feedback::publish_form(&state.svc, &caller.actor, id, true).await.map(Json).map_err(|e| caller.fail(e))
}

/// Closes the form: no more answers; those given stay.
#[utoipa::path(post, operation_id = "close_feedback_form", path = "/api/v1/feedback-forms/{id}/close", tag = "feedback",
    params(("id" = i64, Path)), security(("token" = [])),
    responses((status = 200, body = FeedbackForm), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn close(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<FeedbackForm>, ApiError> {
    feedback::publish_form(&state.svc, &caller.actor, id, false).await.map(Json).map_err(|e| caller.fail(e))
}

/// Adds a question (until the first answer arrives).
#[utoipa::path(post, operation_id = "add_feedback_question", path = "/api/v1/feedback-forms/{id}/questions", tag = "feedback",
    params(("id" = i64, Path)), request_body = FeedbackQuestionInput, security(("token" = [])),
    responses((status = 201, body = FeedbackForm), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_question(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    Body(input): Body<FeedbackQuestionInput>,
) -> Result<(StatusCode, Json<FeedbackForm>), ApiError> {
    feedback::add_question(&state.svc, &caller.actor, id, input)
        .await
        .map(|f| (StatusCode::CREATED, Json(f)))
        .map_err(|e| caller.fail(e))
}

/// Removes a question (until the first answer arrives).
#[utoipa::path(delete, operation_id = "delete_feedback_question", path = "/api/v1/feedback-forms/{id}/questions/{question_id}", tag = "feedback",
    params(("id" = i64, Path), ("question_id" = i64, Path)), security(("token" = [])),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn delete_question(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, question)): Path<(i64, i64)>,
) -> Result<StatusCode, ApiError> {
    feedback::delete_question(&state.svc, &caller.actor, id, question)
        .await
        .map(|_| StatusCode::NO_CONTENT)
        .map_err(|e| caller.fail(e))
}

/// The results: counts, means, distributions (with an SVG chart), comments, and means by province and
/// unit for groups of three answers or more.
#[utoipa::path(get, operation_id = "get_feedback_results", path = "/api/v1/feedback-forms/{id}/results", tag = "feedback",
    params(("id" = i64, Path)), security(("token" = [])),
    responses((status = 200, body = FormResults), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn results(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<FormResults>, ApiError> {
    feedback::results(&state.svc, &caller.actor, id).await.map(Json).map_err(|e| caller.fail(e))
}

/// The answers as CSV (UTF-8 with BOM), one row per submission; anonymous forms carry no unit.
#[utoipa::path(get, operation_id = "export_feedback_csv", path = "/api/v1/feedback-forms/{id}/results.csv", tag = "feedback",
    params(("id" = i64, Path)), security(("token" = [])),
    responses((status = 200, content_type = "text/csv", body = String), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn results_csv(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    exports::feedback_results_csv(&state.svc, &caller.actor, id, caller.locale).await.map_err(|e| caller.fail(e))
}

/// The answers as an Excel workbook.
#[utoipa::path(get, operation_id = "export_feedback_xlsx", path = "/api/v1/feedback-forms/{id}/results.xlsx", tag = "feedback",
    params(("id" = i64, Path)), security(("token" = [])),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = FileBytes),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn results_xlsx(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    exports::feedback_results_xlsx(&state.svc, &caller.actor, id, caller.locale).await.map_err(|e| caller.fail(e))
}

/// The results as a report in the official layout.
#[utoipa::path(get, operation_id = "get_feedback_report_pdf", path = "/api/v1/feedback-forms/{id}/report.pdf", tag = "feedback",
    params(("id" = i64, Path)), security(("token" = [])),
    responses((status = 200, content_type = "application/pdf", body = FileBytes), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn report_pdf(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    exports::feedback_report_pdf(&state.svc, &caller.actor, id).await.map_err(|e| caller.fail(e))
}
