//! Extractors for API handlers: the caller ([`Caller`]), and path, query and JSON inputs whose
//! rejections speak our error format ([`Path`], [`Params`], [`Body`]), and the page of a list
//! ([`PageQuery`]).

use super::error::ApiError;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use hoinghi_app::ssr::RequestContext;
use hoinghi_domain::{AppError, Locale, Message};
use hoinghi_service::accounts::Actor;
use hoinghi_service::paging::PageRequest;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use utoipa::IntoParams;

/// Who calls (from the bearer token) and in which language to answer.
pub struct Caller {
    pub actor: Actor,
    pub locale: Locale,
}

impl Caller {
    pub fn fail(&self, e: impl Into<AppError>) -> ApiError {
        ApiError::new(e, self.locale)
    }
}

fn locale_of(parts: &Parts) -> Locale {
    parts.extensions.get::<RequestContext>().map(|c| c.locale).unwrap_or_default()
}

impl<S: Send + Sync> FromRequestParts<S> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let ctx = parts.extensions.get::<RequestContext>().cloned().unwrap_or_default();
        Ok(Caller { actor: ctx.actor, locale: ctx.locale })
    }
}

/// Path parameters. A value that cannot be one (a word where an id goes) names nothing that exists:
/// 404 in our format, as for an id that does not exist.
pub struct Path<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for Path<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(v)) => Ok(Path(v)),
            Err(_) => Err(ApiError::new(AppError::NotFound, locale_of(parts))),
        }
    }
}

/// Query parameters; a malformed query string is a 400 in our format.
pub struct Params<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for Params<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(v)) => Ok(Params(v)),
            Err(e) => Err(ApiError::new(AppError::BadRequest { detail: e.body_text() }, locale_of(parts))),
        }
    }
}

/// Which page of a list to answer. Read as text, so a wrong value gets the same field message (422) as
/// any other input.
#[derive(Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// How many items the page holds at most: 1 to 1000; 100 if not given.
    #[param(value_type = Option<u64>, minimum = 1, maximum = 1000)]
    #[serde(default)]
    limit: Option<String>,
    /// How many items of the list to skip: 0 (the first page) if not given. The next page starts at
    /// the answer's `next_offset`.
    #[param(value_type = Option<u64>, minimum = 0)]
    #[serde(default)]
    offset: Option<String>,
}

impl PageQuery {
    pub fn request(&self, caller: &Caller) -> Result<PageRequest, ApiError> {
        PageRequest::parse(self.limit.as_deref().unwrap_or(""), self.offset.as_deref().unwrap_or(""))
            .map_err(|e| caller.fail(e))
    }
}

/// A JSON body. Malformed JSON, a wrong content type or a wrong field type answer 4xx in our format.
pub struct Body<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Body<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let locale = req.extensions().get::<RequestContext>().map(|c| c.locale).unwrap_or_default();
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(Body(v)),
            Err(rejection) => Err(ApiError::new(describe(rejection), locale)),
        }
    }
}

fn describe(rejection: JsonRejection) -> AppError {
    match rejection {
        JsonRejection::JsonDataError(e) => {
            AppError::invalid("body", Message::new("error-json").arg("detail", e.body_text()))
        }
        JsonRejection::JsonSyntaxError(e) => {
            AppError::invalid("body", Message::new("error-json").arg("detail", e.body_text()))
        }
        JsonRejection::MissingJsonContentType(_) => {
            AppError::BadRequest { detail: "Content-Type must be application/json".into() }
        }
        JsonRejection::BytesRejection(_) => AppError::TooLarge { max_bytes: 2 * 1024 * 1024 },
        other => AppError::BadRequest { detail: other.body_text() },
    }
}
