//! Organizers' delegate list, a registration's detail and history, and entering a delegate by hand.

use super::fields::{Mode, RegistrationFields};
use crate::conferences::ManageNav;
use crate::forms::{Form, Notice, SelectField, TextArea};
use crate::i18n::{tr, tr_args};
use crate::page::PageTitle;
use crate::page::{id_param, load, param, query};
use crate::ssr::{request, service};
use hoinghi_domain::AppError;
use hoinghi_domain::conference::Conference;
use hoinghi_domain::registration::{
    BadgeRole, DelegateList, Quotas, Registration, RegistrationCounts, RegistrationForm, RegistrationInput,
    RegistrationStatus, limits,
};
use hoinghi_domain::time::instant_vn;
use leptos::prelude::*;

async fn managed_conference(slug: &str) -> Result<Conference, AppError> {
    Ok(hoinghi_service::registration::managed_conference(&service()?, &request().actor, slug).await?)
}

async fn registrations(slug: &str, status: Option<String>) -> Result<(Conference, DelegateList), AppError> {
    let conference = managed_conference(slug).await?;
    let status = status.as_deref().and_then(RegistrationStatus::parse);
    let list = hoinghi_service::registration::list(&service()?, &request().actor, conference.id, status).await?;
    Ok((conference, list))
}

/// A coordinator's own unit's quotas (organizers see every quota on the settings page).
async fn unit_seats(conference_id: i64) -> Result<Option<Quotas>, AppError> {
    use hoinghi_service::registration::{Scope, quotas_of, scope};
    let (svc, actor) = (service()?, request().actor);
    Ok(match scope(&svc, &actor, conference_id).await? {
        Scope::Unit(_) => Some(quotas_of(&svc, &actor, conference_id).await?),
        Scope::All => None,
    })
}

#[component]
fn UnitSeats(quotas: Quotas) -> impl IntoView {
    let lines: Vec<String> = quotas
        .units
        .iter()
        .map(|q| {
            tr_args("registration-unit-seats-conference", &[("taken", q.confirmed.into()), ("quota", q.quota.into())])
        })
        .chain(quotas.classes.iter().map(|q| {
            tr_args(
                "registration-unit-seats-class",
                &[("class", q.class_title.as_str().into()), ("taken", q.taken.into()), ("quota", q.quota.into())],
            )
        }))
        .collect();
    (!lines.is_empty()).then(|| {
        view! {
            <section class="unit-seats">
                <h3>{tr("registration-unit-seats")}</h3>
                <ul>{lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
            </section>
        }
    })
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
    let (slug, status) = (param("slug"), query("status"));
    let bulk = ServerAction::<BulkRegistrations>::new();
    load(async move {
        let (c, list) = registrations(&slug, status).await?;
        let seats = unit_seats(c.id).await?;
        let slug = StoredValue::new(c.slug.clone());
        let statuses: Vec<(String, String)> = std::iter::once((String::new(), tr("registrations-all")))
            .chain(RegistrationStatus::ALL.iter().map(|s| (s.as_str().to_string(), tr(s.label_key()))))
            .collect();
        let actions = vec![
            ("approve".to_string(), tr("registrations-approve")),
            ("reject".to_string(), tr("registrations-reject")),
            ("cancel".to_string(), tr("registrations-cancel")),
        ];
        Ok(view! {
            <PageTitle text=tr("registrations-title")/>
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
            {seats.map(|q| view! { <UnitSeats quotas=q/> })}
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
        })
    })
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

/// A new private calendar address for the delegate (theirs leaked); the old one stops working.
#[server(prefix = "/fn", endpoint = "registrations/calendar-reset")]
pub async fn reset_delegate_calendar(slug: String, id: i64) -> Result<(), AppError> {
    use crate::ssr::{fail, redirect, request, service};
    hoinghi_service::calendar::reset_delegate_feed(&service()?, &request().actor, id).await.map_err(fail)?;
    redirect(&format!("/manage/c/{slug}/registrations/{id}?done=notice-calendar-reset"));
    Ok(())
}

/// The role the delegate's badge prints.
#[server(prefix = "/fn", endpoint = "registrations/badge-role")]
pub async fn set_badge_role(slug: String, id: i64, #[server(default)] badge_role: String) -> Result<(), AppError> {
    use crate::ssr::{fail, redirect, request, service};
    hoinghi_service::registration::set_badge_role(&service()?, &request().actor, id, &badge_role)
        .await
        .map_err(fail)?;
    redirect(&format!("/manage/c/{slug}/registrations/{id}?done=notice-saved"));
    Ok(())
}

#[component]
pub fn RegistrationDetail() -> impl IntoView {
    let (slug, id) = (param("slug"), id_param("id"));
    let bulk = ServerAction::<BulkRegistrations>::new();
    let reset_calendar = ServerAction::<ResetDelegateCalendar>::new();
    let badge = ServerAction::<SetBadgeRole>::new();
    load(async move {
        let (r, events) = hoinghi_service::registration::detail(&service()?, &request().actor, id?).await?;
        let slug = StoredValue::new(slug.clone());
        let actions: Vec<(String, String)> = match r.status {
            RegistrationStatus::Pending => vec![
                ("approve".into(), tr("registrations-approve")),
                ("reject".into(), tr("registrations-reject")),
                ("cancel".into(), tr("registrations-cancel")),
            ],
            RegistrationStatus::Confirmed | RegistrationStatus::Waiting => {
                vec![("cancel".into(), tr("registrations-cancel")), ("reject".into(), tr("registrations-reject"))]
            }
            _ => vec![],
        };
        Ok(view! {
            <PageTitle text=r.name.display()/>
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
            <Form action=badge class="stack compact">
                <input type="hidden" name="slug" value=slug.get_value()/>
                <input type="hidden" name="id" value=r.id/>
                <SelectField name="badge_role" label=tr("registrations-badge-role") options=badge_roles() value=r.badge_role.map(|b| b.as_str().to_string()).unwrap_or_default() help=tr("registrations-badge-role-help")/>
                <div class="actions"><button type="submit">{tr("registrations-badge-role-save")}</button></div>
            </Form>
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
        })
    })
}

fn badge_roles() -> Vec<(String, String)> {
    std::iter::once((String::new(), tr("registrations-badge-role-auto")))
        .chain(BadgeRole::ALL.iter().map(|r| (r.as_str().to_string(), tr(r.label_key()))))
        .collect()
}

async fn nominate_form(slug: &str) -> Result<RegistrationForm, AppError> {
    let conference = managed_conference(slug).await?;
    let (form, _) = hoinghi_service::registration::organizer_form(&service()?, &request().actor, conference.id).await?;
    Ok(form)
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
    let slug = param("slug");
    let action = ServerAction::<Nominate>::new();
    load(async move {
        let form = nominate_form(&slug).await?;
        let c = form.conference.clone();
        Ok(view! {
            <PageTitle text=tr("registrations-add")/>
            <ManageNav slug=c.slug.clone() title=c.title.clone() current="registrations"/>
            <h2>{tr("registrations-add")}</h2>
            <p class="help">{tr("registrations-add-help")}</p>
            <Form action=action submit=tr("registrations-add") class="stack">
                <input type="hidden" name="conference_id" value=c.id/>
                <input type="hidden" name="slug" value=c.slug.clone()/>
                <RegistrationFields form=form values=RegistrationInput::default() mode=Mode::Organizer/>
            </Form>
        })
    })
}
