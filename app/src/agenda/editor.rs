//! The organizers' agenda editor: each day as a time grid (rooms are columns, time runs down the page, on
//! every screen size), conflicts flagged, each track in its colour, and the publish button with the state
//! of the draft.
//!
//! Moving a session shows its conflicts before anything is saved. Without JavaScript: "Dời" on a session,
//! then a time and room (or a free cell of the grid), then the preview with its conflicts and a button to
//! save. With JavaScript the session's handle is dragged onto a cell (the `AgendaDrag` island), which
//! opens the same preview.

use super::time_range;
use crate::conferences::ManageNav;
use crate::forms::{Form, Notice};
use crate::i18n::{tr, tr_args, use_locale};
use crate::page::PageTitle;
use crate::page::{load, param, query};
use crate::ssr::{request, service};
use chrono::{NaiveDate, NaiveTime, Timelike};
use hoinghi_domain::AppError;
use hoinghi_domain::agenda::{AgendaDraft, AgendaVersion, Conflict, Room, Session, SessionKind, Track};
use hoinghi_domain::conference::Conference;
use hoinghi_domain::desk::MovePreview;
use hoinghi_domain::time::{clock, day_heading};
use leptos::prelude::*;

/// Minutes per grid row: sessions are placed to the five minutes.
const ROW_MINUTES: u32 = 5;
/// Minutes per drop cell (and per "move here" link without JavaScript).
const CELL_MINUTES: u32 = 15;

#[server(prefix = "/fn", endpoint = "agenda/publish")]
pub async fn publish_agenda(conference_id: i64, slug: String) -> Result<AgendaVersion, AppError> {
    use crate::ssr::{fail, redirect, request, service};
    let version = hoinghi_service::agenda::publish(&service()?, &request().actor, conference_id).await.map_err(fail)?;
    redirect(&format!("/manage/c/{slug}/versions?done=notice-agenda-published"));
    Ok(version)
}

pub fn conflict_text(c: &Conflict) -> String {
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

/// The move being prepared, from the address: `?move=<session>&day=&start=&room_id=`.
#[derive(Clone, Debug, Default)]
struct MoveRequest {
    id: i64,
    day: Option<String>,
    start: Option<String>,
    room_id: String,
}

impl MoveRequest {
    fn from_query() -> Option<MoveRequest> {
        let id = query("move")?.parse().ok()?;
        Some(MoveRequest {
            id,
            day: query("day").filter(|d| !d.is_empty()),
            start: query("start").filter(|s| !s.is_empty()),
            room_id: query("room_id").unwrap_or_default(),
        })
    }
}

#[component]
pub fn AgendaEditor() -> impl IntoView {
    let slug = param("slug");
    let publish = ServerAction::<PublishAgenda>::new();
    let moving = MoveRequest::from_query();
    load(async move {
        let (svc, actor) = (service()?, request().actor);
        let conference = hoinghi_service::conferences::by_slug_for_organizer(&svc, &actor, &slug).await?;
        let draft = hoinghi_service::agenda::draft(&svc, &actor, conference.id).await?;
        // A preview that does not validate (a start typed wrong) shows its message in the move panel.
        let preview = match &moving {
            Some(m) if m.day.is_some() && m.start.is_some() && draft.sessions.iter().any(|s| s.id == m.id) => Some(
                hoinghi_service::agenda::move_preview(
                    &svc,
                    &actor,
                    m.id,
                    m.day.as_deref().unwrap_or_default(),
                    m.start.as_deref().unwrap_or_default(),
                    &m.room_id,
                )
                .await
                .map_err(AppError::from),
            ),
            _ => None,
        };
        Ok(view! { <EditorView conference=conference draft=draft publish=publish moving=moving preview=preview/> })
    })
}

#[component]
fn EditorView(
    conference: Conference,
    draft: AgendaDraft,
    publish: ServerAction<PublishAgenda>,
    moving: Option<MoveRequest>,
    preview: Option<Result<MovePreview, AppError>>,
) -> impl IntoView {
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
    let moved = moving.as_ref().and_then(|m| draft.sessions.iter().find(|s| s.id == m.id).cloned());
    let ghost = preview.as_ref().and_then(|p| p.as_ref().ok()).map(|p| p.session.clone());
    let grid = Grid {
        slug: c.slug.clone(),
        rooms: draft.rooms.clone(),
        tracks: draft.tracks.clone(),
        flagged,
        moving: moved.as_ref().map(|s| s.id),
        ghost,
    };
    let outside: Vec<Session> = draft.sessions.iter().filter(|s| !draft.days.contains(&s.day)).cloned().collect();
    view! {
        <PageTitle text=format!("{} · {}", tr("agenda-title"), c.title)/>
        <ManageNav slug=slug.get_value() title=c.title.clone() current="agenda"/>
        <div class="title-row">
            <h1>{tr("agenda-title")}</h1>
            <a class="button" href=new_href>{tr("agenda-add-session")}</a>
        </div>
        <Notice/>
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
                <h2 id="conflicts-h">{tr_args("agenda-conflicts", &[("count", draft.conflicts.len().into())])}</h2>
                <ul>{draft.conflicts.iter().map(|cf| view! { <li class="conflict">{conflict_text(cf)}</li> }).collect_view()}</ul>
            </section>
        })}
        {moved.map(|s| view! { <MovePanel slug=slug.get_value() session=s days=draft.days.clone() rooms=draft.rooms.clone() moving=moving.clone().unwrap_or_default() preview=preview/> })}
        {(!draft.tracks.is_empty()).then(|| view! {
            <ul class="track-legend" aria-label=tr("agenda-tracks")>
                {draft.tracks.iter().map(|t| view! {
                    <li><span class="swatch" style=format!("background:{}", t.color) aria-hidden="true"></span>{t.name.clone()}</li>
                }).collect_view()}
            </ul>
        })}
        {crate::page::islands_script()}
        <super::AgendaDrag/>
        {draft.days.iter().map(|day| {
            let of_day: Vec<Session> = draft.sessions.iter().filter(|s| s.day == *day).cloned().collect();
            view! { <DayGrid grid=grid.clone() heading=day_heading(locale, *day) sessions=of_day day=Some(*day)/> }
        }).collect_view()}
        {(!outside.is_empty()).then(|| view! {
            <DayGrid grid=grid.clone() heading=tr("agenda-outside-dates") sessions=outside day=None/>
        })}
    }
}

/// Choosing where a session goes, and the preview of what that would clash with, before saving.
#[component]
fn MovePanel(
    slug: String,
    session: Session,
    days: Vec<NaiveDate>,
    rooms: Vec<Room>,
    moving: MoveRequest,
    preview: Option<Result<MovePreview, AppError>>,
) -> impl IntoView {
    let locale = use_locale();
    let save = ServerAction::<super::session_edit::MoveSession>::new();
    let base = format!("/manage/c/{slug}/agenda");
    let day = moving.day.clone().unwrap_or_else(|| session.day.to_string());
    let start = moving.start.clone().unwrap_or_else(|| clock(session.start));
    let room = if moving.day.is_some() {
        moving.room_id.clone()
    } else {
        session.room_id.map(|r| r.to_string()).unwrap_or_default()
    };
    let room_options: Vec<(String, String)> = std::iter::once((String::new(), tr("agenda-no-room")))
        .chain(rooms.iter().map(|r| (r.id.to_string(), r.name.clone())))
        .collect();
    let outcome = preview.map(|p| match p {
        Ok(p) => {
            let place = format!(
                "{}, {}{}",
                day_heading(locale, p.session.day),
                time_range(p.session.start, p.session.end),
                p.session
                    .room_id
                    .and_then(|r| rooms.iter().find(|x| x.id == r))
                    .map(|r| format!(" · {}", r.name))
                    .unwrap_or_default()
            );
            let clean = p.conflicts.is_empty();
            view! {
                <div class="move-preview" class:clean=clean role="status">
                    <p><strong>{tr_args("agenda-move-to", &[("place", place.into())])}</strong></p>
                    {if clean {
                        view! { <p class="ok">{tr("agenda-move-no-conflict")}</p> }.into_any()
                    } else {
                        view! {
                            <p class="warn">{tr_args("agenda-move-conflicts", &[("count", p.conflicts.len().into())])}</p>
                            <ul>{p.conflicts.iter().map(|cf| view! { <li class="conflict">{conflict_text(cf)}</li> }).collect_view()}</ul>
                        }.into_any()
                    }}
                    <Form action=save class="inline">
                        <input type="hidden" name="id" value=session.id/>
                        <input type="hidden" name="slug" value=slug.clone()/>
                        <input type="hidden" name="day" value=p.session.day.to_string()/>
                        <input type="hidden" name="start" value=clock(p.session.start)/>
                        <input type="hidden" name="room_id" value=p.session.room_id.map(|r| r.to_string()).unwrap_or_default()/>
                        <input type="hidden" name="back" value="agenda"/>
                        <button type="submit" class="primary">{if clean { tr("agenda-move-save") } else { tr("agenda-move-save-anyway") }}</button>
                    </Form>
                </div>
            }
            .into_any()
        }
        Err(e) => view! { <p class="form-error" role="alert">{crate::i18n::error_text(&e)}</p> }.into_any(),
    });
    let action = format!("{base}#move");
    view! {
        <section id="move" class="move-panel" aria-labelledby="move-h">
            <h2 id="move-h">{tr_args("agenda-move-title", &[("title", session.title.clone().into())])}</h2>
            <p class="meta">{tr_args("agenda-move-now", &[("place", format!("{}, {}", day_heading(locale, session.day), time_range(session.start, session.end)).into())])}</p>
            {outcome}
            <form method="get" action=action class="move-form">
                <input type="hidden" name="move" value=session.id/>
                <div class="field">
                    <label for="move-day">{tr("session-day")}</label>
                    <select id="move-day" name="day">
                        {days.iter().map(|d| view! { <option value=d.to_string() selected=d.to_string() == day>{day_heading(locale, *d)}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="move-start">{tr("session-start")}</label>
                    <input id="move-start" name="start" type="time" value=start step="300"/>
                </div>
                <div class="field">
                    <label for="move-room">{tr("session-room")}</label>
                    <select id="move-room" name="room_id">
                        {room_options.into_iter().map(|(v, l)| { let sel = v == room; view! { <option value=v selected=sel>{l}</option> } }).collect_view()}
                    </select>
                </div>
                <div class="actions">
                    <button type="submit">{tr("agenda-move-preview")}</button>
                    <a class="button" href=base>{tr("action-cancel")}</a>
                </div>
            </form>
            <p class="help">{tr("agenda-move-help")}</p>
        </section>
    }
}

/// What every day's grid needs to know.
#[derive(Clone)]
struct Grid {
    slug: String,
    rooms: Vec<Room>,
    tracks: Vec<Track>,
    flagged: Vec<i64>,
    /// The session being moved: the grid's free cells lead to its preview.
    moving: Option<i64>,
    /// Where the moved session would go (drawn dashed).
    ghost: Option<Session>,
}

fn minutes(t: NaiveTime) -> u32 {
    t.hour() * 60 + t.minute()
}

/// One day: a time column, then a column per room (and one for sessions without a room), each session
/// spanning the rows of its time; the grid scrolls sideways on a narrow screen.
#[component]
fn DayGrid(grid: Grid, heading: String, sessions: Vec<Session>, day: Option<NaiveDate>) -> impl IntoView {
    let mut columns: Vec<(Option<i64>, String)> = grid.rooms.iter().map(|r| (Some(r.id), r.name.clone())).collect();
    let roomless = sessions.iter().any(|s| s.room_id.is_none() && s.kind != SessionKind::Break);
    if roomless || columns.is_empty() {
        columns.push((None, tr("agenda-no-room")));
    }
    let ghost = grid.ghost.clone().filter(|g| Some(g.day) == day);
    let all_times = sessions.iter().chain(ghost.iter());
    let first = all_times.clone().map(|s| minutes(s.start)).min().unwrap_or(8 * 60).min(8 * 60);
    let last =
        all_times.map(|s| minutes(s.end).max(minutes(s.start) + ROW_MINUTES)).max().unwrap_or(17 * 60).max(17 * 60);
    let (top, bottom) = (first / 60 * 60, last.div_ceil(60) * 60);
    let rows = (bottom - top) / ROW_MINUTES;
    // Row 1 holds the room names; time starts at row 2.
    let row = move |m: u32| (m.saturating_sub(top)) / ROW_MINUTES + 2;
    let column = {
        let columns = columns.clone();
        move |room: Option<i64>| columns.iter().position(|(r, _)| *r == room).unwrap_or(0) + 2
    };
    let n = columns.len();
    let day_text = day.map(|d| d.to_string()).unwrap_or_default();
    let track_color =
        |s: &Session| s.track_id.and_then(|t| grid.tracks.iter().find(|x| x.id == t)).map(|t| t.color.clone());
    // Sessions overlapping earlier ones in the same column are shifted so both stay visible.
    let mut placed: Vec<(i64, usize, u32, u32)> = Vec::new();
    let mut shift_of = std::collections::HashMap::new();
    let mut ordered: Vec<&Session> = sessions.iter().collect();
    ordered.sort_by_key(|s| (s.starts_at, s.id));
    for s in &ordered {
        let c = if s.kind == SessionKind::Break && s.room_id.is_none() { 0 } else { column(s.room_id) };
        let (a, b) = (minutes(s.start), minutes(s.end).max(minutes(s.start) + ROW_MINUTES));
        let under =
            placed.iter().filter(|(_, pc, pa, pb)| (*pc == c || *pc == 0 || c == 0) && *pa < b && a < *pb).count();
        shift_of.insert(s.id, under);
        placed.push((s.id, c, a, b));
    }
    let cells = day.map(|d| {
        let slug = grid.slug.clone();
        let moving = grid.moving;
        let locale = use_locale();
        columns
            .iter()
            .enumerate()
            .flat_map(|(ci, (room, room_name))| {
                let slug = slug.clone();
                (top..bottom).step_by(CELL_MINUTES as usize).map(move |m| {
                    let at = clock(NaiveTime::from_hms_opt(m / 60, m % 60, 0).unwrap_or_default());
                    let room_value = room.map(|r| r.to_string()).unwrap_or_default();
                    let style = format!("grid-column: {}; grid-row: {} / span {}", ci + 2, row(m), CELL_MINUTES / ROW_MINUTES);
                    match moving {
                        Some(id) => {
                            let href = format!(
                                "/manage/c/{slug}/agenda?move={id}&day={d}&start={at}&room_id={room_value}#move"
                            );
                            let label = tr_args(
                                "agenda-move-here",
                                &[("place", format!("{}, {at} · {room_name}", day_heading(locale, d)).into())],
                            );
                            view! { <a class="grid-cell target" style=style href=href aria-label=label data-day=d.to_string() data-start=at.clone() data-room=room_value></a> }.into_any()
                        }
                        None => view! { <div class="grid-cell" style=style data-day=d.to_string() data-start=at data-room=room_value></div> }.into_any(),
                    }
                })
            })
            .collect_view()
    });
    let hours = (top..bottom).step_by(30).map(|m| {
        let label = clock(NaiveTime::from_hms_opt(m / 60, m % 60, 0).unwrap_or_default());
        view! { <div class="grid-time" style=format!("grid-row: {} / span {}", row(m), 30 / ROW_MINUTES)>{label}</div> }
    }).collect_view();
    let heads = columns
        .iter()
        .enumerate()
        .map(|(i, (_, name))| {
            view! { <div class="grid-head" style=format!("grid-column: {}", i + 2)>{name.clone()}</div> }
        })
        .collect_view();
    let cards = ordered.iter().map(|s| {
        let (a, b) = (minutes(s.start), minutes(s.end).max(minutes(s.start) + ROW_MINUTES));
        let col = if s.kind == SessionKind::Break && s.room_id.is_none() { format!("2 / {}", n + 2) } else { column(s.room_id).to_string() };
        let shift = shift_of.get(&s.id).copied().unwrap_or(0);
        let mut style = format!("grid-column: {col}; grid-row: {} / {};", row(a), row(b));
        if let Some(color) = track_color(s) {
            style.push_str(&format!(" --track-color: {color};"));
        }
        if shift > 0 {
            style.push_str(&format!(" margin-left: {}%; z-index: {};", (shift * 18).min(54), shift + 2));
        }
        let warn = grid.flagged.contains(&s.id);
        let edit = format!("/manage/c/{}/sessions/{}", grid.slug, s.id);
        let move_href = format!("/manage/c/{}/agenda?move={}#move", grid.slug, s.id);
        let being_moved = grid.moving == Some(s.id);
        let people = s.people.iter().map(|p| p.person.display_name.clone()).collect::<Vec<_>>().join(", ");
        let title = s.title.clone();
        view! {
            <article class="grid-session" class:cancelled=s.cancelled class:flagged=warn class:moving=being_moved
                style=style data-kind=s.kind.as_str() data-session=s.id id=format!("s-{}", s.id)>
                <p class="when">
                    <button type="button" class="grip" hidden aria-label=tr_args("agenda-drag", &[("title", title.clone().into())]) title=tr("agenda-drag-help")>"⠿"</button>
                    {time_range(s.start, s.end)}
                    {warn.then(|| view! { " " <span class="warn">"⚠ "{tr("agenda-has-conflict")}</span> })}
                </p>
                <p class="what"><a href=edit>{title.clone()}</a></p>
                {s.cancelled.then(|| view! { <p><span class="badge cancelled">{tr("session-cancelled")}</span></p> })}
                {(!people.is_empty()).then(|| view! { <p class="who">{people}</p> })}
                <p class="move-link"><a href=move_href aria-label=tr_args("agenda-move-one", &[("title", title.into())])>{tr("agenda-move")}</a></p>
            </article>
        }
    }).collect_view();
    let ghost_view = ghost.map(|g| {
        let style = format!(
            "grid-column: {}; grid-row: {} / {};",
            column(g.room_id),
            row(minutes(g.start)),
            row(minutes(g.end).max(minutes(g.start) + ROW_MINUTES))
        );
        view! { <div class="grid-ghost" style=style aria-hidden="true">{time_range(g.start, g.end)}</div> }
    });
    let add = day.map(|d| format!("/manage/c/{}/sessions/new?day={d}", grid.slug));
    view! {
        <section class="day-edit" aria-label=heading.clone()>
            <div class="title-row">
                <h2>{heading.clone()}</h2>
                {add.map(|href| view! { <a href=href>{tr("agenda-add-session")}</a> })}
            </div>
            {if sessions.is_empty() && day.is_some() && grid.moving.is_none() {
                view! { <p class="empty">{tr("agenda-day-empty")}</p> }.into_any()
            } else {
                view! {
                    <div class="grid-scroll">
                        <div class="agenda-grid" data-day=day_text style=format!("--columns: {n}; --rows: {rows}")>
                            {heads}
                            {hours}
                            {cells}
                            {cards}
                            {ghost_view}
                        </div>
                    </div>
                }.into_any()
            }}
        </section>
    }
}
