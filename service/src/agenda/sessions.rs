//! Sessions of the draft agenda: what a valid session is, and the edits organizers make.

use super::clock::{ConferenceClock, parse_clock};
use super::{conflicts, load, publish};
use crate::Service;
use crate::accounts::{Actor, require_organizer};
use crate::audit;
use crate::conferences::by_id_internal;
use crate::db::{Tx, now};
use crate::error::Result;
use crate::validate::Checker;
use chrono::NaiveDate;
use hoinghi_domain::agenda::{AgendaDraft, Session, SessionInput, SessionKind, limits};
use hoinghi_domain::conference::Conference;
use hoinghi_domain::desk::MovePreview;
use hoinghi_domain::lenient::is_set;
use hoinghi_domain::people::PersonRole;
use hoinghi_domain::text::{clean_line, clean_text};
use hoinghi_domain::{AppError, Message};

struct Valid {
    kind: SessionKind,
    title: String,
    description: String,
    starts_at: i64,
    ends_at: i64,
    room_id: Option<i64>,
    track_id: Option<i64>,
    capacity: Option<i64>,
    plenary: bool,
    cancelled: bool,
}

async fn belongs(tx: &mut Tx, table: &str, id: i64, conference_id: i64) -> Result<bool> {
    let row: Option<(i64,)> = sqlx::query_as(&format!("SELECT id FROM {table} WHERE id = $1 AND conference_id = $2"))
        .bind(id)
        .bind(conference_id)
        .fetch_optional(&mut **tx)
        .await?;
    Ok(row.is_some())
}

async fn validate(tx: &mut Tx, conference: &Conference, input: &SessionInput) -> Result<Valid> {
    let clock = ConferenceClock::of(conference);
    let mut check = Checker::new();
    let kind = match input.kind.trim() {
        "" => Some(SessionKind::default()),
        k => SessionKind::parse(k),
    };
    if kind.is_none() {
        check.add("kind", Message::new("error-choice"));
    }
    let title = clean_line(&input.title);
    check.required("title", &title).max_len("title", &title, limits::TITLE);
    let description = clean_text(&input.description);
    check.max_len("description", &description, limits::DESCRIPTION);

    let day = check.date("day", &input.day);
    if let Some(d) = day
        && !clock.is_conference_day(d)
    {
        check.add("day", Message::new("session-error-day-outside"));
    }
    let start = parse_time(&mut check, "start", &input.start);
    let end = parse_time(&mut check, "end", &input.end);
    let mut times = None;
    if let (Some(day), Some(start), Some(end)) = (day, start, end) {
        if end <= start {
            check.add("end", Message::new("session-error-end-before-start"));
        } else {
            match (clock.instant(day, start), clock.instant(day, end)) {
                (Some(s), Some(e)) => times = Some((s, e)),
                _ => {
                    check.add("start", Message::new("session-error-no-such-time"));
                }
            }
        }
    }

    let room_id = check.optional_int("room_id", &input.room_id, 1, i64::MAX).flatten();
    let track_id = check.optional_int("track_id", &input.track_id, 1, i64::MAX).flatten();
    let capacity = check.optional_int("capacity", &input.capacity, 1, limits::MAX_SESSION_CAPACITY);
    if let Some(room) = room_id
        && !belongs(tx, "rooms", room, conference.id).await?
    {
        check.add("room_id", Message::new("session-error-unknown-room"));
    }
    if let Some(track) = track_id
        && !belongs(tx, "tracks", track, conference.id).await?
    {
        check.add("track_id", Message::new("session-error-unknown-track"));
    }
    check.finish()?;
    let (starts_at, ends_at) = times.expect("checked");
    Ok(Valid {
        kind: kind.expect("checked"),
        title,
        description,
        starts_at,
        ends_at,
        room_id,
        track_id,
        capacity: capacity.flatten(),
        plenary: is_set(&input.plenary),
        cancelled: is_set(&input.cancelled),
    })
}

fn parse_time(check: &mut Checker, field: &str, value: &str) -> Option<chrono::NaiveTime> {
    if value.trim().is_empty() {
        check.add(field, Message::new("error-required"));
        return None;
    }
    let t = parse_clock(value);
    if t.is_none() {
        check.add(field, Message::new("error-not-a-time"));
    }
    t
}

/// The conference a session belongs to, after checking the actor organizes it.
async fn session_conference(svc: &Service, actor: &Actor, session_id: i64) -> Result<Conference> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT conference_id FROM sessions WHERE id = $1")
        .bind(session_id)
        .fetch_optional(svc.db.read())
        .await?;
    let (conference_id,) = row.ok_or(AppError::NotFound)?;
    require_organizer(svc, actor, conference_id).await?;
    by_id_internal(svc, conference_id).await
}

pub async fn by_id(svc: &Service, actor: &Actor, session_id: i64) -> Result<Session> {
    let conference = session_conference(svc, actor, session_id).await?;
    let mut conn = svc.db.read().acquire().await?;
    let mut found =
        load::sessions(&mut conn, conference.id, &ConferenceClock::of(&conference), Some(session_id)).await?;
    found.pop().ok_or_else(|| AppError::NotFound.into())
}

pub async fn create(svc: &Service, actor: &Actor, conference_id: i64, input: SessionInput) -> Result<Session> {
    require_organizer(svc, actor, conference_id).await?;
    let conference = by_id_internal(svc, conference_id).await?;
    let mut tx = svc.db.begin().await?;
    let v = validate(&mut tx, &conference, &input).await?;
    let id = insert(&mut tx, conference_id, &uuid::Uuid::new_v4().to_string(), &v).await?;
    audit::record(&mut tx, actor, Some(conference_id), "session.create", &v.title).await?;
    tx.commit().await?;
    by_id(svc, actor, id).await
}

async fn insert(tx: &mut Tx, conference_id: i64, uid: &str, v: &Valid) -> Result<i64> {
    let at = now();
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO sessions (conference_id, uid, kind, title, description, starts_at, ends_at, room_id, track_id, \
         capacity, plenary, cancelled, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13) RETURNING id",
    )
    .bind(conference_id)
    .bind(uid)
    .bind(v.kind.as_str())
    .bind(&v.title)
    .bind(&v.description)
    .bind(v.starts_at)
    .bind(v.ends_at)
    .bind(v.room_id)
    .bind(v.track_id)
    .bind(v.capacity)
    .bind(v.plenary)
    .bind(v.cancelled)
    .bind(at)
    .fetch_one(&mut **tx)
    .await?;
    Ok(id)
}

pub async fn update(svc: &Service, actor: &Actor, session_id: i64, input: SessionInput) -> Result<Session> {
    let conference = session_conference(svc, actor, session_id).await?;
    let mut tx = svc.db.begin().await?;
    let v = validate(&mut tx, &conference, &input).await?;
    sqlx::query(
        "UPDATE sessions SET kind = $1, title = $2, description = $3, starts_at = $4, ends_at = $5, room_id = $6, \
         track_id = $7, capacity = $8, plenary = $9, cancelled = $10, updated_at = $11 WHERE id = $12",
    )
    .bind(v.kind.as_str())
    .bind(&v.title)
    .bind(&v.description)
    .bind(v.starts_at)
    .bind(v.ends_at)
    .bind(v.room_id)
    .bind(v.track_id)
    .bind(v.capacity)
    .bind(v.plenary)
    .bind(v.cancelled)
    .bind(now())
    .bind(session_id)
    .execute(&mut *tx)
    .await?;
    audit::record(&mut tx, actor, Some(conference.id), "session.update", &v.title).await?;
    tx.commit().await?;
    by_id(svc, actor, session_id).await
}

/// A session's form values at a new day, start and room; the end follows the start.
fn moved_input(session: &Session, day: &str, start: &str, room_id: &str) -> SessionInput {
    let length = chrono::Duration::seconds(session.ends_at - session.starts_at);
    let mut input = SessionInput::from(session);
    input.day = day.to_string();
    input.start = start.to_string();
    input.room_id = room_id.to_string();
    // A start that does not parse is reported by validation.
    input.end = match (parse_clock(start), NaiveDate::parse_from_str(day.trim(), "%Y-%m-%d")) {
        (Some(s), Ok(_)) => {
            let (end, wrapped) = s.overflowing_add_signed(length);
            if wrapped != 0 { "00:00".into() } else { hoinghi_domain::time::clock(end) }
        }
        _ => input.end,
    };
    input
}

/// Moves a session to another day, start or room, keeping its length.
pub async fn move_to(
    svc: &Service,
    actor: &Actor,
    session_id: i64,
    day: &str,
    start: &str,
    room_id: &str,
) -> Result<Session> {
    let session = by_id(svc, actor, session_id).await?;
    update(svc, actor, session_id, moved_input(&session, day, start, room_id)).await
}

/// What [`move_to`] would give, without saving anything: the session at its new place and the conflicts
/// it would then be part of, so the organizer sees them before deciding.
pub async fn move_preview(
    svc: &Service,
    actor: &Actor,
    session_id: i64,
    day: &str,
    start: &str,
    room_id: &str,
) -> Result<MovePreview> {
    let conference = session_conference(svc, actor, session_id).await?;
    let clock = ConferenceClock::of(&conference);
    let mut conn = svc.db.read().acquire().await?;
    let rooms = load::rooms(&mut conn, conference.id).await?;
    let mut sessions = load::sessions(&mut conn, conference.id, &clock, None).await?;
    drop(conn);
    let Some(moved) = sessions.iter_mut().find(|s| s.id == session_id) else { return Err(AppError::NotFound.into()) };
    let input = moved_input(moved, day, start, room_id);
    let mut tx = svc.db.begin().await?;
    let v = validate(&mut tx, &conference, &input).await?;
    tx.rollback().await?;
    moved.starts_at = v.starts_at;
    moved.ends_at = v.ends_at;
    moved.room_id = v.room_id;
    let (from, to) = (clock.local(v.starts_at), clock.local(v.ends_at));
    (moved.day, moved.start, moved.end) = (from.date(), from.time(), to.time());
    let session = moved.clone();
    let conflicts = conflicts::find(&sessions, &rooms, &clock)
        .into_iter()
        .filter(|c| c.session_ids().contains(&session_id))
        .collect();
    Ok(MovePreview { session, conflicts })
}

/// Copies a session (with its people and materials) under a new identity.
pub async fn duplicate(svc: &Service, actor: &Actor, session_id: i64) -> Result<Session> {
    let conference = session_conference(svc, actor, session_id).await?;
    let mut tx = svc.db.begin().await?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO sessions (conference_id, uid, kind, title, description, starts_at, ends_at, room_id, track_id, \
         capacity, plenary, cancelled, created_at, updated_at) \
         SELECT conference_id, $1, kind, title, description, starts_at, ends_at, room_id, track_id, capacity, plenary, \
         cancelled, $2, $2 FROM sessions WHERE id = $3 RETURNING id",
    )
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(now())
    .bind(session_id)
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO session_people (session_id, person_id, role, position) \
         SELECT $1, person_id, role, position FROM session_people WHERE session_id = $2",
    )
    .bind(id)
    .bind(session_id)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO session_materials (session_id, title, url, file_id, position) \
         SELECT $1, title, url, file_id, position FROM session_materials WHERE session_id = $2",
    )
    .bind(id)
    .bind(session_id)
    .execute(&mut *tx)
    .await?;
    audit::record(&mut tx, actor, Some(conference.id), "session.duplicate", &session_id.to_string()).await?;
    tx.commit().await?;
    by_id(svc, actor, id).await
}

/// Deletes a session from the draft. If it was published, the next version lists it as removed and
/// calendars get it as cancelled; cancelling instead keeps it visible.
pub async fn delete(svc: &Service, actor: &Actor, session_id: i64) -> Result<()> {
    let conference = session_conference(svc, actor, session_id).await?;
    let mut tx = svc.db.begin().await?;
    sqlx::query("DELETE FROM sessions WHERE id = $1").bind(session_id).execute(&mut *tx).await?;
    audit::record(&mut tx, actor, Some(conference.id), "session.delete", &session_id.to_string()).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn add_person(svc: &Service, actor: &Actor, session_id: i64, person_id: &str, role: &str) -> Result<()> {
    let conference = session_conference(svc, actor, session_id).await?;
    let mut check = Checker::new();
    let role = PersonRole::parse(role.trim());
    if role.is_none() {
        check.add("role", Message::new("error-choice"));
    }
    let person_id = check.optional_int("person_id", person_id, 1, i64::MAX).flatten();
    if person_id.is_none() && !check.has("person_id") {
        check.add("person_id", Message::new("error-required"));
    }
    check.finish()?;
    let (person_id, role) = (person_id.expect("checked"), role.expect("checked"));
    let mut tx = svc.db.begin().await?;
    if !belongs(&mut tx, "people", person_id, conference.id).await? {
        return Err(AppError::invalid("person_id", Message::new("session-error-unknown-person")).into());
    }
    sqlx::query(
        "INSERT INTO session_people (session_id, person_id, role, position) \
         VALUES ($1, $2, $3, (SELECT COALESCE(MAX(position), 0) + 1 FROM session_people WHERE session_id = $1)) \
         ON CONFLICT DO NOTHING",
    )
    .bind(session_id)
    .bind(person_id)
    .bind(role.as_str())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Takes one role in a session from a person; a role the person does not have there is not found.
pub async fn remove_person(svc: &Service, actor: &Actor, session_id: i64, person_id: i64, role: &str) -> Result<()> {
    session_conference(svc, actor, session_id).await?;
    let removed = sqlx::query("DELETE FROM session_people WHERE session_id = $1 AND person_id = $2 AND role = $3")
        .bind(session_id)
        .bind(person_id)
        .bind(role)
        .execute(svc.db.write())
        .await?
        .rows_affected();
    if removed == 0 {
        return Err(AppError::NotFound.into());
    }
    Ok(())
}

fn valid_material_title(check: &mut Checker, title: &str) -> String {
    let title = clean_line(title);
    check.required("title", &title).max_len("title", &title, limits::MATERIAL_TITLE);
    title
}

pub async fn add_link(svc: &Service, actor: &Actor, session_id: i64, title: &str, url: &str) -> Result<()> {
    session_conference(svc, actor, session_id).await?;
    let mut check = Checker::new();
    let title = valid_material_title(&mut check, title);
    let url = clean_line(url);
    check.required("url", &url).max_len("url", &url, limits::URL);
    let web = url.starts_with("https://") || url.starts_with("http://");
    if !url.is_empty() && !web {
        check.add("url", Message::new("error-url"));
    }
    check.finish()?;
    sqlx::query(
        "INSERT INTO session_materials (session_id, title, url, position) \
         VALUES ($1, $2, $3, (SELECT COALESCE(MAX(position), 0) + 1 FROM session_materials WHERE session_id = $1))",
    )
    .bind(session_id)
    .bind(&title)
    .bind(&url)
    .execute(svc.db.write())
    .await?;
    Ok(())
}

/// Documents organizers may attach, by file extension.
const MATERIAL_TYPES: [(&str, &str); 9] = [
    ("pdf", "application/pdf"),
    ("doc", "application/msword"),
    ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("xls", "application/vnd.ms-excel"),
    ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("ppt", "application/vnd.ms-powerpoint"),
    ("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    ("odt", "application/vnd.oasis.opendocument.text"),
    ("zip", "application/zip"),
];
pub const MAX_MATERIAL_BYTES: usize = 20 * 1024 * 1024;

pub async fn add_file(
    svc: &Service,
    actor: &Actor,
    session_id: i64,
    title: &str,
    file_name: &str,
    bytes: &[u8],
) -> Result<()> {
    let conference = session_conference(svc, actor, session_id).await?;
    let mut check = Checker::new();
    let title = valid_material_title(&mut check, title);
    let name = clean_line(file_name);
    let extension = name.rsplit_once('.').map(|(_, e)| e.to_lowercase()).unwrap_or_default();
    let content_type = MATERIAL_TYPES.iter().find(|(e, _)| *e == extension).map(|(_, t)| *t);
    if bytes.is_empty() {
        check.add("file", Message::new("material-error-empty"));
    } else if bytes.len() > MAX_MATERIAL_BYTES {
        check.add(
            "file",
            Message::new("material-error-too-large").arg("mb", (MAX_MATERIAL_BYTES / (1024 * 1024)) as i64),
        );
    } else if content_type.is_none() {
        check.add("file", Message::new("material-error-type"));
    }
    check.finish()?;
    let mut tx = svc.db.begin().await?;
    let file_id = crate::files::store(&mut tx, conference.id, content_type.expect("checked"), &name, bytes).await?;
    sqlx::query(
        "INSERT INTO session_materials (session_id, title, file_id, position) \
         VALUES ($1, $2, $3, (SELECT COALESCE(MAX(position), 0) + 1 FROM session_materials WHERE session_id = $1))",
    )
    .bind(session_id)
    .bind(&title)
    .bind(file_id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn remove_material(svc: &Service, actor: &Actor, session_id: i64, material_id: i64) -> Result<()> {
    session_conference(svc, actor, session_id).await?;
    sqlx::query("DELETE FROM session_materials WHERE id = $1 AND session_id = $2")
        .bind(material_id)
        .bind(session_id)
        .execute(svc.db.write())
        .await?;
    Ok(())
}

/// The organizer's view of the draft: days, rooms, tracks, sessions, conflicts, and how it stands
/// against the latest published version.
pub async fn draft(svc: &Service, actor: &Actor, conference_id: i64) -> Result<AgendaDraft> {
    require_organizer(svc, actor, conference_id).await?;
    let conference = by_id_internal(svc, conference_id).await?;
    let clock = ConferenceClock::of(&conference);
    let mut conn = svc.db.read().acquire().await?;
    let rooms = load::rooms(&mut conn, conference_id).await?;
    let tracks = load::tracks(&mut conn, conference_id).await?;
    let sessions = load::sessions(&mut conn, conference_id, &clock, None).await?;
    let conflicts = conflicts::find(&sessions, &rooms, &clock);
    let latest = publish::latest(&mut conn, conference_id).await?;
    let unpublished_changes = match &latest {
        None => !sessions.is_empty(),
        Some(snapshot) => publish::differs(snapshot, &mut conn, conference_id).await?,
    };
    Ok(AgendaDraft {
        days: clock.days(),
        rooms,
        tracks,
        sessions,
        conflicts,
        published_version: latest.map(|s| s.number),
        unpublished_changes,
    })
}
