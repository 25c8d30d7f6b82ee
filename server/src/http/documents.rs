//! `/manage/c/{slug}/documents/*.pdf`: the minutes and the printed documents, for organizers only.
//! Files are made on request (rendered on the heavy-work threads; see `hoinghi_service::documents`),
//! never cached; `/manage/c/{slug}/document-jobs/{id}/file` serves one made in the background. The API
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
    // File names are ours, but only plain ASCII goes into the header, whatever a name holds.
    let name: String =
        doc.name.chars().map(|c| if c.is_ascii_alphanumeric() || "._-".contains(c) { c } else { '-' }).collect();
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
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

/// A name of the form `{prefix}{value}.pdf`, the value.
fn named<'a>(name: &'a str, prefix: &str) -> Option<&'a str> {
    name.strip_prefix(prefix)?.strip_suffix(".pdf")
}

/// `/manage/c/{slug}/correspondence/files/{name}`: the correspondence's PDFs, for organizers only:
/// `invitations.pdf` (every issued invitation in one file), `doc-{id}.pdf` (an issued document, made again
/// from the register), and previews before issue (`invitation-preview-{unit}.pdf`, `change-preview.pdf`,
/// `conclusion-preview.pdf`, `report-preview.pdf`, `letter-preview-{province}.pdf`).
pub async fn correspondence(
    State(state): State<AppState>,
    Path((slug, name)): Path<(String, String)>,
    req: Request,
) -> Response {
    use hoinghi_service::correspondence as corr;
    let ctx = req.extensions().get::<RequestContext>().cloned().unwrap_or_default();
    let svc = &state.svc;
    let result = async {
        let c = conferences::by_slug_for_organizer(svc, &ctx.actor, &slug).await?;
        let a = &ctx.actor;
        let file = match name.as_str() {
            "invitations.pdf" => corr::merged_invitations(svc, a, c.id).await?,
            "change-preview.pdf" => corr::preview_change_notice(svc, a, c.id).await?,
            "conclusion-preview.pdf" => corr::preview_conclusion(svc, a, c.id).await?,
            "report-preview.pdf" => corr::preview_report(svc, a, c.id).await?,
            _ => {
                if let Some(id) = named(&name, "doc-").and_then(|v| v.parse::<i64>().ok()) {
                    corr::document_pdf(svc, a, c.id, id).await?
                } else if let Some(unit) = named(&name, "invitation-preview-").and_then(|v| v.parse::<i64>().ok()) {
                    corr::preview_invitation(svc, a, c.id, unit).await?
                } else if let Some(code) = named(&name, "letter-preview-") {
                    corr::preview_answer_letter(svc, a, c.id, code).await?
                } else {
                    return Err(AppError::NotFound.into());
                }
            }
        };
        Ok::<_, hoinghi_service::Error>((file.bytes, file.filename))
    }
    .await;
    match result {
        Ok((bytes, name)) => pdf(Document { bytes, name, hash: None }),
        Err(e) => refuse(e.into()),
    }
}

/// `/n/{token}/invitation.pdf`: a unit's invitation, for the coordinator holding its nomination link.
pub async fn nomination_invitation(State(state): State<AppState>, Path(token): Path<String>) -> Response {
    match hoinghi_service::correspondence::nomination_invitation(&state.svc, &token).await {
        Ok(file) => pdf(Document { bytes: file.bytes, name: file.filename, hash: None }),
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
        Ok(out) => pdf(Document { bytes: out.bytes, name: out.filename, hash: None }),
        Err(e) => refuse(e.into()),
    }
}
