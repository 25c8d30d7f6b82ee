//! The organizers' agenda editor: every day with its rooms side by side, conflicts flagged, and the
//! publish button with the state of the draft.

use super::time_range;
use crate::conferences::ManageNav;
use crate::forms::{Form, Notice};
use crate::i18n::{tr, tr_args, use_locale};
use crate::page::PageTitle;
use crate::page::{load, param};
use crate::ssr::{request, service};
use hoinghi_domain::AppError;
use hoinghi_domain::agenda::{AgendaDraft, AgendaVersion, Conflict, Session};
use hoinghi_domain::conference::Conference;
use hoinghi_domain::time::day_heading;
use leptos::prelude::*;

#[server(prefix = "/fn", endpoint = "agenda/publish")]
pub async fn publish_agenda(conference_id: i64, slug: String) -> Result<AgendaVersion, AppError> {
    use crate::ssr::{fail, redirect, request, service};
    let version = hoinghi_service::agenda::publish(&service()?, &request().actor, conference_id).await.map_err(fail)?;
    redirect(&format!("/manage/c/{slug}/versions?done=notice-agenda-published"));
    Ok(version)
}

fn conflict_text(c: &Conflict) -> String {
    match c {
        Conflict::Room { room, first, second, .. } => tr_args(
            "conflict-room",
            &[("room", room.as_str().into()), ("first", first.as_str().into()), ("second", second.as_str().into())],
        ),
        Conflict::Person { person, first, second, .. } => tr_args(
            "conflict-person",
            &[("person", person.as_str().into()), ("first", first.as_str().into()), ("second", second.as_str().into())],
        ),
        Conflict::OutsideDates { session, .. } => {
            tr_args("conflict-outside-dates", &[("session", session.as_str().into())])
        }
        Conflict::DuringBreak { session, break_title, .. } => tr_args(
            "conflict-during-break",
            &[("session", session.as_str().into()), ("break", break_title.as_str().into())],
        ),
    }
}

#[component]
pub fn AgendaEditor() -> impl IntoView {
    let slug = param("slug");
    let publish = ServerAction::<PublishAgenda>::new();
    load(async move {
        let (svc, actor) = (service()?, request().actor);
        let conference = hoinghi_service::conferences::by_slug_for_organizer(&svc, &actor, &slug).await?;
        let draft = hoinghi_service::agenda::draft(&svc, &actor, conference.id).await?;
        Ok(view! { <EditorView conference=conference draft=draft publish=publish/> })
    })
}

#[component]
fn EditorView(conference: Conference, draft: AgendaDraft, publish: ServerAction<PublishAgenda>) -> impl IntoView {
    let locale = use_locale();
    let c = conference;
    let flagged: Vec<i64> = draft.conflicts.iter().flat_map(Conflict::session_ids).collect();
    let state = match (draft.published_version, draft.unpublished_changes) {
        (None, _) => tr("agenda-state-never"),
        (Some(n), true) => tr_args("agenda-state-changed", &[("version", n.into())]),
        (Some(n), false) => tr_args("agenda-state-current", &[("version", n.into())]),
    };
    let new_href = format!("/manage/c/{}/sessions/new", c.slug);
    let slug = StoredValue::new(c.slug.clone());
    let rooms = draft.rooms.clone();
    let days = draft.days.clone();
    let sessions = draft.sessions.clone();
    view! {
        <PageTitle text=format!("{} · {}", tr("agenda-title"), c.title)/>
        <ManageNav slug=slug.get_value() title=c.title.clone() current="agenda"/>
        <Notice/>
        <div class="title-row">
            <h2>{tr("agenda-title")}</h2>
            <a class="button" href=new_href>{tr("agenda-add-session")}</a>
        </div>
        <section class="publish-bar" aria-label=tr("agenda-publish")>
            <p>{state}</p>
            {draft.unpublished_changes.then(|| view! {
                <Form action=publish class="inline-block">
                    <input type="hidden" name="conference_id" value=c.id/>
                    <input type="hidden" name="slug" value=slug.get_value()/>
                    <button type="submit" class="primary">{tr("agenda-publish")}</button>
                </Form>
            })}
        </section>
        {(!draft.conflicts.is_empty()).then(|| view! {
            <section class="conflicts" aria-labelledby="conflicts-h">
                <h3 id="conflicts-h">{tr_args("agenda-conflicts", &[("count", draft.conflicts.len().into())])}</h3>
                <ul>{draft.conflicts.iter().map(|cf| view! { <li class="conflict">{conflict_text(cf)}</li> }).collect_view()}</ul>
            </section>
        })}
        {days.into_iter().map(|day| {
            let of_day: Vec<Session> = sessions.iter().filter(|s| s.day == day).cloned().collect();
            view! { <DayView slug=slug.get_value() heading=day_heading(locale, day) sessions=of_day rooms=rooms.clone() flagged=flagged.clone() day=day.to_string()/> }
        }).collect_view()}
        {
            let outside: Vec<Session> = draft.sessions.iter().filter(|s| !draft.days.contains(&s.day)).cloned().collect();
            (!outside.is_empty()).then(|| view! {
                <DayView slug=slug.get_value() heading=tr("agenda-outside-dates") sessions=outside rooms=rooms.clone() flagged=flagged.clone() day=String::new()/>
            })
        }
    }
}

/// One day: a column per room (and one for sessions without a room), sessions in time order.
#[component]
fn DayView(
    slug: String,
    heading: String,
    sessions: Vec<Session>,
    rooms: Vec<hoinghi_domain::agenda::Room>,
    flagged: Vec<i64>,
    day: String,
) -> impl IntoView {
    let mut columns: Vec<(Option<i64>, String)> = rooms.iter().map(|r| (Some(r.id), r.name.clone())).collect();
    if sessions.iter().any(|s| s.room_id.is_none()) || columns.is_empty() {
        columns.insert(0, (None, tr("agenda-no-room")));
    }
    let add = (!day.is_empty()).then(|| format!("/manage/c/{slug}/sessions/new?day={day}"));
    let column_count = columns.len();
    view! {
        <section class="day-edit">
            <div class="title-row">
                <h3>{heading}</h3>
                {add.map(|href| view! { <a href=href>{tr("agenda-add-session")}</a> })}
            </div>
            <div class="room-columns" style=format!("--columns: {column_count}")>
                {columns.into_iter().map(|(room_id, name)| {
                    let in_room: Vec<&Session> = sessions.iter().filter(|s| s.room_id == room_id).collect();
                    view! {
                        <div class="room-column">
                            <h4>{name}</h4>
                            <ol class="session-list">
                                {in_room.into_iter().map(|s| {
                                    let warn = flagged.contains(&s.id);
                                    let href = format!("/manage/c/{slug}/sessions/{}", s.id);
                                    view! {
                                        <li class="session-card" class:cancelled=s.cancelled class:flagged=warn data-kind=s.kind.as_str()>
                                            <p class="when">{time_range(s.start, s.end)}{warn.then(|| view! { " " <span class="warn" title=tr("agenda-has-conflict")>"⚠ "{tr("agenda-has-conflict")}</span> })}</p>
                                            <p class="what"><a href=href>{s.title.clone()}</a></p>
                                            <p class="meta">
                                                <span class="badge">{tr(s.kind.label_key())}</span>
                                                {s.cancelled.then(|| view! { " " <span class="badge cancelled">{tr("session-cancelled")}</span> })}
                                            </p>
                                            {(!s.people.is_empty()).then(|| view! {
                                                <p class="who">{s.people.iter().map(|p| p.person.display_name.clone()).collect::<Vec<_>>().join(", ")}</p>
                                            })}
                                        </li>
                                    }
                                }).collect_view()}
                            </ol>
                        </div>
                    }
                }).collect_view()}
            </div>
        </section>
    }
}
