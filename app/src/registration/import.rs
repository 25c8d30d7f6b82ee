//! Importing a list of delegates: upload (a plain multipart form), map columns, review, accept.

use crate::agenda::UploadForm;
use crate::conferences::ManageNav;
use crate::errors::ErrorView;
use crate::forms::{Form, Notice, SelectField};
use crate::i18n::{tr, tr_args};
use hoinghi_domain::AppError;
use hoinghi_domain::conference::Conference;
use hoinghi_domain::registration::ImportPreview;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use std::collections::BTreeMap;

#[server(prefix = "/fn", endpoint = "registrations/import/conference", input = GetUrl)]
pub async fn get_import_conference(slug: String) -> Result<Conference, AppError> {
    use crate::ssr::{fail, request, service};
    let (svc, actor) = (service()?, request().actor);
    match hoinghi_service::conferences::by_slug_for_organizer(&svc, &actor, &slug).await {
        Ok(c) => Ok(c),
        Err(_) => hoinghi_service::conferences::by_slug_public(&svc, &slug).await.map_err(fail),
    }
}

#[component]
pub fn ImportPage() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.with(|p| p.get("slug").unwrap_or_default());
    let data = Resource::new(slug, get_import_conference);
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <ErrorView error=e/> }.into_any(),
                    Ok(c) => view! {
                        <Title text=tr("registrations-import")/>
                        <ManageNav slug=c.slug.clone() title=c.title.clone() current="registrations"/>
                        <h2>{tr("registrations-import")}</h2>
                        <p>{tr("import-help")}</p>
                        <UploadForm action=format!("/manage/c/{}/registrations/import", c.slug) echo_path="/upload/import" field="file"
                            label=tr("import-file") help=tr("import-file-help") submit=tr("import-read") accept=".csv,.xlsx"/>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[server(prefix = "/fn", endpoint = "registrations/import/get", input = GetUrl)]
pub async fn get_import(slug: String, id: i64) -> Result<(Conference, ImportPreview), AppError> {
    use crate::ssr::{fail, request};
    let req = request();
    let c = get_import_conference(slug).await?;
    let preview = hoinghi_service::registration::load_import(&crate::ssr::service()?, &req.actor, id, req.locale)
        .await
        .map_err(fail)?;
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
    let params = use_params_map();
    let key = move || {
        params
            .with(|p| (p.get("slug").unwrap_or_default(), p.get("id").and_then(|i| i.parse::<i64>().ok()).unwrap_or(0)))
    };
    let remap = ServerAction::<RemapImport>::new();
    let accept = ServerAction::<AcceptImport>::new();
    let data = Resource::new(move || (key(), remap.version().get()), |((slug, id), _)| get_import(slug, id));
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <ErrorView error=e/> }.into_any(),
                    Ok((c, p)) => {
                        let slug = StoredValue::new(c.slug.clone());
                        let valid = p.rows.iter().filter(|r| r.errors.is_empty()).count();
                        let headers: Vec<(String, String)> = std::iter::once((String::new(), tr("import-no-column"))).chain(p.headers.iter().map(|h| (h.clone(), h.clone()))).collect();
                        let done = p.status != "preview";
                        view! {
                            <Title text=tr("import-preview")/>
                            <ManageNav slug=slug.get_value() title=c.title.clone() current="registrations"/>
                            <Notice/>
                            <h2>{tr("import-preview")}" · "{p.file_name.clone()}</h2>
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
                                <thead><tr><th>{tr("import-line")}</th><th>{tr("person-name")}</th><th>{tr("person-organization")}</th><th>{tr("person-email")}</th><th>{tr("person-phone")}</th><th>{tr("import-problems")}</th></tr></thead>
                                <tbody>{p.rows.into_iter().map(|r| view! {
                                    <tr class:invalid=!r.errors.is_empty()>
                                        <td>{r.line}</td>
                                        <td>{format!("{} {} {}", r.input.family_name, r.input.middle_name, r.input.given_name)}</td>
                                        <td>{r.input.organization.clone()}</td>
                                        <td>{r.input.email.clone()}</td>
                                        <td>{r.input.phone.clone()}</td>
                                        <td>{if r.errors.is_empty() { "✓".to_string() } else { r.errors.join("; ") }}</td>
                                    </tr>
                                }).collect_view()}</tbody>
                            </table>
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}
