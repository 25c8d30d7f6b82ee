//! `/manage/c/:slug/correspondence`: the agency's register of outgoing documents for a year, how it
//! numbers documents (administrators), and taking a number for a document drafted elsewhere.

use super::{SubNav, file_url, short};
use crate::conferences::ManageNav;
use crate::forms::{Form, Notice, SelectField, TextArea, TextField};
use crate::i18n::{tr, tr_args};
use crate::page::{PageTitle, load, param, query};
use crate::ssr::{request, service};
use hoinghi_domain::AppError;
use hoinghi_domain::correspondence::{DocumentKind, Numbering, RegisterSettingsInput, TakeNumberInput, limits};
use leptos::prelude::*;

#[server(prefix = "/fn", endpoint = "correspondence/register-settings")]
pub async fn save_register_settings(
    slug: String,
    #[server(flatten)] input: RegisterSettingsInput,
) -> Result<(), AppError> {
    use crate::ssr::{fail, redirect, request, service};
    let (svc, actor) = (service()?, request().actor);
    let c = hoinghi_service::conferences::by_slug_for_organizer(&svc, &actor, &slug).await.map_err(fail)?;
    hoinghi_service::correspondence::update_register_settings(&svc, &actor, c.id, input).await.map_err(fail)?;
    redirect(&format!("/manage/c/{slug}/correspondence?done=notice-saved"));
    Ok(())
}

#[server(prefix = "/fn", endpoint = "correspondence/take-number")]
pub async fn take_register_number(slug: String, #[server(flatten)] input: TakeNumberInput) -> Result<(), AppError> {
    use crate::ssr::{fail, redirect, request, service};
    let (svc, actor) = (service()?, request().actor);
    let c = hoinghi_service::conferences::by_slug_for_organizer(&svc, &actor, &slug).await.map_err(fail)?;
    hoinghi_service::correspondence::take_number(&svc, &actor, c.id, input).await.map_err(fail)?;
    redirect(&format!("/manage/c/{slug}/correspondence?done=notice-number-taken"));
    Ok(())
}

fn kinds() -> Vec<(String, String)> {
    DocumentKind::ALL.iter().map(|k| (k.as_str().to_string(), tr(k.label_key()))).collect()
}

#[component]
pub fn CorrespondencePage() -> impl IntoView {
    let (slug, year) = (param("slug"), query("year"));
    let settings = ServerAction::<SaveRegisterSettings>::new();
    let take = ServerAction::<TakeRegisterNumber>::new();
    load(async move {
        let (svc, actor) = (service()?, request().actor);
        let c = hoinghi_service::conferences::by_slug_for_organizer(&svc, &actor, &slug).await?;
        let year = year.and_then(|y| y.parse::<i64>().ok());
        let (reg, year, entries) = hoinghi_service::correspondence::register(&svc, &actor, c.id, year).await?;
        let slug = StoredValue::new(c.slug.clone());
        let numbering = vec![
            (Numbering::Single.as_str().to_string(), tr("register-numbering-single")),
            (Numbering::PerType.as_str().to_string(), tr("register-numbering-per-type")),
        ];
        let cid = c.id;
        Ok(view! {
            <PageTitle text=tr("correspondence-register")/>
            <ManageNav slug=slug.get_value() title=c.title.clone() current="correspondence"/>
            <SubNav slug=slug.get_value() current="register"/>
            <Notice/>
            <h2>{tr_args("register-title", &[("agency", reg.agency_name.clone().into()), ("year", year.to_string().into())])}</h2>
            <p class="meta">
                {tr(if reg.numbering == Numbering::Single { "register-numbering-single" } else { "register-numbering-per-type" })}
                {(!reg.place_name.is_empty()).then(|| format!(" · {}: {}", tr("register-place"), reg.place_name))}
            </p>
            <p class="actions">
                <a href=format!("/manage/c/{}/correspondence?year={}", slug.get_value(), year - 1)>{format!("← {}", year - 1)}</a>" "
                <a href=format!("/manage/c/{}/correspondence?year={}", slug.get_value(), year + 1)>{format!("{} →", year + 1)}</a>
            </p>
            {entries.is_empty().then(|| view! { <p class="empty">{tr("register-empty")}</p> })}
            {(!entries.is_empty()).then(|| view! {
                <table class="list register">
                    <thead><tr>
                        <th>{tr("register-symbol")}</th><th>{tr("register-date")}</th><th>{tr("register-kind")}</th>
                        <th>{tr("register-subject")}</th><th>{tr("register-signer")}</th><th>{tr("register-recipients")}</th><th>{tr("register-file")}</th>
                    </tr></thead>
                    <tbody>{entries.iter().map(|e| view! {
                        <tr>
                            <td><strong>{e.symbol.clone()}</strong>{e.external.then(|| view! { " " <span class="badge">{tr("register-external")}</span> })}</td>
                            <td>{short(&e.issued_on)}</td>
                            <td>{tr(e.kind.label_key())}</td>
                            <td>{e.subject.clone()}</td>
                            <td>{e.signer.clone()}</td>
                            <td>{e.recipients.chars().take(160).collect::<String>()}</td>
                            <td>{(e.has_file && e.conference_id == Some(cid)).then(|| view! {
                                <a href=file_url(&slug.get_value(), &format!("doc-{}.pdf", e.id))>"PDF"</a>
                            })}</td>
                        </tr>
                    }).collect_view()}</tbody>
                </table>
            })}

            <h3>{tr("register-take")}</h3>
            <p class="help">{tr("register-take-help")}</p>
            <Form action=take submit=tr("register-take-submit") class="stack compact">
                <input type="hidden" name="slug" value=slug.get_value()/>
                <div class="row">
                    <SelectField name="kind" label=tr("register-kind") options=kinds()/>
                    <TextField name="drafting_unit" label=tr("correspondence-drafting-unit") max_len=20usize help=tr("correspondence-drafting-unit-help")/>
                </div>
                <TextField name="subject" label=tr("register-subject") required=true max_len=limits::LINE/>
                <TextField name="signer" label=tr("register-signer") max_len=limits::LINE/>
                <TextArea name="recipients" label=tr("register-recipients") max_len=limits::TEXT rows=2/>
            </Form>

            {actor.is_admin().then(|| view! {
                <h3>{tr("register-settings")}</h3>
                <Form action=settings submit=tr("action-save") class="stack compact">
                    <input type="hidden" name="slug" value=slug.get_value()/>
                    <SelectField name="numbering" label=tr("register-numbering") options=numbering value=reg.numbering.as_str().to_string() help=tr("register-numbering-help")/>
                    <TextField name="place_name" label=tr("register-place") value=reg.place_name.clone() max_len=100usize help=tr("register-place-help")/>
                </Form>
            })}
        })
    })
}
