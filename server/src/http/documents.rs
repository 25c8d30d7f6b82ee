//! `/manage/c/{slug}/documents/*.pdf`: the minutes and the printed documents, for organizers only.
//! Files are made on request (synchronously; see `hoinghi_service::documents`), never cached. The API
//! gives the same files under `/api/v1/conferences/{slug}/documents/…` through [`make`] and [`pdf`].

use super::AppState;
use axum::extract::{Path, Query, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use hoinghi_app::ssr::RequestContext;
use hoinghi_domain::AppError;
use hoinghi_service::accounts::Actor;
use hoinghi_service::{Service, conferences, documents, minutes};
use std::collections::HashMap;

/// A document made for download.
pub(crate) struct Document {
    pub bytes: Vec<u8>,
    pub name: String,
    /// SHA-256 of final minutes, as stored when they became final.
    pub hash: Option<String>,
}

/// The answer carrying a PDF: private, not stored, with its file name (and, for final minutes, the hash).
pub(crate) fn pdf(doc: Document) -> Response {
    let mut r = doc.bytes.into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/pdf"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{}\"", doc.name)) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    if let Some(v) = doc.hash.as_deref().and_then(|h| HeaderValue::from_str(h).ok()) {
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

/// Document `name` (`minutes.pdf`, `agenda.pdf`, `delegates.pdf`, `signin.pdf`, `badges.pdf`,
/// `certificates.pdf` with `threshold` as typed) of the conference `slug`, for its organizers.
pub(crate) async fn make(
    svc: &Service,
    actor: &Actor,
    slug: &str,
    name: &str,
    threshold: &str,
) -> Result<Document, hoinghi_service::Error> {
    let c = conferences::by_slug_for_organizer(svc, actor, slug).await?;
    let out = match name {
        "minutes.pdf" => {
            let (bytes, hash) = minutes::render(svc, actor, c.id).await?;
            let ascii: String = c.slug.chars().filter(|ch| ch.is_ascii_alphanumeric() || *ch == '-').collect();
            return Ok(Document { bytes, name: format!("{ascii}-bien-ban.pdf"), hash });
        }
        "agenda.pdf" => documents::agenda(svc, actor, c.id).await?,
        "delegates.pdf" => documents::delegate_list(svc, actor, c.id).await?,
        "signin.pdf" => documents::signin_sheets(svc, actor, c.id).await?,
        "badges.pdf" => documents::badges(svc, actor, c.id).await?,
        "certificates.pdf" => {
            let threshold = documents::parse_threshold(threshold)?;
            documents::certificates(svc, actor, c.id, threshold).await?
        }
        _ => return Err(AppError::NotFound.into()),
    };
    Ok(Document { bytes: out.bytes, name: out.filename, hash: None })
}

pub async fn document(
    State(state): State<AppState>,
    Path((slug, name)): Path<(String, String)>,
    Query(query): Query<HashMap<String, String>>,
    req: Request,
) -> Response {
    let ctx = req.extensions().get::<RequestContext>().cloned().unwrap_or_default();
    let threshold = query.get("threshold").map_or("", String::as_str);
    match make(&state.svc, &ctx.actor, &slug, &name, threshold).await {
        Ok(doc) => pdf(doc),
        Err(e) => refuse(e.into()),
    }
}
