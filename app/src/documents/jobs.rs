use crate::conferences::ManageNav;
use crate::forms::{Form, Notice, SelectField, TextField};
use crate::i18n::{tr, tr_args};
use crate::page::{PageTitle, id_param, load, param};
use crate::ssr::{request, service};
use hoinghi_domain::AppError;
use hoinghi_domain::time::instant_vn;
use hoinghi_service::documents::jobs::{DocumentJob, KINDS};
use leptos::prelude::*;

#[server(prefix = "/fn", endpoint = "documents/start")]
pub async fn start_document(slug: String, kind: String, #[server(default)] threshold: String) -> Result<(), AppError> {
    use crate::ssr::{fail, redirect, request, service};
    let (svc, actor) = (service()?, request().actor);
    let c = hoinghi_service::conferences::by_slug_for_organizer(&svc, &actor, &slug).await.map_err(fail)?;
    let id = hoinghi_service::documents::jobs::start(&svc, &actor, c.id, &kind, &threshold).await.map_err(fail)?;
    redirect(&format!("/manage/c/{slug}/document-jobs/{id}"));
    Ok(())
}

fn kind_label(kind: &str) -> String {
    tr(&format!("documents-job-kind-{kind}"))
}

/// "Step 2 of 3: …", or the outcome.
fn progress_line(job: &DocumentJob) -> String {
    match job.status.as_str() {
        "done" => tr_args("documents-job-done", &[("count", job.items.into())]),
        "failed" => tr(&job.error),
        _ => tr_args(
            "documents-job-step",
            &[
                ("step", job.step.into()),
                ("steps", job.steps.into()),
                ("what", tr(&format!("documents-job-step-{}", job.step)).into()),
            ],
        ),
    }
}

#[component]
pub fn DocumentJobsPage() -> impl IntoView {
    let slug = param("slug");
    let action = ServerAction::<StartDocument>::new();
    load(async move {
        let (svc, actor) = (service()?, request().actor);
        let c = hoinghi_service::conferences::by_slug_for_organizer(&svc, &actor, &slug).await?;
        let jobs = hoinghi_service::documents::jobs::jobs(&svc, &actor, c.id).await?;
        let kinds: Vec<(String, String)> = KINDS.iter().map(|k| (k.to_string(), kind_label(k))).collect();
        let base = format!("/manage/c/{}/document-jobs", c.slug);
        Ok(view! {
            <PageTitle text=tr("documents-jobs-title")/>
            <ManageNav slug=c.slug.clone() title=c.title.clone() current="minutes"/>
            <Notice/>
            <h2>{tr("documents-jobs-title")}</h2>
            <p class="help">{tr("documents-jobs-help")}</p>
            <Form action=action submit=tr("documents-job-start") class="stack compact">
                <input type="hidden" name="slug" value=c.slug.clone()/>
                <div class="row">
                    <SelectField name="kind" label=tr("documents-job-kind") options=kinds/>
                    <TextField name="threshold" label=tr("documents-threshold") value="4".to_string() help=tr("documents-job-threshold-help")/>
                </div>
            </Form>
            <ul class="document-jobs">{jobs.into_iter().map(|j| view! {
                <li>
                    <a href=format!("{base}/{}", j.id)>{kind_label(&j.kind)}</a>
                    " · "{instant_vn(j.created_at)}" · "{progress_line(&j)}
                </li>
            }).collect_view()}</ul>
        })
    })
}

#[component]
pub fn DocumentJobPage() -> impl IntoView {
    let (slug, id) = (param("slug"), id_param("id"));
    load(async move {
        let (svc, actor) = (service()?, request().actor);
        let c = hoinghi_service::conferences::by_slug_for_organizer(&svc, &actor, &slug).await?;
        let job = hoinghi_service::documents::jobs::job(&svc, &actor, c.id, id?).await?;
        let here = format!("/manage/c/{}/document-jobs/{}", c.slug, job.id);
        let running = job.status == "running";
        Ok(view! {
            <PageTitle text=kind_label(&job.kind)/>
            // While the job runs the page reloads itself; without script, and without a second request to remember.
            {running.then(|| view! { <leptos_meta::Meta http_equiv="refresh" content="2"/> })}
            <p class="breadcrumb"><a href=format!("/manage/c/{}/document-jobs", c.slug)>{tr("documents-jobs-title")}</a></p>
            <h1>{kind_label(&job.kind)}</h1>
            <p class="job-progress" role="status">
                <progress value=job.step max=job.steps>{format!("{}/{}", job.step, job.steps)}</progress>" "
                {progress_line(&job)}
            </p>
            {running.then(|| view! { <p><a href=here.clone()>{tr("documents-job-refresh")}</a></p> })}
            {(job.status == "done").then(|| view! {
                <p><a class="button primary" href=format!("{here}/file") download="">{tr_args("documents-job-download", &[("file", job.file_name.clone().into())])}</a></p>
            })}
        })
    })
}
