//! Translations in components: the page's language comes from the request (cookie, then
//! `Accept-Language`) and is handed to the browser with the page, so both render the same text.

use hoinghi_domain::i18n::{self, Arg};
use hoinghi_domain::{AppError, Locale};
use leptos::prelude::*;

pub fn use_locale() -> Locale {
    use_context::<Locale>().unwrap_or_default()
}

/// The message `key` in the page's language.
pub fn tr(key: &str) -> String {
    i18n::t(use_locale(), key)
}

/// The message `key` with named arguments.
pub fn tr_args(key: &str, args: &[(&str, Arg)]) -> String {
    i18n::t_args(use_locale(), key, args)
}

/// An error as one sentence in the page's language.
pub fn error_text(e: &AppError) -> String {
    e.message(use_locale())
}
