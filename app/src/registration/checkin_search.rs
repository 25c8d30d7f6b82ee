//! The check-in desk's search as you type: an island placed inside the desk's search form.
//!
//! Without script the form is a plain GET and the server renders the results, with the focus on the first
//! delegate's check-in button (so the next Enter checks them in). With script, typing asks the server for
//! the same page and swaps in its result list, so the results are rendered in one place (the page), the
//! address keeps the query (a reload shows the same list), and each result's check-in button is the
//! page's own form, which posts normally. Enter (or a badge scanner, which types the code and Enter)
//! fetches at once and moves the focus to the first check-in button; a whole code that names one
//! delegate checks them in straight away.

use leptos::prelude::*;

#[island(lazy)]
pub fn CheckinSearch() -> impl IntoView {
    let marker = NodeRef::<leptos::html::Span>::new();
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        if let Some(el) = marker.get() {
            browser::attach(&el);
        }
    });
    view! { <span class="checkin-live" hidden node_ref=marker></span> }
}

#[cfg(feature = "hydrate")]
mod browser {
    use std::cell::Cell;
    use std::rc::Rc;
    use wasm_bindgen::JsCast;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen_futures::{JsFuture, spawn_local};
    use web_sys::{DomParser, Element, Event, HtmlElement, HtmlFormElement, Response, SupportedType, UrlSearchParams};

    /// Milliseconds of quiet typing before asking the server.
    const PAUSE_MS: i32 = 250;

    pub fn attach(marker: &Element) {
        let Some(form) = marker.closest("form").ok().flatten().and_then(|f| f.dyn_into::<HtmlFormElement>().ok())
        else {
            return;
        };
        // Only the newest request may replace the list: answers can arrive out of order.
        let generation = Rc::new(Cell::new(0u32));
        let generation_for_submit = generation.clone();
        let timer = Rc::new(Cell::new(None::<i32>));
        let timer_for_submit = timer.clone();
        let on_change = {
            let form = form.clone();
            Closure::<dyn FnMut(Event)>::new(move |_: Event| {
                let Some(window) = web_sys::window() else { return };
                if let Some(t) = timer.take() {
                    window.clear_timeout_with_handle(t);
                }
                let (form, generation) = (form.clone(), generation.clone());
                let later = Closure::once_into_js(move || {
                    generation.set(generation.get() + 1);
                    let mine = generation.get();
                    spawn_local(async move {
                        refresh(&form, mine, &generation).await;
                    });
                });
                if let Ok(t) =
                    window.set_timeout_with_callback_and_timeout_and_arguments_0(later.unchecked_ref(), PAUSE_MS)
                {
                    timer.set(Some(t));
                }
            })
        };
        let _ = form.add_event_listener_with_callback("input", on_change.as_ref().unchecked_ref());
        let _ = form.add_event_listener_with_callback("change", on_change.as_ref().unchecked_ref());
        on_change.forget();
        let on_submit = {
            let form = form.clone();
            let generation = generation_for_submit.clone();
            Closure::<dyn FnMut(Event)>::new(move |ev: Event| {
                ev.prevent_default();
                // A search still waiting for a pause in typing would replace the results (and the focus).
                if let (Some(w), Some(t)) = (web_sys::window(), timer_for_submit.take()) {
                    w.clear_timeout_with_handle(t);
                }
                generation.set(generation.get() + 1);
                let mine = generation.get();
                let (form, generation) = (form.clone(), generation.clone());
                spawn_local(async move {
                    if refresh(&form, mine, &generation).await {
                        act_on_results();
                    }
                });
            })
        };
        let _ = form.add_event_listener_with_callback("submit", on_submit.as_ref().unchecked_ref());
        on_submit.forget();
        let _ = form.set_attribute("data-live", "true");
    }

    /// Swaps in the results for the form's query; false if a newer query overtook this one.
    async fn refresh(form: &HtmlFormElement, mine: u32, generation: &Cell<u32>) -> bool {
        let Some(query) = web_sys::FormData::new_with_form(form)
            .ok()
            .and_then(|data| UrlSearchParams::new_with_str_sequence_sequence(&data).ok())
            .map(|p| String::from(p.to_string()))
        else {
            return false;
        };
        let Some(window) = web_sys::window() else { return false };
        let path = window.location().pathname().unwrap_or_default();
        let address = format!("{path}?{query}");
        let Some(html) = fetch_text(&address).await else { return false };
        if generation.get() != mine {
            return false;
        }
        let Some(fresh) = DomParser::new()
            .ok()
            .and_then(|p| p.parse_from_string(&html, SupportedType::TextHtml).ok())
            .and_then(|doc| doc.query_selector("#checkin-results").ok().flatten())
        else {
            return false;
        };
        let Some(document) = window.document() else { return false };
        if let Some(current) = document.query_selector("#checkin-results").ok().flatten() {
            current.set_outer_html(&fresh.outer_html());
        }
        if let Ok(history) = window.history() {
            let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&address));
        }
        true
    }

    /// After Enter: a whole code naming one delegate checks them in; otherwise the first check-in
    /// button takes the focus, so the next Enter does it.
    fn act_on_results() {
        let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
        let button = document
            .query_selector("#checkin-results [data-checkin]")
            .ok()
            .flatten()
            .and_then(|b| b.dyn_into::<HtmlElement>().ok());
        let exact = document.query_selector("#checkin-results[data-exact]").ok().flatten().is_some();
        if let Some(button) = button {
            if exact {
                button.click();
            } else {
                let _ = button.focus();
            }
        }
    }

    async fn fetch_text(address: &str) -> Option<String> {
        let window = web_sys::window()?;
        let response: Response = JsFuture::from(window.fetch_with_str(address)).await.ok()?.dyn_into().ok()?;
        if !response.ok() {
            return None;
        }
        JsFuture::from(response.text().ok()?).await.ok()?.as_string()
    }
}
