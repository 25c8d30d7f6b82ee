//! Registrations in the API: public counts; for organizers' tokens the delegate list (a page at a time,
//! or as CSV and XLSX), nominations, approval, rejection, cancellation, a new private calendar address,
//! settings and quotas. Check-in is in `checkin`, the form's own questions in `questions`.

use super::Routes;
use super::error::{ApiError, ErrorBody, FileBytes};
use super::extract::{Body, Caller, PageQuery, Params, Path};
use super::lookup::registrations_of as conference_id;
use crate::http::{AppState, exports};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use hoinghi_domain::registration::{
    ClassQuotaInput, DelegatePage, PublicRegistrationState, Quotas, Registration, RegistrationInput,
    RegistrationSettings, SettingsInput,
};
use hoinghi_service::{calendar, registration};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

pub(super) fn routes() -> Routes {
    Routes::new()
        .get("/conferences/{slug}/registration", public_state)
        .get("/conferences/{slug}/registrations", list)
        .post("/conferences/{slug}/registrations", create)
        .get("/conferences/{slug}/registrations.csv", csv)
        .get("/conferences/{slug}/registrations.xlsx", xlsx)
        .get("/conferences/{slug}/registration-settings", get_settings)
        .put("/conferences/{slug}/registration-settings", settings)
        .put("/conferences/{slug}/quotas/{unit_id}", quota)
        .get("/conferences/{slug}/quotas", quotas)
        .put("/conferences/{slug}/class-quotas", class_quota)
        .get("/registrations/{id}", get)
        .post("/registrations/{id}/approve", approve)
        .post("/registrations/{id}/reject", reject)
        .post("/registrations/{id}/cancel", cancel)
        .post("/registrations/{id}/calendar/reset", reset_calendar)
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

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StatusQuery {
    /// Only registrations in this status: pending, confirmed, waiting, rejected or cancelled.
    #[serde(default)]
    status: String,
}

/// The delegates a page at a time, in the order of the printed list: province, then agency or unit,
/// then name (given, middle, family) and id; with the totals of everyone the caller may see (a
/// coordinator's token sees its unit only).
#[utoipa::path(get, operation_id = "list_registrations", path = "/api/v1/conferences/{slug}/registrations", tag = "registration",
    params(("slug" = String, Path), StatusQuery, PageQuery), security(("token" = [])),
    responses((status = 200, body = DelegatePage), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
    Params(filter): Params<StatusQuery>,
    Params(page): Params<PageQuery>,
) -> Result<Json<DelegatePage>, ApiError> {
    let id = conference_id(&state, &caller, &slug).await?;
    let page = page.request(&caller)?;
    registration::list_page(&state.svc, &caller.actor, id, &filter.status, page)
        .await
        .map(Json)
        .map_err(|e| caller.fail(e))
}

/// The delegate list as CSV (UTF-8 with BOM), columns named in the caller's language.
#[utoipa::path(get, operation_id = "export_registrations_csv", path = "/api/v1/conferences/{slug}/registrations.csv", tag = "registration",
    params(("slug" = String, Path)), security(("token" = [])),
    responses((status = 200, content_type = "text/csv", body = String), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn csv(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
) -> Result<Response, ApiError> {
    let id = conference_id(&state, &caller, &slug).await?;
    exports::registrations_csv(&state.svc, &caller.actor, id, &slug, caller.locale).await.map_err(|e| caller.fail(e))
}

/// The delegate list as an Excel workbook.
#[utoipa::path(get, operation_id = "export_registrations_xlsx", path = "/api/v1/conferences/{slug}/registrations.xlsx", tag = "registration",
    params(("slug" = String, Path)), security(("token" = [])),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = FileBytes),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn xlsx(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
) -> Result<Response, ApiError> {
    let id = conference_id(&state, &caller, &slug).await?;
    exports::registrations_xlsx(&state.svc, &caller.actor, id, &slug, caller.locale).await.map_err(|e| caller.fail(e))
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

/// How registration works: the window, approval, the waiting list, the default unit quota.
#[utoipa::path(get, operation_id = "get_registration_settings", path = "/api/v1/conferences/{slug}/registration-settings", tag = "registration",
    params(("slug" = String, Path)), security(("token" = [])),
    responses((status = 200, body = RegistrationSettings), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_settings(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
) -> Result<Json<RegistrationSettings>, ApiError> {
    let id = conference_id(&state, &caller, &slug).await?;
    registration::settings(&state.svc, &caller.actor, id).await.map(Json).map_err(|e| caller.fail(e))
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
