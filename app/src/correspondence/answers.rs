//! `/manage/c/:slug/correspondence/answers`: the summary report of recommendations and the letters
//! answering each province. The answers themselves are given on the recommendations page.

use super::{OutsideNumber, RecipientsField, SignerFields, SubNav, file_url, short};
use crate::conferences::ManageNav;
use crate::forms::{Form, Notice, TextArea, TextField};
use crate::i18n::{tr, tr_args};
use crate::page::{PageTitle, load, param};
use crate::ssr::{request, service};
use hoinghi_domain::AppError;
use hoinghi_domain::correspondence::{AnswerLetterText, ReportText, limits};
use leptos::prelude::*;

#[server(prefix = "/fn", endpoint = "correspondence/report")]
pub async fn save_report(slug: String, revision: i64, input: ReportText) -> Result<i64, AppError> {
    use crate::ssr::{fail, redirect, request, service};
    let (svc, actor) = (service()?, request().actor);
    let c = hoinghi_service::conferences::by_slug_for_organizer(&svc, &actor, &slug).await.map_err(fail)?;
    let rev = hoinghi_service::correspondence::save_report(&svc, &actor, c.id, revision, input).await.map_err(fail)?;
    redirect(&format!("/manage/c/{slug}/correspondence/answers?done=notice-saved#report"));
    Ok(rev)
}

#[server(prefix = "/fn", endpoint = "correspondence/issue-report")]
pub async fn issue_report(
    slug: String,
    revision: i64,
    #[server(default)] outside_number: String,
) -> Result<(), AppError> {
    use crate::ssr::{fail, redirect, request, service};
    let (svc, actor) = (service()?, request().actor);
    let c = hoinghi_service::conferences::by_slug_for_organizer(&svc, &actor, &slug).await.map_err(fail)?;
    hoinghi_service::correspondence::issue_report(&svc, &actor, c.id, revision, &outside_number).await.map_err(fail)?;
    redirect(&format!("/manage/c/{slug}/correspondence/answers?done=notice-document-issued#report"));
    Ok(())
}

#[server(prefix = "/fn", endpoint = "correspondence/answer-letter")]
pub async fn save_answer_letter(slug: String, revision: i64, input: AnswerLetterText) -> Result<i64, AppError> {
    use crate::ssr::{fail, redirect, request, service};
    let (svc, actor) = (service()?, request().actor);
    let c = hoinghi_service::conferences::by_slug_for_organizer(&svc, &actor, &slug).await.map_err(fail)?;
    let rev =
        hoinghi_service::correspondence::save_answer_letter(&svc, &actor, c.id, revision, input).await.map_err(fail)?;
    redirect(&format!("/manage/c/{slug}/correspondence/answers?done=notice-saved#letters"));
    Ok(rev)
}

#[server(prefix = "/fn", endpoint = "correspondence/issue-answer-letters")]
pub async fn issue_answer_letters(
    slug: String,
    revision: i64,
    #[server(default)] code: String,
    #[server(default)] outside_number: String,
) -> Result<usize, AppError> {
    use crate::ssr::{fail, redirect, request, service};
    let (svc, actor) = (service()?, request().actor);
    let c = hoinghi_service::conferences::by_slug_for_organizer(&svc, &actor, &slug).await.map_err(fail)?;
    let done =
        hoinghi_service::correspondence::issue_answer_letters(&svc, &actor, c.id, revision, &code, &outside_number)
            .await
            .map_err(fail)?;
    redirect(&format!("/manage/c/{slug}/correspondence/answers?done=notice-document-issued#letters"));
    Ok(done.len())
}

#[component]
pub fn AnswersPage() -> impl IntoView {
    let slug = param("slug");
    let save = ServerAction::<SaveReport>::new();
    let issue = ServerAction::<IssueReport>::new();
    let save_letter = ServerAction::<SaveAnswerLetter>::new();
    let issue_letters = ServerAction::<IssueAnswerLetters>::new();
    load(async move {
        let (svc, actor) = (service()?, request().actor);
        let c = hoinghi_service::conferences::by_slug_for_organizer(&svc, &actor, &slug).await?;
        let v = hoinghi_service::correspondence::answers(&svc, &actor, c.id).await?;
        let slug = StoredValue::new(c.slug.clone());
        let r = v.report.text.clone();
        let l = v.letter_text.clone();
        let report_locked = v.report.issued.is_some();
        let ready = v.provinces.iter().filter(|p| p.answered > 0).count();
        let letter_revision = v.letter_revision;
        Ok(view! {
            <PageTitle text=tr("correspondence-answers")/>
            <ManageNav slug=slug.get_value() title=c.title.clone() current="correspondence"/>
            <SubNav slug=slug.get_value() current="answers"/>
            <Notice/>
            <h2>{tr("correspondence-answers")}</h2>
            <p class="meta">{tr_args("answers-counts", &[("total", v.total.into()), ("answered", v.answered.into())])}" "
                <a href=format!("/manage/c/{}/recommendations", slug.get_value())>{tr("answers-give")}</a></p>

            <h3 id="report">{tr("document-kind-recommendation-report")}</h3>
            {v.report.issued.as_ref().map(|e| view! {
                <p class="notice">{tr_args("correspondence-issued-as", &[("symbol", e.symbol.clone().into()), ("date", short(&e.issued_on).into())])}" "
                    <a href=file_url(&slug.get_value(), &format!("doc-{}.pdf", e.id))>"PDF"</a></p>
            })}
            <Form action=save class="stack">
                <input type="hidden" name="slug" value=slug.get_value()/>
                <input type="hidden" name="revision" value=v.report.revision/>
                <fieldset disabled=report_locked>
                    <TextField name="input[subject]" error_for="subject" label=tr("invitations-subject") value=r.subject.clone() max_len=limits::LINE/>
                    <TextArea name="input[intro]" error_for="intro" label=tr("conclusion-intro") value=r.intro.clone() max_len=limits::TEXT rows=3/>
                    <TextArea name="input[closing]" error_for="closing" label=tr("answers-closing") value=r.closing.clone() max_len=limits::TEXT rows=2/>
                    <SignerFields authority=r.signer_authority.clone() position=r.signer_position.clone() name=r.signer_name.clone() drafting_unit=r.drafting_unit.clone()/>
                    <RecipientsField value=r.recipients.clone()/>
                </fieldset>
                {(!report_locked).then(|| view! { <div class="actions"><button type="submit">{tr("correspondence-save")}</button></div> })}
            </Form>
            {(!report_locked).then(|| view! {
                <p><a href=file_url(&slug.get_value(), "report-preview.pdf")>{tr("correspondence-preview")}</a></p>
                <Form action=issue class="stack compact">
                    <input type="hidden" name="slug" value=slug.get_value()/>
                    <input type="hidden" name="revision" value=v.report.revision/>
                    <OutsideNumber/>
                    <div class="actions"><button type="submit" class="primary">{tr("correspondence-issue")}</button></div>
                </Form>
            })}

            <h3 id="letters">{tr("document-kind-answer-letter")}</h3>
            <p class="help">{tr("answers-letter-help")}</p>
            <Form action=save_letter class="stack">
                <input type="hidden" name="slug" value=slug.get_value()/>
                <input type="hidden" name="revision" value=letter_revision/>
                <TextArea name="input[intro]" error_for="intro" label=tr("conclusion-intro") value=l.intro.clone() max_len=limits::TEXT rows=3/>
                <TextArea name="input[closing]" error_for="closing" label=tr("answers-closing") value=l.closing.clone() max_len=limits::TEXT rows=2/>
                <SignerFields authority=l.signer_authority.clone() position=l.signer_position.clone() name=l.signer_name.clone() drafting_unit=l.drafting_unit.clone()/>
                <RecipientsField value=l.recipients.clone()/>
                <div class="actions"><button type="submit">{tr("correspondence-save")}</button></div>
            </Form>
            <table class="list provinces">
                <thead><tr><th>{tr("registration-province")}</th><th>{tr("answers-addressee")}</th><th>{tr("answers-answered")}</th><th>{tr("answers-letter")}</th><th></th></tr></thead>
                <tbody>{v.provinces.iter().map(|p| {
                    let code = p.admin_unit_code.clone();
                    view! {
                        <tr>
                            <td>{p.admin_unit_name.clone()}</td>
                            <td>{p.addressee.clone()}</td>
                            <td>{format!("{}/{}", p.answered, p.filed)}</td>
                            <td>{p.letter.as_ref().map(|d| view! { <a href=file_url(&slug.get_value(), &format!("doc-{}.pdf", d.id))>{d.symbol.clone()}</a>" · "{short(&d.issued_on)} })}</td>
                            <td>{(p.answered > 0).then(|| view! {
                                <a href=file_url(&slug.get_value(), &format!("letter-preview-{code}.pdf"))>{tr("correspondence-preview")}</a>" "
                                <Form action=issue_letters class="inline">
                                    <input type="hidden" name="slug" value=slug.get_value()/>
                                    <input type="hidden" name="revision" value=letter_revision/>
                                    <input type="hidden" name="code" value=code.clone()/>
                                    <button type="submit" class="link">{tr("answers-issue-one")}</button>
                                </Form>
                            })}</td>
                        </tr>
                    }
                }).collect_view()}</tbody>
            </table>
            {(ready > 0).then(|| view! {
                <Form action=issue_letters class="stack compact">
                    <input type="hidden" name="slug" value=slug.get_value()/>
                    <input type="hidden" name="revision" value=letter_revision/>
                    <div class="actions"><button type="submit" class="primary">{tr("answers-issue-all")}</button></div>
                </Form>
            })}
        })
    })
}
