//! Registrations in the API: public counts; for organizers' tokens the delegate list, nominations,
//! approval, rejection, cancellation, check-in, a new private calendar address, settings and quotas;
//! agencies and units for integrators.

use super::error::{ApiError, ErrorBody};
use super::extract::{Body, Caller};
use crate::http::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use hoinghi_domain::reference::{Agency, Unit};
use hoinghi_domain::registration::{
    ClassQuotaInput, DelegateList, PublicRegistrationState, Quotas, Registration, RegistrationInput,
    RegistrationSettings, SettingsInput,
};
use hoinghi_service::reference::{AgencyInput, UnitInput};
use hoinghi_service::{calendar, conferences, reference, registration};
use serde::Deserialize;
use utoipa::ToSchema;

async fn conference_id(state: &AppState, caller: &Caller, slug: &str) -> Result<i64, ApiError> {
    match conferences::by_slug_for_organizer(&state.svc, &caller.actor, slug).await {
        Ok(c) => Ok(c.id),
        Err(_) => conferences::by_slug_public(&state.svc, slug).await.map(|c| c.id).map_err(|e| caller.fail(e)),
    }
}

/// Whether registration is open, and how many seats are taken: all the public may know.
#[utoipa::path(get, operation_id = "get_registration_state", path = "/api/v1/conferences/{slug}/registration", tag = "registration",
    params(("slug" = String, Path)), responses((status = 200, body = PublicRegistrationState), (status = 404, body = ErrorBody)))]
pub async fn public_state(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
) -> Result<Json<PublicRegistrationState>, ApiError> {
    registration::public_state(&state.svc, &slug).await.map(Json).map_err(|e| caller.fail(e))
}

/// The delegates, grouped by province and unit (a coordinator's token sees its unit only).
#[utoipa::path(get, operation_id = "list_registrations", path = "/api/v1/conferences/{slug}/registrations", tag = "registration",
    params(("slug" = String, Path)), security(("token" = [])), responses((status = 200, body = DelegateList), (status = 403, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
) -> Result<Json<DelegateList>, ApiError> {
    let id = conference_id(&state, &caller, &slug).await?;
    registration::list(&state.svc, &caller.actor, id, None).await.map(Json).map_err(|e| caller.fail(e))
}

/// Registers a delegate on their unit's behalf (confirmed or waiting under the same limits). A request
/// sent again with the same `submission` key, or with identical details within ten minutes, answers the
/// registration it stored (200) instead of refusing it as a duplicate.
#[utoipa::path(post, operation_id = "create_registration", path = "/api/v1/conferences/{slug}/registrations", tag = "registration",
    params(("slug" = String, Path)), request_body = RegistrationInput, security(("token" = [])),
    responses((status = 201, body = Registration), (status = 200, description = "The same submission, stored before", body = Registration),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody), (status = 503, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
    Body(input): Body<RegistrationInput>,
) -> Result<(StatusCode, Json<Registration>), ApiError> {
    let id = conference_id(&state, &caller, &slug).await?;
    registration::register(&state.svc, &caller.actor, id, input, caller.locale, registration::Source::Organizer)
        .await
        .map(|r| {
            let status = if r.repeat == registration::Repeat::No { StatusCode::CREATED } else { StatusCode::OK };
            (status, Json(r.registration))
        })
        .map_err(|e| caller.fail(e))
}

#[utoipa::path(get, operation_id = "get_registration", path = "/api/v1/registrations/{id}", tag = "registration",
    params(("id" = i64, Path)), security(("token" = [])), responses((status = 200, body = Registration), (status = 404, body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<Registration>, ApiError> {
    registration::detail(&state.svc, &caller.actor, id).await.map(|(r, _)| Json(r)).map_err(|e| caller.fail(e))
}

#[derive(Deserialize, ToSchema)]
pub struct Reason {
    /// Told to the delegate; required to reject.
    #[serde(default)]
    pub reason: String,
}

#[utoipa::path(post, operation_id = "approve_registration", path = "/api/v1/registrations/{id}/approve", tag = "registration",
    params(("id" = i64, Path)), security(("token" = [])), responses((status = 204), (status = 409, body = ErrorBody)))]
pub async fn approve(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    registration::approve(&state.svc, &caller.actor, &[id])
        .await
        .map(|_| StatusCode::NO_CONTENT)
        .map_err(|e| caller.fail(e))
}

#[utoipa::path(post, operation_id = "reject_registration", path = "/api/v1/registrations/{id}/reject", tag = "registration",
    params(("id" = i64, Path)), request_body = Reason, security(("token" = [])), responses((status = 204), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn reject(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    Body(r): Body<Reason>,
) -> Result<StatusCode, ApiError> {
    registration::reject(&state.svc, &caller.actor, &[id], &r.reason)
        .await
        .map(|_| StatusCode::NO_CONTENT)
        .map_err(|e| caller.fail(e))
}

#[utoipa::path(post, operation_id = "cancel_registration", path = "/api/v1/registrations/{id}/cancel", tag = "registration",
    params(("id" = i64, Path)), request_body = Reason, security(("token" = [])), responses((status = 204), (status = 409, body = ErrorBody)))]
pub async fn cancel(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    Body(r): Body<Reason>,
) -> Result<StatusCode, ApiError> {
    registration::cancel(&state.svc, &caller.actor, &[id], &r.reason)
        .await
        .map(|_| StatusCode::NO_CONTENT)
        .map_err(|e| caller.fail(e))
}

/// Gives the delegate a new private calendar address; the old one stops working (404). The conference's
/// organizers and administrators.
#[utoipa::path(post, operation_id = "reset_registration_calendar", path = "/api/v1/registrations/{id}/calendar/reset", tag = "registration",
    params(("id" = i64, Path)), security(("token" = [])),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn reset_calendar(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    calendar::reset_delegate_feed(&state.svc, &caller.actor, id)
        .await
        .map(|_| StatusCode::NO_CONTENT)
        .map_err(|e| caller.fail(e))
}

#[derive(Deserialize, ToSchema)]
pub struct CheckinRequest {
    /// "day:YYYY-MM-DD" or "session:<uid>".
    pub scope: String,
}

#[utoipa::path(post, operation_id = "check_in", path = "/api/v1/registrations/{id}/checkins", tag = "registration",
    params(("id" = i64, Path)), request_body = CheckinRequest, security(("token" = [])), responses((status = 204), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn check_in(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    Body(r): Body<CheckinRequest>,
) -> Result<StatusCode, ApiError> {
    registration::check_in(&state.svc, &caller.actor, id, &r.scope)
        .await
        .map(|_| StatusCode::NO_CONTENT)
        .map_err(|e| caller.fail(e))
}

#[utoipa::path(put, operation_id = "update_registration_settings", path = "/api/v1/conferences/{slug}/registration-settings", tag = "registration",
    params(("slug" = String, Path)), request_body = SettingsInput, security(("token" = [])),
    responses((status = 200, body = RegistrationSettings), (status = 422, body = ErrorBody)))]
pub async fn settings(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
    Body(input): Body<SettingsInput>,
) -> Result<Json<RegistrationSettings>, ApiError> {
    let id = conference_id(&state, &caller, &slug).await?;
    registration::update_settings(&state.svc, &caller.actor, id, input).await.map(Json).map_err(|e| caller.fail(e))
}

#[derive(Deserialize, ToSchema)]
pub struct QuotaRequest {
    /// Seats the unit may fill; null removes the unit's own quota.
    pub quota: Option<i64>,
}

#[utoipa::path(put, operation_id = "set_unit_quota", path = "/api/v1/conferences/{slug}/quotas/{unit_id}", tag = "registration",
    params(("slug" = String, Path), ("unit_id" = i64, Path)), request_body = QuotaRequest, security(("token" = [])),
    responses((status = 204), (status = 422, body = ErrorBody)))]
pub async fn quota(
    State(state): State<AppState>,
    caller: Caller,
    Path((slug, unit)): Path<(String, i64)>,
    Body(q): Body<QuotaRequest>,
) -> Result<StatusCode, ApiError> {
    let id = conference_id(&state, &caller, &slug).await?;
    let quota = q.quota.map(|n| n.to_string()).unwrap_or_default();
    registration::set_quota(&state.svc, &caller.actor, id, &unit.to_string(), &quota)
        .await
        .map(|_| StatusCode::NO_CONTENT)
        .map_err(|e| caller.fail(e))
}

#[utoipa::path(get, operation_id = "list_agencies", path = "/api/v1/agencies", tag = "reference", security(("token" = [])),
    responses((status = 200, body = [Agency]), (status = 401, body = ErrorBody)))]
pub async fn agencies(State(state): State<AppState>, caller: Caller) -> Result<Json<Vec<Agency>>, ApiError> {
    reference::list_agencies(&state.svc, &caller.actor).await.map(Json).map_err(|e| caller.fail(e))
}

/// Creates an agency (administrators).
#[utoipa::path(post, operation_id = "create_agency", path = "/api/v1/agencies", tag = "reference", request_body = AgencyInput, security(("token" = [])),
    responses((status = 201, body = Agency), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
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
    request_body = UnitInput, security(("token" = [])), responses((status = 201, body = Unit), (status = 422, body = ErrorBody)))]
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

/// The quotas: the conference's seats per unit and each training class's seats per unit (a coordinator's
/// token sees those of its unit, with its counts).
#[utoipa::path(get, operation_id = "get_quotas", path = "/api/v1/conferences/{slug}/quotas", tag = "registration",
    params(("slug" = String, Path)), security(("token" = [])), responses((status = 200, body = Quotas), (status = 403, body = ErrorBody)))]
pub async fn quotas(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
) -> Result<Json<Quotas>, ApiError> {
    let id = conference_id(&state, &caller, &slug).await?;
    registration::quotas_of(&state.svc, &caller.actor, id).await.map(Json).map_err(|e| caller.fail(e))
}

/// Sets how many seats of a training class the delegates of one unit may hold (`unit_id` null: every unit
/// without its own); a null `quota` removes it. Held under the same lock as every limit, and by
/// promotions from the class's queue.
#[utoipa::path(put, operation_id = "set_class_quota", path = "/api/v1/conferences/{slug}/class-quotas", tag = "registration",
    params(("slug" = String, Path)), request_body = ClassQuotaInput, security(("token" = [])),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn class_quota(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
    Body(input): Body<ClassQuotaInput>,
) -> Result<StatusCode, ApiError> {
    let id = conference_id(&state, &caller, &slug).await?;
    registration::set_class_quota(&state.svc, &caller.actor, id, input)
        .await
        .map(|_| StatusCode::NO_CONTENT)
        .map_err(|e| caller.fail(e))
}
