//! `/api/v1/admin-units`: the provincial-level units in force on a date.

use super::error::{ApiError, ErrorBody};
use super::extract::Caller;
use crate::http::AppState;
use axum::Json;
use axum::extract::{Query, State};
use hoinghi_domain::AppError;
use hoinghi_domain::reference::AdminUnit;
use serde::Deserialize;
use utoipa::IntoParams;

#[derive(Deserialize, IntoParams)]
pub struct On {
    /// `YYYY-MM-DD`; today by default.
    on: Option<String>,
}

#[utoipa::path(get, operation_id = "list_admin_units", path = "/api/v1/admin-units", tag = "reference", params(On),
    responses((status = 200, body = [AdminUnit]), (status = 422, body = ErrorBody)))]
pub async fn admin_units(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<On>,
) -> Result<Json<Vec<AdminUnit>>, ApiError> {
    let on = match q.on {
        Some(d) => hoinghi_service::validate::parse_date(&d)
            .map_err(|message| caller.fail(AppError::invalid("on", message)))?
            .to_string(),
        None => chrono::Utc::now().date_naive().to_string(),
    };
    hoinghi_service::reference::list_admin_units(&state.svc, &on).await.map(Json).map_err(|e| caller.fail(e))
}
