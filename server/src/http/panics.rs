//! The safety net for panics while handling a request. A panic is a bug to fix where it happens; this
//! only makes sure it is logged once with a short reference (as every fault is, by the service's error
//! conversion) and answered `500` with that reference in the route family's format, instead of a dropped
//! connection and a line on standard error that nobody connects to a user's report.
//!
//! [`catch`] turns the panic into a bare answer marked [`Panicked`]; [`answer`], outside it, knows the
//! request (family, language) and writes the real one.

use super::request_context;
use super::route_family::Family;
use axum::body::Body;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use hoinghi_domain::AppError;
use std::any::Any;
use tower_http::catch_panic::CatchPanicLayer;

/// Marks the answer to a panic; carries the log reference.
#[derive(Clone, Debug)]
struct Panicked(String);

type OnPanic = fn(Box<dyn Any + Send + 'static>) -> Response<Body>;

pub fn catch() -> CatchPanicLayer<OnPanic> {
    CatchPanicLayer::custom(on_panic as OnPanic)
}

fn on_panic(payload: Box<dyn Any + Send + 'static>) -> Response<Body> {
    let what = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".into());
    let fault = hoinghi_service::Error::Other(anyhow::anyhow!("request handler panicked: {what}"));
    let reference = match AppError::from(fault) {
        AppError::Internal { reference } => reference,
        other => other.code().to_string(),
    };
    let mut response = StatusCode::INTERNAL_SERVER_ERROR.into_response();
    response.extensions_mut().insert(Panicked(reference));
    response
}

pub async fn answer(req: Request, next: Next) -> Response {
    let family = Family::of(req.method(), req.uri());
    let path = req.uri().path().to_string();
    let locale = request_context::locale(req.headers());
    let response = next.run(req).await;
    match response.extensions().get::<Panicked>() {
        Some(Panicked(reference)) => family.answer(&path, &AppError::Internal { reference: reference.clone() }, locale),
        None => response,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::Router;
    use axum::routing::get;
    use tower::ServiceExt;

    async fn boom() -> &'static str {
        panic!("bug in a handler")
    }

    fn app() -> Router {
        Router::new()
            .route("/api/v1/boom", get(boom))
            .route("/fn/boom", get(boom))
            .route("/c/boom", get(boom))
            .route("/ok", get(|| async { "ok" }))
            .layer(catch())
            .layer(axum::middleware::from_fn(answer))
    }

    async fn call(path: &str, lang: &str) -> (StatusCode, String) {
        let req = Request::get(path).header("accept-language", lang).body(Body::empty()).unwrap();
        let response = app().oneshot(req).await.unwrap();
        let status = response.status();
        let body = axum::body::to_bytes(response.into_body(), 1 << 20).await.unwrap();
        (status, String::from_utf8(body.to_vec()).unwrap())
    }

    #[tokio::test]
    async fn a_panic_answers_500_with_a_reference_in_the_family_format() {
        let (status, body) = call("/api/v1/boom", "en").await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        let json: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(json["error"]["code"], "internal");
        assert!(
            json["error"]["message"].as_str().unwrap().starts_with("Something went wrong on our side. Reference: ")
        );

        let (status, body) = call("/fn/boom", "vi").await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        let error: AppError = serde_json::from_str(&body).unwrap();
        assert!(matches!(error, AppError::Internal { reference } if reference.len() == 8));

        let (status, body) = call("/c/boom", "vi").await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert!(body.contains("Mã tra cứu:"), "{body}");

        // The server goes on.
        assert_eq!(call("/ok", "vi").await, (StatusCode::OK, "ok".to_string()));
    }
}
