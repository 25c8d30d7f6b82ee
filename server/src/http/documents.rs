//! `/manage/c/{slug}/documents/*.pdf`: the minutes and the printed documents, for organizers only.
//! Files are made on request (rendered on the heavy-work threads; see `hoinghi_service::documents`),
//! never cached; `/manage/c/{slug}/document-jobs/{id}/file` serves one made in the background.

use super::AppState;
use axum::extract::{Path, Query, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use hoinghi_app::ssr::RequestContext;
use hoinghi_domain::AppError;
use hoinghi_service::{conferences, documents, minutes};
use std::collections::HashMap;

fn pdf(bytes: Vec<u8>, name: &str, hash: Option<&str>) -> Response {
    let mut r = bytes.into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/pdf"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    if let Some(v) = hash.and_then(|h| HeaderValue::from_str(h).ok()) {
        h.insert("x-content-sha256", v);
    }
    r
}

fn refuse(e: AppError) -> Response {
    let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::FORBIDDEN);
    let mut r = (status, e.message(hoinghi_domain::Locale::Vi)).into_response();
    r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    r
}

pub async fn document(
    State(state): State<AppState>,
    Path((slug, name)): Path<(String, String)>,
    Query(query): Query<HashMap<String, String>>,
    req: Request,
) -> Response {
    let ctx = req.extensions().get::<RequestContext>().cloned().unwrap_or_default();
    let svc = &state.svc;
    let result = async {
        let c = conferences::by_slug_for_organizer(svc, &ctx.actor, &slug).await?;
        let out = match name.as_str() {
            "minutes.pdf" => {
                let (bytes, hash) = minutes::render(svc, &ctx.actor, c.id).await?;
                let ascii: String = c.slug.chars().filter(|ch| ch.is_ascii_alphanumeric() || *ch == '-').collect();
                return Ok((bytes, format!("{ascii}-bien-ban.pdf"), hash));
            }
            "agenda.pdf" => documents::agenda(svc, &ctx.actor, c.id).await?,
            "delegates.pdf" => documents::delegate_list(svc, &ctx.actor, c.id).await?,
            "signin.pdf" => documents::signin_sheets(svc, &ctx.actor, c.id).await?,
            "badges.pdf" => documents::badges(svc, &ctx.actor, c.id).await?,
            "certificates.pdf" => {
                let threshold = documents::parse_threshold(query.get("threshold").map_or("", String::as_str))?;
                documents::certificates(svc, &ctx.actor, c.id, threshold).await?
            }
            _ => return Err(AppError::NotFound.into()),
        };
        Ok::<_, hoinghi_service::Error>((out.bytes, out.filename, None))
    }
    .await;
    match result {
        Ok((bytes, name, hash)) => pdf(bytes, &name, hash.as_deref()),
        Err(e) => refuse(e.into()),
    }
}

/// The file of a document made in the background (`hoinghi_service::documents::jobs`): from the database,
/// so any app server answers.
pub async fn job_file(State(state): State<AppState>, Path((slug, id)): Path<(String, i64)>, req: Request) -> Response {
    let ctx = req.extensions().get::<RequestContext>().cloned().unwrap_or_default();
    let svc = &state.svc;
    let result = async {
        let c = conferences::by_slug_for_organizer(svc, &ctx.actor, &slug).await?;
        documents::jobs::file(svc, &ctx.actor, c.id, id).await
    }
    .await;
    match result {
        Ok(out) => pdf(out.bytes, &out.filename, None),
        Err(e) => refuse(e.into()),
    }
}
