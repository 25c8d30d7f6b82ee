//! The conference a path's slug names, as the service lets the caller see it.

use super::error::ApiError;
use super::extract::Caller;
use crate::http::AppState;
use hoinghi_service::conferences;

/// A conference the caller organizes (401 without a token, 403 for others, 404 if there is none).
pub async fn organized(state: &AppState, caller: &Caller, slug: &str) -> Result<i64, ApiError> {
    conferences::by_slug_for_organizer(&state.svc, &caller.actor, slug).await.map(|c| c.id).map_err(|e| caller.fail(e))
}

/// A conference whose registrations the caller may see: its organizers', or a published one, where the
/// registration functions decide (a unit's coordinator sees their unit).
pub async fn registrations_of(state: &AppState, caller: &Caller, slug: &str) -> Result<i64, ApiError> {
    match conferences::by_slug_for_organizer(&state.svc, &caller.actor, slug).await {
        Ok(c) => Ok(c.id),
        Err(_) => conferences::by_slug_public(&state.svc, slug).await.map(|c| c.id).map_err(|e| caller.fail(e)),
    }
}
