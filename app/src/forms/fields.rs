//! Labelled inputs that show their error next to them and keep what was typed.

use super::form::{FormState, field_error};
use leptos::prelude::*;

fn describe(name: &str, has_help: bool, has_error: bool) -> Option<String> {
    let mut ids = Vec::new();
    if has_help {
        ids.push(format!("f-{name}-help"));
    }
    if has_error {
        ids.push(format!("f-{name}-error"));
    }
    (!ids.is_empty()).then(|| ids.join(" "))
}

#[component]
fn FieldShell(
    name: String,
    label: String,
    required: bool,
    help: Option<String>,
    error: Signal<Option<String>>,
    children: Children,
) -> impl IntoView {
    let id = format!("f-{name}");
    let help_id = format!("f-{name}-help");
    let error_id = format!("f-{name}-error");
    view! {
        <div class="field" class:invalid=move || error.get().is_some()>
            <label for=id>{label}{required.then(|| view! { <span class="req" aria-hidden="true">" *"</span> })}</label>
            {children()}
            {help.filter(|h| !h.is_empty()).map(|h| view! { <p class="help" id=help_id>{h}</p> })}
            {move || error.get().map(|e| view! { <p class="field-error" id=error_id.clone()>{e}</p> })}
        </div>
    }
}

fn error_signal(name: &str) -> Signal<Option<String>> {
    let state = use_context::<FormState>();
    let name = name.to_string();
    Signal::derive(move || field_error(state, &name))
}

fn initial(name: &str, value: String) -> String {
    use_context::<FormState>().and_then(|s| s.initial(name)).unwrap_or(value)
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
    let error = error_signal(&key);
    let kind = kind.unwrap_or_else(|| "text".into());
    // Passwords are never echoed back.
    let value = if kind == "password" { String::new() } else { initial(&name, value) };
    let described = {
        let (key, has_help) = (key.clone(), help.as_ref().is_some_and(|h| !h.is_empty()));
        move || describe(&key, has_help, error.get().is_some())
    };
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
                aria-invalid=move || error.get().is_some().to_string()
                aria-describedby=described
            />
        </FieldShell>
    }
}

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
    let error = error_signal(&key);
    let value = initial(&name, value);
    let described = {
        let (key, has_help) = (key.clone(), help.as_ref().is_some_and(|h| !h.is_empty()));
        move || describe(&key, has_help, error.get().is_some())
    };
    view! {
        <FieldShell name=key.clone() label=label required=required help=help error=error>
            <textarea
                id=format!("f-{key}")
                name=name.clone()
                rows=rows.unwrap_or(5)
                maxlength=max_len
                required=required
                aria-invalid=move || error.get().is_some().to_string()
                aria-describedby=described
            >
                {value}
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
    let error = error_signal(&key);
    let selected = initial(&name, value);
    let described = {
        let (key, has_help) = (key.clone(), help.as_ref().is_some_and(|h| !h.is_empty()));
        move || describe(&key, has_help, error.get().is_some())
    };
    view! {
        <FieldShell name=key.clone() label=label required=required help=help error=error>
            <select
                id=format!("f-{key}")
                name=name.clone()
                required=required
                aria-invalid=move || error.get().is_some().to_string()
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
    let error = error_signal(&name);
    let value = value.unwrap_or_else(|| "true".into());
    let checked = match use_context::<FormState>().and_then(|s| s.initial_all(&name)) {
        Some(sent) => sent.contains(&value),
        None => checked,
    };
    let id = format!("f-{name}-{value}");
    let error_id = format!("f-{name}-error");
    let described = {
        let error_id = error_id.clone();
        move || error.get().is_some().then(|| error_id.clone())
    };
    view! {
        <div class="field checkbox" class:invalid=move || error.get().is_some()>
            <input
                type="checkbox"
                id=id.clone()
                name=name
                value=value
                checked=checked
                aria-invalid=move || error.get().is_some().to_string()
                aria-describedby=described
            />
            <label for=id>{label}</label>
            {help.filter(|h| !h.is_empty()).map(|h| view! { <p class="help">{h}</p> })}
            {move || error.get().map(|e| view! { <p class="field-error" id=error_id.clone()>{e}</p> })}
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
    let error = error_signal(&error_for);
    let checked = use_context::<FormState>().and_then(|s| s.initial_all(&name)).unwrap_or(checked);
    let error_id = format!("f-{error_for}-error");
    view! {
        <fieldset class="field group" class:invalid=move || error.get().is_some()>
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
            {move || error.get().map(|e| view! { <p class="field-error" id=error_id.clone()>{e}</p> })}
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
    let error = error_signal(&error_for);
    let chosen = use_context::<FormState>()
        .and_then(|s| s.initial_all(&name))
        .and_then(|v| v.into_iter().next())
        .unwrap_or(value);
    let error_id = format!("f-{error_for}-error");
    view! {
        <fieldset class="field group radios" class:invalid=move || error.get().is_some()>
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
            {move || error.get().map(|e| view! { <p class="field-error" id=error_id.clone()>{e}</p> })}
        </fieldset>
    }
}
