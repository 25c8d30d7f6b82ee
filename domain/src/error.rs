//! The one error type users and API clients see.
//!
//! Errors carry message *keys*, not text: the same error is rendered in the reader's language by the
//! page, the JSON API or the mail that reports it. Each variant has a stable machine code and an HTTP
//! status, so the UI and the API cannot disagree about what an error means.

use crate::i18n::{Arg, Locale, t_args};
use serde::{Deserialize, Serialize};

/// A translatable message: a catalogue key and its named arguments.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Message {
    pub key: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub args: Vec<(String, Arg)>,
}

impl Message {
    pub fn new(key: &str) -> Self {
        Self { key: key.to_string(), args: Vec::new() }
    }

    pub fn arg(mut self, name: &str, value: impl Into<Arg>) -> Self {
        self.args.push((name.to_string(), value.into()));
        self
    }

    pub fn render(&self, locale: Locale) -> String {
        let args: Vec<(&str, Arg)> = self.args.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
        t_args(locale, &self.key, &args)
    }
}

/// One problem with one input field, shown next to that field.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    pub field: String,
    pub message: Message,
}

/// The problems found in one submitted form or API body; empty means valid.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, field: &str, message: Message) {
        // The first problem of a field is the one worth fixing first.
        if !self.0.iter().any(|e| e.field == field) {
            self.0.push(FieldError { field: field.to_string(), message });
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn get(&self, field: &str) -> Option<&Message> {
        self.0.iter().find(|e| e.field == field).map(|e| &e.message)
    }

    /// `Ok(value)` when no problem was recorded, the invalid error otherwise.
    pub fn into_result<T>(self, value: T) -> Result<T, AppError> {
        if self.0.is_empty() { Ok(value) } else { Err(AppError::Invalid { fields: self.0 }) }
    }
}

/// Everything that can go wrong in a request, as the user or API client sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum AppError {
    /// Some fields are wrong; each has a message.
    #[error("invalid input")]
    Invalid { fields: Vec<FieldError> },
    /// The request is well-formed but the state forbids it (closed registration, a duplicate, …).
    #[error("rejected: {}", message.key)]
    Rejected { message: Message },
    /// Someone else changed the thing first; the client should reload and try again.
    #[error("conflict: {}", message.key)]
    Conflict { message: Message },
    #[error("not found")]
    NotFound,
    #[error("sign-in required")]
    Unauthorized,
    #[error("forbidden")]
    Forbidden,
    #[error("too many attempts")]
    RateLimited { retry_after_secs: u64 },
    #[error("request too large")]
    TooLarge { max_bytes: u64 },
    /// The body is in a form we do not read: a `Content-Encoding` other than `identity`, a content type
    /// the route does not take.
    #[error("unsupported media: {detail}")]
    UnsupportedMediaType { detail: String },
    /// A fault on our side; `reference` finds the log entry.
    #[error("internal error {reference}")]
    Internal { reference: String },
    /// The server could not do it now (busy, or the database out of reach) and nothing was changed;
    /// the same request may simply be sent again.
    #[error("unavailable: {}", message.key)]
    Unavailable { message: Message },
    /// The request never reached our code in a usable form (transport, decoding).
    #[error("bad request: {detail}")]
    BadRequest { detail: String },
    /// The address exists but not for this method (the answer's `Allow` header lists those it has).
    #[error("method not allowed")]
    MethodNotAllowed,
}

impl AppError {
    pub fn invalid(field: &str, message: Message) -> Self {
        AppError::Invalid { fields: vec![FieldError { field: field.to_string(), message }] }
    }

    pub fn rejected(key: &str) -> Self {
        AppError::Rejected { message: Message::new(key) }
    }

    /// The stable machine-readable code of the API's error bodies.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::Invalid { .. } => "invalid",
            AppError::Rejected { .. } => "rejected",
            AppError::Conflict { .. } => "conflict",
            AppError::NotFound => "not_found",
            AppError::Unauthorized => "unauthorized",
            AppError::Forbidden => "forbidden",
            AppError::RateLimited { .. } => "rate_limited",
            AppError::TooLarge { .. } => "too_large",
            AppError::UnsupportedMediaType { .. } => "unsupported_media_type",
            AppError::Internal { .. } => "internal",
            AppError::Unavailable { .. } => "unavailable",
            AppError::BadRequest { .. } => "bad_request",
            AppError::MethodNotAllowed => "method_not_allowed",
        }
    }

    pub fn status(&self) -> u16 {
        match self {
            AppError::Invalid { .. } => 422,
            AppError::Rejected { .. } => 409,
            AppError::Conflict { .. } => 409,
            AppError::NotFound => 404,
            AppError::Unauthorized => 401,
            AppError::Forbidden => 403,
            AppError::RateLimited { .. } => 429,
            AppError::TooLarge { .. } => 413,
            AppError::UnsupportedMediaType { .. } => 415,
            AppError::Internal { .. } => 500,
            AppError::Unavailable { .. } => 503,
            AppError::BadRequest { .. } => 400,
            AppError::MethodNotAllowed => 405,
        }
    }

    /// A one-line summary in the reader's language.
    pub fn message(&self, locale: Locale) -> String {
        match self {
            AppError::Invalid { fields } if fields.len() == 1 => fields[0].message.render(locale),
            AppError::Invalid { .. } => Message::new("error-invalid").render(locale),
            AppError::Rejected { message } | AppError::Conflict { message } | AppError::Unavailable { message } => {
                message.render(locale)
            }
            AppError::NotFound => Message::new("error-not-found").render(locale),
            AppError::Unauthorized => Message::new("error-unauthorized").render(locale),
            AppError::Forbidden => Message::new("error-forbidden").render(locale),
            AppError::RateLimited { retry_after_secs } => {
                Message::new("error-rate-limited").arg("seconds", *retry_after_secs as i64).render(locale)
            }
            AppError::TooLarge { max_bytes } => {
                Message::new("error-too-large").arg("kb", (*max_bytes / 1024) as i64).render(locale)
            }
            AppError::UnsupportedMediaType { .. } => Message::new("error-unsupported-media").render(locale),
            AppError::Internal { reference } => {
                Message::new("error-internal").arg("reference", reference.as_str()).render(locale)
            }
            AppError::BadRequest { .. } => Message::new("error-bad-request").render(locale),
            AppError::MethodNotAllowed => Message::new("error-method-not-allowed").render(locale),
        }
    }

    /// The message for one field, if this error is about that field.
    pub fn field(&self, field: &str) -> Option<&Message> {
        match self {
            AppError::Invalid { fields } => fields.iter().find(|e| e.field == field).map(|e| &e.message),
            _ => None,
        }
    }
}

#[cfg(feature = "server-fn")]
mod server_fn_support {
    //! Lets server functions return `AppError` directly, so the browser receives the same structured
    //! error (with field messages) as the JSON API.
    use super::AppError;
    use server_fn::codec::JsonEncoding;
    use server_fn::error::{FromServerFnError, ServerFnErrorErr};

    impl FromServerFnError for AppError {
        type Encoder = JsonEncoding;

        fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
            AppError::BadRequest { detail: value.to_string() }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_round_trip_through_json_with_a_stable_code() {
        let e = AppError::invalid("title", Message::new("error-required"));
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(json["code"], "invalid");
        let back: AppError = serde_json::from_value(json).unwrap();
        assert_eq!(back, e);
        assert_eq!(e.status(), 422);
        assert!(e.field("title").is_some());
    }

    #[test]
    fn the_json_tag_is_the_stable_code() {
        let all = [
            AppError::invalid("title", Message::new("error-required")),
            AppError::rejected("error-csrf"),
            AppError::Conflict { message: Message::new("error-csrf") },
            AppError::NotFound,
            AppError::Unauthorized,
            AppError::Forbidden,
            AppError::RateLimited { retry_after_secs: 1 },
            AppError::TooLarge { max_bytes: 1 },
            AppError::UnsupportedMediaType { detail: "gzip".into() },
            AppError::Internal { reference: "abc".into() },
            AppError::BadRequest { detail: "x".into() },
        ];
        for e in all {
            assert_eq!(serde_json::to_value(&e).unwrap()["code"], e.code(), "{e:?}");
        }
    }

    #[test]
    fn messages_render_in_both_languages() {
        let e = AppError::NotFound;
        assert_ne!(e.message(Locale::Vi), e.message(Locale::En));
        assert!(!e.message(Locale::Vi).starts_with("error-"));
    }
}
