//! The hoinghi user interface, built as Leptos islands.
//!
//! Pages are server components: they run on the server only, read their data straight from the service
//! layer while rendering, and send plain HTML. Every page works without JavaScript. The few parts that
//! need the browser are islands (`#[island]`), the only code compiled to WebAssembly:
//! - [`forms::FormEnhance`]: sends a form in the background and shows its errors in place;
//! - [`registration::CheckinSearch`]: the check-in desk's search as you type, Enter to check in;
//! - [`registration::QrScan`]: the check-in desk's camera, reading badges' QR codes;
//! - [`agenda::AgendaDrag`]: dragging sessions on the organizers' agenda grid.
//!
//! A page that holds no island sends no script at all.
#![recursion_limit = "256"]

pub mod agenda;
pub mod forms;
pub mod registration;

#[cfg(feature = "ssr")]
pub mod accounts;
#[cfg(feature = "ssr")]
pub mod calendar;
#[cfg(feature = "ssr")]
pub mod conferences;
#[cfg(feature = "ssr")]
pub mod correspondence;
#[cfg(feature = "ssr")]
pub mod documents;
#[cfg(feature = "ssr")]
pub mod errors;
#[cfg(feature = "ssr")]
pub mod feedback;
#[cfg(feature = "ssr")]
pub mod i18n;
#[cfg(feature = "ssr")]
pub mod layout;
#[cfg(feature = "ssr")]
pub mod minutes;
#[cfg(feature = "ssr")]
pub mod page;
#[cfg(feature = "ssr")]
pub mod people;
#[cfg(feature = "ssr")]
pub mod routes;
#[cfg(feature = "ssr")]
pub mod ssr;

#[cfg(feature = "ssr")]
pub use routes::{App, shell};

/// The browser's entry point: wakes the islands on the page (see `public/islands.js`).
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
