//! Forms without JavaScript.
//!
//! Every [`hoinghi_app::forms::Form`] posts to its own page with `?_fn=/fn/<server function>`. Here such
//! a post is checked (double-submit CSRF token), handed to that server function as if the browser's
//! script had called it, and answered the way a plain browser needs:
//! - success: `303 See Other` to where the server function redirected (or back to the page);
//! - rejection: the page rendered again, with the values as typed and the error beside its field
//!   ([`FormEcho`]), under the error's own status (422 for invalid input).
//!
//! A form enhanced by its island (`hoinghi_app::forms::FormEnhance`) posts the same body with the
//! [`ENHANCED_HEADER`] header and gets the same outcome as JSON instead: `{"redirect": …}`, or the
//! error's status with `{"message": …, "fields": {name: message}}` in the reader's language.
//!
//! Why the post is re-dispatched to the server function rather than handled here: server functions are
//! the one entry for writes (the same ones the JSON-speaking tests and scripts call at `/fn/…`), and the
//! page must be rendered again, with the echo, when they refuse. No rule is checked here.

use super::AppState;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use hoinghi_app::forms::{ENHANCED_HEADER, FormEcho};
use hoinghi_app::shell;
use hoinghi_app::ssr::RequestContext;
use hoinghi_domain::redirect::safe_next;
use hoinghi_domain::{AppError, Locale, Message};
use hoinghi_service::secrets::constant_time_eq;
use leptos::prelude::provide_context;

/// Largest form body accepted, enforced for form posts and server functions by `request_body` (uploads
/// have their own routes and limits).
pub const MAX_FORM_BYTES: usize = 2 * 1024 * 1024;

/// The server function a form post names (`?_fn=/fn/…`).
pub(super) fn fn_path(uri: &Uri) -> Option<String> {
    form_urlencoded::parse(uri.query()?.as_bytes()).find(|(k, _)| k == "_fn").map(|(_, v)| v.into_owned())
}

/// The page's own URL, without the `_fn` parameter.
fn page_uri(uri: &Uri) -> String {
    let kept: Vec<(String, String)> = uri
        .query()
        .map(|q| {
            form_urlencoded::parse(q.as_bytes())
                .filter(|(k, _)| k != "_fn")
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect()
        })
        .unwrap_or_default();
    if kept.is_empty() {
        uri.path().to_string()
    } else {
        let query = form_urlencoded::Serializer::new(String::new()).extend_pairs(kept).finish();
        format!("{}?{query}", uri.path())
    }
}

pub async fn layer(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if req.method() != Method::POST {
        return next.run(req).await;
    }
    let Some(fn_path) = fn_path(req.uri()) else {
        return next.run(req).await;
    };
    let ctx = req.extensions().get::<RequestContext>().cloned().unwrap_or_default();
    let enhanced = req.headers().contains_key(ENHANCED_HEADER);
    if !fn_path.starts_with("/fn/") {
        return render_simple_error(
            StatusCode::BAD_REQUEST,
            &AppError::BadRequest { detail: "_fn".into() },
            ctx.locale,
        );
    }
    let urlencoded = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !urlencoded {
        let e = AppError::UnsupportedMediaType { detail: "content type".into() };
        return render_simple_error(StatusCode::UNSUPPORTED_MEDIA_TYPE, &e, ctx.locale);
    }
    let (parts, body) = req.into_parts();
    // `request_body` has bounded the body; it fails only past that bound (and then answers 413 itself).
    let bytes = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(b) => b,
        Err(_) => {
            let e = AppError::TooLarge { max_bytes: MAX_FORM_BYTES as u64 };
            return render_simple_error(StatusCode::PAYLOAD_TOO_LARGE, &e, ctx.locale);
        }
    };
    let values: Vec<(String, String)> =
        form_urlencoded::parse(&bytes).map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    let page = page_uri(&parts.uri);

    let token_ok = values.iter().any(|(k, v)| k == "_csrf" && !ctx.csrf.is_empty() && constant_time_eq(v, &ctx.csrf));
    if !token_ok {
        let error = AppError::Rejected { message: Message::new("error-csrf") };
        if enhanced {
            return refused_json(&error, StatusCode::FORBIDDEN, ctx.locale);
        }
        return rerender(&state, &parts, &page, fn_path, values, error, Some(StatusCode::FORBIDDEN)).await;
    }

    // Call the server function as the browser's script would (JSON answers, no form redirects).
    let mut call = Request::builder().method(Method::POST).uri(&fn_path);
    for (name, value) in parts.headers.iter() {
        if name != header::ACCEPT && name != header::CONTENT_LENGTH {
            call = call.header(name, value);
        }
    }
    let mut call =
        call.header(header::ACCEPT, "application/json").body(Body::from(bytes.clone())).expect("valid request");
    call.extensions_mut().insert(ctx.clone());
    let answer = leptos_axum::handle_server_fns_with_context(state.leptos_context(), call).await.into_response();

    if answer.status().is_success() {
        // The page's own path comes from the request line ("//evil.example/?_fn=…"): checked like any target.
        let target = answer.headers().get(header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or(&page);
        let target = safe_next(target, "/");
        let mut response = if enhanced {
            axum::Json(serde_json::json!({ "redirect": target })).into_response()
        } else {
            let mut response = StatusCode::SEE_OTHER.into_response();
            if let Ok(v) = HeaderValue::from_str(&target) {
                response.headers_mut().insert(header::LOCATION, v);
            }
            response
        };
        for cookie in answer.headers().get_all(header::SET_COOKIE) {
            response.headers_mut().append(header::SET_COOKIE, cookie.clone());
        }
        return response;
    }
    let status = answer.status();
    let body = axum::body::to_bytes(answer.into_body(), 1024 * 1024).await.unwrap_or_default();
    let error = serde_json::from_slice::<AppError>(&body).unwrap_or_else(|_| {
        if status.is_client_error() {
            // No server function at that path (or not for this method): the post is what is wrong.
            AppError::BadRequest { detail: String::from_utf8_lossy(&body).chars().take(200).collect() }
        } else {
            tracing::error!(%status, fn_path, "server function answered without a readable error");
            AppError::Internal { reference: "form".into() }
        }
    });
    if enhanced {
        let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::BAD_REQUEST);
        return refused_json(&error, status, ctx.locale);
    }
    rerender(&state, &parts, &page, fn_path, values, error, None).await
}

/// A refusal for the enhanced form: the summary and each field's message, already in `locale`.
fn refused_json(error: &AppError, status: StatusCode, locale: Locale) -> Response {
    let (message, fields) = match error {
        AppError::Invalid { fields } => (
            Message::new("form-has-errors").render(locale),
            fields.iter().map(|f| (f.field.clone(), serde_json::Value::from(f.message.render(locale)))).collect(),
        ),
        other => (other.message(locale), serde_json::Map::new()),
    };
    let mut response =
        (status, axum::Json(serde_json::json!({ "message": message, "fields": fields }))).into_response();
    if let AppError::RateLimited { retry_after_secs } = error {
        response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(*retry_after_secs));
    }
    response
}

/// Renders the page again, as for a GET, with the form's echo; the status is the error's unless given.
pub(crate) async fn rerender(
    state: &AppState,
    parts: &axum::http::request::Parts,
    page: &str,
    fn_path: String,
    values: Vec<(String, String)>,
    error: AppError,
    status: Option<StatusCode>,
) -> Response {
    let status = status.unwrap_or_else(|| StatusCode::from_u16(error.status()).unwrap_or(StatusCode::BAD_REQUEST));
    let retry_after = match error {
        AppError::RateLimited { retry_after_secs } => Some(HeaderValue::from(retry_after_secs)),
        _ => None,
    };
    let echo = FormEcho { fn_path, values: values.into_iter().filter(|(k, _)| k != "_csrf").collect(), error };
    let mut get = Request::builder().method(Method::GET).uri(page);
    for (name, value) in parts.headers.iter() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            get = get.header(name, value);
        }
    }
    let mut get = get.body(Body::empty()).expect("valid request");
    if let Some(ctx) = parts.extensions.get::<RequestContext>() {
        get.extensions_mut().insert(ctx.clone());
    }
    let base = state.leptos_context();
    let options = state.leptos.clone();
    let render = leptos_axum::render_app_async_with_context(
        move || {
            base();
            provide_context(echo.clone());
        },
        move || shell(options.clone()),
    );
    let mut response = render(get).await;
    *response.status_mut() = status;
    if let Some(v) = retry_after {
        response.headers_mut().insert(header::RETRY_AFTER, v);
    }
    response
}

/// A minimal page for errors that happen before any page can render (wrong content type, oversized
/// body, refused cross-origin request).
pub fn render_simple_error(status: StatusCode, error: &AppError, locale: Locale) -> Response {
    let title = Message::new("error-page-title").render(locale);
    let text = error.message(locale);
    let home = Message::new("error-back-home").render(locale);
    let html = format!(
        "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{}</title><link rel=\"stylesheet\" href=\"{}\"></head><body><main id=\"main\"><section class=\"error-page\"><h1>{}</h1><p role=\"alert\">{}</p><p><a href=\"/\">{}</a></p></section></main></body></html>",
        locale.code(),
        escape(&title),
        super::assets::stylesheet(),
        escape(&title),
        escape(&text),
        escape(&home)
    );
    (status, Html(html)).into_response()
}

use hoinghi_domain::html::escape_text as escape;
