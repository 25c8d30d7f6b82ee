//! Errors as JSON: `{"error": {"code": "...", "message": "...", "fields": [...]}}`, with the status the
//! error implies. `code` is stable for programs; `message` is in the caller's language.

use axum::Json;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use hoinghi_app::ssr::RequestContext;
use hoinghi_domain::{AppError, Locale};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug)]
pub struct ApiError {
    pub error: AppError,
    pub locale: Locale,
}

/// The body of every error answer.
#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable machine-readable code: invalid, rejected, conflict, not_found, method_not_allowed,
    /// unauthorized, forbidden, rate_limited, too_large, unsupported_media_type, internal, unavailable
    /// (nothing was changed; send the same request again), bad_request.
    pub code: String,
    /// A sentence for people, in the language of `Accept-Language` (Vietnamese by default).
    pub message: String,
    /// For `invalid`: one entry per wrong field.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldProblem>,
}

/// The bytes of a file (a PDF, a workbook), for the document's answers with such a body.
#[derive(ToSchema)]
#[schema(value_type = String, format = Binary)]
#[allow(dead_code)]
pub struct FileBytes(Vec<u8>);

#[derive(Serialize, ToSchema)]
pub struct FieldProblem {
    pub field: String,
    pub message: String,
}

impl ApiError {
    pub fn new(error: impl Into<AppError>, locale: Locale) -> Self {
        ApiError { error: error.into(), locale }
    }
}

impl ApiError {
    pub fn status(&self) -> StatusCode {
        StatusCode::from_u16(self.error.status()).unwrap_or(StatusCode::BAD_REQUEST)
    }

    /// The `error` object of the answer, in the caller's language.
    pub fn detail(&self) -> ErrorDetail {
        let fields = match &self.error {
            AppError::Invalid { fields } => fields
                .iter()
                .map(|f| FieldProblem { field: f.field.clone(), message: f.message.render(self.locale) })
                .collect(),
            _ => Vec::new(),
        };
        ErrorDetail { code: self.error.code().to_string(), message: self.error.message(self.locale), fields }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        let body = ErrorBody { error: self.detail() };
        let mut response = (status, Json(body)).into_response();
        if let AppError::RateLimited { retry_after_secs } = self.error {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
        }
        if status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}

fn locale(req: &Request) -> Locale {
    req.extensions().get::<RequestContext>().map(|c| c.locale).unwrap_or_default()
}

/// Any address under `/api/v1` that is not one of the API's.
pub async fn not_found(req: Request) -> ApiError {
    ApiError::new(AppError::NotFound, locale(&req))
}

/// An address of the API asked with a method it does not take; the router adds the `Allow` header.
pub async fn method_not_allowed(req: Request) -> ApiError {
    ApiError::new(AppError::MethodNotAllowed, locale(&req))
}
