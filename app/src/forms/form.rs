use super::echo::{Echo, FormEcho};
use crate::i18n::{error_text, tr, use_locale};
use hoinghi_domain::AppError;
use leptos::context::Provider;
use leptos::form::FromFormData;
use leptos::prelude::*;
use leptos::server_fn::Http;
use leptos::server_fn::ServerFn;
use leptos::server_fn::client::Client;
use leptos::server_fn::codec::PostUrl;
use leptos::server_fn::request::ClientReq;
use leptos_router::hooks::use_location;
use serde::de::DeserializeOwned;
use web_sys::{FormData, SubmitEvent};

/// What the fields of a form need to know: the values to start from and the last error.
#[derive(Clone, Copy)]
pub struct FormState {
    error: Signal<Option<AppError>>,
    echo: StoredValue<Option<FormEcho>>,
}

impl FormState {
    /// The value a field starts with after a rejected post without JavaScript.
    pub fn initial(&self, name: &str) -> Option<String> {
        self.echo.with_value(|e| e.as_ref().and_then(|e| e.value(name).map(str::to_string)))
    }

    pub fn initial_all(&self, name: &str) -> Option<Vec<String>> {
        self.echo.with_value(|e| e.as_ref().map(|e| e.values_of(name)))
    }

    pub fn error(&self) -> Option<AppError> {
        self.error.get()
    }
}

/// The message for one field, in the page's language, if the last submission had a problem there.
pub fn field_error(state: Option<FormState>, name: &str) -> Option<String> {
    let locale = use_locale();
    state.and_then(|s| s.error.get()).and_then(|e| e.field(name).map(|m| m.render(locale)))
}

/// The CSRF token to echo in a form: from the request on the server, from the cookie in the browser.
pub fn csrf_token() -> String {
    #[cfg(feature = "ssr")]
    {
        crate::ssr::request().csrf
    }
    #[cfg(not(feature = "ssr"))]
    {
        use wasm_bindgen::JsCast;
        let cookies = leptos::prelude::document()
            .dyn_into::<web_sys::HtmlDocument>()
            .ok()
            .and_then(|d| d.cookie().ok())
            .unwrap_or_default();
        cookies.split(';').find_map(|c| c.trim().strip_prefix("hoinghi_csrf=").map(str::to_string)).unwrap_or_default()
    }
}

/// A form bound to a server function; see the module documentation.
#[component]
pub fn Form<S, OutputProtocol>(
    action: ServerAction<S>,
    #[prop(into, optional)] class: String,
    /// The label of the submit button; leave empty to place buttons yourself.
    #[prop(into, optional)]
    submit: String,
    children: Children,
) -> impl IntoView
where
    S: DeserializeOwned
        + ServerFn<Protocol = Http<PostUrl, OutputProtocol>, Error = AppError>
        + Clone
        + Send
        + Sync
        + 'static,
    <<S::Client as Client<AppError>>::Request as ClientReq<AppError>>::FormData: From<FormData>,
    S::Output: Clone + Send + Sync + 'static,
    S::Client: Client<AppError>,
{
    let echo = use_context::<Echo>().and_then(|e| e.0).filter(|e| e.fn_path == S::url());
    // Field problems of a post without JavaScript show here; other refusals show in the page banner.
    let echo_error = echo.as_ref().map(|e| e.error.clone()).filter(|e| matches!(e, AppError::Invalid { .. }));
    let value = action.value();
    let error = Signal::derive(move || match value.get() {
        Some(Ok(_)) => None,
        Some(Err(e)) => Some(e),
        None => echo_error.clone(),
    });
    // Provided to the form's own children only (a child owner): components share their parent's owner,
    // so a plain provide_context here would leak this state to sibling fields outside the form.
    let state = FormState { error, echo: StoredValue::new(echo) };

    let location = use_location();
    let target = move || {
        let search = location.search.get();
        let kept: Vec<&str> = search
            .trim_start_matches('?')
            .split('&')
            .filter(|p| !p.is_empty() && !p.starts_with("_fn=") && !p.starts_with("done="))
            .collect();
        let mut query = kept.join("&");
        if !query.is_empty() {
            query.push('&');
        }
        format!("{}?{query}_fn={}", location.pathname.get(), S::url())
    };

    let on_submit = move |ev: SubmitEvent| {
        if ev.default_prevented() {
            return;
        }
        ev.prevent_default();
        match S::from_event(&ev) {
            Ok(input) => {
                action.dispatch(input);
            }
            Err(err) => {
                leptos::logging::error!("form does not match its server function: {err:?}");
                action.value().set(Some(Err(AppError::BadRequest { detail: err.to_string() })));
            }
        }
    };

    // After a success with JavaScript the page's data reloads into the same elements, which would keep
    // what was typed: reset them, so an "add" form is empty again and an edit form shows what was saved.
    let node = NodeRef::<leptos::html::Form>::new();
    Effect::new(move |_| {
        if matches!(value.get(), Some(Ok(_)))
            && let Some(form) = node.get()
        {
            form.reset();
        }
    });

    let pending = action.pending();
    let summary = move || {
        error.get().map(|e| {
            let text = match &e {
                // The field messages sit beside their fields; the summary only points at them.
                AppError::Invalid { .. } => tr("form-has-errors"),
                other => error_text(other),
            };
            view! { <p class="form-error" role="alert">{text}</p> }
        })
    };
    let has_submit = !submit.is_empty();
    view! {
        <form node_ref=node method="post" action=target class=class on:submit=on_submit novalidate=true>
            <input type="hidden" name="_csrf" value=csrf_token()/>
            {summary}
            <Provider value=state>{children()}</Provider>
            {has_submit.then(|| view! {
                <div class="actions">
                    <button type="submit" class="primary" disabled=move || pending.get()>
                        {move || if pending.get() { tr("form-sending") } else { submit.clone() }}
                    </button>
                </div>
            })}
        </form>
    }
}

/// A one-line notice after a successful action (`?done=notice-…` in the URL).
#[component]
pub fn Notice() -> impl IntoView {
    let query = leptos_router::hooks::use_query_map();
    let locale = use_locale();
    move || {
        query
            .with(|q| q.get("done"))
            .filter(|k| k.starts_with("notice-") && hoinghi_domain::i18n::has_key(locale, k))
            .map(|key| {
                view! { <p class="notice" role="status">{hoinghi_domain::i18n::t(locale, &key)}</p> }
            })
    }
}
