//! Published versions: "publish" freezes the draft as a numbered snapshot, with a change list against
//! the version before. Each session keeps its uid across versions; its sequence grows by one whenever a
//! version changes anything a reader sees of it (calendars need that to update events).

use super::clock::ConferenceClock;
use super::load;
use crate::Service;
use crate::accounts::{Actor, require_organizer};
use crate::conferences::by_id_internal;
use crate::db::{LockScope, now};
use crate::error::Result;
use crate::{audit, public_revision};
use hoinghi_domain::AppError;
use hoinghi_domain::agenda::{AgendaSnapshot, AgendaVersion, Change, PublishedPerson, PublishedSession, Room, Track};
use hoinghi_domain::people::PersonRole;
use sqlx::AnyConnection;

/// The latest published version of a conference's agenda, if any.
pub(crate) async fn latest(conn: &mut AnyConnection, conference_id: i64) -> Result<Option<AgendaSnapshot>> {
    Ok(latest_numbered(conn, conference_id).await?.map(|(_, s)| s))
}

/// The latest published version with its number (a version's snapshot never changes).
pub(crate) async fn latest_numbered(
    conn: &mut AnyConnection,
    conference_id: i64,
) -> Result<Option<(i64, AgendaSnapshot)>> {
    let row: Option<(i64, String)> = sqlx::query_as(
        "SELECT number, snapshot FROM agenda_versions WHERE conference_id = $1 ORDER BY number DESC LIMIT 1",
    )
    .bind(conference_id)
    .fetch_optional(&mut *conn)
    .await?;
    match row {
        Some((number, json)) => Ok(Some((number, serde_json::from_str(&json).map_err(anyhow::Error::from)?))),
        None => Ok(None),
    }
}

/// The draft as it would be published: rooms, tracks, the people in sessions, and the sessions.
pub(crate) struct Draft {
    rooms: Vec<Room>,
    tracks: Vec<Track>,
    people: Vec<PublishedPerson>,
    sessions: Vec<PublishedSession>,
}

pub(crate) async fn draft_of(conn: &mut AnyConnection, conference_id: i64, clock: &ConferenceClock) -> Result<Draft> {
    let rooms = load::rooms(conn, conference_id).await?;
    let tracks = load::tracks(conn, conference_id).await?;
    let sessions = load::sessions(conn, conference_id, clock, None).await?;
    let mut person_ids: Vec<i64> = sessions.iter().flat_map(|s| s.people.iter().map(|p| p.person.id)).collect();
    person_ids.sort_unstable();
    person_ids.dedup();
    let people = crate::people::published(conn, conference_id, &person_ids).await?;
    let sessions = sessions
        .into_iter()
        .map(|s| PublishedSession {
            uid: s.uid,
            sequence: 0,
            last_modified: 0,
            kind: s.kind,
            title: s.title,
            description: s.description,
            starts_at: s.starts_at,
            ends_at: s.ends_at,
            room_id: s.room_id,
            track_id: s.track_id,
            capacity: s.capacity,
            plenary: s.plenary,
            cancelled: s.cancelled,
            people: s.people.iter().map(|p| (p.person.id, p.role)).collect(),
            materials: s.materials,
        })
        .collect();
    Ok(Draft { rooms, tracks, people, sessions })
}

/// Everything a reader sees of a session, with names resolved: two versions of a session differ for
/// readers (and calendars) exactly when these differ.
#[derive(PartialEq)]
struct Face<'a> {
    kind: &'a str,
    title: &'a str,
    description: &'a str,
    starts_at: i64,
    ends_at: i64,
    room: Option<&'a str>,
    track: Option<&'a str>,
    capacity: Option<i64>,
    plenary: bool,
    cancelled: bool,
    people: Vec<(&'a PublishedPerson, PersonRole)>,
    materials: Vec<(&'a str, &'a str)>,
}

fn face<'a>(
    s: &'a PublishedSession,
    rooms: &'a [Room],
    tracks: &'a [Track],
    people: &'a [PublishedPerson],
) -> Face<'a> {
    Face {
        kind: s.kind.as_str(),
        title: &s.title,
        description: &s.description,
        starts_at: s.starts_at,
        ends_at: s.ends_at,
        room: s.room_id.and_then(|id| rooms.iter().find(|r| r.id == id)).map(|r| r.name.as_str()),
        track: s.track_id.and_then(|id| tracks.iter().find(|t| t.id == id)).map(|t| t.name.as_str()),
        capacity: s.capacity,
        plenary: s.plenary,
        cancelled: s.cancelled,
        people: s
            .people
            .iter()
            .filter_map(|(id, role)| people.iter().find(|p| p.id == *id).map(|p| (p, *role)))
            .collect(),
        materials: s.materials.iter().map(|m| (m.title.as_str(), m.url.as_str())).collect(),
    }
}

/// Which fields differ, by name (for the change list).
fn changed_fields(a: &Face, b: &Face) -> Vec<String> {
    let mut fields = Vec::new();
    let mut note = |changed: bool, name: &str| {
        if changed {
            fields.push(name.to_string());
        }
    };
    note(a.kind != b.kind, "kind");
    note(a.title != b.title, "title");
    note(a.description != b.description, "description");
    note(a.track != b.track, "track");
    note(a.capacity != b.capacity, "capacity");
    note(a.plenary != b.plenary, "plenary");
    note(a.people != b.people, "people");
    note(a.materials != b.materials, "materials");
    fields
}

/// The next version from the previous one and the draft; pure, so it is tested on its own.
pub(crate) fn diff(prev: Option<&AgendaSnapshot>, draft: Draft, number: i64, at: i64) -> (AgendaSnapshot, Vec<Change>) {
    let empty = Vec::new();
    let (prev_sessions, prev_removed, prev_rooms, prev_tracks, prev_people) = match prev {
        Some(p) => (&p.sessions, &p.removed, &p.rooms, &p.tracks, &p.people),
        None => (&empty, &empty, &Vec::new(), &Vec::new(), &Vec::new()),
    };
    let room_name =
        |rooms: &[Room], id: Option<i64>| id.and_then(|id| rooms.iter().find(|r| r.id == id)).map(|r| r.name.clone());
    let mut changes = Vec::new();
    let mut sessions = Vec::with_capacity(draft.sessions.len());
    for mut s in draft.sessions {
        let before = prev_sessions.iter().find(|p| p.uid == s.uid);
        let was_removed = prev_removed.iter().find(|p| p.uid == s.uid);
        match (before, was_removed) {
            (Some(p), _) => {
                let (same, moved, fields) = {
                    let old = face(p, prev_rooms, prev_tracks, prev_people);
                    let new = face(&s, &draft.rooms, &draft.tracks, &draft.people);
                    let moved = old.starts_at != new.starts_at || old.ends_at != new.ends_at || old.room != new.room;
                    (old == new, moved, changed_fields(&old, &new))
                };
                if same {
                    s.sequence = p.sequence;
                    s.last_modified = p.last_modified;
                } else {
                    s.sequence = p.sequence + 1;
                    s.last_modified = at;
                    let (uid, title) = (s.uid.clone(), s.title.clone());
                    if !p.cancelled && s.cancelled {
                        changes.push(Change::Cancelled { uid: uid.clone(), title: title.clone() });
                    } else if p.cancelled && !s.cancelled {
                        changes.push(Change::Restored { uid: uid.clone(), title: title.clone() });
                    }
                    if moved {
                        changes.push(Change::Moved {
                            uid: uid.clone(),
                            title: title.clone(),
                            from_starts_at: p.starts_at,
                            to_starts_at: s.starts_at,
                            from_room: room_name(prev_rooms, p.room_id),
                            to_room: room_name(&draft.rooms, s.room_id),
                        });
                    }
                    if !fields.is_empty() {
                        changes.push(Change::Changed { uid, title, fields });
                    }
                }
            }
            (None, Some(gone)) => {
                // Back after a removal: calendars still hold the cancelled copy, so the count goes on.
                s.sequence = gone.sequence + 1;
                s.last_modified = at;
                changes.push(Change::Added { uid: s.uid.clone(), title: s.title.clone() });
            }
            (None, None) => {
                s.sequence = 0;
                s.last_modified = at;
                changes.push(Change::Added { uid: s.uid.clone(), title: s.title.clone() });
            }
        }
        sessions.push(s);
    }
    let mut removed: Vec<PublishedSession> = Vec::new();
    for p in prev_sessions.iter().filter(|p| !sessions.iter().any(|s| s.uid == p.uid)) {
        changes.push(Change::Removed { uid: p.uid.clone(), title: p.title.clone() });
        let mut tombstone = p.clone();
        tombstone.cancelled = true;
        tombstone.sequence += 1;
        tombstone.last_modified = at;
        removed.push(tombstone);
    }
    // Older tombstones stay, so a calendar that missed a version still learns of the cancellation.
    let older: Vec<PublishedSession> = prev_removed
        .iter()
        .filter(|p| !sessions.iter().any(|s| s.uid == p.uid) && !removed.iter().any(|r| r.uid == p.uid))
        .cloned()
        .collect();
    removed.extend(older);
    let snapshot = AgendaSnapshot {
        number,
        published_at: at,
        rooms: draft.rooms,
        tracks: draft.tracks,
        people: draft.people,
        sessions,
        removed,
    };
    (snapshot, changes)
}

/// Whether the draft differs from the latest published version in anything a reader would see.
pub(crate) async fn differs(latest: &AgendaSnapshot, conn: &mut AnyConnection, conference_id: i64) -> Result<bool> {
    let row: Option<(String, String, String)> =
        sqlx::query_as("SELECT time_zone, starts_on, ends_on FROM conferences WHERE id = $1")
            .bind(conference_id)
            .fetch_optional(&mut *conn)
            .await?;
    let Some((tz, starts_on, ends_on)) = row else { return Ok(false) };
    let clock = ConferenceClock {
        tz: tz.parse().unwrap_or(chrono_tz::Asia::Ho_Chi_Minh),
        starts_on: starts_on.parse().unwrap_or_default(),
        ends_on: ends_on.parse().unwrap_or_default(),
    };
    let draft = draft_of(conn, conference_id, &clock).await?;
    let rooms_changed = draft.rooms != latest.rooms || draft.tracks != latest.tracks || draft.people != latest.people;
    let (_, changes) = diff(Some(latest), draft, latest.number + 1, 0);
    Ok(rooms_changed || !changes.is_empty())
}

/// Publishes the draft as the next version. Refused when nothing changed since the last one.
pub async fn publish(svc: &Service, actor: &Actor, conference_id: i64) -> Result<AgendaVersion> {
    require_organizer(svc, actor, conference_id).await?;
    let conference = by_id_internal(svc, conference_id).await?;
    let clock = ConferenceClock::of(&conference);
    let mut tx = svc.db.begin().await?;
    // Two organizers pressing "publish" together must not both create version n+1.
    svc.db.lock(&mut tx, LockScope::AgendaPublish, conference_id).await?;
    let prev = latest(&mut tx, conference_id).await?;
    let draft = draft_of(&mut tx, conference_id, &clock).await?;
    let same_frame =
        prev.as_ref().is_some_and(|p| p.rooms == draft.rooms && p.tracks == draft.tracks && p.people == draft.people);
    let number = prev.as_ref().map(|p| p.number + 1).unwrap_or(1);
    let at = now();
    let (snapshot, changes) = diff(prev.as_ref(), draft, number, at);
    if prev.is_some() && changes.is_empty() && same_frame {
        return Err(AppError::rejected("agenda-error-nothing-to-publish").into());
    }
    if prev.is_none() && snapshot.sessions.is_empty() {
        return Err(AppError::rejected("agenda-error-empty").into());
    }
    sqlx::query(
        "INSERT INTO agenda_versions (conference_id, number, published_at, published_by, snapshot, changes) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(conference_id)
    .bind(number)
    .bind(at)
    .bind(actor.user_id())
    .bind(serde_json::to_string(&snapshot).map_err(anyhow::Error::from)?)
    .bind(serde_json::to_string(&changes).map_err(anyhow::Error::from)?)
    .execute(&mut *tx)
    .await?;
    public_revision::bump(&mut tx).await?;
    audit::record(&mut tx, actor, Some(conference_id), "agenda.publish", &number.to_string()).await?;
    tx.commit().await?;
    let published_by = match actor.user_id() {
        Some(id) => sqlx::query_as::<_, (String,)>("SELECT display_name FROM users WHERE id = $1")
            .bind(id)
            .fetch_optional(svc.db.read())
            .await?
            .map(|r| r.0)
            .unwrap_or_default(),
        None => String::new(),
    };
    Ok(AgendaVersion { number, published_at: at, published_by, changes })
}

/// Every published version, newest first, with its change list.
pub async fn versions(svc: &Service, actor: &Actor, conference_id: i64) -> Result<Vec<AgendaVersion>> {
    require_organizer(svc, actor, conference_id).await?;
    let rows: Vec<(i64, i64, Option<String>, String)> = sqlx::query_as(
        "SELECT v.number, v.published_at, u.display_name, v.changes FROM agenda_versions v \
         LEFT JOIN users u ON u.id = v.published_by WHERE v.conference_id = $1 ORDER BY v.number DESC",
    )
    .bind(conference_id)
    .fetch_all(svc.db.read())
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for (number, published_at, by, changes) in rows {
        let changes: Vec<Change> = serde_json::from_str(&changes).map_err(anyhow::Error::from)?;
        out.push(AgendaVersion { number, published_at, published_by: by.unwrap_or_default(), changes });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use hoinghi_domain::agenda::SessionKind;

    fn session(uid: &str, start: i64, room: Option<i64>) -> PublishedSession {
        PublishedSession {
            uid: uid.into(),
            sequence: 0,
            last_modified: 0,
            kind: SessionKind::Report,
            title: format!("Phiên {uid}"),
            description: String::new(),
            starts_at: start,
            ends_at: start + 3600,
            room_id: room,
            track_id: None,
            capacity: None,
            plenary: false,
            cancelled: false,
            people: vec![],
            materials: vec![],
        }
    }

    fn rooms() -> Vec<Room> {
        vec![
            Room { id: 1, name: "Hội trường A".into(), capacity: None, position: 1 },
            Room { id: 2, name: "Phòng B".into(), capacity: None, position: 2 },
        ]
    }

    fn draft(sessions: Vec<PublishedSession>) -> Draft {
        Draft { rooms: rooms(), tracks: vec![], people: vec![], sessions }
    }

    #[test]
    fn first_version_adds_everything_at_sequence_zero() {
        let (snap, changes) = diff(None, draft(vec![session("a", 100, Some(1)), session("b", 200, None)]), 1, 1_000);
        assert_eq!(snap.number, 1);
        assert!(snap.sessions.iter().all(|s| s.sequence == 0 && s.last_modified == 1_000));
        assert_eq!(changes.len(), 2);
        assert!(matches!(&changes[0], Change::Added { uid, .. } if uid == "a"));
    }

    #[test]
    fn moves_cancellations_and_removals_raise_the_sequence_of_only_those_sessions() {
        let (v1, _) = diff(
            None,
            draft(vec![session("a", 100, Some(1)), session("b", 200, None), session("c", 300, None)]),
            1,
            1_000,
        );
        let mut moved = session("a", 150, Some(2));
        moved.title = "Phiên a".into();
        let mut cancelled = session("b", 200, None);
        cancelled.cancelled = true;
        let (v2, changes) = diff(Some(&v1), draft(vec![moved, cancelled]), 2, 2_000);
        let by = |uid: &str| v2.sessions.iter().find(|s| s.uid == uid).unwrap();
        assert_eq!((by("a").sequence, by("a").last_modified), (1, 2_000));
        assert_eq!(by("b").sequence, 1);
        assert!(by("b").cancelled);
        assert!(changes.iter().any(|c| matches!(c, Change::Moved { uid, from_room: Some(f), to_room: Some(t), .. }
            if uid == "a" && f == "Hội trường A" && t == "Phòng B")));
        assert!(changes.iter().any(|c| matches!(c, Change::Cancelled { uid, .. } if uid == "b")));
        assert!(changes.iter().any(|c| matches!(c, Change::Removed { uid, .. } if uid == "c")));
        assert_eq!(v2.removed.len(), 1);
        assert_eq!((v2.removed[0].sequence, v2.removed[0].cancelled), (1, true));

        // Unchanged in the next version: same sequence, same timestamp, tombstone kept.
        let (v3, changes) = diff(Some(&v2), draft(v2.sessions.clone()), 3, 3_000);
        assert!(changes.is_empty());
        assert_eq!(v3.sessions, v2.sessions);
        assert_eq!(v3.removed, v2.removed);
    }

    #[test]
    fn renaming_a_room_changes_its_sessions_for_readers() {
        let (v1, _) = diff(None, draft(vec![session("a", 100, Some(1))]), 1, 1_000);
        let mut renamed = draft(v1.sessions.clone());
        renamed.rooms[0].name = "Hội trường lớn".into();
        let (v2, changes) = diff(Some(&v1), renamed, 2, 2_000);
        assert_eq!(v2.sessions[0].sequence, 1);
        assert!(matches!(&changes[0], Change::Moved { to_room: Some(r), .. } if r == "Hội trường lớn"));
    }
}
