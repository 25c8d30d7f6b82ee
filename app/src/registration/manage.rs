//! Organizers' delegate list, a registration's detail and history, and entering a delegate by hand.

use super::fields::{Mode, RegistrationFields};
use crate::conferences::ManageNav;
use crate::forms::{ConfirmBox, Form, Notice, SelectField, TextArea};
use crate::i18n::{tr, tr_args};
use crate::page::PageTitle;
use crate::page::{id_param, load, param, query};
use crate::ssr::{request, service};
use hoinghi_domain::AppError;
use hoinghi_domain::conference::Conference;
use hoinghi_domain::desk::{ApprovalOutcome, DelegateQuery, DelegateSearch, WaitingReason};
use hoinghi_domain::registration::{
    BadgeRole, Quotas, Registration, RegistrationCounts, RegistrationForm, RegistrationInput, RegistrationStatus,
    limits,
};
use hoinghi_domain::time::instant_vn;
use hoinghi_service::paging::PageRequest;
use leptos::prelude::*;

async fn managed_conference(slug: &str) -> Result<Conference, AppError> {
    Ok(hoinghi_service::registration::managed_conference(&service()?, &request().actor, slug).await?)
}

/// Delegates per page of the list: a screen or two, and quick to render for thousands.
const PAGE_SIZE: u64 = 50;

/// The filters of the list, read from the address.
fn delegate_query() -> DelegateQuery {
    DelegateQuery {
        q: query("q").unwrap_or_default(),
        status: query("status").unwrap_or_default(),
        unit: query("unit").unwrap_or_default(),
        class: query("class").unwrap_or_default(),
    }
}

async fn registrations(
    slug: &str,
    filters: &DelegateQuery,
    offset: u64,
) -> Result<(Conference, DelegateSearch), AppError> {
    let conference = managed_conference(slug).await?;
    let page = PageRequest { limit: PAGE_SIZE, offset };
    let list =
        hoinghi_service::registration::search_delegates(&service()?, &request().actor, conference.id, filters, page)
            .await?;
    Ok((conference, list))
}

/// Where the list goes after an action: the page it was on, with the outcome.
fn back_to(slug: &str, back: &str, done: &str) -> String {
    // Only a query string of this list comes back (the redirect check applies all the same).
    let keep = back.trim_start_matches('?');
    let kept: Vec<&str> = keep
        .split('&')
        .filter(|p| ["q=", "status=", "unit=", "class=", "offset="].iter().any(|k| p.starts_with(k)))
        .collect();
    let mut query = kept.join("&");
    if !query.is_empty() {
        query.push('&');
    }
    format!("/manage/c/{slug}/registrations?{query}{done}")
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
    #[server(default)] approve_one: Option<i64>,
    #[server(default)] confirm: Option<String>,
    #[server(default)] back: String,
) -> Result<(), AppError> {
    use crate::ssr::{fail, redirect, request, service};
    // `approve_one` is a row's own "approve" button; `back` is where the action came from: the list (its
    // query string) or a registration's page (`detail:<id>`).
    let (svc, actor) = (service()?, request().actor);
    let (action, ids) = match approve_one {
        Some(id) => ("approve".to_string(), vec![id]),
        None => (action, ids),
    };
    if ids.is_empty() {
        return Err(fail(AppError::invalid("ids", hoinghi_domain::Message::new("registrations-choose-some"))));
    }
    let done = match action.as_str() {
        "approve" => {
            let o = hoinghi_service::registration::approve_with_outcome(&svc, &actor, &ids).await.map_err(fail)?;
            outcome_query(&o)
        }
        "reject" => {
            let n = hoinghi_service::registration::reject(&svc, &actor, &ids, &reason).await.map_err(fail)?;
            format!("done=notice-registrations-rejected&n={n}")
        }
        "cancel" => {
            // Cancelling frees the seat for the next on the waiting list: it is not undone.
            crate::forms::require_confirmation(&confirm).map_err(fail)?;
            let n = hoinghi_service::registration::cancel(&svc, &actor, &ids, &reason).await.map_err(fail)?;
            format!("done=notice-registrations-cancelled&n={n}")
        }
        _ => return Err(fail(AppError::invalid("action", hoinghi_domain::Message::new("error-choose")))),
    };
    match back.strip_prefix("detail:") {
        Some(id) => redirect(&format!("/manage/c/{slug}/registrations/{}?{done}", id.parse::<i64>().unwrap_or(0))),
        None => redirect(&back_to(&slug, &back, &done)),
    }
    Ok(())
}

/// An approval's outcome in the address: counts, and the units whose quota sent delegates to wait.
fn outcome_query(o: &ApprovalOutcome) -> String {
    let mut q = format!("done=notice-approved&n={}&skipped={}", o.confirmed, o.skipped);
    for w in &o.waiting {
        match w {
            WaitingReason::Conference => q.push_str("&full=conference"),
            WaitingReason::Unit { id, .. } => q.push_str(&format!("&full={id}")),
        }
    }
    q
}

/// The sentence of an action's outcome, from the counts in the address; unit names come from the data
/// the page read (`units`), never from the address.
#[component]
pub fn OutcomeNotice(units: Vec<(i64, String)>) -> impl IntoView {
    let number = |name: &str| query(name).and_then(|v| v.parse::<i64>().ok()).unwrap_or(0);
    let done = query("done").unwrap_or_default();
    let text = match done.as_str() {
        "notice-approved" => {
            let mut parts = vec![tr_args("outcome-approved", &[("count", number("n").into())])];
            let full: Vec<String> = crate::page::query_all("full");
            let mut counted: Vec<(String, i64)> = Vec::new();
            for f in &full {
                let label = match f.as_str() {
                    "conference" => String::new(),
                    id => match units.iter().find(|(u, _)| u.to_string() == id) {
                        Some((_, name)) => name.clone(),
                        None => continue,
                    },
                };
                match counted.iter_mut().find(|(l, _)| *l == label) {
                    Some((_, n)) => *n += 1,
                    None => counted.push((label, 1)),
                }
            }
            for (unit, n) in counted {
                parts.push(if unit.is_empty() {
                    tr_args("outcome-waiting-conference", &[("count", n.into())])
                } else {
                    tr_args("outcome-waiting-unit", &[("count", n.into()), ("unit", unit.into())])
                });
            }
            if number("skipped") > 0 {
                parts.push(tr_args("outcome-skipped", &[("count", number("skipped").into())]));
            }
            Some(format!("{}.", parts.join("; ")))
        }
        "notice-registrations-rejected" => Some(tr_args("outcome-rejected", &[("count", number("n").into())])),
        "notice-registrations-cancelled" => Some(tr_args("outcome-cancelled", &[("count", number("n").into())])),
        _ => None,
    };
    text.map(|t| view! { <p class="notice" role="status">{t}</p> })
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

/// "Trưởng phòng · Bảo hiểm xã hội tỉnh Đồng Nai": what tells two people of one name apart.
pub fn who_line(position: &str, organization: &str) -> String {
    [position, organization].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>().join(" · ")
}

#[component]
pub fn RegistrationsPage() -> impl IntoView {
    let slug = param("slug");
    let filters = delegate_query();
    let offset = query("offset").and_then(|o| o.parse::<u64>().ok()).unwrap_or(0);
    let bulk = ServerAction::<BulkRegistrations>::new();
    load(async move {
        let (c, list) = registrations(&slug, &filters, offset).await?;
        let seats = unit_seats(c.id).await?;
        let slug = StoredValue::new(c.slug.clone());
        let statuses: Vec<(String, String)> = std::iter::once((String::new(), tr("registrations-all")))
            .chain(RegistrationStatus::ALL.iter().map(|s| (s.as_str().to_string(), tr(s.label_key()))))
            .collect();
        let units: Vec<(String, String)> = std::iter::once((String::new(), tr("registrations-all-units")))
            .chain(list.units.iter().map(|(id, name)| (id.to_string(), name.clone())))
            .chain(std::iter::once(("other".to_string(), tr("registrations-unit-other"))))
            .collect();
        let classes: Vec<(String, String)> = std::iter::once((String::new(), tr("registrations-all-classes")))
            .chain(list.classes.iter().cloned())
            .collect();
        let actions = vec![
            ("approve".to_string(), tr("registrations-approve")),
            ("reject".to_string(), tr("registrations-reject")),
            ("cancel".to_string(), tr("registrations-cancel")),
        ];
        let search = request_query();
        let page = list.page;
        let (first, last) = (page.offset + 1, page.offset + page.items.len() as u64);
        let link = |offset: u64| {
            let mut q: Vec<String> =
                [("q", &filters.q), ("status", &filters.status), ("unit", &filters.unit), ("class", &filters.class)]
                    .iter()
                    .filter(|(_, v)| !v.is_empty())
                    .map(|(k, v)| format!("{k}={}", crate::errors::urlencode(v)))
                    .collect();
            q.push(format!("offset={offset}"));
            format!("/manage/c/{}/registrations?{}", slug.get_value(), q.join("&"))
        };
        let previous = (page.offset > 0).then(|| link(page.offset.saturating_sub(PAGE_SIZE)));
        let next = page.next_offset.map(link);
        let filtered = filters != DelegateQuery::default();
        Ok(view! {
            <PageTitle text=tr("registrations-title")/>
            <ManageNav slug=slug.get_value() title=c.title.clone() current="registrations"/>
            <div class="title-row">
                <h1>{tr("registrations-title")}</h1>
                <p class="actions">
                    <a class="button" href=format!("/manage/c/{}/registrations/new", slug.get_value())>{tr("registrations-add")}</a>
                    <a class="button" href=format!("/manage/c/{}/registrations/import", slug.get_value())>{tr("registrations-import")}</a>
                    <a class="button" href=format!("/manage/c/{}/registrations.csv", slug.get_value()) download="">"CSV"</a>
                    <a class="button" href=format!("/manage/c/{}/registrations.xlsx", slug.get_value()) download="">"XLSX"</a>
                </p>
            </div>
            <Notice/>
            <OutcomeNotice units=list.units.clone()/>
            <p class="totals">{counts_line(&list.totals)}</p>
            {seats.map(|q| view! { <UnitSeats quotas=q/> })}
            <form method="get" class="filters" role="search" aria-label=tr("registrations-search-label")>
                <div class="field search">
                    <label for="f-q">{tr("registrations-search")}</label>
                    <input id="f-q" name="q" type="search" value=filters.q.clone() autocomplete="off" aria-describedby="f-q-help"/>
                    <p class="help" id="f-q-help">{tr("registrations-search-help")}</p>
                </div>
                <SelectField name="status" label=tr("registrations-filter") options=statuses value=filters.status.clone()/>
                <SelectField name="unit" label=tr("registrations-filter-unit") options=units value=filters.unit.clone()/>
                {(!list.classes.is_empty()).then(|| view! {
                    <SelectField name="class" label=tr("registrations-filter-class") options=classes value=filters.class.clone()/>
                })}
                <div class="actions">
                    <button type="submit" class="primary">{tr("registrations-show")}</button>
                    {filtered.then(|| view! { <a class="button" href=format!("/manage/c/{}/registrations", slug.get_value())>{tr("registrations-clear")}</a> })}
                </div>
            </form>
            <p class="meta" role="status">{if page.total == 0 {
                tr("registrations-none")
            } else {
                tr_args("registrations-shown", &[("first", (first as i64).into()), ("last", (last as i64).into()), ("total", (page.total as i64).into())])
            }}</p>
            <Form action=bulk class="bulk">
                <input type="hidden" name="slug" value=slug.get_value()/>
                <input type="hidden" name="back" value=search.clone()/>
                <div class="table-scroll">
                    <table class="list delegates">
                        <caption class="visually-hidden">{tr("registrations-title")}</caption>
                        <thead><tr>
                            <th scope="col"><span class="visually-hidden">{tr("registrations-pick")}</span></th>
                            <th scope="col">{tr("person-name")}</th>
                            <th scope="col">{tr("registrations-who")}</th>
                            <th scope="col">{tr("registrations-status")}</th>
                            <th scope="col">{tr("export-col-code")}</th>
                            <th scope="col"><span class="visually-hidden">{tr("registrations-row-actions")}</span></th>
                        </tr></thead>
                        <tbody>{page.items.into_iter().map(|r| view! { <DelegateRow slug=slug.get_value() r=r/> }).collect_view()}</tbody>
                    </table>
                </div>
                <p class="field-error" id="f-ids-error" hidden=true></p>
                <nav class="pager" aria-label=tr("registrations-pages")>
                    {previous.map(|href| view! { <a class="button" href=href rel="prev">{tr("registrations-previous")}</a> })}
                    {next.map(|href| view! { <a class="button" href=href rel="next">{tr("registrations-next")}</a> })}
                </nav>
                <fieldset class="bulk-actions">
                    <legend>{tr("registrations-with-selected")}</legend>
                    <SelectField name="action" label=tr("registrations-action") options=actions/>
                    <TextArea name="reason" label=tr("registrations-reason") max_len=limits::REASON rows=2 help=tr("registrations-reason-help")/>
                    <ConfirmBox label=tr("registrations-cancel-confirm")/>
                    <button type="submit" class="primary">{tr("registrations-apply")}</button>
                </fieldset>
            </Form>
        })
    })
}

/// The current query string (without `?`), so an action can come back to the same page of the list.
fn request_query() -> String {
    let location = leptos_router::hooks::use_location();
    location.search.get_untracked().trim_start_matches('?').to_string()
}

#[component]
fn DelegateRow(slug: String, r: Registration) -> impl IntoView {
    let status = match (r.status, r.waiting_position) {
        (RegistrationStatus::Waiting, Some(n)) => format!("{} ({n})", tr(r.status.label_key())),
        (s, _) => tr(s.label_key()),
    };
    let id = format!("pick-{}", r.id);
    let name = r.name.display();
    let who = who_line(&r.position_title, &r.organization);
    let province = r.admin_unit_name.clone();
    let pending = r.status == RegistrationStatus::Pending;
    let detail = format!("/manage/c/{slug}/registrations/{}", r.id);
    view! {
        <tr>
            <td><input type="checkbox" name="ids[]" value=r.id id=id.clone() aria-label=format!("{name} · {who}")/></td>
            <td><a href=detail.clone()>{name.clone()}</a></td>
            <td>{who}{(!province.is_empty()).then(|| view! { <br/><span class="meta">{province}</span> })}</td>
            <td><span class=format!("badge reg-{}", r.status.as_str())>{status}</span>{(!r.checked_in.is_empty()).then(|| view! { " " <span title=tr("export-col-checked-in")>"✓"</span> })}</td>
            <td><code>{r.code.clone()}</code></td>
            <td class="row-actions">
                {pending.then(|| view! {
                    <button type="submit" name="approve_one" value=r.id class="small" aria-label=tr_args("registrations-approve-one", &[("name", name.clone().into())])>{tr("registrations-approve")}</button>
                    " "
                    <a class="button small" href=format!("{detail}#decide") aria-label=tr_args("registrations-reject-one", &[("name", name.clone().into())])>{tr("registrations-reject")}</a>
                })}
            </td>
        </tr>
    }
}

/// Sends the delegate their private link again, through the outbox.
#[server(prefix = "/fn", endpoint = "registrations/send-link")]
pub async fn send_link_again(slug: String, id: i64) -> Result<(), AppError> {
    use crate::ssr::{fail, redirect, request, service};
    hoinghi_service::mail::send_link_again(&service()?, &request().actor, id).await.map_err(fail)?;
    redirect(&format!("/manage/c/{slug}/registrations/{id}?done=notice-link-queued"));
    Ok(())
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
    let send_link = ServerAction::<SendLinkAgain>::new();
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
            <Notice args=vec![("email", r.email.clone().into())]/>
            <OutcomeNotice units=r.unit_id.map(|u| vec![(u, r.organization.clone())]).unwrap_or_default()/>
            <h1>{r.name.display()}</h1>
            <p class="meta">{who_line(&r.position_title, &r.organization)}</p>
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
                <h2 id="decide">{tr("registrations-decide")}</h2>
                <Form action=bulk class="stack compact">
                    <input type="hidden" name="slug" value=slug.get_value()/>
                    <input type="hidden" name="ids[]" value=r.id/>
                    <input type="hidden" name="back" value=format!("detail:{}", r.id)/>
                    <SelectField name="action" label=tr("registrations-action") options=actions/>
                    <TextArea name="reason" label=tr("registrations-reason") max_len=limits::REASON rows=2 help=tr("registrations-reason-help")/>
                    <ConfirmBox label=tr("registrations-cancel-confirm")/>
                    <div class="actions"><button type="submit" class="primary">{tr("registrations-apply")}</button></div>
                </Form>
            })}
            <Form action=badge class="stack compact">
                <input type="hidden" name="slug" value=slug.get_value()/>
                <input type="hidden" name="id" value=r.id/>
                <SelectField name="badge_role" label=tr("registrations-badge-role") options=badge_roles() value=r.badge_role.map(|b| b.as_str().to_string()).unwrap_or_default() help=tr("registrations-badge-role-help")/>
                <div class="actions"><button type="submit">{tr("registrations-badge-role-save")}</button></div>
            </Form>
            {(r.status.is_active() && !r.email.is_empty()).then(|| view! {
                <h2>{tr("registrations-link-title")}</h2>
                <Form action=send_link class="stack compact send-link">
                    <input type="hidden" name="slug" value=slug.get_value()/>
                    <input type="hidden" name="id" value=r.id/>
                    <p class="help">{tr_args("registrations-link-help", &[("email", r.email.clone().into())])}</p>
                    <div class="actions"><button type="submit">{tr("registrations-link-send")}</button></div>
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
            <h1>{tr("registrations-add")}</h1>
            <p class="help">{tr("registrations-add-help")}</p>
            <Form action=action submit=tr("registrations-add") class="stack">
                <input type="hidden" name="conference_id" value=c.id/>
                <input type="hidden" name="slug" value=c.slug.clone()/>
                <RegistrationFields form=form values=RegistrationInput::default() mode=Mode::Organizer/>
            </Form>
        })
    })
}
