//! The hoinghi user interface: Leptos pages and components, with the server functions beside the
//! components that call them. Rendered on the server, hydrated in the browser, and usable without
//! JavaScript (see [`forms`]).
#![recursion_limit = "256"]

pub mod accounts;
pub mod agenda;
pub mod calendar;
pub mod conferences;
pub mod errors;
pub mod feedback;
pub mod forms;
pub mod i18n;
pub mod layout;
pub mod minutes;
pub mod people;
pub mod registration;
pub mod routes;
#[cfg(feature = "ssr")]
pub mod ssr;

pub use routes::{App, shell};

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(App);
    // Lets tests (and curious people) see that the page is now driven by the WebAssembly.
    if let Some(root) = leptos::prelude::document().document_element() {
        let _ = root.set_attribute("data-hydrated", "true");
    }
}
