//! Forms that work with and without JavaScript.
//!
//! A [`Form`] posts to its own page with `?_fn=<server function>`. The HTTP layer
//! (`server/src/http/forms.rs`) runs that server function and either follows its redirect or renders
//! the page again with the typed values and the error ([`FormEcho`]), answering 4xx. Where the browser
//! runs script, the [`FormEnhance`] island sends the same post in the background and shows the errors
//! in place; on success the browser goes where the server function redirected. Either way the server
//! function (and through it the service layer) is the only place the input is checked.

mod enhance;

pub use enhance::FormEnhance;

#[cfg(feature = "ssr")]
mod echo;
#[cfg(feature = "ssr")]
mod fields;
#[cfg(feature = "ssr")]
mod form;

#[cfg(feature = "ssr")]
pub use echo::{Echo, FormEcho};
#[cfg(feature = "ssr")]
pub use fields::{CheckboxField, CheckboxGroup, RadioGroup, SelectField, TextArea, TextField};
#[cfg(feature = "ssr")]
pub use form::{ConfirmBox, Form, FormState, Notice, csrf_token, require_confirmation};

/// The request header an enhanced form sends, asking for a JSON answer instead of a page.
pub const ENHANCED_HEADER: &str = "x-hoinghi-form";
