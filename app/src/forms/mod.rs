//! Forms that work with and without JavaScript.
//!
//! A [`Form`] posts to its own page with `?_fn=<server function>`; without JavaScript the HTTP layer
//! runs that server function and either follows its redirect or renders the page again with the
//! typed values and the error ([`FormEcho`]), answering 4xx. Once the WebAssembly has loaded, the same
//! form calls the server function directly and shows errors in place. Either way the server function
//! (and through it the service layer) is the only place the input is checked.

mod echo;
mod fields;
mod form;

pub use echo::{Echo, FormEcho};
pub use fields::{CheckboxField, CheckboxGroup, RadioGroup, SelectField, TextArea, TextField};
pub use form::{Form, FormState, Notice, csrf_token};
