//! `/manage/c/:slug/correspondence/conclusion`: the conclusion notice, pre-filled from the final minutes,
//! edited with revisions (a save names its base revision, as the minutes do), previewed, then issued with
//! a number and locked.

use super::{OutsideNumber, RecipientsField, SignerFields, SubNav, file_url, short};
use crate::conferences::ManageNav;
use crate::forms::{Form, Notice, TextArea, TextField};
use crate::i18n::{tr, tr_args};
use crate::page::{PageTitle, load, param};
use crate::ssr::{request, service};
use hoinghi_domain::AppError;
use hoinghi_domain::correspondence::{ConclusionText, limits};
use hoinghi_domain::minutes::TaskInput;
use hoinghi_domain::time::instant_vn;
use leptos::prelude::*;

#[server(prefix = "/fn", endpoint = "correspondence/conclusion")]
pub async fn save_conclusion(slug: String, revision: i64, input: ConclusionText) -> Result<i64, AppError> {
    use crate::ssr::{fail, redirect, request, service};
    let (svc, actor) = (service()?, request().actor);
    let c = hoinghi_service::conferences::by_slug_for_organizer(&svc, &actor, &slug).await.map_err(fail)?;
    let rev =
        hoinghi_service::correspondence::save_conclusion(&svc, &actor, c.id, revision, input).await.map_err(fail)?;
    redirect(&format!("/manage/c/{slug}/correspondence/conclusion?done=notice-saved"));
    Ok(rev)
}

#[server(prefix = "/fn", endpoint = "correspondence/issue-conclusion")]
pub async fn issue_conclusion(
    slug: String,
    revision: i64,
    #[server(default)] outside_number: String,
) -> Result<(), AppError> {
    use crate::ssr::{fail, redirect, request, service};
    let (svc, actor) = (service()?, request().actor);
    let c = hoinghi_service::conferences::by_slug_for_organizer(&svc, &actor, &slug).await.map_err(fail)?;
    hoinghi_service::correspondence::issue_conclusion(&svc, &actor, c.id, revision, &outside_number)
        .await
        .map_err(fail)?;
    redirect(&format!("/manage/c/{slug}/correspondence/conclusion?done=notice-document-issued"));
    Ok(())
}

#[component]
pub fn ConclusionPage() -> impl IntoView {
    let slug = param("slug");
    let save = ServerAction::<SaveConclusion>::new();
    let issue = ServerAction::<IssueConclusion>::new();
    load(async move {
        let (svc, actor) = (service()?, request().actor);
        let c = hoinghi_service::conferences::by_slug_for_organizer(&svc, &actor, &slug).await?;
        let draft = hoinghi_service::correspondence::conclusion(&svc, &actor, c.id).await?;
        let revisions = hoinghi_service::correspondence::conclusion_revisions(&svc, &actor, c.id).await?;
        let slug = StoredValue::new(c.slug.clone());
        let head = view! {
            <PageTitle text=tr("correspondence-conclusion")/>
            <ManageNav slug=slug.get_value() title=c.title.clone() current="correspondence"/>
            <SubNav slug=slug.get_value() current="conclusion"/>
            <Notice/>
            <h2>{tr("correspondence-conclusion")}</h2>
        };
        let Some(d) = draft else {
            return Ok(view! {
                {head}
                <p class="notice">{tr("conclusion-error-minutes-not-final")}</p>
                <p><a href=format!("/manage/c/{}/minutes", slug.get_value())>{tr("minutes-title")}</a></p>
            }
            .into_any());
        };
        let t = d.text.clone();
        let locked = d.issued.is_some();
        let mut tasks = t.tasks.clone();
        tasks.extend([TaskInput::default(), TaskInput::default()]);
        Ok(view! {
            {head}
            <p class="help">{tr("conclusion-help")}</p>
            {d.issued.as_ref().map(|e| view! {
                <p class="notice">{tr_args("correspondence-issued-as", &[("symbol", e.symbol.clone().into()), ("date", short(&e.issued_on).into())])}" "
                    <a href=file_url(&slug.get_value(), &format!("doc-{}.pdf", e.id))>"PDF"</a></p>
            })}
            <Form action=save class="stack conclusion">
                <input type="hidden" name="slug" value=slug.get_value()/>
                <input type="hidden" name="revision" value=d.revision/>
                <fieldset disabled=locked>
                    <TextField name="input[subject]" error_for="subject" label=tr("invitations-subject") value=t.subject.clone() max_len=limits::LINE/>
                    <TextArea name="input[intro]" error_for="intro" label=tr("conclusion-intro") value=t.intro.clone() max_len=limits::TEXT rows=4/>
                    <TextArea name="input[conclusions]" error_for="conclusions" label=tr("minutes-conclusions") value=t.conclusions.clone() max_len=limits::TEXT rows=8/>
                    <table class="list minutes-tasks">
                        <thead><tr><th>{tr("minutes-task-unit")}</th><th>{tr("minutes-task-task")}</th><th>{tr("minutes-task-deadline")}</th></tr></thead>
                        <tbody>{tasks.into_iter().enumerate().map(|(i, x)| view! {
                            <tr>
                                <td><TextField name=format!("input[tasks][{i}][unit]") error_for=format!("tasks.{i}.unit") label=tr("minutes-task-unit") value=x.unit max_len=limits::LINE/></td>
                                <td><TextArea name=format!("input[tasks][{i}][task]") error_for=format!("tasks.{i}.task") label=tr("minutes-task-task") value=x.task max_len=limits::TEXT rows=2/></td>
                                <td><TextField name=format!("input[tasks][{i}][deadline]") error_for=format!("tasks.{i}.deadline") label=tr("minutes-task-deadline") value=x.deadline max_len=limits::LINE/></td>
                            </tr>
                        }).collect_view()}</tbody>
                    </table>
                    <TextArea name="input[proposals]" error_for="proposals" label=tr("conclusion-proposals") value=t.proposals.clone() max_len=limits::TEXT rows=4 help=tr("conclusion-proposals-help")/>
                    <SignerFields authority=t.signer_authority.clone() position=t.signer_position.clone() name=t.signer_name.clone() drafting_unit=t.drafting_unit.clone()/>
                    <RecipientsField value=t.recipients.clone()/>
                </fieldset>
                {(!locked).then(|| view! { <div class="actions"><button type="submit" class="primary">{tr("correspondence-save")}</button></div> })}
            </Form>
            <p class="meta">{tr_args("correspondence-revision", &[("revision", d.revision.into())])}</p>
            {(!locked).then(|| view! {
                <p><a href=file_url(&slug.get_value(), "conclusion-preview.pdf")>{tr("correspondence-preview")}</a></p>
                <Form action=issue class="stack compact">
                    <input type="hidden" name="slug" value=slug.get_value()/>
                    <input type="hidden" name="revision" value=d.revision/>
                    <OutsideNumber/>
                    <div class="actions"><button type="submit" class="primary">{tr("correspondence-issue")}</button></div>
                </Form>
            })}
            <h3>{tr("minutes-revisions")}</h3>
            <ul class="minutes-revisions">
                {revisions.iter().map(|r| view! { <li>{tr_args("minutes-revision-line", &[("number", r.number.into()), ("by", r.saved_by.clone().into()), ("at", instant_vn(r.saved_at).into())])}</li> }).collect_view()}
            </ul>
        }
        .into_any())
    })
}
