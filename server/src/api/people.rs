//! People of a conference (speakers, trainers, chairs…) with their contact details and photo, for its
//! organizers. The public list without contact details is `GET /conferences/{slug}/people`.

use super::Routes;
use super::error::{ApiError, ErrorBody};
use super::extract::{Body, Caller, PageQuery, Params, Path};
use super::lookup::organized;
use crate::http::{AppState, uploads};
use axum::Json;
use axum::extract::State;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::http::StatusCode;
use hoinghi_domain::AppError;
use hoinghi_domain::paging::Page;
use hoinghi_domain::people::{Person, PersonInput};
use hoinghi_service::people;

pub(super) fn routes() -> Routes {
    Routes::new()
        .get("/conferences/{slug}/agenda/people", list)
        .post("/conferences/{slug}/agenda/people", create)
        .get("/agenda/people/{id}", get)
        .put("/agenda/people/{id}", update)
        .delete("/agenda/people/{id}", delete)
        .put_upload("/agenda/people/{id}/photo", set_photo)
        .delete("/agenda/people/{id}/photo", remove_photo)
}

/// Everyone on the conference's list, in Vietnamese order (given, middle, family name, then id).
#[utoipa::path(get, operation_id = "list_draft_people", path = "/api/v1/conferences/{slug}/agenda/people", tag = "people",
    params(("slug" = String, Path), PageQuery), security(("token" = [])),
    responses((status = 200, body = Page<Person>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
    Params(page): Params<PageQuery>,
) -> Result<Json<Page<Person>>, ApiError> {
    let id = organized(&state, &caller, &slug).await?;
    let page = page.request(&caller)?;
    people::list(&state.svc, &caller.actor, id).await.map(|p| Json(page.page(p))).map_err(|e| caller.fail(e))
}

/// Adds a person (speaker, trainer, chair…) to the conference's list; contact details stay private.
#[utoipa::path(post, operation_id = "create_person", path = "/api/v1/conferences/{slug}/agenda/people", tag = "people",
    params(("slug" = String, Path)), request_body = PersonInput, security(("token" = [])),
    responses((status = 201, body = Person), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
    Body(input): Body<PersonInput>,
) -> Result<(StatusCode, Json<Person>), ApiError> {
    let id = organized(&state, &caller, &slug).await?;
    people::create(&state.svc, &caller.actor, id, input)
        .await
        .map(|p| (StatusCode::CREATED, Json(p)))
        .map_err(|e| caller.fail(e))
}

#[utoipa::path(get, operation_id = "get_person", path = "/api/v1/agenda/people/{id}", tag = "people",
    params(("id" = i64, Path)), security(("token" = [])),
    responses((status = 200, body = Person), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get(State(state): State<AppState>, caller: Caller, Path(id): Path<i64>) -> Result<Json<Person>, ApiError> {
    people::by_id(&state.svc, &caller.actor, id).await.map(Json).map_err(|e| caller.fail(e))
}

/// Replaces a person's details (the photo stays).
#[utoipa::path(put, operation_id = "update_person", path = "/api/v1/agenda/people/{id}", tag = "people",
    params(("id" = i64, Path)), request_body = PersonInput, security(("token" = [])),
    responses((status = 200, body = Person), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    Body(input): Body<PersonInput>,
) -> Result<Json<Person>, ApiError> {
    people::update(&state.svc, &caller.actor, id, input).await.map(Json).map_err(|e| caller.fail(e))
}

/// Deletes a person and their roles in the draft (published versions keep their copy).
#[utoipa::path(delete, operation_id = "delete_person", path = "/api/v1/agenda/people/{id}", tag = "people",
    params(("id" = i64, Path)), security(("token" = [])),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn delete(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    people::delete(&state.svc, &caller.actor, id).await.map(|_| StatusCode::NO_CONTENT).map_err(|e| caller.fail(e))
}

/// The multipart form of a photo upload.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct PhotoUpload {
    /// A JPEG, PNG or WebP image of at most 5 MB; it is resized and stored as JPEG.
    #[schema(value_type = String, format = Binary)]
    photo: Vec<u8>,
}

/// Sets a person's photo from a `multipart/form-data` body with the image in the field `photo`, under
/// the same limits as the site's upload form.
#[utoipa::path(put, operation_id = "set_person_photo", path = "/api/v1/agenda/people/{id}/photo", tag = "people",
    params(("id" = i64, Path)), request_body(content = inline(PhotoUpload), content_type = "multipart/form-data"),
    security(("token" = [])),
    responses((status = 200, body = Person), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn set_photo(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    form: Result<Multipart, MultipartRejection>,
) -> Result<Json<Person>, ApiError> {
    // Who may change the person is settled before the body is read.
    people::by_id(&state.svc, &caller.actor, id).await.map_err(|e| caller.fail(e))?;
    let form = form.map_err(|_| caller.fail(AppError::BadRequest { detail: "multipart/form-data expected".into() }))?;
    let upload = uploads::read(form, "photo").await.map_err(|e| caller.fail(e))?;
    if upload.too_large {
        return Err(caller.fail(uploads::too_large()));
    }
    people::set_photo(&state.svc, &caller.actor, id, &upload.bytes).await.map(Json).map_err(|e| caller.fail(e))
}

/// Removes a person's photo.
#[utoipa::path(delete, operation_id = "remove_person_photo", path = "/api/v1/agenda/people/{id}/photo", tag = "people",
    params(("id" = i64, Path)), security(("token" = [])),
    responses((status = 200, body = Person), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn remove_photo(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<Person>, ApiError> {
    people::remove_photo(&state.svc, &caller.actor, id).await.map(Json).map_err(|e| caller.fail(e))
}
