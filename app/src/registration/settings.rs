//! How registration works for a conference: window, approval, waiting list, quotas, questions,
//! unit coordinators.

use crate::conferences::ManageNav;
use crate::forms::{CheckboxField, Form, Notice, SelectField, TextArea, TextField};
use crate::i18n::tr;
use crate::page::PageTitle;
use crate::page::{load, param};
use hoinghi_domain::AppError;
use hoinghi_domain::conference::Conference;
use hoinghi_domain::reference::Unit;
use hoinghi_domain::registration::{
    ClassOption, ClassQuotaInput, Question, QuestionInput, QuestionKind, Quotas, RegistrationSettings, SettingsInput,
    limits,
};
use leptos::prelude::*;

struct SettingsData {
    pub conference: Conference,
    pub settings: RegistrationSettings,
    pub quotas: Quotas,
    pub questions: Vec<Question>,
    pub units: Vec<Unit>,
    pub classes: Vec<ClassOption>,
}

async fn settings_data(slug: &str) -> Result<SettingsData, AppError> {
    use crate::ssr::{request, service};
    use hoinghi_service::registration as reg;
    let (svc, actor) = (service()?, request().actor);
    let conference = hoinghi_service::conferences::by_slug_for_organizer(&svc, &actor, slug).await?;
    let settings = reg::settings(&svc, &actor, conference.id).await?;
    let quotas = reg::quotas_of(&svc, &actor, conference.id).await?;
    let questions = reg::questions(&svc, &actor, conference.id).await?;
    let form = reg::organizer_form(&svc, &actor, conference.id).await?.0;
    Ok(SettingsData { conference, settings, quotas, questions, units: form.units, classes: form.classes })
}

#[server(prefix = "/fn", endpoint = "registration/settings/update")]
pub async fn update_settings(
    conference_id: String,
    slug: String,
    #[server(flatten)] input: SettingsInput,
) -> Result<(), AppError> {
    use crate::ssr::{fail, redirect, request, service};
    let id: i64 = conference_id.parse().map_err(|_| fail(AppError::NotFound))?;
    hoinghi_service::registration::update_settings(&service()?, &request().actor, id, input).await.map_err(fail)?;
    redirect(&format!("/manage/c/{slug}/registration-settings?done=notice-saved"));
    Ok(())
}

#[server(prefix = "/fn", endpoint = "registration/quota")]
pub async fn set_quota(
    conference_id: i64,
    slug: String,
    unit_id: String,
    #[server(default)] quota: String,
) -> Result<(), AppError> {
    use crate::ssr::{fail, redirect, request, service};
    hoinghi_service::registration::set_quota(&service()?, &request().actor, conference_id, &unit_id, &quota)
        .await
        .map_err(fail)?;
    redirect(&format!("/manage/c/{slug}/registration-settings?done=notice-saved"));
    Ok(())
}

#[server(prefix = "/fn", endpoint = "registration/class-quota")]
pub async fn set_class_quota(
    conference_id: i64,
    slug: String,
    #[server(flatten)] input: ClassQuotaInput,
) -> Result<(), AppError> {
    use crate::ssr::{fail, redirect, request, service};
    hoinghi_service::registration::set_class_quota(&service()?, &request().actor, conference_id, input)
        .await
        .map_err(fail)?;
    redirect(&format!("/manage/c/{slug}/registration-settings?done=notice-saved"));
    Ok(())
}

#[server(prefix = "/fn", endpoint = "registration/question/add")]
pub async fn add_question(
    conference_id: String,
    slug: String,
    #[server(flatten)] input: QuestionInput,
) -> Result<(), AppError> {
    use crate::ssr::{fail, redirect, request, service};
    let id: i64 = conference_id.parse().map_err(|_| fail(AppError::NotFound))?;
    hoinghi_service::registration::add_question(&service()?, &request().actor, id, input).await.map_err(fail)?;
    redirect(&format!("/manage/c/{slug}/registration-settings?done=notice-saved"));
    Ok(())
}

#[server(prefix = "/fn", endpoint = "registration/question/delete")]
pub async fn delete_question(conference_id: i64, slug: String, id: i64) -> Result<(), AppError> {
    use crate::ssr::{fail, redirect, request, service};
    hoinghi_service::registration::delete_question(&service()?, &request().actor, conference_id, id)
        .await
        .map_err(fail)?;
    redirect(&format!("/manage/c/{slug}/registration-settings?done=notice-saved"));
    Ok(())
}

#[server(prefix = "/fn", endpoint = "registration/coordinator")]
pub async fn add_coordinator(
    conference_id: i64,
    slug: String,
    email: String,
    #[server(default)] unit_id: String,
) -> Result<(), AppError> {
    use crate::ssr::{fail, redirect, request, service};
    hoinghi_service::registration::add_coordinator(&service()?, &request().actor, conference_id, &email, &unit_id)
        .await
        .map_err(fail)?;
    redirect(&format!("/manage/c/{slug}/registration-settings?done=notice-saved"));
    Ok(())
}

#[component]
pub fn RegistrationSettingsPage() -> impl IntoView {
    let slug = param("slug");
    let update = ServerAction::<UpdateSettings>::new();
    let quota = ServerAction::<SetQuota>::new();
    let class_quota = ServerAction::<SetClassQuota>::new();
    let add_q = ServerAction::<AddQuestion>::new();
    let del_q = ServerAction::<DeleteQuestion>::new();
    let coordinator = ServerAction::<AddCoordinator>::new();
    load(async move {
        let d = settings_data(&slug).await?;
        let c = d.conference.clone();
        let (cid, slug) = (c.id, StoredValue::new(c.slug.clone()));
        let units: Vec<(String, String)> = std::iter::once((String::new(), tr("registration-choose")))
            .chain(d.units.iter().map(|u| (u.id.to_string(), u.name.clone())))
            .collect();
        let coordinator_units = units.clone();
        let class_units: Vec<(String, String)> = std::iter::once((String::new(), tr("registration-class-every-unit")))
            .chain(d.units.iter().map(|u| (u.id.to_string(), u.name.clone())))
            .collect();
        let classes: Vec<(String, String)> = d.classes.iter().map(|c| (c.uid.clone(), c.title.clone())).collect();
        let kinds: Vec<(String, String)> =
            QuestionKind::ALL.iter().map(|k| (k.as_str().to_string(), tr(k.label_key()))).collect();
        let s = d.settings.clone();
        Ok(view! {
            <PageTitle text=tr("registration-settings-title")/>
            <ManageNav slug=slug.get_value() title=c.title.clone() current="registration-settings"/>
            <Notice/>
            <h1>{tr("registration-settings-title")}</h1>
            <Form action=update submit=tr("action-save") class="stack">
                <input type="hidden" name="conference_id" value=cid/>
                <input type="hidden" name="slug" value=slug.get_value()/>
                <div class="row">
                    <TextField name="opens_at" label=tr("registration-opens") kind="datetime-local" value=s.opens_local.clone() help=tr("registration-window-help")/>
                    <TextField name="closes_at" label=tr("registration-closes") kind="datetime-local" value=s.closes_local.clone()/>
                </div>
                <CheckboxField name="requires_approval" label=tr("registration-approval") checked=s.requires_approval help=tr("registration-approval-help")/>
                <CheckboxField name="waitlist" label=tr("registration-waitlist") checked=s.waitlist help=tr("registration-waitlist-help")/>
                <TextField name="default_unit_quota" label=tr("registration-default-quota") kind="number" value=s.default_unit_quota.map(|q| q.to_string()).unwrap_or_default() help=tr("registration-default-quota-help")/>
            </Form>

            <h3>{tr("registration-quotas")}</h3>
            <table class="list">
                <thead><tr><th>{tr("registration-unit")}</th><th>{tr("registration-quota")}</th><th>{tr("registration-quota-used")}</th></tr></thead>
                <tbody>{d.quotas.units.iter().map(|q| view! { <tr><td>{q.unit_name.clone()}</td><td>{q.quota}</td><td>{q.confirmed}</td></tr> }).collect_view()}</tbody>
            </table>
            <Form action=quota submit=tr("registration-quota-set") class="stack compact">
                <input type="hidden" name="conference_id" value=cid/>
                <input type="hidden" name="slug" value=slug.get_value()/>
                <div class="row">
                    <SelectField name="unit_id" label=tr("registration-unit") options=units.clone()/>
                    <TextField name="quota" label=tr("registration-quota") kind="number" help=tr("registration-quota-help")/>
                </div>
            </Form>

            {(!classes.is_empty()).then(|| view! {
                <h3>{tr("registration-class-quotas")}</h3>
                <p class="help">{tr("registration-class-quotas-help")}</p>
                <table class="list">
                    <thead><tr><th>{tr("registration-class")}</th><th>{tr("registration-unit")}</th><th>{tr("registration-quota")}</th><th>{tr("registration-class-quota-taken")}</th></tr></thead>
                    <tbody>{d.quotas.classes.iter().map(|q| view! {
                        <tr>
                            <td>{q.class_title.clone()}</td>
                            <td>{if q.unit_id.is_some() { q.unit_name.clone() } else { tr("registration-class-every-unit") }}</td>
                            <td>{q.quota}</td>
                            <td>{q.taken}</td>
                        </tr>
                    }).collect_view()}</tbody>
                </table>
                <Form action=class_quota submit=tr("registration-class-quota-set") class="stack compact">
                    <input type="hidden" name="conference_id" value=cid/>
                    <input type="hidden" name="slug" value=slug.get_value()/>
                    <div class="row three">
                        <SelectField name="session_uid" label=tr("registration-class") options=classes.clone()/>
                        <SelectField name="unit_id" label=tr("registration-unit") options=class_units.clone()/>
                        <TextField name="quota" label=tr("registration-quota") kind="number" help=tr("registration-class-quota-help")/>
                    </div>
                </Form>
            })}

            <h3>{tr("registration-questions")}</h3>
            <ul class="questions">{d.questions.clone().into_iter().map(|q| view! {
                <li>
                    {q.label.clone()}" · "{tr(q.kind.label_key())}{q.required.then_some(" *")}
                    {(!q.options.is_empty()).then(|| format!(" ({})", q.options.join(", ")))}" "
                    <Form action=del_q class="inline">
                        <input type="hidden" name="conference_id" value=cid/>
                        <input type="hidden" name="slug" value=slug.get_value()/>
                        <input type="hidden" name="id" value=q.id/>
                        <button type="submit" class="link danger">{tr("action-remove")}</button>
                    </Form>
                </li>
            }).collect_view()}</ul>
            <Form action=add_q submit=tr("registration-question-add") class="stack compact">
                <input type="hidden" name="conference_id" value=cid/>
                <input type="hidden" name="slug" value=slug.get_value()/>
                <TextField name="label" label=tr("registration-question-label") required=true max_len=limits::QUESTION_LABEL/>
                <SelectField name="kind" label=tr("registration-question-kind") options=kinds/>
                <TextArea name="options" label=tr("registration-question-options") rows=3 help=tr("registration-question-options-help")/>
                <TextField name="help" label=tr("registration-question-help") max_len=limits::QUESTION_LABEL/>
                <CheckboxField name="required" label=tr("registration-question-required")/>
            </Form>

            <h3>{tr("registration-coordinators")}</h3>
            <p class="help">{tr("registration-coordinators-help")}</p>
            <Form action=coordinator submit=tr("registration-coordinator-add") class="stack compact">
                <input type="hidden" name="conference_id" value=cid/>
                <input type="hidden" name="slug" value=slug.get_value()/>
                <div class="row">
                    <TextField name="email" label=tr("users-email") kind="email" required=true max_len=254/>
                    <SelectField name="unit_id" label=tr("registration-unit") options=coordinator_units/>
                </div>
            </Form>
        })
    })
}
