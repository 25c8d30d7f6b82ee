//! The one island every form shares: it sends the form in the background and shows the answer's errors
//! beside their fields, without reloading the page.
//!
//! It is deliberately not generic. The server renders the whole form, with an empty, hidden slot for
//! each field's message; this island only adds behaviour to that markup:
//! - on submit it posts the same fields to the same address, with the [`super::ENHANCED_HEADER`]
//!   header, and the server answers `{"redirect": …}` or `{"message": …, "fields": {name: message}}`
//!   (messages already in the reader's language, so no catalogue travels to the browser);
//! - a redirect is followed as a normal navigation, so the next page is rendered by the server;
//! - if anything unexpected happens (network, an answer that is not JSON), the form is posted the
//!   plain way, exactly as without JavaScript.
//!
//! File uploads (`multipart/form-data`) are left to the browser.

use leptos::prelude::*;

#[island]
pub fn FormEnhance() -> impl IntoView {
    let marker = NodeRef::<leptos::html::Span>::new();
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        if let Some(el) = marker.get() {
            browser::attach(&el);
        }
    });
    view! { <span class="form-enhance" hidden node_ref=marker></span> }
}

#[cfg(feature = "hydrate")]
mod browser {
    use js_sys::{Object, Reflect};
    use wasm_bindgen::JsCast;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen_futures::{JsFuture, spawn_local};
    use web_sys::{
        Element, FormData, Headers, HtmlElement, HtmlFormElement, RequestCredentials, RequestInit, Response,
        SubmitEvent, UrlSearchParams,
    };

    /// Set on a form being posted the plain way after a failed background post, so the submit handler
    /// lets that post through.
    const NATIVE: &str = "data-native";

    pub fn attach(marker: &Element) {
        let Some(form) = marker.closest("form").ok().flatten().and_then(|f| f.dyn_into::<HtmlFormElement>().ok())
        else {
            return;
        };
        // Attributes, not the form's properties: a field named `action` or `enctype` (the bulk-action
        // select is one) would shadow them.
        if form.get_attribute("enctype").as_deref() == Some("multipart/form-data") {
            return;
        }
        let handler = {
            let form = form.clone();
            Closure::<dyn FnMut(SubmitEvent)>::new(move |ev: SubmitEvent| on_submit(&form, ev))
        };
        if form.add_event_listener_with_callback("submit", handler.as_ref().unchecked_ref()).is_ok() {
            // The listener lives as long as the page.
            handler.forget();
            let _ = form.set_attribute("data-enhanced", "true");
        }
    }

    fn on_submit(form: &HtmlFormElement, ev: SubmitEvent) {
        if ev.default_prevented() || form.has_attribute(NATIVE) {
            return;
        }
        let submitter = ev.submitter().and_then(|s| s.dyn_into::<HtmlElement>().ok());
        let Some(body) = encode(form, submitter.as_ref()) else {
            return; // let the browser post it
        };
        ev.prevent_default();
        set_busy(form, true);
        let form = form.clone();
        spawn_local(async move {
            match send(&form, body).await {
                Some(Answer::Redirect(to)) => {
                    if let Some(w) = web_sys::window() {
                        let _ = w.location().assign(&to);
                    }
                }
                Some(Answer::Refused { message, fields }) => {
                    set_busy(&form, false);
                    show(&form, &message, &fields);
                }
                None => {
                    set_busy(&form, false);
                    let _ = form.set_attribute(NATIVE, "true");
                    let _ = form.request_submit_with_submitter(submitter.as_ref());
                }
            }
        });
    }

    /// The form's fields as `application/x-www-form-urlencoded`, with the button that sent it.
    fn encode(form: &HtmlFormElement, submitter: Option<&HtmlElement>) -> Option<UrlSearchParams> {
        let data = FormData::new_with_form(form).ok()?;
        if let Some(s) = submitter {
            let name = s.get_attribute("name").unwrap_or_default();
            if !name.is_empty() {
                data.append_with_str(&name, &s.get_attribute("value").unwrap_or_default()).ok()?;
            }
        }
        UrlSearchParams::new_with_str_sequence_sequence(&data).ok()
    }

    enum Answer {
        Redirect(String),
        Refused { message: String, fields: Vec<(String, String)> },
    }

    async fn send(form: &HtmlFormElement, body: UrlSearchParams) -> Option<Answer> {
        let headers = Headers::new().ok()?;
        headers.set("content-type", "application/x-www-form-urlencoded;charset=UTF-8").ok()?;
        headers.set(super::super::ENHANCED_HEADER, "1").ok()?;
        let init = RequestInit::new();
        init.set_method("POST");
        init.set_credentials(RequestCredentials::SameOrigin);
        init.set_headers(&headers);
        init.set_body(&body);
        let window = web_sys::window()?;
        let action = form.get_attribute("action").unwrap_or_default();
        let response: Response =
            JsFuture::from(window.fetch_with_str_and_init(&action, &init)).await.ok()?.dyn_into().ok()?;
        let json = JsFuture::from(response.json().ok()?).await.ok()?;
        let text = |key: &str| Reflect::get(&json, &key.into()).ok().and_then(|v| v.as_string());
        if response.ok() {
            return text("redirect").map(Answer::Redirect);
        }
        let message = text("message")?;
        let fields = Reflect::get(&json, &"fields".into())
            .ok()
            .and_then(|f| f.dyn_into::<Object>().ok())
            .map(|f| {
                Object::entries(&f)
                    .iter()
                    .filter_map(|pair| {
                        let pair: js_sys::Array = pair.dyn_into().ok()?;
                        Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
                    })
                    .collect()
            })
            .unwrap_or_default();
        Some(Answer::Refused { message, fields })
    }

    /// Disables the form's buttons while it is being sent, with the "sending" label the server wrote.
    fn set_busy(form: &HtmlFormElement, busy: bool) {
        let _ = form.set_attribute("aria-busy", if busy { "true" } else { "false" });
        let Ok(buttons) = form.query_selector_all("button[type=submit], button:not([type])") else { return };
        let sending = form.get_attribute("data-sending").unwrap_or_default();
        for i in 0..buttons.length() {
            let Some(b) = buttons.item(i).and_then(|b| b.dyn_into::<HtmlElement>().ok()) else { continue };
            if busy {
                let _ = b.set_attribute("disabled", "");
                if !sending.is_empty() && b.has_attribute("data-label") {
                    b.set_text_content(Some(&sending));
                }
            } else {
                let _ = b.remove_attribute("disabled");
                if let Some(label) = b.get_attribute("data-label") {
                    b.set_text_content(Some(&label));
                }
            }
        }
    }

    /// Puts each message in its field's slot and the summary at the top of the form; moves focus to the
    /// first field in error (or the summary), as a screen-reader user expects after a refused form.
    fn show(form: &HtmlFormElement, message: &str, fields: &[(String, String)]) {
        if let Ok(old) = form.query_selector_all(".field-error") {
            for i in 0..old.length() {
                if let Some(el) = old.item(i).and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
                    el.set_hidden(true);
                    el.set_text_content(None);
                }
            }
        }
        if let Ok(old) = form.query_selector_all(".invalid") {
            for i in 0..old.length() {
                if let Some(el) = old.item(i).and_then(|e| e.dyn_into::<Element>().ok()) {
                    let _ = el.class_list().remove_1("invalid");
                }
            }
        }
        if let Ok(old) = form.query_selector_all("[aria-invalid=true]") {
            for i in 0..old.length() {
                if let Some(el) = old.item(i).and_then(|e| e.dyn_into::<Element>().ok()) {
                    let _ = el.set_attribute("aria-invalid", "false");
                }
            }
        }
        let mut unplaced = Vec::new();
        let mut first: Option<HtmlElement> = None;
        for (name, text) in fields {
            let slot = form.query_selector(&format!("[id=\"f-{}-error\"]", css_string(name))).ok().flatten();
            let Some(slot) = slot.and_then(|s| s.dyn_into::<HtmlElement>().ok()) else {
                unplaced.push(text.as_str());
                continue;
            };
            slot.set_text_content(Some(text));
            slot.set_hidden(false);
            if let Some(field) = slot.closest(".field").ok().flatten() {
                let _ = field.class_list().add_1("invalid");
                if let Ok(inputs) = field.query_selector_all("input, select, textarea") {
                    for i in 0..inputs.length() {
                        if let Some(input) = inputs.item(i).and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
                            let _ = input.set_attribute("aria-invalid", "true");
                            if first.is_none() {
                                first = Some(input);
                            }
                        }
                    }
                }
            }
        }
        if let Some(summary) =
            form.query_selector(".form-error").ok().flatten().and_then(|s| s.dyn_into::<HtmlElement>().ok())
        {
            let mut text = message.to_string();
            for extra in unplaced {
                text.push(' ');
                text.push_str(extra);
            }
            summary.set_text_content(Some(&text));
            summary.set_hidden(false);
            if first.is_none() {
                let _ = summary.set_attribute("tabindex", "-1");
                first = Some(summary);
            }
        }
        if let Some(el) = first {
            let _ = el.focus();
        }
    }

    /// A field name inside a CSS attribute selector's double quotes.
    fn css_string(name: &str) -> String {
        name.replace('\\', "\\\\").replace('"', "\\\"")
    }
}
