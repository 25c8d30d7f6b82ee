//! The minutes (biên bản) of a conference, for its organizers: read (the pre-filled draft before the
//! first save), save with a revision check, read back (đọc lại) to the meeting, make final (locked, with
//! the hashes of its content and PDF), correct. The PDF is `GET …/documents/minutes.pdf`.

use super::Routes;
use super::error::{ApiError, ErrorBody, ErrorDetail};
use super::extract::{Body, Caller, Path};
use super::lookup::organized;
use crate::http::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use hoinghi_domain::minutes::{MinutesConflict, MinutesContent, MinutesView};
use hoinghi_domain::{AppError, Message};
use hoinghi_service::minutes::{self, SaveOutcome};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub(super) fn routes() -> Routes {
    Routes::new()
        .get("/conferences/{slug}/minutes", get)
        .put("/conferences/{slug}/minutes", save)
        .post("/conferences/{slug}/minutes/review", review)
        .post("/conferences/{slug}/minutes/draft", back_to_draft)
        .post("/conferences/{slug}/minutes/finalize", finalize)
        .post("/conferences/{slug}/minutes/corrections", correct)
}

async fn view(state: &AppState, caller: &Caller, conference_id: i64) -> Result<Json<MinutesView>, ApiError> {
    minutes::view(&state.svc, &caller.actor, conference_id).await.map(Json).map_err(|e| caller.fail(e))
}

/// The current version with its latest text, its saves and every version; before the first save, the
/// draft pre-filled from the conference's data with `revision` 0.
#[utoipa::path(get, operation_id = "get_minutes", path = "/api/v1/conferences/{slug}/minutes", tag = "minutes",
    params(("slug" = String, Path)), security(("token" = [])),
    responses((status = 200, body = MinutesView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
) -> Result<Json<MinutesView>, ApiError> {
    let id = organized(&state, &caller, &slug).await?;
    view(&state, &caller, id).await
}

#[derive(Deserialize, ToSchema)]
pub struct MinutesSave {
    /// The `revision` the text was read at (0 for the first save).
    pub revision: i64,
    pub content: MinutesContent,
}

/// A refused save: the error and, when someone saved first (code `conflict`), both texts. Nothing was
/// written.
#[derive(Serialize, ToSchema)]
pub struct MinutesSaveConflict {
    pub error: ErrorDetail,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conflict: Option<MinutesConflict>,
}

/// Saves the text as a new revision if `revision` is still the latest; answers the minutes as now
/// stored (read them back: the text as cleaned, the new revision). If someone saved in between, 409 with
/// the text sent and the text saved, and nothing is written. Final minutes refuse saves (409).
#[utoipa::path(put, operation_id = "save_minutes", path = "/api/v1/conferences/{slug}/minutes", tag = "minutes",
    params(("slug" = String, Path)), request_body = MinutesSave, security(("token" = [])),
    responses((status = 200, body = MinutesView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "Someone saved first (code `conflict`, with both texts), or the minutes are final (code `rejected`)", body = MinutesSaveConflict),
        (status = 422, body = ErrorBody)))]
pub async fn save(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
    Body(input): Body<MinutesSave>,
) -> Result<Response, ApiError> {
    let id = organized(&state, &caller, &slug).await?;
    match minutes::save(&state.svc, &caller.actor, id, input.revision, input.content).await {
        Ok(SaveOutcome::Saved { .. }) => view(&state, &caller, id).await.map(IntoResponse::into_response),
        Ok(SaveOutcome::Conflict(conflict)) => {
            let error = caller.fail(AppError::Conflict { message: Message::new("minutes-conflict-title") });
            let body = MinutesSaveConflict { error: error.detail(), conflict: Some(*conflict) };
            Ok((StatusCode::CONFLICT, Json(body)).into_response())
        }
        Err(e) => Err(caller.fail(e)),
    }
}

#[derive(Deserialize, ToSchema)]
pub struct AtRevision {
    /// The revision the organizer saw; a change of state applies to that text only (409 otherwise).
    pub revision: i64,
}

/// Draft → read back (đọc lại) to the meeting (state `review`).
#[utoipa::path(post, operation_id = "read_back_minutes", path = "/api/v1/conferences/{slug}/minutes/review", tag = "minutes",
    params(("slug" = String, Path)), request_body = AtRevision, security(("token" = [])),
    responses((status = 200, body = MinutesView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn review(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
    Body(at): Body<AtRevision>,
) -> Result<Json<MinutesView>, ApiError> {
    let id = organized(&state, &caller, &slug).await?;
    minutes::send_for_review(&state.svc, &caller.actor, id, at.revision).await.map_err(|e| caller.fail(e))?;
    view(&state, &caller, id).await
}

/// Read back → draft again, for changes asked for at the reading.
#[utoipa::path(post, operation_id = "minutes_back_to_draft", path = "/api/v1/conferences/{slug}/minutes/draft", tag = "minutes",
    params(("slug" = String, Path)), request_body = AtRevision, security(("token" = [])),
    responses((status = 200, body = MinutesView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn back_to_draft(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
    Body(at): Body<AtRevision>,
) -> Result<Json<MinutesView>, ApiError> {
    let id = organized(&state, &caller, &slug).await?;
    minutes::back_to_draft(&state.svc, &caller.actor, id, at.revision).await.map_err(|e| caller.fail(e))?;
    view(&state, &caller, id).await
}

/// Read back → final: locked, with the SHA-256 of the canonical content and of the PDF (in `current`).
#[utoipa::path(post, operation_id = "finalize_minutes", path = "/api/v1/conferences/{slug}/minutes/finalize", tag = "minutes",
    params(("slug" = String, Path)), request_body = AtRevision, security(("token" = [])),
    responses((status = 200, body = MinutesView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn finalize(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
    Body(at): Body<AtRevision>,
) -> Result<Json<MinutesView>, ApiError> {
    let id = organized(&state, &caller, &slug).await?;
    minutes::finalize(&state.svc, &caller.actor, id, at.revision).await.map_err(|e| caller.fail(e))?;
    view(&state, &caller, id).await
}

#[derive(Deserialize, ToSchema)]
pub struct Correction {
    /// Why the final minutes are corrected (kept with the new version).
    pub reason: String,
}

/// Corrects final minutes: a new draft version starting from the final text, recording which version it
/// replaces and why. The final version stays as it was.
#[utoipa::path(post, operation_id = "correct_minutes", path = "/api/v1/conferences/{slug}/minutes/corrections", tag = "minutes",
    params(("slug" = String, Path)), request_body = Correction, security(("token" = [])),
    responses((status = 201, body = MinutesView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn correct(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
    Body(c): Body<Correction>,
) -> Result<(StatusCode, Json<MinutesView>), ApiError> {
    let id = organized(&state, &caller, &slug).await?;
    minutes::correct(&state.svc, &caller.actor, id, &c.reason).await.map_err(|e| caller.fail(e))?;
    view(&state, &caller, id).await.map(|v| (StatusCode::CREATED, v))
}
