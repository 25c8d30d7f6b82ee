//! The published agenda as readers see it: the latest version only, names resolved, local times.

use super::clock::ConferenceClock;
use super::publish::latest;
use crate::Service;
use crate::collation::compare_names;
use crate::conferences::by_slug_public;
use crate::error::Result;
use hoinghi_domain::AppError;
use hoinghi_domain::agenda::{
    AgendaSnapshot, ConferenceAgenda, ConferenceSession, PublicAgenda, PublicSession, PublicSessionPerson,
    PublishedSession,
};
use hoinghi_domain::conference::Conference;
use hoinghi_domain::people::{ConferenceSpeakers, PublicSpeaker, SpeakerSession};

pub use hoinghi_domain::agenda::ConferenceAgenda as PublicConferenceAgenda;

fn resolve_session(s: &PublishedSession, snapshot: &AgendaSnapshot, clock: &ConferenceClock) -> PublicSession {
    let start = clock.local(s.starts_at);
    let end = clock.local(s.ends_at);
    PublicSession {
        uid: s.uid.clone(),
        sequence: s.sequence,
        kind: s.kind,
        title: s.title.clone(),
        description: s.description.clone(),
        starts_at: s.starts_at,
        ends_at: s.ends_at,
        day: start.date(),
        start: start.time(),
        end: end.time(),
        room: s.room_id.and_then(|id| snapshot.rooms.iter().find(|r| r.id == id)).cloned(),
        track: s.track_id.and_then(|id| snapshot.tracks.iter().find(|t| t.id == id)).cloned(),
        capacity: s.capacity,
        plenary: s.plenary,
        cancelled: s.cancelled,
        people: s
            .people
            .iter()
            .filter_map(|(id, role)| {
                snapshot.people.iter().find(|p| p.id == *id).map(|p| PublicSessionPerson {
                    id: p.id,
                    display_name: p.name.display(),
                    honorific: p.honorific.clone(),
                    position_title: p.position_title.clone(),
                    role: *role,
                })
            })
            .collect(),
        materials: s.materials.clone(),
    }
}

/// A snapshot resolved for reading, sessions in time order (then track, then room).
pub fn resolve(snapshot: &AgendaSnapshot, conference: &Conference) -> PublicAgenda {
    let clock = ConferenceClock::of(conference);
    let mut sessions: Vec<PublicSession> =
        snapshot.sessions.iter().map(|s| resolve_session(s, snapshot, &clock)).collect();
    sessions.sort_by_key(|s| {
        (s.starts_at, s.track.as_ref().map(|t| t.position), s.room.as_ref().map(|r| r.position), s.ends_at)
    });
    PublicAgenda {
        version: snapshot.number,
        published_at: snapshot.published_at,
        time_zone: conference.time_zone.clone(),
        days: clock.days(),
        rooms: snapshot.rooms.clone(),
        tracks: snapshot.tracks.clone(),
        sessions,
    }
}

async fn snapshot_of(svc: &Service, conference_id: i64) -> Result<Option<AgendaSnapshot>> {
    let mut conn = svc.db.read().acquire().await?;
    latest(&mut conn, conference_id).await
}

/// The latest published agenda of a public conference.
pub async fn public_agenda(svc: &Service, slug: &str) -> Result<ConferenceAgenda> {
    let conference = by_slug_public(svc, slug).await?;
    let agenda = snapshot_of(svc, conference.id).await?.map(|s| resolve(&s, &conference));
    Ok(ConferenceAgenda { conference, agenda })
}

/// Also the raw snapshot, for feeds that need tombstones of removed sessions.
pub async fn public_snapshot(svc: &Service, slug: &str) -> Result<(Conference, Option<AgendaSnapshot>)> {
    let conference = by_slug_public(svc, slug).await?;
    let snapshot = snapshot_of(svc, conference.id).await?;
    Ok((conference, snapshot))
}

pub async fn public_session(svc: &Service, slug: &str, uid: &str) -> Result<ConferenceSession> {
    let conference = by_slug_public(svc, slug).await?;
    let snapshot = snapshot_of(svc, conference.id).await?.ok_or(AppError::NotFound)?;
    let session = snapshot.sessions.iter().find(|s| s.uid == uid).ok_or(AppError::NotFound)?;
    let session = resolve_session(session, &snapshot, &ConferenceClock::of(&conference));
    Ok(ConferenceSession { conference, session })
}

fn speakers_of(snapshot: &AgendaSnapshot, clock: &ConferenceClock) -> Vec<PublicSpeaker> {
    let mut speakers: Vec<PublicSpeaker> = snapshot
        .people
        .iter()
        .map(|p| {
            let mut sessions: Vec<SpeakerSession> = snapshot
                .sessions
                .iter()
                .flat_map(|s| {
                    s.people.iter().filter(|(id, _)| *id == p.id).map(|(_, role)| SpeakerSession {
                        uid: s.uid.clone(),
                        title: s.title.clone(),
                        role: *role,
                        starts_at: s.starts_at,
                        day: clock.local(s.starts_at).date(),
                        start: clock.local(s.starts_at).time(),
                        end: clock.local(s.ends_at).time(),
                        cancelled: s.cancelled,
                    })
                })
                .collect();
            sessions.sort_by_key(|s| s.starts_at);
            PublicSpeaker { person: p.clone(), sessions }
        })
        .filter(|s| !s.sessions.is_empty())
        .collect();
    speakers.sort_by(|a, b| compare_names(&a.person.name, &b.person.name).then(a.person.id.cmp(&b.person.id)));
    speakers
}

/// Everyone with a role in the published agenda, in Vietnamese order.
pub async fn speakers(svc: &Service, slug: &str) -> Result<ConferenceSpeakers> {
    let conference = by_slug_public(svc, slug).await?;
    let clock = ConferenceClock::of(&conference);
    let speakers = snapshot_of(svc, conference.id).await?.map(|s| speakers_of(&s, &clock)).unwrap_or_default();
    Ok(ConferenceSpeakers { conference, speakers })
}

pub async fn speaker(svc: &Service, slug: &str, person_id: i64) -> Result<(Conference, PublicSpeaker)> {
    let conference = by_slug_public(svc, slug).await?;
    let snapshot = snapshot_of(svc, conference.id).await?.ok_or(AppError::NotFound)?;
    let clock = ConferenceClock::of(&conference);
    let speaker =
        speakers_of(&snapshot, &clock).into_iter().find(|s| s.person.id == person_id).ok_or(AppError::NotFound)?;
    Ok((conference, speaker))
}

/// Whether the latest published agenda shows the stored file whose address starts with `prefix`
/// (`/files/<key>/`): an uploaded material of one of its sessions, or the photo of a person with a role
/// in one. Sessions removed from the agenda (kept only so calendars can cancel them) show nothing. The
/// caller checks that the conference itself is public.
pub(crate) async fn shows_file(svc: &Service, conference_id: i64, prefix: &str) -> Result<bool> {
    let Some(snapshot) = snapshot_of(svc, conference_id).await? else { return Ok(false) };
    Ok(snapshot_shows_file(&snapshot, prefix))
}

fn snapshot_shows_file(snapshot: &AgendaSnapshot, prefix: &str) -> bool {
    let material = snapshot.sessions.iter().flat_map(|s| &s.materials).any(|m| m.uploaded && m.url.starts_with(prefix));
    let photo = snapshot.people.iter().any(|p| {
        p.photo_url.as_deref().is_some_and(|u| u.starts_with(prefix))
            && snapshot.sessions.iter().any(|s| s.people.iter().any(|(id, _)| *id == p.id))
    });
    material || photo
}
