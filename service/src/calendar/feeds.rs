//! The feeds: what each contains, read from the latest published agenda.
//!
//! Public feeds (conference, track, room, speaker, one session) follow the conference's visibility: a
//! draft or unknown conference is 404; a public one without a published agenda yet is an empty calendar,
//! so a subscription made early fills in when the agenda is published. Closed conferences keep their
//! feeds (history stays in people's calendars). Sessions deleted after publication stay as CANCELLED.

use super::events::{EventContext, Standing, event};
use super::ics::{CalendarHead, Method, write};
use super::tokens::{self, Owner};
use crate::Service;
use crate::accounts::Actor;
use crate::agenda::{ConferenceClock, latest_snapshot};
use crate::conferences::{by_id_internal, by_slug_public};
use crate::db::Flag;
use crate::error::Result;
use crate::registration::personal::{Attendance, attendance, includes};
use hoinghi_domain::agenda::{AgendaSnapshot, PublishedSession};
use hoinghi_domain::conference::Conference;
use hoinghi_domain::i18n::t;
use hoinghi_domain::registration::RegistrationStatus;
use hoinghi_domain::{AppError, Locale};
use icalendar::{Component, Event, Property};
use sqlx::AnyConnection;

/// A rendered feed.
#[derive(Clone, Debug)]
pub struct Feed {
    pub body: String,
    /// The newest change among its events (Unix seconds), for Last-Modified.
    pub last_modified: i64,
    /// A file name for downloads.
    pub filename: String,
}

/// Which part of a conference's agenda a public feed holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    Conference,
    Track(i64),
    Room(i64),
    Speaker(i64),
    Session(String),
}

fn organizer_email(svc: &Service) -> String {
    let from = svc.settings.mail_from.as_str();
    match (from.find('<'), from.rfind('>')) {
        (Some(a), Some(b)) if a < b => from[a + 1..b].trim().to_string(),
        _ => from.trim().to_string(),
    }
}

/// Sessions and tombstones of removed ones, each once.
fn all_sessions(snapshot: &AgendaSnapshot) -> impl Iterator<Item = &PublishedSession> {
    snapshot
        .sessions
        .iter()
        .chain(snapshot.removed.iter().filter(|r| !snapshot.sessions.iter().any(|s| s.uid == r.uid)))
}

struct Part<'a> {
    conference: &'a Conference,
    snapshot: Option<&'a AgendaSnapshot>,
    events: Vec<(&'a PublishedSession, Standing)>,
}

/// `attendee` (name, address) is named on every event of an invitation: Outlook treats a REQUEST without
/// an ATTENDEE as the user's own event.
fn render(
    svc: &Service,
    locale: Locale,
    name: &str,
    method: Method,
    parts: &[Part],
    attendee: Option<(&str, &str)>,
) -> (String, i64) {
    let site = svc.settings.public_url.trim_end_matches('/').to_string();
    let email = organizer_email(svc);
    let mut events: Vec<Event> = Vec::new();
    let mut zones = Vec::new();
    let mut last_modified = 0;
    for part in parts {
        let clock = ConferenceClock::of(part.conference);
        last_modified = last_modified.max(part.conference.updated_at);
        if !zones.iter().any(|(tz, _, _)| *tz == clock.tz) {
            let from = part.events.iter().map(|(s, _)| s.starts_at).min();
            let to = part.events.iter().map(|(s, _)| s.ends_at).max();
            let start = clock.instant(clock.starts_on, chrono::NaiveTime::MIN).unwrap_or(0);
            zones.push((clock.tz, from.unwrap_or(start), to.unwrap_or(start)));
        }
        let Some(snapshot) = part.snapshot else { continue };
        last_modified = last_modified.max(snapshot.published_at);
        let ctx = EventContext {
            conference: part.conference,
            snapshot,
            clock: &clock,
            site: &site,
            locale,
            organizer_email: &email,
        };
        let mut sorted = part.events.clone();
        sorted.sort_by_key(|(s, _)| (s.starts_at, s.uid.clone()));
        for (s, standing) in sorted {
            let mut e = event(&ctx, s, standing);
            if let Some((name, email)) = attendee {
                let mut p = Property::new("ATTENDEE", format!("mailto:{email}"));
                p.add_parameter("CN", name)
                    .add_parameter("ROLE", "REQ-PARTICIPANT")
                    .add_parameter("PARTSTAT", "NEEDS-ACTION")
                    .add_parameter("RSVP", "FALSE");
                e.append_multi_property(p);
            }
            events.push(e);
        }
    }
    let body = write(&CalendarHead { name, description: "", method, zones }, events);
    (body, last_modified)
}

fn filename(slug: &str, suffix: &str) -> String {
    if suffix.is_empty() { format!("{slug}.ics") } else { format!("{slug}-{suffix}.ics") }
}

/// A public feed of a conference.
pub async fn public_feed(svc: &Service, slug: &str, scope: &Scope, locale: Locale) -> Result<Feed> {
    let conference = by_slug_public(svc, slug).await?;
    let snapshot = {
        let mut conn = svc.db.read().acquire().await?;
        latest_snapshot(&mut conn, conference.id).await?
    };
    let (name, suffix, events): (String, String, Vec<&PublishedSession>) = match (scope, &snapshot) {
        (Scope::Conference, None) => (conference.title.clone(), String::new(), vec![]),
        (_, None) => return Err(AppError::NotFound.into()),
        (Scope::Conference, Some(s)) => (conference.title.clone(), String::new(), all_sessions(s).collect()),
        (Scope::Track(id), Some(s)) => {
            let track = s.tracks.iter().find(|t| t.id == *id).ok_or(AppError::NotFound)?;
            let events = all_sessions(s).filter(|x| x.track_id == Some(*id)).collect();
            (format!("{} · {}", conference.title, track.name), format!("track-{id}"), events)
        }
        (Scope::Room(id), Some(s)) => {
            let room = s.rooms.iter().find(|r| r.id == *id).ok_or(AppError::NotFound)?;
            let events = all_sessions(s).filter(|x| x.room_id == Some(*id)).collect();
            (format!("{} · {}", conference.title, room.name), format!("room-{id}"), events)
        }
        (Scope::Speaker(id), Some(s)) => {
            let person = s.people.iter().find(|p| p.id == *id).ok_or(AppError::NotFound)?;
            let events: Vec<_> = all_sessions(s).filter(|x| x.people.iter().any(|(p, _)| p == id)).collect();
            if events.is_empty() {
                return Err(AppError::NotFound.into());
            }
            (format!("{} · {}", conference.title, person.name.display()), format!("speaker-{id}"), events)
        }
        (Scope::Session(uid), Some(s)) => {
            let session = all_sessions(s).find(|x| x.uid == *uid).ok_or(AppError::NotFound)?;
            (session.title.clone(), format!("session-{}", &uid[..uid.len().min(12)]), vec![session])
        }
    };
    let part = Part {
        conference: &conference,
        snapshot: snapshot.as_ref(),
        events: events.into_iter().map(|s| (s, Standing::AsPublished)).collect(),
    };
    let (body, last_modified) = render(svc, locale, &name, Method::Publish, &[part], None);
    Ok(Feed { body, last_modified, filename: filename(&conference.slug, &suffix) })
}

/// What a registration's calendar holds, and how each session stands for the delegate.
fn personal_events<'a>(
    snapshot: &'a AgendaSnapshot,
    clock: &ConferenceClock,
    a: &Attendance,
    status: RegistrationStatus,
) -> Vec<(&'a PublishedSession, Standing)> {
    all_sessions(snapshot)
        .filter_map(|s| {
            let confirmed = includes(a, s, clock.local(s.starts_at).date())?;
            let standing = match status {
                RegistrationStatus::Rejected | RegistrationStatus::Cancelled => Standing::Withdrawn,
                RegistrationStatus::Pending | RegistrationStatus::Waiting => Standing::Tentative,
                RegistrationStatus::Confirmed if confirmed => Standing::AsPublished,
                RegistrationStatus::Confirmed => Standing::Tentative,
            };
            Some((s, standing))
        })
        .collect()
}

struct Owned {
    conference: Conference,
    snapshot: Option<AgendaSnapshot>,
    attendance: Attendance,
    status: RegistrationStatus,
    locale: Locale,
    name: String,
    email: String,
}

async fn owned(conn: &mut AnyConnection, id: i64) -> Result<Owned> {
    let row: (i64, String, String, String, String, String, String) = sqlx::query_as(
        "SELECT conference_id, status, locale, family_name, middle_name, given_name, email FROM registrations WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(AppError::NotFound)?;
    let (conference_id, status, locale, family, middle, given, email) = row;
    // On the caller's connection: the invitation is built inside the registration's transaction.
    let conference = crate::conferences::by_id_in_conn(conn, conference_id).await?;
    let snapshot = latest_snapshot(conn, conference_id).await?;
    Ok(Owned {
        conference,
        snapshot,
        attendance: attendance(conn, id).await?,
        status: RegistrationStatus::parse(&status).unwrap_or(RegistrationStatus::Pending),
        locale: Locale::from_code(&locale).unwrap_or_default(),
        name: hoinghi_domain::text::PersonName::new(&family, &middle, &given).display(),
        email,
    })
}

/// A delegate's personal feed, by its private address. A reset address, or a MAC that does not match,
/// is 404 (the same answer as an address that never existed).
pub async fn personal_feed(svc: &Service, token: &str) -> Result<Feed> {
    let (id, generation) = tokens::verify(svc, Owner::Registration, token).ok_or(AppError::NotFound)?;
    let mut conn = svc.db.read().acquire().await?;
    let current: Option<(i64,)> = sqlx::query_as("SELECT calendar_generation FROM registrations WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    if current.map(|(g,)| g) != Some(generation) {
        return Err(AppError::NotFound.into());
    }
    let o = owned(&mut conn, id).await?;
    let clock = ConferenceClock::of(&o.conference);
    let events = o.snapshot.as_ref().map(|s| personal_events(s, &clock, &o.attendance, o.status)).unwrap_or_default();
    let name = format!("{} · {}", o.conference.title, o.name);
    let part = Part { conference: &o.conference, snapshot: o.snapshot.as_ref(), events };
    let (body, last_modified) = render(svc, o.locale, &name, Method::Publish, &[part], None);
    Ok(Feed { body, last_modified, filename: filename(&o.conference.slug, &t(o.locale, "calendar-file-mine")) })
}

/// The invitation mailed to a confirmed delegate: their confirmed sessions, METHOD:REQUEST with the
/// delegate as attendee, so Outlook offers to add them. `None` when there is nothing to add yet.
pub(crate) async fn invitation(svc: &Service, conn: &mut AnyConnection, id: i64) -> Result<Option<String>> {
    let o = owned(conn, id).await?;
    let Some(snapshot) = o.snapshot.as_ref() else { return Ok(None) };
    Ok(invitation_of(svc, &o.conference, snapshot, &o.attendance, o.status, o.locale, &o.name, &o.email))
}

/// [`invitation`] from what the caller already holds (a registration being written).
#[allow(clippy::too_many_arguments)]
pub(crate) fn invitation_of(
    svc: &Service,
    conference: &Conference,
    snapshot: &AgendaSnapshot,
    attendance: &Attendance,
    status: RegistrationStatus,
    locale: Locale,
    name: &str,
    email: &str,
) -> Option<String> {
    if status != RegistrationStatus::Confirmed || email.is_empty() {
        return None;
    }
    let clock = ConferenceClock::of(conference);
    let events: Vec<_> = personal_events(snapshot, &clock, attendance, status)
        .into_iter()
        .filter(|(s, standing)| *standing == Standing::AsPublished && !s.cancelled)
        .collect();
    if events.is_empty() {
        return None;
    }
    let part = Part { conference, snapshot: Some(snapshot), events };
    let (body, _) = render(svc, locale, &conference.title, Method::Request, &[part], Some((name, email)));
    Some(body)
}

/// The feed of every conference an organizer runs (all conferences for an administrator).
pub async fn organizer_feed(svc: &Service, token: &str) -> Result<Feed> {
    let (id, generation) = tokens::verify(svc, Owner::User, token).ok_or(AppError::NotFound)?;
    let mut conn = svc.db.read().acquire().await?;
    let user: Option<(i64, Flag, Flag)> =
        sqlx::query_as("SELECT calendar_generation, is_admin, disabled FROM users WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?;
    let is_admin = match user {
        Some((g, Flag(admin), Flag(false))) if g == generation => admin,
        _ => return Err(AppError::NotFound.into()),
    };
    let ids: Vec<(i64,)> = if is_admin {
        sqlx::query_as("SELECT id FROM conferences ORDER BY starts_on").fetch_all(&mut *conn).await?
    } else {
        sqlx::query_as(
            "SELECT c.id FROM conferences c JOIN conference_organizers o ON o.conference_id = c.id \
             WHERE o.user_id = $1 ORDER BY c.starts_on",
        )
        .bind(id)
        .fetch_all(&mut *conn)
        .await?
    };
    let mut loaded = Vec::new();
    for (cid,) in ids {
        let conference = by_id_internal(svc, cid).await?;
        let snapshot = latest_snapshot(&mut conn, cid).await?;
        loaded.push((conference, snapshot));
    }
    let parts: Vec<Part> = loaded
        .iter()
        .map(|(c, s)| Part {
            conference: c,
            snapshot: s.as_ref(),
            events: s
                .as_ref()
                .map(|s| all_sessions(s).map(|x| (x, Standing::AsPublished)).collect())
                .unwrap_or_default(),
        })
        .collect();
    let locale = Locale::default();
    let name = t(locale, "calendar-organizer-name");
    let (body, last_modified) = render(svc, locale, &name, Method::Publish, &parts, None);
    Ok(Feed { body, last_modified, filename: "hoinghi.ics".into() })
}

/// The address of a delegate's personal feed (shown on their private page).
pub(crate) async fn personal_feed_url(svc: &Service, conn: &mut AnyConnection, registration_id: i64) -> Result<String> {
    let (generation,): (i64,) = sqlx::query_as("SELECT calendar_generation FROM registrations WHERE id = $1")
        .bind(registration_id)
        .fetch_one(&mut *conn)
        .await?;
    Ok(tokens::url(svc, Owner::Registration, registration_id, generation))
}

/// Gives a delegate a new personal feed address; the old one stops working.
pub async fn reset_personal_feed(svc: &Service, private_token: &str) -> Result<()> {
    let (id, conference_id) = crate::registration::registration_by_token(svc, private_token).await?;
    bump_personal_feed(svc, &Actor::Anonymous, id, conference_id).await
}

/// The same for a delegate who asks an organizer (their address leaked, or they lost their private
/// link): the conference's organizers and administrators may reset it.
pub async fn reset_delegate_feed(svc: &Service, actor: &Actor, registration_id: i64) -> Result<()> {
    crate::accounts::require_user(actor)?;
    let found: Option<(i64,)> = sqlx::query_as("SELECT conference_id FROM registrations WHERE id = $1")
        .bind(registration_id)
        .fetch_optional(svc.db.read())
        .await?;
    let (conference_id,) = found.ok_or(AppError::NotFound)?;
    crate::accounts::require_organizer(svc, actor, conference_id).await?;
    bump_personal_feed(svc, actor, registration_id, conference_id).await
}

async fn bump_personal_feed(svc: &Service, actor: &Actor, id: i64, conference_id: i64) -> Result<()> {
    let mut tx = svc.db.begin().await?;
    sqlx::query("UPDATE registrations SET calendar_generation = calendar_generation + 1 WHERE id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    crate::audit::record(&mut tx, actor, Some(conference_id), "calendar.reset", &id.to_string()).await?;
    tx.commit().await?;
    Ok(())
}

/// The address of an organizer's feed.
pub async fn organizer_feed_url(svc: &Service, actor: &Actor) -> Result<String> {
    crate::accounts::require_user(actor)?;
    let id = actor.user_id().ok_or(AppError::Unauthorized)?;
    let (generation,): (i64,) =
        sqlx::query_as("SELECT calendar_generation FROM users WHERE id = $1").bind(id).fetch_one(svc.db.read()).await?;
    Ok(tokens::url(svc, Owner::User, id, generation))
}

/// Gives an organizer a new feed address; the old one stops working.
pub async fn reset_organizer_feed(svc: &Service, actor: &Actor) -> Result<()> {
    crate::accounts::require_user(actor)?;
    let id = actor.user_id().ok_or(AppError::Unauthorized)?;
    let mut tx = svc.db.begin().await?;
    sqlx::query("UPDATE users SET calendar_generation = calendar_generation + 1 WHERE id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    crate::audit::record(&mut tx, actor, None, "calendar.reset", "organizer").await?;
    tx.commit().await?;
    Ok(())
}
