//! The status of server functions' error answers.
//!
//! server_fn answers every error with `500`, whatever it is: an argument that does not decode (missing
//! or wrong fields, a truncated body), a refusal, a missing record. Its body is our `AppError` (see
//! `FromServerFnError` in `hoinghi_domain::error`: a decoding failure becomes `BadRequest`), and an
//! `AppError` knows its status. This layer sets that status on every such answer, once for all server
//! functions: a malformed call answers 400, and only our own faults answer 500.

use axum::body::Body;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::Response;
use hoinghi_domain::AppError;

/// The header server_fn puts on its error answers (`server_fn::error::SERVER_FN_ERROR_HEADER`).
pub const HEADER: &str = "serverfnerror";

/// Error answers are small; anything bigger is not one of ours.
const MAX_ERROR_BYTES: usize = 1024 * 1024;

pub async fn layer(req: Request, next: Next) -> Response {
    if !req.uri().path().starts_with("/fn/") {
        return next.run(req).await;
    }
    let response = next.run(req).await;
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR || !response.headers().contains_key(HEADER) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_ERROR_BYTES).await else {
        return Response::from_parts(parts, Body::empty());
    };
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    }
    Response::from_parts(parts, Body::from(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::Router;
    use axum::routing::post;
    use tower::ServiceExt;

    /// The real sign-in server function, through leptos_axum as the router mounts it, with no service
    /// behind it.
    async fn call(body: &str) -> (StatusCode, AppError) {
        let app = Router::new()
            .route("/fn/{*name}", post(|req: Request| leptos_axum::handle_server_fns_with_context(|| {}, req)))
            .layer(axum::middleware::from_fn(layer));
        let req = Request::post("/fn/login")
            .header("content-type", "application/x-www-form-urlencoded")
            .header("accept", "application/json")
            .body(Body::from(body.to_string()))
            .unwrap();
        let response = app.oneshot(req).await.unwrap();
        let status = response.status();
        let bytes = axum::body::to_bytes(response.into_body(), 1 << 20).await.unwrap();
        (status, serde_json::from_slice(&bytes).expect("an AppError body"))
    }

    #[tokio::test]
    async fn malformed_arguments_answer_400_and_faults_stay_500() {
        for malformed in ["", "email=a%40b.vn", "password=x", "email[]=1&email[x]=2&password=p"] {
            let (status, error) = call(malformed).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{malformed:?}: {error:?}");
            assert!(matches!(error, AppError::BadRequest { .. }), "{malformed:?}: {error:?}");
        }
        // Well-formed, but the function finds no service to call: our fault, still 500.
        let (status, error) = call("email=a%40b.vn&password=x").await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert!(matches!(error, AppError::Internal { .. }), "{error:?}");
    }
}
