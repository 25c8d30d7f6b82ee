//! What every page needs while the server renders it: its route parameters, its data from the service
//! layer, and a title.
//!
//! A page is a server component. It reads what it shows straight from the service while rendering
//! ([`load`]); nothing is serialized for the browser, because only islands run there.

use crate::errors::ErrorView;
use hoinghi_domain::AppError;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use std::future::Future;

/// A route parameter of the current page (`:slug`, `:id`, …), empty if absent.
pub fn param(name: &str) -> String {
    use_params_map().with_untracked(|p| p.get(name).unwrap_or_default())
}

/// A query parameter of the current page (`?page=2`), if present.
pub fn query(name: &str) -> Option<String> {
    use_query_map().with_untracked(|q| q.get(name))
}

/// Every value of a repeated query parameter (`?full=3&full=5`).
pub fn query_all(name: &str) -> Vec<String> {
    use_query_map().with_untracked(|q| q.get_all(name).unwrap_or_default())
}

/// A route parameter that must be a number: anything else is a page that does not exist.
pub fn id_param(name: &str) -> Result<i64, AppError> {
    param(name).parse().map_err(|_| AppError::NotFound)
}

/// Renders what `load` produces once its data has been read; a refusal becomes the error page, with the
/// error's own status (404, 403, …).
pub fn load<F, V>(load: F) -> impl IntoView
where
    F: Future<Output = Result<V, AppError>> + Send + 'static,
    V: IntoView + 'static,
{
    Suspend::new(async move {
        match load.await {
            Ok(view) => view.into_any(),
            Err(e) => {
                let e = crate::ssr::fail(e);
                view! { <ErrorView error=e/> }.into_any()
            }
        }
    })
}

/// The page's `<title>`: the text is escaped here, because the meta library writes the title into the
/// document as it is given (user-supplied names reach titles, so this is where markup must stop).
#[component]
pub fn PageTitle(#[prop(into)] text: String) -> impl IntoView {
    view! { <leptos_meta::Title text=hoinghi_domain::html::escape_text(&text)/> }
}

/// Where the browser finds the built files (`/pkg/hoinghi.<hash>.css`, `.js`, `.wasm`), provided by the
/// server, which knows their fingerprinted names.
#[derive(Clone, Debug)]
pub struct Assets {
    pub css: String,
    pub js: String,
    pub wasm: String,
}

/// Whether this page has already written the islands' script; provided fresh for every render.
#[derive(Clone, Default)]
pub struct IslandsOnPage(std::sync::Arc<std::sync::atomic::AtomicBool>);

/// The script that starts the islands, written once per page just before its first island, so a page
/// without islands sends no script at all. It carries the request's CSP nonce.
///
/// The organizers' islands are lazy (`#[island(lazy)]`, built with `cargo leptos build --split`): their
/// code is a separate WebAssembly file that the island's wake function fetches and awaits, so delegates'
/// pages never download it. The page counts as hydrated once every island, lazy ones too, is awake.
pub fn islands_script() -> impl IntoView {
    use std::sync::atomic::Ordering;
    let first = use_context::<IslandsOnPage>().is_some_and(|seen| !seen.0.swap(true, Ordering::Relaxed));
    let assets = use_context::<Assets>();
    first.then_some(assets).flatten().map(|assets| {
        // File names are ours, but written as JSON strings all the same.
        let quote = |s: &str| serde_json::to_string(s).unwrap_or_default();
        let code = format!(
            "import init, * as islands from {js};\
             await init({{ module_or_path: {wasm} }});\
             islands.hydrate();\
             const woken = [];\
             for (const el of document.querySelectorAll(\"leptos-island\")) {{\
             const wake = islands[el.dataset.component]; if (wake) woken.push(wake(el)); }}\
             await Promise.all(woken);\
             setTimeout(() => document.documentElement.dataset.hydrated = \"true\");",
            js = quote(&assets.js),
            wasm = quote(&assets.wasm),
        );
        view! { <script type="module" nonce=crate::ssr::request().nonce>{code}</script> }
    })
}
