//! The check-in desk, on a phone or a laptop with a badge scanner: type a name without diacritics (or scan
//! the badge, which types its code), then check the delegate in for the chosen day or session.

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
}

async fn checkin_data(slug: &str, q: &str, scope: &str) -> Result<CheckinData, AppError> {
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
        scopes.push((format!("day:{d}"), hoinghi_domain::time::long_date(locale, *d)));
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
    Ok(CheckinData { conference, scopes, selected, matches })
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
    if undo.is_some() {
        hoinghi_service::registration::undo_check_in(&svc, &actor, id, &scope).await.map_err(fail)?;
    } else {
        hoinghi_service::registration::check_in(&svc, &actor, id, &scope).await.map_err(fail)?;
    }
    let back = crate::errors::urlencode(&q);
    let done = if undo.is_some() { "notice-checkin-undone" } else { "notice-checked-in" };
    redirect(&format!("/manage/c/{slug}/checkin?q={back}&scope={}&done={done}", crate::errors::urlencode(&scope)));
    Ok(())
}

#[component]
pub fn CheckinPage() -> impl IntoView {
    let slug = param("slug");
    let q = query("q").unwrap_or_default();
    let scope = query("scope").unwrap_or_default();
    let action = ServerAction::<Mark>::new();
    load(async move {
        let d = checkin_data(&slug, &q, &scope).await?;
        let q = StoredValue::new(q.clone());
        let slug = StoredValue::new(d.conference.slug.clone());
        let selected = StoredValue::new(d.selected.clone());
        let scope_label = d.scopes.iter().find(|(s, _)| *s == d.selected).map(|(_, l)| l.clone()).unwrap_or_default();
        Ok(view! {
            <PageTitle text=tr("checkin-title")/>
            <ManageNav slug=slug.get_value() title=d.conference.title.clone() current="checkin"/>
            <Notice/>
            <h2>{tr("checkin-title")}</h2>
            <form method="get" class="checkin-search">
                {crate::page::islands_script()}
                <super::CheckinSearch/>
                <label for="checkin-q">{tr("checkin-search")}</label>
                <input id="checkin-q" name="q" type="search" value=q.get_value() autofocus=true autocomplete="off" enterkeyhint="search"/>
                <label for="checkin-scope">{tr("checkin-scope")}</label>
                <select id="checkin-scope" name="scope">
                    {d.scopes.iter().map(|(s, l)| view! { <option value=s.clone() selected=*s == d.selected>{l.clone()}</option> }).collect_view()}
                </select>
                <button type="submit" class="primary">{tr("checkin-find")}</button>
            </form>
            <p class="help">{tr("checkin-help")}</p>
            <div id="checkin-results" aria-live="polite">
                {(!q.get_value().is_empty() && d.matches.is_empty()).then(|| view! { <p class="empty">{tr("checkin-none")}</p> })}
                <ul class="checkin-results">
                    {d.matches.into_iter().map(|m| {
                        let r = m.registration;
                        let done = m.checked.contains(&selected.get_value());
                        let admitted = r.status == RegistrationStatus::Confirmed;
                        view! {
                            <li class="checkin-card" class:done=done>
                                <p class="who"><strong>{r.name.display()}</strong>" · "<code>{r.code.clone()}</code></p>
                                <p class="meta">{r.position_title.clone()}" · "{r.organization.clone()}" · "{r.admin_unit_name.clone()}</p>
                                <p class="meta">{tr(r.status.label_key())}{done.then(|| view! { " · " <strong>{format!("✓ {}", scope_label)}</strong> })}</p>
                                {admitted.then(|| view! {
                                    <Form action=action class="inline">
                                        <input type="hidden" name="id" value=r.id/>
                                        <input type="hidden" name="slug" value=slug.get_value()/>
                                        <input type="hidden" name="scope" value=selected.get_value()/>
                                        <input type="hidden" name="q" value=q.get_value()/>
                                        {if done {
                                            view! { <input type="hidden" name="undo" value="true"/><button type="submit">{tr("checkin-undo")}</button> }.into_any()
                                        } else {
                                            view! { <button type="submit" class="primary big">{tr("checkin-do")}</button> }.into_any()
                                        }}
                                    </Form>
                                })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </div>
        })
    })
}
