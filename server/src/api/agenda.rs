//! The agenda in the API: the published agenda, sessions and speakers (public), and for organizers the
//! draft with its conflicts, session edits, publishing and the version history. Rooms, tracks, people
//! and the people in sessions have their own modules.

use super::Routes;
use super::error::{ApiError, ErrorBody};
use super::extract::{Body, Caller, PageQuery, Params, Path};
use super::lookup::organized;
use crate::http::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use hoinghi_domain::AppError;
use hoinghi_domain::agenda::{AgendaDraft, AgendaVersion, PublicAgenda, PublicSession, Session, SessionInput};
use hoinghi_domain::paging::Page;
use hoinghi_domain::people::PublicSpeaker;
use hoinghi_service::agenda;

pub(super) fn routes() -> Routes {
    Routes::new()
        .get("/conferences/{slug}/agenda", published)
        .get("/conferences/{slug}/sessions", sessions)
        .get("/conferences/{slug}/sessions/{uid}", session)
        .get("/conferences/{slug}/people", people)
        .get("/conferences/{slug}/agenda/draft", draft)
        .post("/conferences/{slug}/agenda/sessions", create)
        .post("/conferences/{slug}/agenda/publish", publish)
        .get("/conferences/{slug}/agenda/versions", versions)
        .get("/agenda/sessions/{id}", get)
        .put("/agenda/sessions/{id}", update)
        .delete("/agenda/sessions/{id}", delete)
}

/// The latest published agenda of a public conference.
#[utoipa::path(get, operation_id = "get_agenda", path = "/api/v1/conferences/{slug}/agenda", tag = "agenda",
    params(("slug" = String, Path)), responses((status = 200, body = PublicAgenda), (status = 404, body = ErrorBody)))]
pub async fn published(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
) -> Result<Json<PublicAgenda>, ApiError> {
    let found = agenda::public_agenda(&state.svc, &slug).await.map_err(|e| caller.fail(e))?;
    found.agenda.map(Json).ok_or_else(|| caller.fail(AppError::NotFound))
}

/// The sessions of the published agenda in time order (start, then track, room and end, as the agenda
/// shows them); cancelled ones are included, marked.
#[utoipa::path(get, operation_id = "list_sessions", path = "/api/v1/conferences/{slug}/sessions", tag = "agenda",
    params(("slug" = String, Path), PageQuery),
    responses((status = 200, body = Page<PublicSession>), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn sessions(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
    Params(page): Params<PageQuery>,
) -> Result<Json<Page<PublicSession>>, ApiError> {
    let page = page.request(&caller)?;
    let found = agenda::public_agenda(&state.svc, &slug).await.map_err(|e| caller.fail(e))?;
    Ok(Json(page.page(found.agenda.map(|a| a.sessions).unwrap_or_default())))
}

#[utoipa::path(get, operation_id = "get_session", path = "/api/v1/conferences/{slug}/sessions/{uid}", tag = "agenda",
    params(("slug" = String, Path), ("uid" = String, Path)), responses((status = 200, body = PublicSession), (status = 404, body = ErrorBody)))]
pub async fn session(
    State(state): State<AppState>,
    caller: Caller,
    Path((slug, uid)): Path<(String, String)>,
) -> Result<Json<PublicSession>, ApiError> {
    agenda::public_session(&state.svc, &slug, &uid).await.map(|s| Json(s.session)).map_err(|e| caller.fail(e))
}

/// Everyone with a role in the published agenda, in Vietnamese order (given name first), without
/// contact details.
#[utoipa::path(get, operation_id = "list_people", path = "/api/v1/conferences/{slug}/people", tag = "agenda",
    params(("slug" = String, Path), PageQuery),
    responses((status = 200, body = Page<PublicSpeaker>), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn people(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
    Params(page): Params<PageQuery>,
) -> Result<Json<Page<PublicSpeaker>>, ApiError> {
    let page = page.request(&caller)?;
    agenda::speakers(&state.svc, &slug).await.map(|s| Json(page.page(s.speakers))).map_err(|e| caller.fail(e))
}

/// The organizers' draft: sessions, rooms, tracks and the conflicts found in it.
#[utoipa::path(get, operation_id = "get_agenda_draft", path = "/api/v1/conferences/{slug}/agenda/draft", tag = "agenda",
    params(("slug" = String, Path)), security(("token" = [])),
    responses((status = 200, body = AgendaDraft), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn draft(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
) -> Result<Json<AgendaDraft>, ApiError> {
    let id = organized(&state, &caller, &slug).await?;
    agenda::draft(&state.svc, &caller.actor, id).await.map(Json).map_err(|e| caller.fail(e))
}

/// Adds a session to the draft.
#[utoipa::path(post, operation_id = "create_session", path = "/api/v1/conferences/{slug}/agenda/sessions", tag = "agenda",
    params(("slug" = String, Path)), request_body = SessionInput, security(("token" = [])),
    responses((status = 201, body = Session), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
    Body(input): Body<SessionInput>,
) -> Result<(StatusCode, Json<Session>), ApiError> {
    let id = organized(&state, &caller, &slug).await?;
    agenda::create(&state.svc, &caller.actor, id, input)
        .await
        .map(|s| (StatusCode::CREATED, Json(s)))
        .map_err(|e| caller.fail(e))
}

/// A session of the draft, with its people and materials.
#[utoipa::path(get, operation_id = "get_draft_session", path = "/api/v1/agenda/sessions/{id}", tag = "agenda",
    params(("id" = i64, Path)), security(("token" = [])),
    responses((status = 200, body = Session), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<Session>, ApiError> {
    agenda::by_id(&state.svc, &caller.actor, id).await.map(Json).map_err(|e| caller.fail(e))
}

#[utoipa::path(put, operation_id = "update_session", path = "/api/v1/agenda/sessions/{id}", tag = "agenda",
    params(("id" = i64, Path)), request_body = SessionInput, security(("token" = [])),
    responses((status = 200, body = Session), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    Body(input): Body<SessionInput>,
) -> Result<Json<Session>, ApiError> {
    agenda::update(&state.svc, &caller.actor, id, input).await.map(Json).map_err(|e| caller.fail(e))
}

/// Deletes a session from the draft; if it was published, the next version lists it as removed.
#[utoipa::path(delete, operation_id = "delete_session", path = "/api/v1/agenda/sessions/{id}", tag = "agenda",
    params(("id" = i64, Path)), security(("token" = [])),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn delete(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    agenda::delete(&state.svc, &caller.actor, id).await.map(|_| StatusCode::NO_CONTENT).map_err(|e| caller.fail(e))
}

/// Publishes the draft as the next numbered version.
#[utoipa::path(post, operation_id = "publish_agenda", path = "/api/v1/conferences/{slug}/agenda/publish", tag = "agenda",
    params(("slug" = String, Path)), security(("token" = [])),
    responses((status = 201, body = AgendaVersion), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn publish(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
) -> Result<(StatusCode, Json<AgendaVersion>), ApiError> {
    let id = organized(&state, &caller, &slug).await?;
    agenda::publish(&state.svc, &caller.actor, id)
        .await
        .map(|v| (StatusCode::CREATED, Json(v)))
        .map_err(|e| caller.fail(e))
}

/// Every published version with its change list, newest first.
#[utoipa::path(get, operation_id = "list_agenda_versions", path = "/api/v1/conferences/{slug}/agenda/versions", tag = "agenda",
    params(("slug" = String, Path), PageQuery), security(("token" = [])),
    responses((status = 200, body = Page<AgendaVersion>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn versions(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
    Params(page): Params<PageQuery>,
) -> Result<Json<Page<AgendaVersion>>, ApiError> {
    let id = organized(&state, &caller, &slug).await?;
    let page = page.request(&caller)?;
    agenda::versions(&state.svc, &caller.actor, id).await.map(|v| Json(page.page(v))).map_err(|e| caller.fail(e))
}
