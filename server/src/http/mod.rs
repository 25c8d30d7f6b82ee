//! The HTTP surface: Leptos pages and server functions, the JSON API, health, and the layers around
//! them (request context, cross-origin guard, forms without JavaScript, page cache, compression).

mod assets;
mod calendar;
mod conditional;
mod cross_origin;
pub(crate) mod documents;
pub(crate) mod exports;
mod files;
mod forms;
mod health;
mod lang;
mod page_cache;
mod panics;
mod renderer_scripts;
mod request_body;
mod request_context;
mod route_family;
mod schedule;
mod security_headers;
mod server_fn_errors;
pub(crate) mod uploads;

use crate::api;
use crate::config::Config;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::extract::FromRef;
use axum::middleware;
use axum::routing::{get, post};
use hoinghi_app::{App, shell};
use hoinghi_service::Service;
use leptos::prelude::{LeptosOptions, provide_context};
use leptos_axum::{LeptosRoutes, generate_route_list};
use std::sync::Arc;
use tower_http::compression::CompressionLayer;
use tower_http::compression::predicate::{DefaultPredicate, Predicate};
use tower_http::trace::{DefaultOnResponse, TraceLayer};

/// What every handler and layer shares, behind one `Arc`: each `from_fn` layer clones its state and the
/// whole stack of services inside it on every request, so a clone must be one counter increment (field
/// by field, it was a sixth of the time of serving a cached page).
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

pub struct Shared {
    pub svc: Service,
    pub leptos: LeptosOptions,
    pub config: Arc<Config>,
    pub page_cache: page_cache::PageCache,
    pub assets: Arc<hoinghi_app::page::Assets>,
    pub lazy_islands: Vec<assets::LazyIsland>,
}

impl std::ops::Deref for AppState {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}

impl AppState {
    pub fn new(svc: Service, leptos: LeptosOptions, config: Arc<Config>) -> Self {
        let assets = Arc::new(assets::built(&leptos));
        let lazy_islands = assets::lazy_islands(&leptos);
        let page_cache = page_cache::PageCache::default();
        AppState(Arc::new(Shared { svc, leptos, config, page_cache, assets, lazy_islands }))
    }

    /// What every page render and server function gets as context.
    pub fn leptos_context(&self) -> impl Fn() + Clone + Send + Sync + 'static {
        let (svc, assets) = (self.svc.clone(), self.assets.clone());
        move || {
            provide_context(svc.clone());
            provide_context((*assets).clone());
        }
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos.clone()
    }
}

pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let leptos = state.leptos.clone();
    let pages = Router::new()
        .leptos_routes_with_context(&state, routes, state.leptos_context(), move || shell(leptos.clone()))
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(state.leptos_context(), shell));

    // The built assets (WebAssembly, JS, CSS) straight from disk, with Last-Modified and 304 answers
    // (the pages' own file fallback drops the request's headers and always answers in full), brotli or
    // gzip as built ahead of time, and cached for good when their names carry a hash.
    let pkg = std::path::Path::new(&*state.leptos.site_root).join(&*state.leptos.site_pkg_dir);
    let pkg = tower_http::services::ServeDir::new(pkg).precompressed_br().precompressed_gzip();
    Router::new()
        .nest_service(
            &format!("/{}", state.leptos.site_pkg_dir),
            tower::ServiceBuilder::new().layer(middleware::from_fn(assets::cache_control)).service(pkg),
        )
        .route("/healthz", get(health::healthz))
        .route("/lang/{code}", get(lang::switch))
        .route("/files/{key}/{name}", get(files::get))
        .route("/c/{slug}/schedule.xml", get(schedule::xml))
        .route("/c/{slug}/schedule.json", get(schedule::json))
        .route("/c/{slug}/calendar.ics", get(calendar::conference))
        .route("/c/{slug}/tracks/{id}/calendar.ics", get(calendar::track))
        .route("/c/{slug}/rooms/{id}/calendar.ics", get(calendar::room))
        .route("/c/{slug}/speakers/{id}/calendar.ics", get(calendar::speaker))
        .route("/c/{slug}/sessions/{uid}/calendar.ics", get(calendar::session))
        .route("/cal/d/{token}", get(calendar::delegate))
        .route("/cal/o/{token}", get(calendar::organizer))
        .route(uploads::PHOTO_ROUTE, post(uploads::person_photo))
        .route("/manage/c/{slug}/registrations.csv", get(exports::csv))
        .route("/manage/c/{slug}/registrations.xlsx", get(exports::xlsx))
        .route("/manage/c/{slug}/feedback/{id}/results.csv", get(exports::feedback_csv))
        .route("/manage/c/{slug}/feedback/{id}/results.xlsx", get(exports::feedback_xlsx))
        .route("/manage/c/{slug}/feedback/{id}/report.pdf", get(exports::feedback_pdf))
        .route("/manage/c/{slug}/documents/{name}", get(documents::document))
        .route("/manage/c/{slug}/correspondence/files/{name}", get(documents::correspondence))
        .route("/n/{token}/invitation.pdf", get(documents::nomination_invitation))
        .route("/manage/c/{slug}/document-jobs/{id}/file", get(documents::job_file))
        .route(uploads::IMPORT_ROUTE, post(uploads::registration_import))
        .route(uploads::MATERIAL_ROUTE, post(uploads::session_material))
        .nest("/api/v1", api::router())
        .merge(pages)
        // Layers run bottom-up for requests: cached pages answered first, panics caught around the rest,
        // then the security headers, the context, the body limits, the guard, the form dispatcher, the
        // cache's renderer.
        .layer(middleware::from_fn_with_state(state.clone(), renderer_scripts::layer))
        .layer(middleware::from_fn_with_state(state.clone(), page_cache::layer))
        .layer(middleware::from_fn_with_state(state.clone(), forms::layer))
        .layer(middleware::from_fn_with_state(state.clone(), cross_origin::layer))
        .layer(middleware::from_fn(server_fn_errors::layer))
        .layer(middleware::from_fn(request_body::layer))
        .layer(middleware::from_fn_with_state(state.clone(), request_context::layer))
        .layer(middleware::from_fn(private_pages))
        .layer(middleware::from_fn_with_state(state.clone(), security_headers::layer))
        // `request_body` limits every body, per route family; axum's own 2 MB default would cut it short.
        .layer(DefaultBodyLimit::disable())
        .layer(panics::catch())
        .layer(middleware::from_fn(panics::answer))
        .layer(CompressionLayer::new().compress_when(DefaultPredicate::new().and(conditional::compressible)))
        .layer(TraceLayer::new_for_http().on_response(DefaultOnResponse::new().level(tracing::Level::DEBUG)))
        // Cached public pages are answered before everything else (see `page_cache::serve`).
        .layer(middleware::from_fn_with_state(state.clone(), page_cache::serve))
        .with_state(state)
}

/// Pages behind a delegate's private link or a unit's nomination link must not leak it: no Referer to
/// other sites, no shared caches, no search engines.
async fn private_pages(req: axum::extract::Request, next: middleware::Next) -> axum::response::Response {
    use axum::http::{HeaderValue, header};
    let path = req.uri().path();
    let private = ["/r/", "/fn/registration/", "/n/", "/fn/nomination/"].iter().any(|p| path.starts_with(p));
    let mut response = next.run(req).await;
    if private {
        let h = response.headers_mut();
        h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
        h.insert("x-robots-tag", HeaderValue::from_static("noindex"));
    }
    response
}
