//! The fields of a registration, shared by the public form, the delegate's own page and organizers'
//! nominations.

use crate::agenda::time_range;
use crate::forms::{CheckboxField, CheckboxGroup, SelectField, TextArea, TextField};
use crate::i18n::{tr, tr_args, use_locale};
use hoinghi_domain::people::limits as people;
use hoinghi_domain::registration::{QuestionKind, RegistrationForm, RegistrationInput, answer_key, limits};
use hoinghi_domain::time::{day_heading, long_date};
use leptos::prelude::*;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The public form: consent asked.
    Public,
    /// The delegate changing their registration: unit and province stay.
    Delegate,
    /// An organizer or coordinator entering a delegate.
    Organizer,
    /// A unit's coordinator on the unit's nomination page: the unit is the link's, the province defaults
    /// to the unit's.
    Nomination,
}

#[component]
pub fn RegistrationFields(form: RegistrationForm, values: RegistrationInput, mode: Mode) -> impl IntoView {
    let locale = use_locale();
    let genders = vec![
        (String::new(), tr("registration-gender-none")),
        ("female".to_string(), tr("gender-female")),
        ("male".to_string(), tr("gender-male")),
        ("other".to_string(), tr("gender-other")),
    ];
    // One list of units, each implying its province; "other" at the end for a unit not in it.
    let has_units = !form.units.is_empty();
    let mut units = vec![(String::new(), tr("registration-choose-unit"))];
    units.extend(form.units.iter().map(|u| (u.id.to_string(), u.name.clone())));
    units.push(("other".to_string(), tr("registration-unit-other")));
    let mut provinces = vec![(String::new(), tr("registration-choose-province"))];
    provinces.extend(form.admin_units.iter().map(|a| (a.code.clone(), a.name.clone())));
    let days: Vec<(String, String)> = form.days.iter().map(|d| (d.to_string(), day_heading(locale, *d))).collect();
    let classes: Vec<(String, String)> = form
        .classes
        .iter()
        .map(|c| {
            let seats = match c.capacity {
                Some(cap) => {
                    tr_args("registration-class-seats", &[("taken", c.taken.into()), ("capacity", cap.into())])
                }
                None => String::new(),
            };
            (
                c.uid.clone(),
                format!("{} · {}, {} {}", c.title, long_date(locale, c.day), time_range(c.start, c.end), seats),
            )
        })
        .collect();
    let many_days = days.len() > 1;
    let editable_unit = mode == Mode::Public || mode == Mode::Organizer;
    let staff = mode == Mode::Organizer || mode == Mode::Nomination;
    view! {
        <div class="row three">
            <TextField name="family_name" label=tr("person-family-name") value=values.family_name required=true max_len=people::NAME_PART autocomplete="family-name"/>
            <TextField name="middle_name" label=tr("person-middle-name") value=values.middle_name max_len=people::NAME_PART autocomplete="additional-name"/>
            <TextField name="given_name" label=tr("person-given-name") value=values.given_name required=true max_len=people::NAME_PART autocomplete="given-name"/>
        </div>
        <div class="row">
            <SelectField name="gender" label=tr("registration-gender") options=genders value=values.gender/>
            <TextField name="position_title" label=tr("person-position") value=values.position_title max_len=people::POSITION autocomplete="organization-title"/>
        </div>
        {if editable_unit && has_units {
            view! {
                <SelectField name="unit_id" label=tr("registration-unit") options=units value=values.unit_id required=true help=tr("registration-unit-help")/>
                <fieldset class="field group other-unit">
                    <legend>{tr("registration-other-unit")}</legend>
                    <TextField name="organization" label=tr("person-organization") value=values.organization max_len=people::ORGANIZATION help=tr("registration-organization-help")/>
                    <SelectField name="admin_unit_code" label=tr("registration-province") options=provinces value=values.admin_unit_code/>
                </fieldset>
            }.into_any()
        } else if editable_unit {
            view! {
                <TextField name="organization" label=tr("person-organization") value=values.organization max_len=people::ORGANIZATION/>
                <SelectField name="admin_unit_code" label=tr("registration-province") options=provinces value=values.admin_unit_code required=true/>
            }.into_any()
        } else if mode == Mode::Nomination {
            view! { <SelectField name="admin_unit_code" label=tr("registration-province") options=provinces value=values.admin_unit_code required=true/> }.into_any()
        } else {
            view! { <p class="help">{tr("registration-unit-fixed")}</p> }.into_any()
        }}
        <div class="row">
            <TextField name="phone" label=tr("person-phone") kind="tel" value=values.phone required=!staff max_len=people::PHONE autocomplete="tel"/>
            <TextField name="email" label=tr("person-email") kind="email" value=values.email required=!staff max_len=254 autocomplete="email"/>
        </div>
        {many_days.then(|| view! {
            <CheckboxGroup name="days[]" error_for="days" legend=tr("registration-days") options=days checked=values.days.clone() help=tr("registration-days-help")/>
        })}
        {(!classes.is_empty()).then(|| view! {
            <CheckboxGroup name="sessions[]" error_for="sessions" legend=tr("registration-classes") options=classes checked=values.sessions.clone() help=tr("registration-classes-help")/>
        })}
        <CheckboxField name="accommodation" label=tr("registration-accommodation") checked=values.accommodation == "true"/>
        <TextArea name="dietary" label=tr("registration-dietary") value=values.dietary max_len=limits::DIETARY rows=2/>
        {form.questions.into_iter().map(|q| {
            let name = format!("answers[{}][]", answer_key(q.id));
            let error_for = format!("answer-{}", q.id);
            let given = values.answers.get(&answer_key(q.id)).cloned().unwrap_or_default();
            let first = given.first().cloned().unwrap_or_default();
            let help = q.help.clone();
            match q.kind {
                QuestionKind::ShortText => view! {
                    <TextField name=name error_for=error_for label=q.label value=first required=q.required max_len=300usize help=help/>
                }.into_any(),
                QuestionKind::LongText => view! {
                    <TextArea name=name error_for=error_for label=q.label value=first required=q.required max_len=limits::ANSWER help=help rows=3/>
                }.into_any(),
                QuestionKind::SingleChoice => {
                    let mut options = vec![(String::new(), tr("registration-choose"))];
                    options.extend(q.options.iter().map(|o| (o.clone(), o.clone())));
                    view! { <SelectField name=name error_for=error_for label=q.label options=options value=first required=q.required help=help/> }.into_any()
                }
                QuestionKind::MultipleChoice => {
                    let options = q.options.iter().map(|o| (o.clone(), o.clone())).collect();
                    view! { <CheckboxGroup name=name error_for=error_for legend=q.label options=options checked=given help=help/> }.into_any()
                }
                QuestionKind::YesNo => {
                    let options = vec![(String::new(), tr("registration-choose")), ("yes".into(), tr("common-yes")), ("no".into(), tr("common-no"))];
                    view! { <SelectField name=name error_for=error_for label=q.label options=options value=first required=q.required help=help/> }.into_any()
                }
            }
        }).collect_view()}
        {(mode == Mode::Public).then(|| view! {
            <CheckboxField name="consent" label=tr("registration-consent") help=tr("registration-consent-help")/>
            <SubmissionKey/>
        })}
    }
}

/// The key of this filled-in form: sent again (a retry after a lost answer, a double click), the
/// submission is recognised and answered with what it stored. A refused post keeps its key.
#[component]
fn SubmissionKey() -> impl IntoView {
    let key = use_context::<crate::forms::FormState>()
        .and_then(|s| s.initial("submission"))
        .filter(|k| !k.is_empty())
        .unwrap_or_else(hoinghi_service::registration::new_submission_key);
    view! { <input type="hidden" name="submission" value=key/> }
}
