//! How errors look on a page: one sentence in the reader's language, and a way forward.

use crate::i18n::{error_text, tr};
use crate::page::PageTitle;
use hoinghi_domain::AppError;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

#[component]
pub fn ErrorView(error: AppError) -> impl IntoView {
    let location = use_location();
    let text = error_text(&error);
    let sign_in = matches!(error, AppError::Unauthorized).then(|| {
        let next = format!("{}{}", location.pathname.get_untracked(), location.search.get_untracked());
        let href = format!("/login?next={}", urlencode(&next));
        view! { <p><a class="button primary" href=href>{tr("nav-login")}</a></p> }
    });
    view! {
        <PageTitle text=tr("error-page-title")/>
        <section class="error-page">
            <h1>{tr("error-page-title")}</h1>
            <p role="alert">{text}</p>
            {sign_in}
            <p><a href="/">{tr("error-back-home")}</a></p>
        </section>
    }
}

/// The page for URLs that match no route.
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! { <crate::layout::Frame><ErrorView error=AppError::NotFound/></crate::layout::Frame> }
}

/// Percent-encodes a query value.
pub fn urlencode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}
