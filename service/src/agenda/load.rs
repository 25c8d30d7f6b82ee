//! Reads the draft agenda of a conference: rooms, tracks, and sessions with their people and materials.
//! Takes a connection so publishing can read it inside its own transaction.

use super::clock::ConferenceClock;
use crate::db::Flag;
use crate::error::Result;
use hoinghi_domain::agenda::{Material, Room, Session, SessionKind, SessionPerson, Track};
use hoinghi_domain::people::{PersonRole, PersonSummary};
use hoinghi_domain::text::PersonName;
use sqlx::AnyConnection;
use std::collections::HashMap;

pub(crate) async fn rooms(conn: &mut AnyConnection, conference_id: i64) -> Result<Vec<Room>> {
    let rows: Vec<(i64, String, Option<i64>, i64)> =
        sqlx::query_as("SELECT id, name, capacity, position FROM rooms WHERE conference_id = $1 ORDER BY position, id")
            .bind(conference_id)
            .fetch_all(&mut *conn)
            .await?;
    Ok(rows.into_iter().map(|(id, name, capacity, position)| Room { id, name, capacity, position }).collect())
}

pub(crate) async fn tracks(conn: &mut AnyConnection, conference_id: i64) -> Result<Vec<Track>> {
    let rows: Vec<(i64, String, String, i64)> =
        sqlx::query_as("SELECT id, name, color, position FROM tracks WHERE conference_id = $1 ORDER BY position, id")
            .bind(conference_id)
            .fetch_all(&mut *conn)
            .await?;
    Ok(rows.into_iter().map(|(id, name, color, position)| Track { id, name, color, position }).collect())
}

#[derive(sqlx::FromRow)]
struct SessionRow {
    id: i64,
    uid: String,
    kind: String,
    title: String,
    description: String,
    starts_at: i64,
    ends_at: i64,
    room_id: Option<i64>,
    track_id: Option<i64>,
    capacity: Option<i64>,
    #[sqlx(try_from = "Flag")]
    plenary: bool,
    #[sqlx(try_from = "Flag")]
    cancelled: bool,
}

const SESSION_COLUMNS: &str = "s.id, s.uid, s.kind, s.title, s.description, s.starts_at, s.ends_at, s.room_id, s.track_id, s.capacity, s.plenary, s.cancelled";

/// Sessions of a conference (or the one with `only_id`), in time order, with people and materials.
pub(crate) async fn sessions(
    conn: &mut AnyConnection,
    conference_id: i64,
    clock: &ConferenceClock,
    only_id: Option<i64>,
) -> Result<Vec<Session>> {
    let filter = if only_id.is_some() { "AND s.id = $2" } else { "" };
    let rows: Vec<SessionRow> = sqlx::query_as(&format!(
        "SELECT {SESSION_COLUMNS} FROM sessions s WHERE s.conference_id = $1 {filter} ORDER BY s.starts_at, s.ends_at, s.id"
    ))
    .bind(conference_id)
    .bind(only_id.unwrap_or(0))
    .fetch_all(&mut *conn)
    .await?;

    let people: Vec<(i64, i64, String, String, String, String, String, String)> = sqlx::query_as(&format!(
        "SELECT sp.session_id, p.id, p.family_name, p.middle_name, p.given_name, p.honorific, p.position_title, sp.role \
         FROM session_people sp JOIN people p ON p.id = sp.person_id JOIN sessions s ON s.id = sp.session_id \
         WHERE s.conference_id = $1 {filter} ORDER BY sp.session_id, sp.position, sp.role, p.id"
    ))
    .bind(conference_id)
    .bind(only_id.unwrap_or(0))
    .fetch_all(&mut *conn)
    .await?;
    let mut people_of: HashMap<i64, Vec<SessionPerson>> = HashMap::new();
    for (session_id, id, family, middle, given, honorific, position_title, role) in people {
        let Some(role) = PersonRole::parse(&role) else { continue };
        let display_name = PersonName { family, middle, given }.display();
        people_of
            .entry(session_id)
            .or_default()
            .push(SessionPerson { person: PersonSummary { id, display_name, honorific, position_title }, role });
    }

    type MaterialRow = (i64, i64, String, Option<String>, Option<i64>, Option<String>, Option<String>);
    let materials: Vec<MaterialRow> = sqlx::query_as(&format!(
        "SELECT m.session_id, m.id, m.title, m.url, m.file_id, f.name, f.access_key FROM session_materials m \
         JOIN sessions s ON s.id = m.session_id LEFT JOIN files f ON f.id = m.file_id \
         WHERE s.conference_id = $1 {filter} ORDER BY m.session_id, m.position, m.id"
    ))
    .bind(conference_id)
    .bind(only_id.unwrap_or(0))
    .fetch_all(&mut *conn)
    .await?;
    let mut materials_of: HashMap<i64, Vec<Material>> = HashMap::new();
    for (session_id, id, title, url, file_id, file_name, file_key) in materials {
        let (url, uploaded) = match (url, file_id) {
            (Some(url), _) => (url, false),
            (None, Some(file)) => {
                (crate::files::url(file, file_key.as_deref(), file_name.as_deref().unwrap_or("file")), true)
            }
            (None, None) => continue,
        };
        materials_of.entry(session_id).or_default().push(Material { id, title, url, uploaded });
    }

    Ok(rows
        .into_iter()
        .map(|r| {
            let start = clock.local(r.starts_at);
            let end = clock.local(r.ends_at);
            Session {
                id: r.id,
                uid: r.uid,
                kind: SessionKind::parse(&r.kind).unwrap_or_default(),
                title: r.title,
                description: r.description,
                starts_at: r.starts_at,
                ends_at: r.ends_at,
                day: start.date(),
                start: start.time(),
                end: end.time(),
                room_id: r.room_id,
                track_id: r.track_id,
                capacity: r.capacity,
                plenary: r.plenary,
                cancelled: r.cancelled,
                people: people_of.remove(&r.id).unwrap_or_default(),
                materials: materials_of.remove(&r.id).unwrap_or_default(),
            }
        })
        .collect())
}
