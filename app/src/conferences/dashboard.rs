//! `/manage/c/:slug`: a conference's first page for its organizers. The figures of the day (registered,
//! confirmed, waiting, pending approval, checked in today; each unit against its quota, as a chart drawn on
//! the server and as a table), what waits for them, how far the conference is set up, and the buttons that
//! open and close it.

use super::nav::ManageNav;
use crate::forms::{ConfirmBox, Form, Notice};
use crate::i18n::{tr, tr_args, use_locale};
use crate::page::{PageTitle, load, param};
use crate::ssr::{request, service};
use hoinghi_domain::conference::ConferenceStatus;
use hoinghi_domain::desk::Dashboard;
use hoinghi_domain::time::{date_range, medium_date};
use leptos::prelude::*;

#[component]
pub fn ConferenceDashboard() -> impl IntoView {
    let slug = param("slug");
    let publish = ServerAction::<super::manage::PublishConference>::new();
    let close = ServerAction::<super::manage::CloseConference>::new();
    load(async move {
        let (svc, req) = (service()?, request());
        let c = hoinghi_service::conferences::by_slug_for_organizer(&svc, &req.actor, &slug).await?;
        let d = hoinghi_service::dashboard::dashboard(&svc, &req.actor, c.id, req.locale).await?;
        let locale = use_locale();
        let base = format!("/manage/c/{}", c.slug);
        let id = c.id;
        Ok(view! {
            <PageTitle text=c.title.clone()/>
            <ManageNav slug=c.slug.clone() title=c.title.clone() current="overview"/>
            <div class="title-row">
                <h1>{c.title.clone()}</h1>
                <span class=format!("badge status-{}", c.status.as_str())>{tr(c.status.label_key())}</span>
            </div>
            <p class="meta">{date_range(locale, c.starts_on, c.ends_on)}{(!c.venue_name.is_empty()).then(|| format!(" · {}", c.venue_name))}
                {c.status.is_public().then(|| view! { " · " <a href=format!("/c/{}", c.slug)>{tr("conference-view-public")}</a> })}</p>
            <Notice/>
            <Figures d=d.clone() base=base.clone()/>
            <div class="dashboard-columns">
                <section class="todo" aria-labelledby="todo-h">
                    <h2 id="todo-h">{tr("dashboard-todo")}</h2>
                    {if d.todo.is_empty() {
                        view! { <p class="empty">{tr("dashboard-todo-none")}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="todo-list">
                                {d.todo.iter().map(|t| view! {
                                    <li><a href=format!("{base}{}", t.path)>{tr_args(&t.key, &[("count", t.count.into())])}</a></li>
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                </section>
                <section class="setup" aria-labelledby="setup-h">
                    <h2 id="setup-h">{tr("dashboard-setup")}</h2>
                    <ul class="checklist">
                        {d.setup.iter().map(|s| {
                            let state = if s.done { tr("dashboard-done") } else { tr("dashboard-not-done") };
                            view! {
                                <li class:done=s.done>
                                    <span class="tick" aria-hidden="true">{if s.done { "✓" } else { "○" }}</span>
                                    <span class="visually-hidden">{state}": "</span>
                                    {if s.path.is_empty() { view! { <span>{tr(&s.key)}</span> }.into_any() }
                                     else { view! { <a href=format!("{base}{}", s.path)>{tr(&s.key)}</a> }.into_any() }}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </section>
            </div>
            <section class="status-actions" aria-labelledby="status-h">
                <h2 id="status-h">{tr("dashboard-status")}</h2>
                {(c.status == ConferenceStatus::Draft).then(|| view! {
                    <Form action=publish class="inline-block">
                        <input type="hidden" name="id" value=id/>
                        <p class="help">{tr("conference-publish-help")}</p>
                        <button type="submit" class="primary">{tr("conference-publish")}</button>
                    </Form>
                })}
                {(c.status == ConferenceStatus::Published).then(|| view! {
                    <div class="danger-zone">
                        <p class="help">{tr("conference-close-help")}</p>
                        <Form action=close class="stack compact">
                            <input type="hidden" name="id" value=id/>
                            <ConfirmBox label=tr("conference-close-confirm")/>
                            <div class="actions"><button type="submit" class="danger">{tr("conference-close")}</button></div>
                        </Form>
                    </div>
                })}
                {(c.status == ConferenceStatus::Closed).then(|| view! { <p class="help">{tr("conference-closed-help")}</p> })}
                <p><a href=format!("{base}/settings")>{tr("dashboard-settings-link")}</a></p>
            </section>
            <p class="meta">{tr_args("dashboard-as-of", &[("day", medium_date(locale, d.today).into())])}</p>
        })
    })
}

/// The counts, as large figures, then each unit against its quota.
#[component]
fn Figures(d: Dashboard, base: String) -> impl IntoView {
    let c = &d.counts;
    let seats = d
        .capacity
        .map(|cap| tr_args("dashboard-capacity", &[("confirmed", c.confirmed.into()), ("capacity", cap.into())]));
    let figures = [
        ("dashboard-registered", c.registered, format!("{base}/registrations")),
        ("dashboard-confirmed", c.confirmed, format!("{base}/registrations?status=confirmed")),
        ("dashboard-waiting", c.waiting, format!("{base}/registrations?status=waiting")),
        ("dashboard-pending", c.pending, format!("{base}/registrations?status=pending")),
        ("dashboard-checked-today", d.checked_in_today, format!("{base}/checkin")),
    ];
    view! {
        <section class="figures" aria-labelledby="figures-h">
            <h2 id="figures-h" class="visually-hidden">{tr("dashboard-figures")}</h2>
            <ul class="figure-list">
                {figures.into_iter().map(|(key, n, href)| view! {
                    <li class="figure" data-figure=key.trim_start_matches("dashboard-")>
                        <a href=href><span class="number">{n}</span><span class="label">{tr(key)}</span></a>
                    </li>
                }).collect_view()}
            </ul>
            {seats.map(|s| view! { <p class="meta">{s}</p> })}
        </section>
        {(!d.units.is_empty()).then(|| view! {
            <section class="units" aria-labelledby="units-h">
                <h2 id="units-h">{tr("dashboard-units")}</h2>
                <div class="chart" inner_html=d.units_chart.clone()></div>
                <details class="units-table">
                    <summary>{tr("dashboard-units-table")}</summary>
                    <div class="table-scroll">
                        <table class="list">
                            <thead><tr>
                                <th scope="col">{tr("registration-unit")}</th>
                                <th scope="col" class="num">{tr("dashboard-confirmed")}</th>
                                <th scope="col" class="num">{tr("dashboard-waiting")}</th>
                                <th scope="col" class="num">{tr("dashboard-pending")}</th>
                                <th scope="col" class="num">{tr("dashboard-quota")}</th>
                            </tr></thead>
                            <tbody>
                                {d.units.iter().map(|u| view! {
                                    <tr>
                                        <th scope="row">{u.name.clone()}</th>
                                        <td class="num">{u.confirmed}</td>
                                        <td class="num">{u.waiting}</td>
                                        <td class="num">{u.pending}</td>
                                        <td class="num">{u.quota.map(|q| q.to_string()).unwrap_or_else(|| "—".into())}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                </details>
            </section>
        })}
    }
}
