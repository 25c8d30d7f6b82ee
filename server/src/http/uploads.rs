//! File uploads (multipart forms): speaker photos and session materials. Plain form posts with or
//! without JavaScript; a refusal renders the page again with the error beside the file field, as the
//! form dispatcher does for other forms.

use super::AppState;
use super::forms::{render_simple_error, rerender};
use axum::extract::{Multipart, Path, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use hoinghi_app::ssr::RequestContext;
use hoinghi_domain::{AppError, Message};
use hoinghi_service::secrets::constant_time_eq;
use hoinghi_service::{agenda, conferences, people, registration};

/// The largest file kept; the service's own limits (5 MB photos, 20 MB documents) are below it, so an
/// oversized file gets the service's clear message.
pub const MAX_UPLOAD_BYTES: usize = 25 * 1024 * 1024;
/// The body limit of upload routes (`request_body`). A file between `MAX_UPLOAD_BYTES` and this is read
/// and dropped, so the page comes back with the error beside the file field; a bigger body gets the
/// plain 413 page.
pub const MAX_BODY_BYTES: usize = 100 * 1024 * 1024;

pub const PHOTO_ROUTE: &str = "/manage/c/{slug}/people/{id}/photo";
pub const IMPORT_ROUTE: &str = "/manage/c/{slug}/registrations/import";
pub const MATERIAL_ROUTE: &str = "/manage/c/{slug}/sessions/{id}/materials";
/// Every upload route, for their family's body limit.
pub const ROUTES: [&str; 3] = [PHOTO_ROUTE, IMPORT_ROUTE, MATERIAL_ROUTE];

/// What a multipart form brought: the file and the text fields the forms use.
pub(crate) struct Upload {
    pub csrf: String,
    pub title: String,
    pub file_name: String,
    pub bytes: Vec<u8>,
    /// The file was larger than `MAX_UPLOAD_BYTES` (and was dropped).
    pub too_large: bool,
}

pub(crate) fn too_large() -> AppError {
    AppError::TooLarge { max_bytes: MAX_UPLOAD_BYTES as u64 }
}

/// Reads a multipart form with the file in `file_field` (the site's upload forms and the API share it,
/// and with it the limits).
pub(crate) async fn read(mut form: Multipart, file_field: &str) -> Result<Upload, AppError> {
    let mut up = Upload {
        csrf: String::new(),
        title: String::new(),
        file_name: String::new(),
        bytes: Vec::new(),
        too_large: false,
    };
    let mut seen = 0usize;
    while let Some(mut field) =
        form.next_field().await.map_err(|_| AppError::BadRequest { detail: "multipart".into() })?
    {
        let name = field.name().unwrap_or_default().to_string();
        if name == file_field {
            up.file_name = field.file_name().unwrap_or_default().to_string();
            while let Some(chunk) =
                field.chunk().await.map_err(|_| AppError::BadRequest { detail: "multipart".into() })?
            {
                seen += chunk.len();
                if seen > MAX_UPLOAD_BYTES {
                    up.too_large = true;
                    up.bytes = Vec::new();
                } else {
                    up.bytes.extend_from_slice(&chunk);
                }
            }
        } else {
            let text = field.text().await.unwrap_or_default();
            match name.as_str() {
                "_csrf" => up.csrf = text,
                "title" => up.title = text,
                _ => {}
            }
        }
    }
    Ok(up)
}

/// `to` is built from the request's path (the slug): checked like every redirect target.
fn see_other(to: &str) -> Response {
    let mut response = StatusCode::SEE_OTHER.into_response();
    if let Ok(v) = HeaderValue::from_str(&hoinghi_domain::redirect::safe_next(to, "/")) {
        response.headers_mut().insert(header::LOCATION, v);
    }
    response
}

/// Runs an upload: reads the form, checks the CSRF token, calls `act`; redirects on success, renders
/// the page again with the error otherwise.
async fn handle<F, Fut>(
    state: AppState,
    req: Request,
    page: String,
    echo_path: &str,
    file_field: &str,
    act: F,
) -> Response
where
    F: FnOnce(RequestContext, Upload) -> Fut,
    Fut: std::future::Future<Output = Result<String, hoinghi_service::Error>>,
{
    let (parts, body) = req.into_parts();
    let ctx = parts.extensions.get::<RequestContext>().cloned().unwrap_or_default();
    let multipart = match Multipart::from_request(axum::http::Request::from_parts(parts.clone(), body), &()).await {
        Ok(m) => m,
        Err(_) => {
            return render_simple_error(
                StatusCode::BAD_REQUEST,
                &AppError::BadRequest { detail: "multipart".into() },
                ctx.locale,
            );
        }
    };
    let upload = match read(multipart, file_field).await {
        Ok(u) => u,
        // A body past `MAX_BODY_BYTES` ends here too; `request_body` then answers 413 instead.
        Err(e) => return render_simple_error(StatusCode::BAD_REQUEST, &e, ctx.locale),
    };
    let values = vec![("title".to_string(), upload.title.clone())];
    if ctx.csrf.is_empty() || !constant_time_eq(&upload.csrf, &ctx.csrf) {
        let e = AppError::Rejected { message: Message::new("error-csrf") };
        return rerender(&state, &parts, &page, echo_path.to_string(), values, e, Some(StatusCode::FORBIDDEN)).await;
    }
    if upload.too_large {
        return rerender(&state, &parts, &page, echo_path.to_string(), values, too_large(), None).await;
    }
    match act(ctx, upload).await {
        Ok(to) => see_other(&to),
        Err(e) => rerender(&state, &parts, &page, echo_path.to_string(), values, e.into(), None).await,
    }
}

use axum::extract::FromRequest;

pub async fn person_photo(
    State(state): State<AppState>,
    Path((slug, person_id)): Path<(String, i64)>,
    req: Request,
) -> Response {
    let page = format!("/manage/c/{slug}/people/{person_id}");
    let svc = state.svc.clone();
    let back = format!("{page}?done=notice-photo-saved");
    handle(state, req, page, "/upload/photo", "photo", move |ctx, up| async move {
        people::set_photo(&svc, &ctx.actor, person_id, &up.bytes).await?;
        Ok(back)
    })
    .await
}

pub async fn registration_import(State(state): State<AppState>, Path(slug): Path<String>, req: Request) -> Response {
    let page = format!("/manage/c/{slug}/registrations/import");
    let svc = state.svc.clone();
    handle(state, req, page, "/upload/import", "file", move |ctx, up| async move {
        let conference = match conferences::by_slug_for_organizer(&svc, &ctx.actor, &slug).await {
            Ok(c) => c,
            Err(_) => conferences::by_slug_public(&svc, &slug).await?,
        };
        let preview =
            registration::preview_import(&svc, &ctx.actor, conference.id, &up.file_name, &up.bytes, ctx.locale).await?;
        Ok(format!("/manage/c/{slug}/registrations/import/{}", preview.id))
    })
    .await
}

pub async fn session_material(
    State(state): State<AppState>,
    Path((slug, session_id)): Path<(String, i64)>,
    req: Request,
) -> Response {
    let page = format!("/manage/c/{slug}/sessions/{session_id}");
    let svc = state.svc.clone();
    let back = format!("{page}?done=notice-saved");
    handle(state, req, page, "/upload/material", "file", move |ctx, up| async move {
        agenda::add_file(&svc, &ctx.actor, session_id, &up.title, &up.file_name, &up.bytes).await?;
        Ok(back)
    })
    .await
}
