//! Organizer downloads: the delegate list (`/manage/c/{slug}/registrations.csv|.xlsx`, for organizers
//! and a coordinator's unit) and a feedback form's results (CSV, XLSX, PDF report). The answers are
//! built here once for the site and the API (`/api/v1/…`), which differ only in how they refuse.

use super::AppState;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use hoinghi_app::ssr::RequestContext;
use hoinghi_domain::{AppError, Locale};
use hoinghi_service::accounts::Actor;
use hoinghi_service::{Service, conferences, feedback, registration};

const CSV: &str = "text/csv; charset=utf-8";
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

async fn conference_id(state: &AppState, ctx: &RequestContext, slug: &str) -> Result<i64, AppError> {
    match conferences::by_slug_for_organizer(&state.svc, &ctx.actor, slug).await {
        Ok(c) => Ok(c.id),
        Err(_) => conferences::by_slug_public(&state.svc, slug).await.map(|c| c.id).map_err(Into::into),
    }
}

/// A private download with its file name.
pub(crate) fn file(bytes: Vec<u8>, content_type: &'static str, name: &str) -> Response {
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

type Made = Result<Response, hoinghi_service::Error>;

pub(crate) async fn registrations_csv(svc: &Service, actor: &Actor, id: i64, slug: &str, locale: Locale) -> Made {
    let bytes = registration::export_csv(svc, actor, id, locale).await?;
    Ok(file(bytes, CSV, &format!("dai-bieu-{slug}.csv")))
}

pub(crate) async fn registrations_xlsx(svc: &Service, actor: &Actor, id: i64, slug: &str, locale: Locale) -> Made {
    let bytes = registration::export_xlsx(svc, actor, id, locale).await?;
    Ok(file(bytes, XLSX, &format!("dai-bieu-{slug}.xlsx")))
}

pub(crate) async fn feedback_results_csv(svc: &Service, actor: &Actor, form_id: i64, locale: Locale) -> Made {
    let bytes = feedback::results_csv(svc, actor, form_id, locale).await?;
    Ok(file(bytes, CSV, &format!("gop-y-{form_id}.csv")))
}

pub(crate) async fn feedback_results_xlsx(svc: &Service, actor: &Actor, form_id: i64, locale: Locale) -> Made {
    let bytes = feedback::results_xlsx(svc, actor, form_id, locale).await?;
    Ok(file(bytes, XLSX, &format!("gop-y-{form_id}.xlsx")))
}

pub(crate) async fn feedback_report_pdf(svc: &Service, actor: &Actor, form_id: i64) -> Made {
    let bytes = feedback::results_pdf(svc, actor, form_id).await?;
    Ok(file(bytes, "application/pdf", &format!("bao-cao-gop-y-{form_id}.pdf")))
}

fn context(req: &Request) -> RequestContext {
    req.extensions().get::<RequestContext>().cloned().unwrap_or_default()
}

pub async fn csv(State(state): State<AppState>, Path(slug): Path<String>, req: Request) -> Response {
    let ctx = context(&req);
    let made = match conference_id(&state, &ctx, &slug).await {
        Ok(id) => registrations_csv(&state.svc, &ctx.actor, id, &slug, ctx.locale).await.map_err(AppError::from),
        Err(e) => Err(e),
    };
    made.unwrap_or_else(refuse)
}

pub async fn xlsx(State(state): State<AppState>, Path(slug): Path<String>, req: Request) -> Response {
    let ctx = context(&req);
    let made = match conference_id(&state, &ctx, &slug).await {
        Ok(id) => registrations_xlsx(&state.svc, &ctx.actor, id, &slug, ctx.locale).await.map_err(AppError::from),
        Err(e) => Err(e),
    };
    made.unwrap_or_else(refuse)
}

/// `/manage/c/{slug}/feedback/{id}/results.csv`: a form's answers, for organizers.
pub async fn feedback_csv(State(state): State<AppState>, Path((_, id)): Path<(String, i64)>, req: Request) -> Response {
    let ctx = context(&req);
    feedback_results_csv(&state.svc, &ctx.actor, id, ctx.locale).await.unwrap_or_else(|e| refuse(e.into()))
}

/// `/manage/c/{slug}/feedback/{id}/results.xlsx`
pub async fn feedback_xlsx(
    State(state): State<AppState>,
    Path((_, id)): Path<(String, i64)>,
    req: Request,
) -> Response {
    let ctx = context(&req);
    feedback_results_xlsx(&state.svc, &ctx.actor, id, ctx.locale).await.unwrap_or_else(|e| refuse(e.into()))
}

/// `/manage/c/{slug}/feedback/{id}/report.pdf`: the results as an official-format report.
pub async fn feedback_pdf(State(state): State<AppState>, Path((_, id)): Path<(String, i64)>, req: Request) -> Response {
    let ctx = context(&req);
    feedback_report_pdf(&state.svc, &ctx.actor, id).await.unwrap_or_else(|e| refuse(e.into()))
}
