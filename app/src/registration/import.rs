//! Importing a list of delegates: upload (a plain multipart form), map columns, review, accept.

use crate::agenda::UploadForm;
use crate::conferences::ManageNav;
use crate::forms::{Form, Notice, SelectField};
use crate::i18n::{tr, tr_args};
use crate::page::PageTitle;
use crate::page::{id_param, load, param};
use crate::ssr::{request, service};
use hoinghi_domain::AppError;
use hoinghi_domain::conference::Conference;
use hoinghi_domain::registration::ImportPreview;
use leptos::prelude::*;
use std::collections::BTreeMap;

async fn managed_conference(slug: &str) -> Result<Conference, AppError> {
    Ok(hoinghi_service::registration::managed_conference(&service()?, &request().actor, slug).await?)
}

#[component]
pub fn ImportPage() -> impl IntoView {
    let slug = param("slug");
    load(async move {
        let c = managed_conference(&slug).await?;
        // The upload form itself is only for those who may import into this conference.
        hoinghi_service::registration::scope(&service()?, &request().actor, c.id).await?;
        Ok(view! {
            <PageTitle text=tr("registrations-import")/>
            <ManageNav slug=c.slug.clone() title=c.title.clone() current="registrations"/>
            <h1>{tr("registrations-import")}</h1>
            <p>{tr("import-help")}</p>
            <UploadForm action=format!("/manage/c/{}/registrations/import", c.slug) echo_path="/upload/import" field="file"
                label=tr("import-file") help=tr("import-file-help") submit=tr("import-read") accept=".csv,.xlsx"/>
        })
    })
}

async fn import_preview(slug: &str, id: i64) -> Result<(Conference, ImportPreview), AppError> {
    let req = request();
    let c = managed_conference(slug).await?;
    let preview = hoinghi_service::registration::load_import(&service()?, &req.actor, id, req.locale).await?;
    Ok((c, preview))
}

#[server(prefix = "/fn", endpoint = "registrations/import/remap")]
pub async fn remap_import(
    id: i64,
    slug: String,
    #[server(default)] map: BTreeMap<String, String>,
) -> Result<(), AppError> {
    use crate::ssr::{fail, redirect, request, service};
    let req = request();
    hoinghi_service::registration::remap_import(&service()?, &req.actor, id, map, req.locale).await.map_err(fail)?;
    redirect(&format!("/manage/c/{slug}/registrations/import/{id}"));
    Ok(())
}

#[server(prefix = "/fn", endpoint = "registrations/import/accept")]
pub async fn accept_import(id: i64, slug: String) -> Result<(), AppError> {
    use crate::ssr::{fail, redirect, request, service};
    let req = request();
    let outcome =
        hoinghi_service::registration::accept_import(&service()?, &req.actor, id, req.locale).await.map_err(fail)?;
    redirect(&format!(
        "/manage/c/{slug}/registrations?done=notice-imported&imported={}&skipped={}",
        outcome.imported, outcome.skipped
    ));
    Ok(())
}

#[component]
pub fn ImportPreviewPage() -> impl IntoView {
    let (slug, id) = (param("slug"), id_param("id"));
    let remap = ServerAction::<RemapImport>::new();
    let accept = ServerAction::<AcceptImport>::new();
    load(async move {
        let (c, p) = import_preview(&slug, id?).await?;
        let slug = StoredValue::new(c.slug.clone());
        let valid = p.rows.iter().filter(|r| r.errors.is_empty()).count();
        let headers: Vec<(String, String)> = std::iter::once((String::new(), tr("import-no-column")))
            .chain(p.headers.iter().map(|h| (h.clone(), h.clone())))
            .collect();
        let done = p.status != "preview";
        Ok(view! {
            <PageTitle text=tr("import-preview")/>
            <ManageNav slug=slug.get_value() title=c.title.clone() current="registrations"/>
            <Notice/>
            <h1>{tr("import-preview")}" · "{p.file_name.clone()}</h1>
            <p>{tr_args("import-summary", &[("rows", p.rows.len().into()), ("valid", valid.into()), ("invalid", (p.rows.len() - valid).into())])}</p>
            {(!done).then(|| view! {
                <h3>{tr("import-mapping")}</h3>
                <Form action=remap submit=tr("import-remap") class="stack compact mapping">
                    <input type="hidden" name="id" value=p.id/>
                    <input type="hidden" name="slug" value=slug.get_value()/>
                    <div class="row three">
                        {p.mapping.iter().map(|(field, header)| view! {
                            <SelectField name=format!("map[{field}]") label=tr(&format!("import-field-{}", field.replace('_', "-"))) options=headers.clone() value=header.clone()/>
                        }).collect_view()}
                    </div>
                </Form>
                <Form action=accept class="inline-block">
                    <input type="hidden" name="id" value=p.id/>
                    <input type="hidden" name="slug" value=slug.get_value()/>
                    <button type="submit" class="primary">{tr_args("import-accept", &[("valid", valid.into())])}</button>
                </Form>
            })}
            <table class="list preview">
                <thead><tr><th>{tr("import-line")}</th><th>{tr("person-name")}</th><th>{tr("person-organization")}</th><th>{tr("registration-province")}</th><th>{tr("person-email")}</th><th>{tr("person-phone")}</th><th>{tr("import-problems")}</th></tr></thead>
                <tbody>{p.rows.into_iter().map(|r| view! {
                    <tr class:invalid=!r.errors.is_empty()>
                        <td>{r.line}</td>
                        <td>{format!("{} {} {}", r.input.family_name, r.input.middle_name, r.input.given_name)}</td>
                        <td>{r.unit}</td>
                        <td>{r.province}</td>
                        <td>{r.input.email.clone()}</td>
                        <td>{r.input.phone.clone()}</td>
                        <td>{if r.errors.is_empty() { "✓".to_string() } else { r.errors.join("; ") }}</td>
                    </tr>
                }).collect_view()}</tbody>
            </table>
        })
    })
}
