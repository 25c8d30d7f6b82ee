//! `/api/v1/tokens`: the caller's own API tokens, listed and revoked. Creating one needs a browser session.

use super::Routes;
use super::error::{ApiError, ErrorBody};
use super::extract::{Body, Caller, PageQuery, Params, Path};
use crate::http::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use hoinghi_domain::account::{ApiToken, NewApiToken};
use hoinghi_domain::paging::Page;
use hoinghi_service::accounts;
use serde::Deserialize;
use utoipa::ToSchema;

pub(super) fn routes() -> Routes {
    Routes::new().get("/tokens", list).post("/tokens", create).delete("/tokens/{id}", revoke)
}

#[derive(Deserialize, ToSchema)]
pub struct TokenRequest {
    /// A name to recognise the token by.
    pub name: String,
}

/// The caller's tokens, newest first (by id).
#[utoipa::path(get, operation_id = "list_tokens", path = "/api/v1/tokens", tag = "tokens", params(PageQuery), security(("token" = [])),
    responses((status = 200, body = Page<ApiToken>), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Params(page): Params<PageQuery>,
) -> Result<Json<Page<ApiToken>>, ApiError> {
    let page = page.request(&caller)?;
    accounts::list_tokens(&state.svc, &caller.actor).await.map(|t| Json(page.page(t))).map_err(|e| caller.fail(e))
}

/// Creating tokens needs a person signed in with their password (under "Khóa API" on the site, or
/// `hoinghi create-token` on the server): a token cannot create tokens, so this answers 403 to every
/// API token (401 without one).
#[utoipa::path(post, operation_id = "create_token", path = "/api/v1/tokens", tag = "tokens", request_body = TokenRequest, security(("token" = [])),
    responses((status = 201, body = NewApiToken), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    Body(req): Body<TokenRequest>,
) -> Result<(StatusCode, Json<NewApiToken>), ApiError> {
    accounts::create_token(&state.svc, &caller.actor, &req.name)
        .await
        .map(|t| (StatusCode::CREATED, Json(t)))
        .map_err(|e| caller.fail(e))
}

#[utoipa::path(delete, operation_id = "revoke_token", path = "/api/v1/tokens/{id}", tag = "tokens", params(("id" = i64, Path)), security(("token" = [])),
    responses((status = 204), (status = 404, body = ErrorBody)))]
pub async fn revoke(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    accounts::revoke_token(&state.svc, &caller.actor, id)
        .await
        .map(|_| StatusCode::NO_CONTENT)
        .map_err(|e| caller.fail(e))
}
