//! Types and rules shared by the server and the browser: the vocabulary of hoinghi.
//!
//! This crate compiles to WebAssembly as well as for the server, so it holds no I/O: data types,
//! Vietnamese text handling, official date wording, translations and the error type.

pub mod account;
pub mod agenda;
pub mod calendar;
pub mod conference;
pub mod correspondence;
pub mod desk;
pub mod error;
pub mod feedback;
pub mod html;
pub mod i18n;
pub mod lenient;
pub mod minutes;
pub mod paging;
pub mod people;
pub mod redirect;
pub mod reference;
pub mod registration;
pub mod text;
pub mod time;

pub use error::{AppError, FieldError, FieldErrors, Message};
pub use i18n::Locale;
