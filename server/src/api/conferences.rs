//! `/api/v1/conferences`: list, read, create, change, publish, close, export and import.

use super::Routes;
use super::error::{ApiError, ErrorBody};
use super::extract::{Body, Caller, PageQuery, Params, Path};
use super::lookup::organized;
use crate::http::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use hoinghi_domain::AppError;
use hoinghi_domain::conference::{Conference, ConferenceInput};
use hoinghi_domain::paging::Page;
use hoinghi_service::conferences::{self, ConferenceExport, ImportReport};
use serde::Deserialize;
use utoipa::IntoParams;

pub(super) fn routes() -> Routes {
    Routes::new()
        .get("/conferences", list)
        .post("/conferences", create)
        .post("/conferences/import", import)
        .get("/conferences/{slug}", get)
        .put("/conferences/{slug}", update)
        .post("/conferences/{slug}/publish", publish)
        .post("/conferences/{slug}/close", close)
        .get("/conferences/{slug}/export", export)
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// `true`: the conferences the caller organizes, drafts included (needs a token).
    #[serde(default)]
    mine: bool,
}

/// Published and closed conferences; with `mine=true`, the caller's own. Newest first (first day, then
/// id, descending).
#[utoipa::path(get, operation_id = "list_conferences", path = "/api/v1/conferences", tag = "conferences", params(ListQuery, PageQuery),
    responses((status = 200, body = Page<Conference>), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Params(q): Params<ListQuery>,
    Params(page): Params<PageQuery>,
) -> Result<Json<Page<Conference>>, ApiError> {
    let page = page.request(&caller)?;
    let result = if q.mine {
        conferences::list_for_organizer(&state.svc, &caller.actor).await
    } else {
        conferences::list_public(&state.svc).await
    };
    result.map(|all| Json(page.page(all))).map_err(|e| caller.fail(e))
}

/// One conference: public ones for anyone, drafts for their organizers.
#[utoipa::path(get, operation_id = "get_conference", path = "/api/v1/conferences/{slug}", tag = "conferences", params(("slug" = String, Path)),
    responses((status = 200, body = Conference), (status = 404, body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
) -> Result<Json<Conference>, ApiError> {
    match conferences::by_slug_public(&state.svc, &slug).await {
        Ok(c) => Ok(Json(c)),
        Err(_) if !matches!(caller.actor, hoinghi_service::accounts::Actor::Anonymous) => {
            // A draft exists for its organizers only; anyone else sees "not found", not "forbidden".
            conferences::by_slug_for_organizer(&state.svc, &caller.actor, &slug)
                .await
                .map(Json)
                .map_err(|_| caller.fail(AppError::NotFound))
        }
        Err(e) => Err(caller.fail(e)),
    }
}

/// Creates a draft conference; the caller becomes its organizer.
#[utoipa::path(post, operation_id = "create_conference", path = "/api/v1/conferences", tag = "conferences", request_body = ConferenceInput,
    security(("token" = [])),
    responses((status = 201, body = Conference), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    Body(input): Body<ConferenceInput>,
) -> Result<(StatusCode, Json<Conference>), ApiError> {
    conferences::create(&state.svc, &caller.actor, input)
        .await
        .map(|c| (StatusCode::CREATED, Json(c)))
        .map_err(|e| caller.fail(e))
}

/// Replaces a conference's details.
#[utoipa::path(put, operation_id = "update_conference", path = "/api/v1/conferences/{slug}", tag = "conferences", params(("slug" = String, Path)),
    request_body = ConferenceInput, security(("token" = [])),
    responses((status = 200, body = Conference), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
    Body(input): Body<ConferenceInput>,
) -> Result<Json<Conference>, ApiError> {
    let id = organized(&state, &caller, &slug).await?;
    conferences::update(&state.svc, &caller.actor, id, input).await.map(Json).map_err(|e| caller.fail(e))
}

/// Publishes a draft conference.
#[utoipa::path(post, operation_id = "publish_conference", path = "/api/v1/conferences/{slug}/publish", tag = "conferences", params(("slug" = String, Path)),
    security(("token" = [])), responses((status = 200, body = Conference), (status = 409, body = ErrorBody)))]
pub async fn publish(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
) -> Result<Json<Conference>, ApiError> {
    let id = organized(&state, &caller, &slug).await?;
    conferences::publish(&state.svc, &caller.actor, id).await.map(Json).map_err(|e| caller.fail(e))
}

/// Closes a published conference.
#[utoipa::path(post, operation_id = "close_conference", path = "/api/v1/conferences/{slug}/close", tag = "conferences", params(("slug" = String, Path)),
    security(("token" = [])), responses((status = 200, body = Conference), (status = 409, body = ErrorBody)))]
pub async fn close(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
) -> Result<Json<Conference>, ApiError> {
    let id = organized(&state, &caller, &slug).await?;
    conferences::close(&state.svc, &caller.actor, id).await.map(Json).map_err(|e| caller.fail(e))
}

/// The whole conference as one JSON document (see `import`).
#[utoipa::path(get, operation_id = "export_conference", path = "/api/v1/conferences/{slug}/export", tag = "conferences", params(("slug" = String, Path)),
    security(("token" = [])), responses((status = 200, description = "The conference export (format hoinghi.conference.v1)", body = Object), (status = 403, body = ErrorBody)))]
pub async fn export(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
) -> Result<Json<ConferenceExport>, ApiError> {
    conferences::export(&state.svc, &caller.actor, &slug).await.map(Json).map_err(|e| caller.fail(e))
}

/// Creates a conference from an export (administrators).
#[utoipa::path(post, operation_id = "import_conference", path = "/api/v1/conferences/import", tag = "conferences", request_body(content = Object, description = "A conference export"),
    security(("token" = [])), responses((status = 201, body = Object), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn import(
    State(state): State<AppState>,
    caller: Caller,
    Body(data): Body<ConferenceExport>,
) -> Result<(StatusCode, Json<ImportReport>), ApiError> {
    conferences::import(&state.svc, &caller.actor, data)
        .await
        .map(|r| (StatusCode::CREATED, Json(r)))
        .map_err(|e| caller.fail(e))
}
