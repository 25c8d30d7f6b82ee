use super::FormEnhance;
use super::echo::{Echo, FormEcho};
use crate::i18n::{tr, use_locale};
use hoinghi_domain::AppError;
use leptos::context::Provider;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_location;

/// What the fields of a form need to know: the values a refused post sent, and its error.
#[derive(Clone)]
pub struct FormState {
    echo: Option<FormEcho>,
}

impl FormState {
    /// The value a field starts with after a refused post.
    pub fn initial(&self, name: &str) -> Option<String> {
        self.echo.as_ref().and_then(|e| e.value(name).map(str::to_string))
    }

    pub fn initial_all(&self, name: &str) -> Option<Vec<String>> {
        self.echo.as_ref().map(|e| e.values_of(name))
    }

    pub fn error(&self) -> Option<&AppError> {
        self.echo.as_ref().map(|e| &e.error).filter(|e| matches!(e, AppError::Invalid { .. }))
    }
}

/// The message for one field, in the page's language, if the refused post had a problem there.
pub fn field_error(state: Option<&FormState>, name: &str) -> Option<String> {
    let locale = use_locale();
    state.and_then(|s| s.error()).and_then(|e| e.field(name).map(|m| m.render(locale)))
}

/// The CSRF token this browser echoes in its forms (the `hoinghi_csrf` cookie).
pub fn csrf_token() -> String {
    crate::ssr::request().csrf
}

/// A form bound to a server function; see the module documentation.
#[component]
pub fn Form<S>(
    /// The server function the form calls (only its type and address are used).
    action: ServerAction<S>,
    #[prop(into, optional)] class: String,
    /// The label of the submit button; leave empty to place buttons yourself.
    #[prop(into, optional)]
    submit: String,
    children: Children,
) -> impl IntoView
where
    S: ServerFn + 'static,
    S::Output: 'static,
{
    let _ = action;
    let echo = use_context::<Echo>().and_then(|e| e.0).filter(|e| e.fn_path == S::url());
    let state = FormState { echo };
    // Field problems show beside their fields, with a pointer here; other refusals show in the page's
    // banner. The slot is always there (hidden when empty) for the enhanced form to fill.
    let summary = state.error().map(|_| tr("form-has-errors"));

    let location = use_location();
    let search = location.search.get_untracked();
    let kept: Vec<&str> = search
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty() && !p.starts_with("_fn=") && !p.starts_with("done="))
        .collect();
    let mut query = kept.join("&");
    if !query.is_empty() {
        query.push('&');
    }
    let target = format!("{}?{query}_fn={}", location.pathname.get_untracked(), S::url());

    let has_submit = !submit.is_empty();
    view! {
        <form method="post" action=target class=class novalidate=true data-sending=tr("form-sending")>
            <input type="hidden" name="_csrf" value=csrf_token()/>
            <p class="form-error" role="alert" hidden=summary.is_none()>{summary.clone()}</p>
            {crate::page::islands_script()}
            <FormEnhance/>
            // Provided to the form's own children only, so sibling forms on one page never show each
            // other's echo.
            <Provider value=state>{children()}</Provider>
            {has_submit.then(|| view! {
                <div class="actions">
                    <button type="submit" class="primary" data-label=submit.clone()>{submit.clone()}</button>
                </div>
            })}
        </form>
    }
}

/// A one-line notice after a successful action (`?done=notice-…` in the URL). `args` fills the sentence's
/// arguments from what the page read (never from the address, which anyone can write).
#[component]
pub fn Notice(#[prop(optional)] args: Vec<(&'static str, hoinghi_domain::i18n::Arg)>) -> impl IntoView {
    let locale = use_locale();
    crate::page::query("done")
        .filter(|k| k.starts_with("notice-") && hoinghi_domain::i18n::has_key(locale, k))
        .map(|key| view! { <p class="notice" role="status">{hoinghi_domain::i18n::t_args(locale, &key, &args)}</p> })
}

/// The box to tick before an action that cannot be undone, and the warning beside it. The server function
/// checks it with [`require_confirmation`], so the page is not the only guard.
#[component]
pub fn ConfirmBox(#[prop(into)] label: String) -> impl IntoView {
    view! {
        <div class="confirm-box">
            <super::CheckboxField name="confirm" label=label/>
        </div>
    }
}

/// Refuses an irreversible action whose confirmation box was not ticked (see [`ConfirmBox`]).
pub fn require_confirmation(confirm: &Option<String>) -> Result<(), AppError> {
    match confirm.as_deref() {
        Some("true") => Ok(()),
        _ => Err(AppError::invalid("confirm", hoinghi_domain::Message::new("confirm-needed"))),
    }
}
