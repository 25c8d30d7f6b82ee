//! `/manage/c/:slug/correspondence/invitations`: the invitations' shared text, how each unit is
//! addressed and where it is mailed, previews, issuing all at once, the units' nomination links, and
//! the notice of change once time or place differ from what was issued.

use super::{OutsideNumber, RecipientsField, SignerFields, SubNav, file_url, short};
use crate::conferences::ManageNav;
use crate::forms::{Form, Notice, TextArea, TextField};
use crate::i18n::{tr, tr_args};
use crate::page::{PageTitle, load, param};
use crate::ssr::{request, service};
use hoinghi_domain::AppError;
use hoinghi_domain::correspondence::{ChangeNoticeText, InvitationText, LinkState, RecipientInput, limits};
use leptos::prelude::*;

#[server(prefix = "/fn", endpoint = "correspondence/invitation-text")]
pub async fn save_invitation_text(slug: String, revision: i64, input: InvitationText) -> Result<i64, AppError> {
    use crate::ssr::{fail, redirect, request, service};
    let (svc, actor) = (service()?, request().actor);
    let c = hoinghi_service::conferences::by_slug_for_organizer(&svc, &actor, &slug).await.map_err(fail)?;
    let rev = hoinghi_service::correspondence::save_invitation_text(&svc, &actor, c.id, revision, input)
        .await
        .map_err(fail)?;
    redirect(&format!("/manage/c/{slug}/correspondence/invitations?done=notice-saved"));
    Ok(rev)
}

#[server(prefix = "/fn", endpoint = "correspondence/invitation-recipients")]
pub async fn save_invitation_recipients(
    slug: String,
    #[server(default)] recipients: Vec<RecipientInput>,
) -> Result<(), AppError> {
    use crate::ssr::{fail, redirect, request, service};
    let (svc, actor) = (service()?, request().actor);
    let c = hoinghi_service::conferences::by_slug_for_organizer(&svc, &actor, &slug).await.map_err(fail)?;
    hoinghi_service::correspondence::save_recipients(&svc, &actor, c.id, recipients).await.map_err(fail)?;
    redirect(&format!("/manage/c/{slug}/correspondence/invitations?done=notice-saved#units"));
    Ok(())
}

#[server(prefix = "/fn", endpoint = "correspondence/issue-invitations")]
pub async fn issue_invitations(slug: String, revision: i64) -> Result<usize, AppError> {
    use crate::ssr::{fail, redirect, request, service};
    let (svc, actor) = (service()?, request().actor);
    let c = hoinghi_service::conferences::by_slug_for_organizer(&svc, &actor, &slug).await.map_err(fail)?;
    let out = hoinghi_service::correspondence::issue_invitations(&svc, &actor, c.id, revision).await.map_err(fail)?;
    redirect(&format!("/manage/c/{slug}/correspondence/invitations?done=notice-invitations-issued#units"));
    Ok(out.issued.len())
}

#[server(prefix = "/fn", endpoint = "correspondence/nomination-link")]
pub async fn change_nomination_link(slug: String, unit_id: i64, action: String) -> Result<(), AppError> {
    use crate::ssr::{fail, redirect, request, service};
    use hoinghi_service::correspondence::{renew_nomination_link, revoke_nomination_link};
    let (svc, actor) = (service()?, request().actor);
    let c = hoinghi_service::conferences::by_slug_for_organizer(&svc, &actor, &slug).await.map_err(fail)?;
    let done = match action.as_str() {
        "revoke" => revoke_nomination_link(&svc, &actor, c.id, unit_id).await.map(|_| "notice-link-revoked"),
        "renew" => renew_nomination_link(&svc, &actor, c.id, unit_id).await.map(|_| "notice-link-renewed"),
        _ => return Err(fail(AppError::invalid("action", hoinghi_domain::Message::new("error-choice")))),
    }
    .map_err(fail)?;
    redirect(&format!("/manage/c/{slug}/correspondence/invitations?done={done}#links"));
    Ok(())
}

#[server(prefix = "/fn", endpoint = "correspondence/change-notice")]
pub async fn save_change_notice(slug: String, revision: i64, input: ChangeNoticeText) -> Result<i64, AppError> {
    use crate::ssr::{fail, redirect, request, service};
    let (svc, actor) = (service()?, request().actor);
    let c = hoinghi_service::conferences::by_slug_for_organizer(&svc, &actor, &slug).await.map_err(fail)?;
    let rev =
        hoinghi_service::correspondence::save_change_notice(&svc, &actor, c.id, revision, input).await.map_err(fail)?;
    redirect(&format!("/manage/c/{slug}/correspondence/invitations?done=notice-saved#change"));
    Ok(rev)
}

#[server(prefix = "/fn", endpoint = "correspondence/issue-change-notice")]
pub async fn issue_change_notice(
    slug: String,
    revision: i64,
    #[server(default)] outside_number: String,
) -> Result<(), AppError> {
    use crate::ssr::{fail, redirect, request, service};
    let (svc, actor) = (service()?, request().actor);
    let c = hoinghi_service::conferences::by_slug_for_organizer(&svc, &actor, &slug).await.map_err(fail)?;
    hoinghi_service::correspondence::issue_change_notice(&svc, &actor, c.id, revision, &outside_number)
        .await
        .map_err(fail)?;
    redirect(&format!("/manage/c/{slug}/correspondence/invitations?done=notice-document-issued#change"));
    Ok(())
}

#[component]
pub fn InvitationsPage() -> impl IntoView {
    let slug = param("slug");
    let save_text = ServerAction::<SaveInvitationText>::new();
    let save_units = ServerAction::<SaveInvitationRecipients>::new();
    let issue = ServerAction::<IssueInvitations>::new();
    let link = ServerAction::<ChangeNominationLink>::new();
    let save_change = ServerAction::<SaveChangeNotice>::new();
    let issue_change = ServerAction::<IssueChangeNotice>::new();
    load(async move {
        let (svc, actor) = (service()?, request().actor);
        let c = hoinghi_service::conferences::by_slug_for_organizer(&svc, &actor, &slug).await?;
        let v = hoinghi_service::correspondence::invitations(&svc, &actor, c.id).await?;
        let slug = StoredValue::new(c.slug.clone());
        let t = v.text.clone();
        let to_issue = v.units.iter().filter(|u| u.issued.is_none()).count();
        let issued = v.units.iter().filter(|u| u.issued.is_some()).count();
        let revision = v.revision;
        let change = v.changed_from.clone();
        let ct = v.change_text.clone();
        let now = v.now.clone();
        let (time_help, venue_help) = (
            tr_args("invitations-time-help", &[("now", now.time.clone().into())]),
            tr_args("invitations-venue-help", &[("now", now.venue.clone().into())]),
        );
        // Built when the form renders its children, inside its `FormState`, so the fields see a refused
        // post's errors and values (built here, before the form, they would not).
        let units = v.units.clone();
        let units_rows = move || {
            units.iter().enumerate().map(|(i, u)| view! {
                        <tr>
                            <td>{u.unit_name.clone()}<input type="hidden" name=format!("recipients[{i}][unit_id]") value=u.unit_id/></td>
                            <td>{u.quota}</td>
                            <td><TextField name=format!("recipients[{i}][addressee]") error_for=format!("recipients.{i}.addressee") label=tr("invitations-addressee") value=u.addressee_custom.clone() placeholder=u.addressee.clone() max_len=limits::LINE/></td>
                            <td><TextField name=format!("recipients[{i}][email]") error_for=format!("recipients.{i}.email") kind="email" label=tr("invitations-email") value=u.email.clone() max_len=254usize/></td>
                        </tr>
                    }).collect_view()
        };
        let links_rows = v.units.iter().map(|u| {
                    let unit_id = u.unit_id;
                    let state = u.link;
                    let (action, label) = if state == LinkState::Active {
                        ("revoke", tr("invitations-link-revoke"))
                    } else {
                        ("renew", tr("invitations-link-renew"))
                    };
                    view! {
                        <tr>
                            <td>{u.unit_name.clone()}</td>
                            <td>{match &u.issued {
                                Some(d) => view! { <a href=file_url(&slug.get_value(), &format!("doc-{}.pdf", d.id))>{d.symbol.clone()}</a>" · "{short(&d.issued_on)} }.into_any(),
                                None => view! { <a href=file_url(&slug.get_value(), &format!("invitation-preview-{unit_id}.pdf"))>{tr("correspondence-preview")}</a> }.into_any(),
                            }}</td>
                            <td>{format!("{}/{}", u.nominated, u.quota)}</td>
                            <td>{match (u.link, u.link_url.clone()) {
                                (LinkState::Active, Some(url)) => view! { <code class="link-url">{url}</code> }.into_any(),
                                (LinkState::Revoked, _) => view! { <span class="badge">{tr("invitations-link-revoked")}</span> }.into_any(),
                                _ => view! { <span class="muted">"—"</span> }.into_any(),
                            }}</td>
                            <td>{(state != LinkState::None).then(move || view! {
                                <Form action=link class="inline">
                                    <input type="hidden" name="slug" value=slug.get_value()/>
                                    <input type="hidden" name="unit_id" value=unit_id/>
                                    <input type="hidden" name="action" value=action/>
                                    <button type="submit" class="link">{label.clone()}</button>
                                </Form>
                            })}</td>
                        </tr>
                    }
                }).collect_view();
        let change_revision = v.change_revision;
        let change_view = match change {
                None => view! { <p class="help">{tr("invitations-change-none")}</p> }.into_any(),
                Some(from) => view! {
                    <section class="schedule-change" role="status">
                        <p>{tr("invitations-change-found")}</p>
                        <table class="list">
                            <thead><tr><th></th><th>{tr("invitations-change-issued")}</th><th>{tr("invitations-change-now")}</th></tr></thead>
                            <tbody>
                                <tr><th scope="row">{tr("invitations-time")}</th><td>{from.time.clone()}</td><td>{now.time.clone()}</td></tr>
                                <tr><th scope="row">{tr("invitations-venue")}</th><td>{from.venue.clone()}</td><td>{now.venue.clone()}</td></tr>
                            </tbody>
                        </table>
                    </section>
                    <Form action=save_change class="stack">
                        <input type="hidden" name="slug" value=slug.get_value()/>
                        <input type="hidden" name="revision" value=change_revision/>
                        <TextField name="input[subject]" error_for="subject" label=tr("invitations-subject") value=ct.subject.clone() max_len=limits::LINE/>
                        <TextArea name="input[body]" error_for="body" label=tr("correspondence-body") value=ct.body.clone() max_len=limits::TEXT rows=8/>
                        <SignerFields authority=ct.signer_authority.clone() position=ct.signer_position.clone() name=ct.signer_name.clone() drafting_unit=ct.drafting_unit.clone()/>
                        <RecipientsField value=ct.recipients.clone()/>
                        <div class="actions"><button type="submit">{tr("correspondence-save")}</button></div>
                    </Form>
                    <p><a href=file_url(&slug.get_value(), "change-preview.pdf")>{tr("correspondence-preview")}</a></p>
                    <Form action=issue_change class="stack compact">
                        <input type="hidden" name="slug" value=slug.get_value()/>
                        <input type="hidden" name="revision" value=change_revision/>
                        <OutsideNumber/>
                        <div class="actions"><button type="submit" class="primary">{tr("invitations-change-issue")}</button></div>
                    </Form>
                }.into_any(),
            };
        let notices_view = (!v.notices.is_empty()).then(|| view! {
                <ul class="documents">{v.notices.iter().map(|n| view! {
                    <li><a href=file_url(&slug.get_value(), &format!("doc-{}.pdf", n.id))>{n.symbol.clone()}</a>" · "{short(&n.issued_on)}" · "{n.subject.clone()}</li>
                }).collect_view()}</ul>
            });
        Ok(view! {
            <PageTitle text=tr("correspondence-invitations")/>
            <ManageNav slug=slug.get_value() title=c.title.clone() current="correspondence"/>
            <SubNav slug=slug.get_value() current="invitations"/>
            <Notice/>
            <h2>{tr("correspondence-invitations")}</h2>
            <p class="help">{tr("invitations-help")}</p>
            <p class="meta">{tr_args("invitations-counts", &[("units", (v.units.len() as i64).into()), ("issued", (issued as i64).into())])}</p>

            <Form action=save_text class="stack invitation-text">
                <input type="hidden" name="slug" value=slug.get_value()/>
                <input type="hidden" name="revision" value=revision/>
                <TextField name="input[subject]" error_for="subject" label=tr("invitations-subject") value=t.subject.clone() max_len=limits::LINE/>
                <TextArea name="input[content]" error_for="content" label=tr("invitations-content") value=t.content.clone() max_len=limits::TEXT rows=3/>
                <TextField name="input[positions]" error_for="positions" label=tr("invitations-positions") value=t.positions.clone() max_len=limits::LINE/>
                <TextArea name="input[preparation]" error_for="preparation" label=tr("invitations-preparation") value=t.preparation.clone() max_len=limits::TEXT rows=2/>
                <div class="row">
                    <TextField name="input[deadline]" error_for="deadline" kind="date" label=tr("invitations-deadline") value=t.deadline.clone()/>
                    <TextField name="input[addressee_title]" error_for="addressee_title" label=tr("invitations-addressee-title") value=t.addressee_title.clone() max_len=limits::LINE/>
                </div>
                <TextField name="input[time_text]" error_for="time_text" label=tr("invitations-time") value=t.time_text.clone() max_len=limits::LINE help=time_help/>
                <TextField name="input[venue_text]" error_for="venue_text" label=tr("invitations-venue") value=t.venue_text.clone() max_len=limits::LINE help=venue_help/>
                <TextField name="input[contact]" error_for="contact" label=tr("invitations-contact") value=t.contact.clone() max_len=limits::LINE/>
                <TextArea name="input[notes]" error_for="notes" label=tr("invitations-notes") value=t.notes.clone() max_len=limits::TEXT rows=2/>
                <SignerFields authority=t.signer_authority.clone() position=t.signer_position.clone() name=t.signer_name.clone() drafting_unit=t.drafting_unit.clone()/>
                <RecipientsField value=t.recipients.clone()/>
                <div class="actions"><button type="submit" class="primary">{tr("correspondence-save")}</button></div>
            </Form>
            <p class="meta">{tr_args("correspondence-revision", &[("revision", revision.into())])}</p>

            <h3 id="units">{tr("invitations-units")}</h3>
            {v.units.is_empty().then(|| view! { <p class="empty">{tr("invitations-error-no-units")}</p> })}
            <Form action=save_units class="stack">
                <input type="hidden" name="slug" value=slug.get_value()/>
                <table class="list invited-units">
                    <thead><tr><th>{tr("registration-unit")}</th><th>{tr("invitations-quota")}</th><th>{tr("invitations-addressee")}</th><th>{tr("invitations-email")}</th></tr></thead>
                    <tbody>{units_rows()}</tbody>
                </table>
                <div class="actions"><button type="submit">{tr("invitations-save-units")}</button></div>
            </Form>

            {(to_issue > 0).then(|| view! {
                <Form action=issue class="stack compact issue-invitations">
                    <input type="hidden" name="slug" value=slug.get_value()/>
                    <input type="hidden" name="revision" value=revision/>
                    <p class="help">{tr("invitations-issue-help")}</p>
                    <div class="actions"><button type="submit" class="primary">{tr_args("invitations-issue", &[("count", (to_issue as i64).into())])}</button></div>
                </Form>
            })}

            <h3 id="links">{tr("invitations-documents")}</h3>
            {(issued > 0).then(|| view! {
                <p><a class="button" href=file_url(&slug.get_value(), "invitations.pdf")>{tr_args("invitations-merged", &[("count", (issued as i64).into())])}</a></p>
            })}
            <table class="list invitation-links">
                <thead><tr><th>{tr("registration-unit")}</th><th>{tr("register-symbol")}</th><th>{tr("invitations-nominated")}</th><th>{tr("invitations-link")}</th><th></th></tr></thead>
                <tbody>{links_rows}</tbody>
            </table>

            <h3 id="change">{tr("invitations-change")}</h3>
            {change_view}
            {notices_view}
        })
    })
}
