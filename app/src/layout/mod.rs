//! The frame of every page: header with navigation and language links, main content, footer.

use crate::accounts::LogoutButton;
use crate::errors::urlencode;
use crate::forms::Echo;
use crate::i18n::{error_text, tr, use_locale};
use hoinghi_domain::AppError;
use hoinghi_domain::Locale;
use leptos::prelude::*;
use leptos_router::components::Outlet;
use leptos_router::hooks::use_location;

#[component]
pub fn Layout() -> impl IntoView {
    view! { <Frame><Outlet/></Frame> }
}

/// Header, main content and footer: every page has them, the "not found" page too.
#[component]
pub fn Frame(children: Children) -> impl IntoView {
    view! {
        <a class="skip" href="#main">{tr("nav-skip")}</a>
        <Header/>
        <main id="main">
            <EchoBanner/>
            {children()}
        </main>
        <footer class="site-footer">
            <p>{tr("footer-text")}</p>
        </footer>
    }
}

/// A refused form post (without JavaScript) whose reason is not about one field: shown at the top of the
/// page, because the form that sent it may no longer be on the page (e.g. "publish" once published).
#[component]
fn EchoBanner() -> impl IntoView {
    let echo = use_context::<Echo>().and_then(|e| e.0);
    echo.filter(|e| !matches!(e.error, AppError::Invalid { .. }))
        .map(|e| view! { <p class="form-error" role="alert">{error_text(&e.error)}</p> })
}

#[component]
fn Header() -> impl IntoView {
    let user_nav = match crate::ssr::request().user {
        Some(user) => view! {
            <a href="/manage">{tr("nav-dashboard")}</a>
            <a href="/account/tokens">{tr("nav-tokens")}</a>
            {user.is_admin.then(|| view! { <a href="/admin/users">{tr("nav-users")}</a> })}
            <span class="who">{user.display_name}</span>
            <LogoutButton/>
        }
        .into_any(),
        None => view! { <a href="/login">{tr("nav-login")}</a> }.into_any(),
    };
    view! {
        <header class="site-header">
            <a class="brand" href="/">{tr("app-name")}</a>
            <nav aria-label=tr("nav-dashboard")>
                <a href="/">{tr("nav-home")}</a>
                {user_nav}
            </nav>
            <LanguageLinks/>
        </header>
    }
}

/// Links that switch the language and come back to the same page (a cookie remembers the choice).
#[component]
fn LanguageLinks() -> impl IntoView {
    let current = use_locale();
    let location = use_location();
    view! {
        <nav class="languages" aria-label=tr("nav-language")>
            {Locale::ALL
                .into_iter()
                .map(|l| {
                    let here = format!("{}{}", location.pathname.get_untracked(), location.search.get_untracked());
                    let href = format!("/lang/{}?next={}", l.code(), urlencode(&here));
                    view! {
                        <a href=href hreflang=l.code() lang=l.code() aria-current=(l == current).then_some("true") rel="nofollow">
                            {l.native_name()}
                        </a>
                    }
                })
                .collect_view()}
        </nav>
    }
}
