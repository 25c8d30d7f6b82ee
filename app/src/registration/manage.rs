//! Organizers' delegate list, a registration's detail and history, and entering a delegate by hand.

use super::fields::{Mode, RegistrationFields};
use crate::conferences::ManageNav;
use crate::errors::ErrorView;
use crate::forms::{Form, Notice, SelectField, TextArea};
use crate::i18n::{tr, tr_args};
use hoinghi_domain::AppError;
use hoinghi_domain::conference::Conference;
use hoinghi_domain::registration::{
    DelegateList, Registration, RegistrationCounts, RegistrationEvent, RegistrationForm, RegistrationInput,
    RegistrationStatus, limits,
};
use hoinghi_domain::time::instant_vn;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[server(prefix = "/fn", endpoint = "registrations/list", input = GetUrl)]
pub async fn get_registrations(slug: String, status: Option<String>) -> Result<(Conference, DelegateList), AppError> {
    use crate::ssr::{fail, request, service};
    let (svc, actor) = (service()?, request().actor);
    let conference = hoinghi_service::conferences::by_slug_for_organizer(&svc, &actor, &slug).await;
    // Coordinators are not organizers: find the conference through its public page or as a draft.
    let conference = match conference {
        Ok(c) => c,
        Err(_) => hoinghi_service::conferences::by_slug_public(&svc, &slug).await.map_err(fail)?,
    };
    let status = status.as_deref().and_then(RegistrationStatus::parse);
    let list = hoinghi_service::registration::list(&svc, &actor, conference.id, status).await.map_err(fail)?;
    Ok((conference, list))
}

#[server(prefix = "/fn", endpoint = "registrations/bulk")]
pub async fn bulk_registrations(
    slug: String,
    action: String,
    #[server(default)] ids: Vec<i64>,
    #[server(default)] reason: String,
) -> Result<usize, AppError> {
    use crate::ssr::{fail, redirect, request, service};
    let (svc, actor) = (service()?, request().actor);
    if ids.is_empty() {
        return Err(fail(AppError::invalid("ids", hoinghi_domain::Message::new("registrations-choose-some"))));
    }
    let n = match action.as_str() {
        "approve" => hoinghi_service::registration::approve(&svc, &actor, &ids).await,
        "reject" => hoinghi_service::registration::reject(&svc, &actor, &ids, &reason).await,
        "cancel" => hoinghi_service::registration::cancel(&svc, &actor, &ids, &reason).await,
        _ => return Err(fail(AppError::invalid("action", hoinghi_domain::Message::new("error-choice")))),
    }
    .map_err(fail)?;
    redirect(&format!("/manage/c/{slug}/registrations?done=notice-registrations-updated"));
    Ok(n)
}

fn counts_line(c: &RegistrationCounts) -> String {
    tr_args(
        "registrations-counts",
        &[
            ("registered", c.registered.into()),
            ("confirmed", c.confirmed.into()),
            ("waiting", c.waiting.into()),
            ("pending", c.pending.into()),
            ("checked", c.checked_in.into()),
        ],
    )
}

#[component]
pub fn RegistrationsPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let key = move || (params.with(|p| p.get("slug").unwrap_or_default()), query.with(|q| q.get("status")));
    let bulk = ServerAction::<BulkRegistrations>::new();
    let data =
        Resource::new(move || (key(), bulk.version().get()), |((slug, status), _)| get_registrations(slug, status));
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <ErrorView error=e/> }.into_any(),
                    Ok((c, list)) => {
                        let slug = StoredValue::new(c.slug.clone());
                        let statuses: Vec<(String, String)> = std::iter::once((String::new(), tr("registrations-all")))
                            .chain(RegistrationStatus::ALL.iter().map(|s| (s.as_str().to_string(), tr(s.label_key())))).collect();
                        let actions = vec![("approve".to_string(), tr("registrations-approve")), ("reject".to_string(), tr("registrations-reject")), ("cancel".to_string(), tr("registrations-cancel"))];
                        view! {
                            <Title text=tr("registrations-title")/>
                            <ManageNav slug=slug.get_value() title=c.title.clone() current="registrations"/>
                            <Notice/>
                            <div class="title-row">
                                <h2>{tr("registrations-title")}</h2>
                                <p class="actions">
                                    <a class="button" href=format!("/manage/c/{}/registrations/new", slug.get_value())>{tr("registrations-add")}</a>
                                    <a class="button" href=format!("/manage/c/{}/registrations/import", slug.get_value())>{tr("registrations-import")}</a>
                                    <a class="button" href=format!("/manage/c/{}/registrations.csv", slug.get_value()) download="">"CSV"</a>
                                    <a class="button" href=format!("/manage/c/{}/registrations.xlsx", slug.get_value()) download="">"XLSX"</a>
                                </p>
                            </div>
                            <p class="totals">{counts_line(&list.totals)}</p>
                            <form method="get" class="inline filter">
                                <SelectField name="status" label=tr("registrations-filter") options=statuses/>
                                <button type="submit">{tr("registrations-show")}</button>
                            </form>
                            <Form action=bulk class="bulk">
                                <input type="hidden" name="slug" value=slug.get_value()/>
                                {list.groups.into_iter().map(|g| view! {
                                    <section class="delegate-group">
                                        <h3>{g.admin_unit.clone()}" · "{g.organization.clone()}</h3>
                                        <p class="meta">{counts_line(&g.counts)}</p>
                                        <table class="list">
                                            <thead><tr><th></th><th>{tr("person-name")}</th><th>{tr("person-position")}</th><th>{tr("registrations-status")}</th><th>{tr("export-col-code")}</th></tr></thead>
                                            <tbody>{g.delegates.into_iter().map(|r| view! { <DelegateRow slug=slug.get_value() r=r/> }).collect_view()}</tbody>
                                        </table>
                                    </section>
                                }).collect_view()}
                                <fieldset class="bulk-actions">
                                    <legend>{tr("registrations-with-selected")}</legend>
                                    <SelectField name="action" label=tr("registrations-action") options=actions/>
                                    <TextArea name="reason" label=tr("registrations-reason") max_len=limits::REASON rows=2 help=tr("registrations-reason-help")/>
                                    <button type="submit" class="primary">{tr("registrations-apply")}</button>
                                </fieldset>
                            </Form>
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn DelegateRow(slug: String, r: Registration) -> impl IntoView {
    let status = match (r.status, r.waiting_position) {
        (RegistrationStatus::Waiting, Some(n)) => format!("{} ({n})", tr(r.status.label_key())),
        (s, _) => tr(s.label_key()),
    };
    let id = format!("pick-{}", r.id);
    view! {
        <tr>
            <td><input type="checkbox" name="ids[]" value=r.id id=id.clone() aria-label=r.name.display()/></td>
            <td><a href=format!("/manage/c/{slug}/registrations/{}", r.id)>{r.name.display()}</a></td>
            <td>{r.position_title.clone()}</td>
            <td><span class=format!("badge reg-{}", r.status.as_str())>{status}</span>{(!r.checked_in.is_empty()).then_some(" ✓")}</td>
            <td><code>{r.code.clone()}</code></td>
        </tr>
    }
}

#[server(prefix = "/fn", endpoint = "registrations/get", input = GetUrl)]
pub async fn get_registration(id: i64) -> Result<(Registration, Vec<RegistrationEvent>), AppError> {
    use crate::ssr::{fail, request, service};
    hoinghi_service::registration::detail(&service()?, &request().actor, id).await.map_err(fail)
}

/// A new private calendar address for the delegate (theirs leaked); the old one stops working.
#[server(prefix = "/fn", endpoint = "registrations/calendar-reset")]
pub async fn reset_delegate_calendar(slug: String, id: i64) -> Result<(), AppError> {
    use crate::ssr::{fail, redirect, request, service};
    hoinghi_service::calendar::reset_delegate_feed(&service()?, &request().actor, id).await.map_err(fail)?;
    redirect(&format!("/manage/c/{slug}/registrations/{id}?done=notice-calendar-reset"));
    Ok(())
}

#[component]
pub fn RegistrationDetail() -> impl IntoView {
    let params = use_params_map();
    let key = move || {
        params
            .with(|p| (p.get("slug").unwrap_or_default(), p.get("id").and_then(|i| i.parse::<i64>().ok()).unwrap_or(0)))
    };
    let bulk = ServerAction::<BulkRegistrations>::new();
    let reset_calendar = ServerAction::<ResetDelegateCalendar>::new();
    let data = Resource::new(
        move || (key(), bulk.version().get(), reset_calendar.version().get()),
        |((_, id), ..)| get_registration(id),
    );
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <ErrorView error=e/> }.into_any(),
                    Ok((r, events)) => {
                        let slug = StoredValue::new(key().0);
                        let actions: Vec<(String, String)> = match r.status {
                            RegistrationStatus::Pending => vec![("approve".into(), tr("registrations-approve")), ("reject".into(), tr("registrations-reject")), ("cancel".into(), tr("registrations-cancel"))],
                            RegistrationStatus::Confirmed | RegistrationStatus::Waiting => vec![("cancel".into(), tr("registrations-cancel")), ("reject".into(), tr("registrations-reject"))],
                            _ => vec![],
                        };
                        view! {
                            <Title text=r.name.display()/>
                            <p class="breadcrumb"><a href=format!("/manage/c/{}/registrations", slug.get_value())>{tr("registrations-title")}</a></p>
                            <Notice/>
                            <h1>{r.name.display()}</h1>
                            <dl class="details">
                                <dt>{tr("registrations-status")}</dt><dd>{tr(r.status.label_key())}{r.waiting_position.map(|n| format!(" ({n})"))}</dd>
                                <dt>{tr("export-col-code")}</dt><dd><code>{r.code.clone()}</code></dd>
                                <dt>{tr("person-position")}</dt><dd>{r.position_title.clone()}</dd>
                                <dt>{tr("person-organization")}</dt><dd>{r.organization.clone()}</dd>
                                <dt>{tr("registration-province")}</dt><dd>{r.admin_unit_name.clone()}</dd>
                                <dt>{tr("person-phone")}</dt><dd>{r.phone.clone()}</dd>
                                <dt>{tr("person-email")}</dt><dd>{r.email.clone()}</dd>
                                <dt>{tr("registration-classes")}</dt><dd>{r.sessions.iter().map(|s| format!("{}{}", s.title, if s.confirmed { " ✓" } else { "" })).collect::<Vec<_>>().join("; ")}</dd>
                                <dt>{tr("registration-accommodation")}</dt><dd>{if r.accommodation { tr("common-yes") } else { tr("common-no") }}</dd>
                                <dt>{tr("registration-dietary")}</dt><dd>{r.dietary.clone()}</dd>
                                {r.answers.iter().map(|a| view! { <dt>{a.label.clone()}</dt><dd>{a.values.join(", ")}</dd> }).collect_view()}
                                <dt>{tr("export-col-checked-in")}</dt><dd>{r.checked_in.join(", ")}</dd>
                            </dl>
                            {(!actions.is_empty()).then(|| view! {
                                <Form action=bulk class="stack compact">
                                    <input type="hidden" name="slug" value=slug.get_value()/>
                                    <input type="hidden" name="ids[]" value=r.id/>
                                    <SelectField name="action" label=tr("registrations-action") options=actions/>
                                    <TextArea name="reason" label=tr("registrations-reason") max_len=limits::REASON rows=2 help=tr("registrations-reason-help")/>
                                    <div class="actions"><button type="submit" class="primary">{tr("registrations-apply")}</button></div>
                                </Form>
                            })}
                            <Form action=reset_calendar class="stack compact">
                                <input type="hidden" name="slug" value=slug.get_value()/>
                                <input type="hidden" name="id" value=r.id/>
                                <p class="help">{tr("registrations-calendar-reset-help")}</p>
                                <div class="actions"><button type="submit">{tr("calendar-reset")}</button></div>
                            </Form>
                            <h2>{tr("registrations-history")}</h2>
                            <ol class="history">{events.into_iter().map(|e| view! {
                                <li>
                                    {instant_vn(e.at)}" · "{tr(&format!("registrations-by-{}", e.by))}{(!e.by_name.is_empty()).then(|| format!(" ({})", e.by_name))}": "
                                    {e.from_status.map(|s| format!("{} → ", tr(s.label_key())))}{tr(e.to_status.label_key())}
                                    {(!e.detail.is_empty()).then(|| format!(" · {}", e.detail))}
                                </li>
                            }).collect_view()}</ol>
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[server(prefix = "/fn", endpoint = "registrations/nominate-form", input = GetUrl)]
pub async fn get_nominate_form(slug: String) -> Result<RegistrationForm, AppError> {
    use crate::ssr::{fail, request, service};
    let (svc, actor) = (service()?, request().actor);
    let conference = match hoinghi_service::conferences::by_slug_for_organizer(&svc, &actor, &slug).await {
        Ok(c) => c,
        Err(_) => hoinghi_service::conferences::by_slug_public(&svc, &slug).await.map_err(fail)?,
    };
    hoinghi_service::registration::organizer_form(&svc, &actor, conference.id).await.map(|(f, _)| f).map_err(fail)
}

#[server(prefix = "/fn", endpoint = "registrations/nominate")]
pub async fn nominate(
    conference_id: String,
    slug: String,
    #[server(flatten)] input: RegistrationInput,
) -> Result<(), AppError> {
    use crate::ssr::{fail, redirect, request, service};
    let req = request();
    let id: i64 = conference_id.parse().map_err(|_| fail(AppError::NotFound))?;
    let done = hoinghi_service::registration::register(
        &service()?,
        &req.actor,
        id,
        input,
        req.locale,
        hoinghi_service::registration::Source::Organizer,
    )
    .await
    .map_err(fail)?;
    redirect(&format!("/manage/c/{slug}/registrations/{}?done=notice-registration-added", done.registration.id));
    Ok(())
}

#[component]
pub fn NominatePage() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.with(|p| p.get("slug").unwrap_or_default());
    let action = ServerAction::<Nominate>::new();
    let data = Resource::new(slug, get_nominate_form);
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <ErrorView error=e/> }.into_any(),
                    Ok(form) => {
                        let c = form.conference.clone();
                        view! {
                            <Title text=tr("registrations-add")/>
                            <ManageNav slug=c.slug.clone() title=c.title.clone() current="registrations"/>
                            <h2>{tr("registrations-add")}</h2>
                            <p class="help">{tr("registrations-add-help")}</p>
                            <Form action=action submit=tr("registrations-add") class="stack">
                                <input type="hidden" name="conference_id" value=c.id/>
                                <input type="hidden" name="slug" value=c.slug.clone()/>
                                <RegistrationFields form=form values=RegistrationInput::default() mode=Mode::Organizer/>
                            </Form>
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}
