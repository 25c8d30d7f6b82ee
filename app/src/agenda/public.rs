//! The public agenda and session pages, from the latest published version only.
//!
//! The day is a CSS grid: one column per track (or per room when there are no tracks), rows cut at every
//! start and end time, plenary sessions across all columns. On a phone the grid falls back to one column
//! in time order; in print it is a plain list.

use super::time_range;
use crate::calendar::{AddSessionMenu, SubscribeMenu};
use crate::conferences::ConferenceNav;
use crate::i18n::{tr, use_locale};
use crate::page::PageTitle;
use crate::page::{load, param};
use crate::ssr::service;
use hoinghi_domain::agenda::{ConferenceAgenda, ConferenceSession, PublicAgenda, PublicSession};
use hoinghi_domain::conference::Conference;
use hoinghi_domain::time::{day_heading, long_date};
use leptos::prelude::*;
use leptos_meta::Meta;

#[component]
pub fn AgendaPage() -> impl IntoView {
    let slug = param("slug");
    load(async move {
        let ConferenceAgenda { conference: c, agenda } =
            hoinghi_service::agenda::public_agenda(&service()?, &slug).await?;
        Ok(view! {
            <PageTitle text=format!("{} · {}", tr("agenda-title"), c.title)/>
            <ConferenceNav slug=c.slug.clone() title=c.title.clone() current="agenda"/>
            <h1>{tr("agenda-title")}</h1>
            {match agenda {
                None => view! { <p class="empty">{tr("agenda-not-published")}</p> }.into_any(),
                Some(a) => view! {
                    <CalendarBar conference=c.clone() agenda=a.clone()/>
                    <Schedule slug=c.slug.clone() agenda=a/>
                }.into_any(),
            }}
        })
    })
}

/// The conference's feed, and one per track and per room.
#[component]
fn CalendarBar(conference: Conference, agenda: PublicAgenda) -> impl IntoView {
    let c = conference;
    let per = |kind: &'static str, items: Vec<(i64, String)>| {
        let slug = c.slug.clone();
        let title = c.title.clone();
        items
            .into_iter()
            .map(move |(id, name)| {
                view! {
                    <li><SubscribeMenu
                        path=format!("/c/{slug}/{kind}/{id}/calendar.ics")
                        name=format!("{title} · {name}")
                        label=name.clone()/></li>
                }
            })
            .collect_view()
    };
    let tracks: Vec<(i64, String)> = agenda.tracks.iter().map(|t| (t.id, t.name.clone())).collect();
    let rooms: Vec<(i64, String)> = agenda.rooms.iter().map(|r| (r.id, r.name.clone())).collect();
    view! {
        <div class="calendar-bar">
            <SubscribeMenu path=format!("/c/{}/calendar.ics", c.slug) name=c.title.clone()/>
            {(!tracks.is_empty()).then(|| view! {
                <details class="calendar-links"><summary>{tr("calendar-by-track")}</summary><ul>{per("tracks", tracks)}</ul></details>
            })}
            {(rooms.len() > 1).then(|| view! {
                <details class="calendar-links"><summary>{tr("calendar-by-room")}</summary><ul>{per("rooms", rooms)}</ul></details>
            })}
        </div>
    }
}

/// Which column a session takes: (first, last) 1-based columns, or the whole width.
fn column_of(s: &PublicSession, agenda: &PublicAgenda, by_track: bool, columns: usize) -> (usize, usize) {
    let index = if by_track {
        s.track.as_ref().and_then(|t| agenda.tracks.iter().position(|x| x.id == t.id))
    } else {
        s.room.as_ref().and_then(|r| agenda.rooms.iter().position(|x| x.id == r.id))
    };
    match index {
        Some(i) if !s.plenary && columns > 1 => (i + 1, i + 2),
        _ => (1, columns + 1),
    }
}

#[component]
fn Schedule(slug: String, agenda: PublicAgenda) -> impl IntoView {
    let locale = use_locale();
    let by_track = !agenda.tracks.is_empty();
    let headings: Vec<(String, Option<String>)> = if by_track {
        agenda.tracks.iter().map(|t| (t.name.clone(), Some(t.color.clone()))).collect()
    } else if agenda.rooms.len() > 1 {
        agenda.rooms.iter().map(|r| (r.name.clone(), None)).collect()
    } else {
        Vec::new()
    };
    let columns = headings.len().max(1);
    let days = agenda.days.clone();
    view! {
        <p class="schedule-meta">
            {tr("agenda-version")}" "{agenda.version}" · "{super::zone_label(&agenda.time_zone)}
            " · "<a href=format!("/c/{slug}/schedule.xml")>"schedule.xml"</a>
        </p>
        <nav class="day-links" aria-label=tr("agenda-days")>
            {days.iter().enumerate().map(|(i, d)| view! { <a href=format!("#day-{}", i + 1)>{day_heading(locale, *d)}</a> }).collect_view()}
        </nav>
        {days.into_iter().enumerate().map(|(i, day)| {
            let of_day: Vec<&PublicSession> = agenda.sessions.iter().filter(|s| s.day == day).collect();
            let mut cuts: Vec<i64> = of_day.iter().flat_map(|s| [s.starts_at, s.ends_at]).collect();
            cuts.sort_unstable();
            cuts.dedup();
            // Row 1 holds the column headings.
            let row = |t: i64| cuts.iter().position(|c| *c == t).unwrap_or(0) + 2;
            view! {
                <section class="day" id=format!("day-{}", i + 1) aria-labelledby=format!("day-{}-h", i + 1)>
                    <h2 id=format!("day-{}-h", i + 1)>{day_heading(locale, day)}</h2>
                    {if of_day.is_empty() {
                        view! { <p class="empty">{tr("agenda-day-empty")}</p> }.into_any()
                    } else {
                        view! {
                            <div class="schedule" style=format!("--columns: {columns}")>
                                {headings.iter().enumerate().map(|(ci, (name, color))| view! {
                                    <div class="column-head" style=format!("grid-column: {}; {}", ci + 1, color.as_ref().map(|c| format!("--track-color: {c}")).unwrap_or_default()) aria-hidden="true">{name.clone()}</div>
                                }).collect_view()}
                                {of_day.iter().map(|s| {
                                    let (c1, c2) = column_of(s, &agenda, by_track, columns);
                                    let style = format!(
                                        "grid-column: {c1} / {c2}; grid-row: {} / {};{}",
                                        row(s.starts_at),
                                        row(s.ends_at),
                                        s.track.as_ref().map(|t| format!(" --track-color: {}", t.color)).unwrap_or_default()
                                    );
                                    view! { <SlotCard slug=slug.clone() session=(*s).clone() style=style/> }
                                }).collect_view()}
                            </div>
                        }.into_any()
                    }}
                </section>
            }
        }).collect_view()}
    }
}

#[component]
fn SlotCard(slug: String, session: PublicSession, style: String) -> impl IntoView {
    let s = session;
    let href = format!("/c/{slug}/sessions/{}", s.uid);
    let people: Vec<String> = s.people.iter().map(|p| p.display_name.clone()).collect();
    view! {
        <article class="slot" class:cancelled=s.cancelled class:plenary=s.plenary data-kind=s.kind.as_str() style=style>
            <p class="when">
                <time datetime=chrono::DateTime::from_timestamp(s.starts_at, 0).map(|t| t.to_rfc3339()).unwrap_or_default()>{time_range(s.start, s.end)}</time>
                {s.room.as_ref().map(|r| view! { " · "<span class="room">{r.name.clone()}</span> })}
            </p>
            <h3 class="what"><a href=href>{s.title.clone()}</a></h3>
            <p class="meta">
                <span class="badge">{tr(s.kind.label_key())}</span>
                {s.cancelled.then(|| view! { " " <strong class="badge cancelled">{tr("session-cancelled")}</strong> })}
                {s.track.as_ref().map(|t| view! { " " <span class="track">{t.name.clone()}</span> })}
            </p>
            {(!people.is_empty()).then(|| view! { <p class="who">{people.join(", ")}</p> })}
        </article>
    }
}

#[component]
pub fn SessionPage() -> impl IntoView {
    let (slug, uid) = (param("slug"), param("uid"));
    load(async move {
        let ConferenceSession { conference: c, session: s } =
            hoinghi_service::agenda::public_session(&service()?, &slug, &uid).await?;
        let locale = use_locale();
        let summary: String = s.description.chars().take(200).collect();
        let location = [
            s.room.as_ref().map(|r| r.name.clone()).unwrap_or_default(),
            c.venue_name.clone(),
            c.venue_address.clone(),
        ]
        .into_iter()
        .filter(|x| !x.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
        Ok(view! {
            <PageTitle text=s.title.clone()/>
            <Meta name="description" content=summary/>
            <ConferenceNav slug=c.slug.clone() title=c.title.clone() current="agenda"/>
            <article class="session" class:cancelled=s.cancelled>
                {s.cancelled.then(|| view! { <p class="form-error" role="status">{tr("session-cancelled-notice")}</p> })}
                <p class="kicker"><span class="badge">{tr(s.kind.label_key())}</span>
                    {s.track.as_ref().map(|t| view! { " " <span class="track" style=format!("--track-color: {}", t.color)>{t.name.clone()}</span> })}</p>
                <h1>{s.title.clone()}</h1>
                <dl class="details">
                    <dt>{tr("session-when")}</dt>
                    <dd>{hoinghi_domain::text::capitalize_first(&long_date(locale, s.day))}", "{time_range(s.start, s.end)}" ("{super::zone_label(&c.time_zone)}")"</dd>
                    {s.room.as_ref().map(|r| view! { <dt>{tr("session-room")}</dt><dd>{r.name.clone()}</dd> })}
                    {s.capacity.map(|n| view! { <dt>{tr("session-capacity")}</dt><dd>{n}</dd> })}
                </dl>
                <AddSessionMenu
                    ics_path=format!("/c/{}/sessions/{}/calendar.ics", c.slug, s.uid)
                    title=s.title.clone()
                    starts_at=s.starts_at
                    ends_at=s.ends_at
                    location=location.clone()
                    page_path=format!("/c/{}/sessions/{}", c.slug, s.uid)/>
                {(!s.people.is_empty()).then(|| view! {
                    <h2>{tr("session-people")}</h2>
                    <ul class="people">
                        {s.people.iter().map(|p| view! {
                            <li>
                                <a href=format!("/c/{}/speakers/{}", c.slug, p.id)>{p.display_name.clone()}</a>
                                " · "{tr(p.role.label_key())}
                                {(!p.position_title.is_empty()).then(|| view! { <br/><span class="position">{p.position_title.clone()}</span> })}
                            </li>
                        }).collect_view()}
                    </ul>
                })}
                {(!s.description.is_empty()).then(|| view! {
                    <div class="description">{s.description.split("\n\n").map(|p| view! { <p>{p.to_string()}</p> }).collect_view()}</div>
                })}
                {(!s.materials.is_empty()).then(|| view! {
                    <h2>{tr("session-materials")}</h2>
                    <ul>{s.materials.iter().map(|m| view! { <li><a href=m.url.clone()>{m.title.clone()}</a></li> }).collect_view()}</ul>
                })}
                <p><a href=format!("/c/{}/agenda", c.slug)>{tr("agenda-back")}</a></p>
            </article>
        })
    })
}
