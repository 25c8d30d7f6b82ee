//! The agenda in the API: the published agenda, sessions and speakers (public), and for organizers the
//! draft with its conflicts, session edits, publishing and the version history.

use super::error::{ApiError, ErrorBody};
use super::extract::{Body, Caller};
use crate::http::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use hoinghi_domain::AppError;
use hoinghi_domain::agenda::{
    AgendaDraft, AgendaVersion, PublicAgenda, PublicSession, Room, RoomInput, Session, SessionInput, Track, TrackInput,
};
use hoinghi_domain::people::{Person, PersonInput, PublicSpeaker};
use hoinghi_service::{agenda, conferences, people};

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

/// The sessions of the published agenda, in time order (cancelled ones included, marked).
#[utoipa::path(get, operation_id = "list_sessions", path = "/api/v1/conferences/{slug}/sessions", tag = "agenda",
    params(("slug" = String, Path)), responses((status = 200, body = [PublicSession]), (status = 404, body = ErrorBody)))]
pub async fn sessions(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
) -> Result<Json<Vec<PublicSession>>, ApiError> {
    let found = agenda::public_agenda(&state.svc, &slug).await.map_err(|e| caller.fail(e))?;
    Ok(Json(found.agenda.map(|a| a.sessions).unwrap_or_default()))
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

/// Everyone with a role in the published agenda, in Vietnamese order (given name first).
#[utoipa::path(get, operation_id = "list_people", path = "/api/v1/conferences/{slug}/people", tag = "agenda",
    params(("slug" = String, Path)), responses((status = 200, body = [PublicSpeaker]), (status = 404, body = ErrorBody)))]
pub async fn people(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
) -> Result<Json<Vec<PublicSpeaker>>, ApiError> {
    agenda::speakers(&state.svc, &slug).await.map(|s| Json(s.speakers)).map_err(|e| caller.fail(e))
}

async fn conference_id(state: &AppState, caller: &Caller, slug: &str) -> Result<i64, ApiError> {
    conferences::by_slug_for_organizer(&state.svc, &caller.actor, slug).await.map(|c| c.id).map_err(|e| caller.fail(e))
}

/// The organizers' draft: sessions, rooms, tracks and the conflicts found in it.
#[utoipa::path(get, operation_id = "get_agenda_draft", path = "/api/v1/conferences/{slug}/agenda/draft", tag = "agenda",
    params(("slug" = String, Path)), security(("token" = [])), responses((status = 200, body = AgendaDraft), (status = 403, body = ErrorBody)))]
pub async fn draft(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
) -> Result<Json<AgendaDraft>, ApiError> {
    let id = conference_id(&state, &caller, &slug).await?;
    agenda::draft(&state.svc, &caller.actor, id).await.map(Json).map_err(|e| caller.fail(e))
}

/// Adds a session to the draft.
#[utoipa::path(post, operation_id = "create_session", path = "/api/v1/conferences/{slug}/agenda/sessions", tag = "agenda",
    params(("slug" = String, Path)), request_body = SessionInput, security(("token" = [])),
    responses((status = 201, body = Session), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
    Body(input): Body<SessionInput>,
) -> Result<(StatusCode, Json<Session>), ApiError> {
    let id = conference_id(&state, &caller, &slug).await?;
    agenda::create(&state.svc, &caller.actor, id, input)
        .await
        .map(|s| (StatusCode::CREATED, Json(s)))
        .map_err(|e| caller.fail(e))
}

#[utoipa::path(put, operation_id = "update_session", path = "/api/v1/agenda/sessions/{id}", tag = "agenda",
    params(("id" = i64, Path)), request_body = SessionInput, security(("token" = [])),
    responses((status = 200, body = Session), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    Body(input): Body<SessionInput>,
) -> Result<Json<Session>, ApiError> {
    agenda::update(&state.svc, &caller.actor, id, input).await.map(Json).map_err(|e| caller.fail(e))
}

#[utoipa::path(delete, operation_id = "delete_session", path = "/api/v1/agenda/sessions/{id}", tag = "agenda",
    params(("id" = i64, Path)), security(("token" = [])), responses((status = 204), (status = 404, body = ErrorBody)))]
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
    responses((status = 201, body = AgendaVersion), (status = 409, body = ErrorBody)))]
pub async fn publish(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
) -> Result<(StatusCode, Json<AgendaVersion>), ApiError> {
    let id = conference_id(&state, &caller, &slug).await?;
    agenda::publish(&state.svc, &caller.actor, id)
        .await
        .map(|v| (StatusCode::CREATED, Json(v)))
        .map_err(|e| caller.fail(e))
}

/// Every published version with its change list, newest first.
#[utoipa::path(get, operation_id = "list_agenda_versions", path = "/api/v1/conferences/{slug}/agenda/versions", tag = "agenda",
    params(("slug" = String, Path)), security(("token" = [])), responses((status = 200, body = [AgendaVersion]), (status = 403, body = ErrorBody)))]
pub async fn versions(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
) -> Result<Json<Vec<AgendaVersion>>, ApiError> {
    let id = conference_id(&state, &caller, &slug).await?;
    agenda::versions(&state.svc, &caller.actor, id).await.map(Json).map_err(|e| caller.fail(e))
}

/// Adds a room to the conference.
#[utoipa::path(post, operation_id = "create_room", path = "/api/v1/conferences/{slug}/agenda/rooms", tag = "agenda",
    params(("slug" = String, Path)), request_body = RoomInput, security(("token" = [])),
    responses((status = 201, body = Room), (status = 422, body = ErrorBody)))]
pub async fn create_room(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
    Body(input): Body<RoomInput>,
) -> Result<(StatusCode, Json<Room>), ApiError> {
    let id = conference_id(&state, &caller, &slug).await?;
    agenda::create_room(&state.svc, &caller.actor, id, input)
        .await
        .map(|r| (StatusCode::CREATED, Json(r)))
        .map_err(|e| caller.fail(e))
}

/// Adds a track to the conference.
#[utoipa::path(post, operation_id = "create_track", path = "/api/v1/conferences/{slug}/agenda/tracks", tag = "agenda",
    params(("slug" = String, Path)), request_body = TrackInput, security(("token" = [])),
    responses((status = 201, body = Track), (status = 422, body = ErrorBody)))]
pub async fn create_track(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
    Body(input): Body<TrackInput>,
) -> Result<(StatusCode, Json<Track>), ApiError> {
    let id = conference_id(&state, &caller, &slug).await?;
    agenda::create_track(&state.svc, &caller.actor, id, input)
        .await
        .map(|t| (StatusCode::CREATED, Json(t)))
        .map_err(|e| caller.fail(e))
}

/// Adds a person (speaker, trainer, chair…) to the conference's list; contact details stay private.
#[utoipa::path(post, operation_id = "create_person", path = "/api/v1/conferences/{slug}/agenda/people", tag = "agenda",
    params(("slug" = String, Path)), request_body = PersonInput, security(("token" = [])),
    responses((status = 201, body = Person), (status = 422, body = ErrorBody)))]
pub async fn create_person(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
    Body(input): Body<PersonInput>,
) -> Result<(StatusCode, Json<Person>), ApiError> {
    let id = conference_id(&state, &caller, &slug).await?;
    people::create(&state.svc, &caller.actor, id, input)
        .await
        .map(|p| (StatusCode::CREATED, Json(p)))
        .map_err(|e| caller.fail(e))
}

#[derive(serde::Deserialize, utoipa::ToSchema)]
pub struct RoleRequest {
    pub person_id: i64,
    /// chair, presenter, trainer, speaker or secretary.
    pub role: String,
}

/// Gives a person a role in a session of the draft.
#[utoipa::path(post, operation_id = "add_session_person", path = "/api/v1/agenda/sessions/{id}/people", tag = "agenda",
    params(("id" = i64, Path)), request_body = RoleRequest, security(("token" = [])),
    responses((status = 204), (status = 422, body = ErrorBody)))]
pub async fn add_person(
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
