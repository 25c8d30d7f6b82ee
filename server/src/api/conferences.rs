//! `/api/v1/conferences`: list, read, create, change, publish, close, export and import.

use super::Routes;
use super::error::{ApiError, ErrorBody};
use super::extract::{Body, Caller, PageQuery, Params, Path};
use super::lookup::organized;
use crate::http::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use hoinghi_domain::AppError;
use hoinghi_domain::conference::{Conference, ConferenceInput};
use hoinghi_domain::paging::Page;
use hoinghi_service::conferences::{self, ImportReport};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

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
#[utoipa::path(post, operation_id = "create_conference", path = "/api/v1/conferences", tag = "conferences", request_body = ConferenceBody,
    security(("token" = [])),
    responses((status = 201, body = Conference), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    Body(body): Body<ConferenceBody>,
) -> Result<(StatusCode, Json<Conference>), ApiError> {
    conferences::create(&state.svc, &caller.actor, body.into_input())
        .await
        .map(|c| (StatusCode::CREATED, Json(c)))
        .map_err(|e| caller.fail(e))
}

/// What POST and PUT take: the fields of [`ConferenceInput`], with the organizing agency given either as
/// `agency_id` or as the `agency` object that GET returns. A client can thus send back (or copy) what it
/// read and change nothing it did not mean to: without this, a GET body sent back cleared the agency.
#[derive(Deserialize, ToSchema)]
pub struct ConferenceBody {
    #[serde(flatten)]
    input: ConferenceInput,
    /// The agency as GET returns it; only its `id` is read, and `agency_id` wins when both are given.
    #[serde(default)]
    agency: Option<AgencyId>,
}

#[derive(Deserialize, ToSchema)]
pub struct AgencyId {
    id: i64,
}

impl ConferenceBody {
    fn into_input(self) -> ConferenceInput {
        let mut input = self.input;
        if input.agency_id.trim().is_empty()
            && let Some(agency) = self.agency
        {
            input.agency_id = agency.id.to_string();
        }
        input
    }
}

/// Replaces a conference's details.
#[utoipa::path(put, operation_id = "update_conference", path = "/api/v1/conferences/{slug}", tag = "conferences", params(("slug" = String, Path)),
    request_body = ConferenceBody, security(("token" = [])),
    responses((status = 200, body = Conference), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
    Body(body): Body<ConferenceBody>,
) -> Result<Json<Conference>, ApiError> {
    let id = organized(&state, &caller, &slug).await?;
    conferences::update(&state.svc, &caller.actor, id, body.into_input()).await.map(Json).map_err(|e| caller.fail(e))
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

/// The whole conference as one archive (zip: `conference.json` and the stored files; see the README's
/// "Conference archives"). Its organizers and administrators.
#[utoipa::path(get, operation_id = "export_conference", path = "/api/v1/conferences/{slug}/export", tag = "conferences", params(("slug" = String, Path)),
    security(("token" = [])),
    responses((status = 200, description = "The conference archive (format hoinghi.conference-archive, version 1)", body = Vec<u8>, content_type = "application/zip"),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn export(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
) -> Result<Response, ApiError> {
    let archive = conferences::export(&state.svc, &caller.actor, &slug).await.map_err(|e| caller.fail(e))?;
    let mut response = archive.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(conferences::archive::CONTENT_TYPE));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    // The slug is ASCII letters, digits and hyphens, so it is a safe file name as it is.
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{slug}.zip\"")) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(response)
}

/// Restores a conference from an archive written by `export`, with new ids (administrators). A damaged or
/// hostile archive answers 422 with what is wrong (413 when too large), and nothing is written.
#[utoipa::path(post, operation_id = "import_conference", path = "/api/v1/conferences/import", tag = "conferences",
    request_body(content = Vec<u8>, content_type = "application/zip", description = "A conference archive"),
    security(("token" = [])),
    responses((status = 201, body = ImportReport), (status = 403, body = ErrorBody), (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn import(
    State(state): State<AppState>,
    caller: Caller,
    body: axum::body::Body,
) -> Result<(StatusCode, Json<ImportReport>), ApiError> {
    let max = conferences::archive::MAX_ARCHIVE_BYTES;
    let bytes = axum::body::to_bytes(body, max as usize)
        .await
        .map_err(|_| caller.fail(AppError::TooLarge { max_bytes: max }))?;
    conferences::import(&state.svc, &caller.actor, &bytes)
        .await
        .map(|r| (StatusCode::CREATED, Json(r)))
        .map_err(|e| caller.fail(e))
}
