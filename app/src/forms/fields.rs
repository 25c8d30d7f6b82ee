//! Labelled inputs that show their error next to them and keep what was typed.
//!
//! Each field has a message slot, `#f-<name>-error`, rendered even when empty (then hidden) so the
//! enhanced form can fill it in place.

use super::form::{FormState, field_error};
use hoinghi_domain::html::escape_text;
use leptos::prelude::*;

fn state() -> Option<FormState> {
    use_context::<FormState>()
}

fn describe(name: &str, has_help: bool) -> String {
    let mut ids = vec![format!("f-{name}-error")];
    if has_help {
        ids.insert(0, format!("f-{name}-help"));
    }
    ids.join(" ")
}

/// The message slot of the field reported as `name`.
#[component]
fn ErrorSlot(name: String, error: Option<String>) -> impl IntoView {
    let empty = error.is_none();
    view! { <p class="field-error" id=format!("f-{name}-error") hidden=empty>{error}</p> }
}

#[component]
fn FieldShell(
    name: String,
    label: String,
    required: bool,
    help: Option<String>,
    error: Option<String>,
    children: Children,
) -> impl IntoView {
    let id = format!("f-{name}");
    let help_id = format!("f-{name}-help");
    let invalid = error.is_some();
    view! {
        <div class="field" class:invalid=invalid>
            <label for=id>{label}{required.then(|| view! { <span class="req" aria-hidden="true">" *"</span> })}</label>
            {children()}
            {help.filter(|h| !h.is_empty()).map(|h| view! { <p class="help" id=help_id>{h}</p> })}
            <ErrorSlot name=name error=error/>
        </div>
    }
}

fn initial(name: &str, value: String) -> String {
    state().and_then(|s| s.initial(name)).unwrap_or(value)
}

/// A one-line text input (also email, password, date, number via `kind`).
#[component]
pub fn TextField(
    #[prop(into)] name: String,
    #[prop(into)] label: String,
    /// The field name errors are reported under, when it differs from the input's name.
    #[prop(into, optional)]
    error_for: Option<String>,
    #[prop(into, optional)] value: String,
    #[prop(into, optional)] kind: Option<String>,
    #[prop(optional)] max_len: Option<usize>,
    #[prop(optional)] required: bool,
    #[prop(into, optional)] help: Option<String>,
    #[prop(into, optional)] autocomplete: Option<String>,
    #[prop(into, optional)] placeholder: Option<String>,
) -> impl IntoView {
    // Element ids and errors use the error key, so names like `answers[5][]` give plain ids.
    let key = error_for.unwrap_or_else(|| name.clone());
    let error = field_error(state().as_ref(), &key);
    let kind = kind.unwrap_or_else(|| "text".into());
    // Passwords are never echoed back.
    let value = if kind == "password" { String::new() } else { initial(&name, value) };
    let described = describe(&key, help.as_ref().is_some_and(|h| !h.is_empty()));
    let invalid = error.is_some().to_string();
    view! {
        <FieldShell name=key.clone() label=label required=required help=help error=error>
            <input
                id=format!("f-{key}")
                name=name.clone()
                type=kind
                value=value
                maxlength=max_len
                required=required
                autocomplete=autocomplete
                placeholder=placeholder
                aria-invalid=invalid
                aria-describedby=described
            />
        </FieldShell>
    }
}

/// A multi-line text input. Its text is escaped here: the view library writes `<textarea>` content
/// as given, and a value holding `</textarea>` would otherwise end the element and become markup.
#[component]
pub fn TextArea(
    #[prop(into)] name: String,
    #[prop(into)] label: String,
    /// The field name errors are reported under, when it differs from the input's name.
    #[prop(into, optional)]
    error_for: Option<String>,
    #[prop(into, optional)] value: String,
    #[prop(optional)] max_len: Option<usize>,
    #[prop(optional)] required: bool,
    #[prop(into, optional)] help: Option<String>,
    #[prop(optional)] rows: Option<u32>,
) -> impl IntoView {
    // Element ids and errors use the error key, so names like `answers[5][]` give plain ids.
    let key = error_for.unwrap_or_else(|| name.clone());
    let error = field_error(state().as_ref(), &key);
    let value = initial(&name, value);
    let described = describe(&key, help.as_ref().is_some_and(|h| !h.is_empty()));
    let invalid = error.is_some().to_string();
    view! {
        <FieldShell name=key.clone() label=label required=required help=help error=error>
            <textarea
                id=format!("f-{key}")
                name=name.clone()
                rows=rows.unwrap_or(5)
                maxlength=max_len
                required=required
                aria-invalid=invalid
                aria-describedby=described
            >
                {escape_text(&value)}
            </textarea>
        </FieldShell>
    }
}

/// A choice among `options` (value, label).
#[component]
pub fn SelectField(
    #[prop(into)] name: String,
    #[prop(into)] label: String,
    /// The field name errors are reported under, when it differs from the input's name.
    #[prop(into, optional)]
    error_for: Option<String>,
    options: Vec<(String, String)>,
    #[prop(into, optional)] value: String,
    #[prop(optional)] required: bool,
    #[prop(into, optional)] help: Option<String>,
) -> impl IntoView {
    // Element ids and errors use the error key, so names like `answers[5][]` give plain ids.
    let key = error_for.unwrap_or_else(|| name.clone());
    let error = field_error(state().as_ref(), &key);
    let selected = initial(&name, value);
    let described = describe(&key, help.as_ref().is_some_and(|h| !h.is_empty()));
    let invalid = error.is_some().to_string();
    view! {
        <FieldShell name=key.clone() label=label required=required help=help error=error>
            <select
                id=format!("f-{key}")
                name=name.clone()
                required=required
                aria-invalid=invalid
                aria-describedby=described
            >
                {options
                    .into_iter()
                    .map(|(v, l)| {
                        let is_selected = v == selected;
                        view! { <option value=v selected=is_selected>{l}</option> }
                    })
                    .collect_view()}
            </select>
        </FieldShell>
    }
}

/// A yes/no box; sends `value` ("true" by default) when checked.
#[component]
pub fn CheckboxField(
    #[prop(into)] name: String,
    #[prop(into)] label: String,
    #[prop(optional)] checked: bool,
    #[prop(into, optional)] value: Option<String>,
    #[prop(into, optional)] help: Option<String>,
) -> impl IntoView {
    let error = field_error(state().as_ref(), &name);
    let value = value.unwrap_or_else(|| "true".into());
    let checked = match state().and_then(|s| s.initial_all(&name)) {
        Some(sent) => sent.contains(&value),
        None => checked,
    };
    let id = format!("f-{name}-{value}");
    let (is_invalid, invalid) = (error.is_some(), error.is_some().to_string());
    let described = format!("f-{name}-error");
    view! {
        <div class="field checkbox" class:invalid=is_invalid>
            <input
                type="checkbox"
                id=id.clone()
                name=name.clone()
                value=value
                checked=checked
                aria-invalid=invalid
                aria-describedby=described
            />
            <label for=id>{label}</label>
            {help.filter(|h| !h.is_empty()).map(|h| view! { <p class="help">{h}</p> })}
            <ErrorSlot name=name error=error/>
        </div>
    }
}

/// A group of checkboxes sending `name` once per ticked value (name it `days[]` for a list), with one
/// error for the group.
#[component]
pub fn CheckboxGroup(
    #[prop(into)] name: String,
    #[prop(into)] legend: String,
    /// The field name errors are reported under.
    #[prop(into)]
    error_for: String,
    options: Vec<(String, String)>,
    #[prop(optional)] checked: Vec<String>,
    #[prop(into, optional)] help: Option<String>,
) -> impl IntoView {
    let error = field_error(state().as_ref(), &error_for);
    let checked = state().and_then(|s| s.initial_all(&name)).unwrap_or(checked);
    let (invalid, described) = (error.is_some(), format!("f-{error_for}-error"));
    view! {
        <fieldset class="field group" class:invalid=invalid aria-describedby=described>
            <legend>{legend}</legend>
            {options
                .into_iter()
                .enumerate()
                .map(|(i, (value, label))| {
                    let id = format!("f-{error_for}-{i}");
                    let is_checked = checked.contains(&value);
                    view! {
                        <div class="checkbox">
                            <input type="checkbox" id=id.clone() name=name.clone() value=value checked=is_checked/>
                            <label for=id>{label}</label>
                        </div>
                    }
                })
                .collect_view()}
            {help.filter(|h| !h.is_empty()).map(|h| view! { <p class="help">{h}</p> })}
            <ErrorSlot name=error_for error=error/>
        </fieldset>
    }
}

/// One choice among a few, as radio buttons in a row (ratings), with optional captions at both ends.
#[component]
pub fn RadioGroup(
    #[prop(into)] name: String,
    #[prop(into)] legend: String,
    #[prop(into)] error_for: String,
    options: Vec<(String, String)>,
    #[prop(into, optional)] value: String,
    #[prop(optional)] required: bool,
    #[prop(into, optional)] low: String,
    #[prop(into, optional)] high: String,
) -> impl IntoView {
    let error = field_error(state().as_ref(), &error_for);
    let chosen = state().and_then(|s| s.initial_all(&name)).and_then(|v| v.into_iter().next()).unwrap_or(value);
    let (invalid, described) = (error.is_some(), format!("f-{error_for}-error"));
    view! {
        <fieldset class="field group radios" class:invalid=invalid aria-describedby=described>
            <legend>{legend}{required.then(|| view! { <span class="req" aria-hidden="true">" *"</span> })}</legend>
            <div class="scale">
                {(!low.is_empty()).then(|| view! { <span class="scale-end">{low.clone()}</span> })}
                {options
                    .into_iter()
                    .enumerate()
                    .map(|(i, (v, label))| {
                        let id = format!("f-{error_for}-{i}");
                        let checked = v == chosen;
                        view! {
                            <span class="radio">
                                <input type="radio" id=id.clone() name=name.clone() value=v checked=checked/>
                                <label for=id>{label}</label>
                            </span>
                        }
                    })
                    .collect_view()}
                {(!high.is_empty()).then(|| view! { <span class="scale-end">{high.clone()}</span> })}
            </div>
            <ErrorSlot name=error_for error=error/>
        </fieldset>
    }
}
