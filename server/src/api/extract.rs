//! Extractors for API handlers: the caller ([`Caller`]) and JSON bodies whose rejections speak our
//! error format ([`Body`]).

use super::error::ApiError;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use hoinghi_app::ssr::RequestContext;
use hoinghi_domain::{AppError, Locale, Message};
use hoinghi_service::accounts::Actor;
use serde::de::DeserializeOwned;

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

impl<S: Send + Sync> FromRequestParts<S> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let ctx = parts.extensions.get::<RequestContext>().cloned().unwrap_or_default();
        Ok(Caller { actor: ctx.actor, locale: ctx.locale })
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
