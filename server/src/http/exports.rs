//! `/manage/c/{slug}/registrations.csv|.xlsx`: the delegate list for organizers (and a coordinator's unit).

use super::AppState;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use hoinghi_app::ssr::RequestContext;
use hoinghi_domain::AppError;
use hoinghi_service::{conferences, registration};

async fn conference_id(state: &AppState, ctx: &RequestContext, slug: &str) -> Result<i64, AppError> {
    match conferences::by_slug_for_organizer(&state.svc, &ctx.actor, slug).await {
        Ok(c) => Ok(c.id),
        Err(_) => conferences::by_slug_public(&state.svc, slug).await.map(|c| c.id).map_err(Into::into),
    }
}

fn file(bytes: Vec<u8>, content_type: &'static str, name: &str) -> Response {
    let mut r = bytes.into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    r
}

fn refuse(e: AppError) -> Response {
    StatusCode::from_u16(e.status()).unwrap_or(StatusCode::FORBIDDEN).into_response()
}

pub async fn csv(State(state): State<AppState>, Path(slug): Path<String>, req: Request) -> Response {
    let ctx = req.extensions().get::<RequestContext>().cloned().unwrap_or_default();
    let result = async {
        let id = conference_id(&state, &ctx, &slug).await?;
        registration::export_csv(&state.svc, &ctx.actor, id, ctx.locale).await.map_err(AppError::from)
    }
    .await;
    match result {
        Ok(bytes) => file(bytes, "text/csv; charset=utf-8", &format!("dai-bieu-{slug}.csv")),
        Err(e) => refuse(e),
    }
}

pub async fn xlsx(State(state): State<AppState>, Path(slug): Path<String>, req: Request) -> Response {
    let ctx = req.extensions().get::<RequestContext>().cloned().unwrap_or_default();
    let result = async {
        let id = conference_id(&state, &ctx, &slug).await?;
        registration::export_xlsx(&state.svc, &ctx.actor, id, ctx.locale).await.map_err(AppError::from)
    }
    .await;
    match result {
        Ok(bytes) => file(
            bytes,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            &format!("dai-bieu-{slug}.xlsx"),
        ),
        Err(e) => refuse(e),
    }
}

/// `/manage/c/{slug}/feedback/{id}/results.csv`: a form's answers, for organizers.
pub async fn feedback_csv(State(state): State<AppState>, Path((_, id)): Path<(String, i64)>, req: Request) -> Response {
    let ctx = req.extensions().get::<RequestContext>().cloned().unwrap_or_default();
    match hoinghi_service::feedback::results_csv(&state.svc, &ctx.actor, id, ctx.locale).await {
        Ok(bytes) => file(bytes, "text/csv; charset=utf-8", &format!("gop-y-{id}.csv")),
        Err(e) => refuse(e.into()),
    }
}

/// `/manage/c/{slug}/feedback/{id}/results.xlsx`
pub async fn feedback_xlsx(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, i64)>,
    req: Request,
) -> Response {
    let ctx = req.extensions().get::<RequestContext>().cloned().unwrap_or_default();
    match hoinghi_service::feedback::results_xlsx(&state.svc, &ctx.actor, id, ctx.locale).await {
        Ok(bytes) => file(
            bytes,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            &format!("gop-y-{id}.xlsx"),
        ),
        Err(e) => refuse(e.into()),
    }
}

/// `/manage/c/{slug}/feedback/{id}/report.pdf`: the results as an official-format report.
pub async fn feedback_pdf(State(state): State<AppState>, Path((_, id)): Path<(String, i64)>, req: Request) -> Response {
    let ctx = req.extensions().get::<RequestContext>().cloned().unwrap_or_default();
    match hoinghi_service::feedback::results_pdf(&state.svc, &ctx.actor, id).await {
        Ok(bytes) => file(bytes, "application/pdf", &format!("bao-cao-gop-y-{id}.pdf")),
        Err(e) => refuse(e.into()),
    }
}
