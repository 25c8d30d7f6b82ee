//! The check-in desk, made for a queue at the door, on a volunteer's phone or a laptop with a badge
//! scanner: type a name without diacritics, a code or part of one (or scan the badge: with the camera, or a
//! scanner that types the code), then one key checks the delegate in for the chosen day or session; the
//! search is empty again for the next in line.

use crate::conferences::ManageNav;
use crate::forms::{Form, Notice};
use crate::i18n::tr;
use hoinghi_domain::AppError;
use hoinghi_domain::conference::Conference;
use hoinghi_domain::registration::{CheckinMatch, RegistrationStatus};

use crate::page::PageTitle;
use crate::page::{load, param, query};
use leptos::prelude::*;

struct CheckinData {
    pub conference: Conference,
    /// (scope, label): the days, then the sessions of the published agenda.
    pub scopes: Vec<(String, String)>,
    pub selected: String,
    pub matches: Vec<CheckinMatch>,
    /// The delegate just checked in, shown until the next search.
    pub last: Option<CheckinMatch>,
    pub last_name: Option<String>,
}

async fn checkin_data(slug: &str, q: &str, scope: &str, last: Option<i64>) -> Result<CheckinData, AppError> {
    use crate::ssr::{request, service};
    let (svc, req) = (service()?, request());
    let found = hoinghi_service::agenda::public_agenda(&svc, slug).await?;
    let conference = found.conference;
    let locale = req.locale;
    let today = chrono::Utc::now().date_naive();
    let mut scopes: Vec<(String, String)> = Vec::new();
    let days: Vec<chrono::NaiveDate> =
        conference.starts_on.iter_days().take_while(|d| *d <= conference.ends_on).collect();
    for d in &days {
        scopes.push((format!("day:{d}"), hoinghi_domain::time::day_heading(locale, *d)));
    }
    if let Some(a) = &found.agenda {
        for s in a.sessions.iter().filter(|s| !s.cancelled && !s.plenary) {
            scopes.push((
                format!("session:{}", s.uid),
                format!(
                    "{} {} · {}",
                    hoinghi_domain::time::short_date(s.day),
                    crate::agenda::time_range(s.start, s.end),
                    s.title
                ),
            ));
        }
    }
    let default = if days.contains(&today) {
        format!("day:{today}")
    } else {
        scopes.first().map(|s| s.0.clone()).unwrap_or_default()
    };
    let selected = if scopes.iter().any(|(s, _)| *s == scope) { scope.to_string() } else { default };
    let matches = hoinghi_service::registration::checkin_search(&svc, &req.actor, conference.id, q).await?;
    let last = match last {
        Some(id) => {
            let (r, _) = hoinghi_service::registration::detail(&svc, &req.actor, id).await?;
            Some(CheckinMatch { checked: r.checked_in.clone(), registration: r })
        }
        None => None,
    };
    let last_name = last.as_ref().map(|m| m.registration.name.display());
    Ok(CheckinData { conference, scopes, selected, matches, last, last_name })
}

#[server(prefix = "/fn", endpoint = "checkin/mark")]
pub async fn mark(
    id: i64,
    slug: String,
    scope: String,
    #[server(default)] q: String,
    #[server(default)] undo: Option<String>,
) -> Result<(), AppError> {
    use crate::ssr::{fail, redirect, request, service};
    let (svc, actor) = (service()?, request().actor);
    let scope_q = crate::errors::urlencode(&scope);
    if undo.is_some() {
        hoinghi_service::registration::undo_check_in(&svc, &actor, id, &scope).await.map_err(fail)?;
        let back = crate::errors::urlencode(&q);
        redirect(&format!("/manage/c/{slug}/checkin?q={back}&scope={scope_q}&done=notice-checkin-undone"));
    } else {
        hoinghi_service::registration::check_in(&svc, &actor, id, &scope).await.map_err(fail)?;
        // The desk is a queue: the search is empty again for the next delegate, and the one just checked
        // in stays in view (`last`) with a way to undo.
        redirect(&format!("/manage/c/{slug}/checkin?scope={scope_q}&last={id}&done=notice-checked-in-who"));
    }
    Ok(())
}

/// Reads the QR code in a picture taken at the desk (a `data:image/jpeg;base64,…` address, as the
/// browser's canvas writes it). Only the conference's organizers and coordinators may ask.
#[server(prefix = "/fn", endpoint = "checkin/decode")]
pub async fn decode_badge(slug: String, image: String) -> Result<Option<String>, hoinghi_domain::AppError> {
    use crate::ssr::{fail, request, service};
    let svc = service()?;
    hoinghi_service::registration::managed_conference(&svc, &request().actor, &slug).await.map_err(fail)?;
    Ok(hoinghi_service::qr::read_data_url(&image))
}

#[component]
pub fn CheckinPage() -> impl IntoView {
    let slug = param("slug");
    let q = query("q").unwrap_or_default();
    let scope = query("scope").unwrap_or_default();
    let last: Option<i64> = query("last").and_then(|l| l.parse().ok());
    let action = ServerAction::<Mark>::new();
    load(async move {
        let d = checkin_data(&slug, &q, &scope, last).await?;
        let q = StoredValue::new(q.clone());
        let slug = StoredValue::new(d.conference.slug.clone());
        let selected = StoredValue::new(d.selected.clone());
        let scope_label = StoredValue::new(
            d.scopes.iter().find(|(s, _)| *s == d.selected).map(|(_, l)| l.clone()).unwrap_or_default(),
        );
        let searched = !q.get_value().is_empty();
        // One key to check in: after a search, the first delegate who can be checked in has the focus.
        let first_ready = d
            .matches
            .iter()
            .find(|m| m.registration.status == RegistrationStatus::Confirmed && !m.checked.contains(&d.selected))
            .map(|m| m.registration.id);
        // A badge's whole code matched one delegate: the desk may check in at once (the island does).
        let exact = d.matches.len() == 1
            && first_ready.is_some()
            && hoinghi_service::registration::normalize_code(&q.get_value()) == d.matches[0].registration.code;
        let card = move |m: CheckinMatch, focus: bool| {
            let r = m.registration;
            let done = m.checked.contains(&selected.get_value());
            let admitted = r.status == RegistrationStatus::Confirmed;
            view! {
                <li class="checkin-card" class:done=done class:refused=!admitted>
                    <p class="who"><strong>{r.name.display()}</strong></p>
                    <p class="meta">{super::manage::who_line(&r.position_title, &r.organization)}{(!r.admin_unit_name.is_empty()).then(|| format!(" · {}", r.admin_unit_name))}</p>
                    <p class="meta"><code class="code">{r.code.clone()}</code>" · "{tr(r.status.label_key())}</p>
                    {done.then(|| view! { <p class="checked"><strong>{format!("✓ {}", scope_label.get_value())}</strong></p> })}
                    {admitted.then(|| view! {
                        <Form action=action class="inline">
                            <input type="hidden" name="id" value=r.id/>
                            <input type="hidden" name="slug" value=slug.get_value()/>
                            <input type="hidden" name="scope" value=selected.get_value()/>
                            <input type="hidden" name="q" value=q.get_value()/>
                            {if done {
                                view! { <input type="hidden" name="undo" value="true"/><button type="submit" class="undo">{tr("checkin-undo")}</button> }.into_any()
                            } else {
                                view! { <button type="submit" class="primary big" autofocus=focus data-checkin="true">{tr("checkin-do")}</button> }.into_any()
                            }}
                        </Form>
                    })}
                </li>
            }
        };
        let last_card = d.last.map(|m| card(m, false));
        let who = d.last_name.clone().unwrap_or_default();
        Ok(view! {
            <PageTitle text=tr("checkin-title")/>
            <ManageNav slug=slug.get_value() title=d.conference.title.clone() current="checkin"/>
            <h1>{tr("checkin-title")}</h1>
            <Notice args=vec![("name", who.into())]/>
            <form method="get" class="checkin-search" role="search" data-scan=tr("checkin-scan") data-scan-stop=tr("checkin-scan-stop")>
                {crate::page::islands_script()}
                <super::CheckinSearch/>
                <div class="field">
                    <label for="checkin-scope">{tr("checkin-scope")}</label>
                    <select id="checkin-scope" name="scope">
                        {d.scopes.iter().map(|(s, l)| view! { <option value=s.clone() selected=*s == d.selected>{l.clone()}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="checkin-q">{tr("checkin-search")}</label>
                    <div class="search-row">
                        <input id="checkin-q" name="q" type="search" value=q.get_value() autofocus=first_ready.is_none() || !searched
                            autocomplete="off" autocapitalize="off" spellcheck="false" enterkeyhint="search" aria-describedby="checkin-help"/>
                        <button type="submit" class="primary">{tr("checkin-find")}</button>
                    </div>
                    <p class="help" id="checkin-help">{tr("checkin-help")}</p>
                </div>
                <super::QrScan/>
            </form>
            <div id="checkin-results" aria-live="polite" data-exact=exact.then_some("true")>
                {(searched && d.matches.is_empty()).then(|| view! { <p class="empty">{tr("checkin-none")}</p> })}
                <ul class="checkin-results">
                    {d.matches.into_iter().map(|m| {
                        let focus = searched && Some(m.registration.id) == first_ready;
                        card(m, focus)
                    }).collect_view()}
                </ul>
                {(!searched).then(|| last_card.map(|c| view! {
                    <h2 class="last-heading">{tr("checkin-last")}</h2>
                    <ul class="checkin-results">{c}</ul>
                }))}
            </div>
        })
    })
}
