//! Rooms (with seats) and tracks (with a colour).

use crate::Service;
use crate::accounts::{Actor, require_organizer};
use crate::audit;
use crate::db::is_unique_violation;
use crate::error::Result;
use crate::validate::Checker;
use hoinghi_domain::agenda::{Room, RoomInput, Track, TrackInput, limits};
use hoinghi_domain::text::clean_line;
use hoinghi_domain::{AppError, Message};

fn valid_room(input: &RoomInput) -> Result<(String, Option<i64>)> {
    let name = clean_line(&input.name);
    let mut check = Checker::new();
    check.required("name", &name).max_len("name", &name, limits::ROOM_NAME);
    let capacity = check.optional_int("capacity", &input.capacity, 1, limits::MAX_SESSION_CAPACITY);
    check.finish()?;
    Ok((name, capacity.flatten()))
}

/// Colours given in turn to tracks created without one, so each track stands apart on the agenda. Each is
/// dark enough for white text and for a border on white (contrast 4.5:1 or more).
const TRACK_COLOURS: [&str; 8] =
    ["#9b1c1c", "#1e40af", "#166534", "#7e22ce", "#9a3412", "#0f766e", "#be185d", "#4d7c0f"];

/// The colour for a new track without one: the first of [`TRACK_COLOURS`] the conference does not use yet.
async fn next_colour(svc: &Service, conference_id: i64) -> Result<String> {
    let used: Vec<(String,)> = sqlx::query_as("SELECT color FROM tracks WHERE conference_id = $1")
        .bind(conference_id)
        .fetch_all(svc.db.read())
        .await?;
    let free = TRACK_COLOURS.iter().find(|c| !used.iter().any(|(u,)| u.eq_ignore_ascii_case(c)));
    Ok(free.unwrap_or(&TRACK_COLOURS[used.len() % TRACK_COLOURS.len()]).to_string())
}

fn valid_track(input: &TrackInput) -> Result<(String, String)> {
    let name = clean_line(&input.name);
    let mut check = Checker::new();
    check.required("name", &name).max_len("name", &name, limits::TRACK_NAME);
    let color = match clean_line(&input.color).to_lowercase() {
        c if c.is_empty() => "#9b1c1c".to_string(),
        c if c.len() == 7 && c.starts_with('#') && c[1..].chars().all(|h| h.is_ascii_hexdigit()) => c,
        _ => {
            check.add("color", Message::new("track-error-color"));
            String::new()
        }
    };
    check.finish()?;
    Ok((name, color))
}

fn name_taken(e: &sqlx::Error, key: &str) -> Option<AppError> {
    is_unique_violation(e).then(|| AppError::invalid("name", Message::new(key)))
}

async fn conference_of(svc: &Service, table: &str, id: i64) -> Result<i64> {
    let row: Option<(i64,)> = sqlx::query_as(&format!("SELECT conference_id FROM {table} WHERE id = $1"))
        .bind(id)
        .fetch_optional(svc.db.read())
        .await?;
    Ok(row.ok_or(AppError::NotFound)?.0)
}

pub async fn create_room(svc: &Service, actor: &Actor, conference_id: i64, input: RoomInput) -> Result<Room> {
    require_organizer(svc, actor, conference_id).await?;
    let (name, capacity) = valid_room(&input)?;
    let mut tx = svc.db.begin().await?;
    let inserted: std::result::Result<(i64, i64), sqlx::Error> = sqlx::query_as(
        "INSERT INTO rooms (conference_id, name, capacity, position) \
         VALUES ($1, $2, $3, (SELECT COALESCE(MAX(position), 0) + 1 FROM rooms WHERE conference_id = $1)) \
         RETURNING id, position",
    )
    .bind(conference_id)
    .bind(&name)
    .bind(capacity)
    .fetch_one(&mut *tx)
    .await;
    let (id, position) = match inserted {
        Ok(r) => r,
        Err(e) => return Err(name_taken(&e, "room-error-name-taken").map(Into::into).unwrap_or_else(|| e.into())),
    };
    audit::record(&mut tx, actor, Some(conference_id), "room.create", &name).await?;
    tx.commit().await?;
    Ok(Room { id, name, capacity, position })
}

/// A conference's rooms in their order (position, then id), for its organizers.
pub async fn rooms(svc: &Service, actor: &Actor, conference_id: i64) -> Result<Vec<Room>> {
    require_organizer(svc, actor, conference_id).await?;
    let mut conn = svc.db.read().acquire().await?;
    super::load::rooms(&mut conn, conference_id).await
}

pub async fn room(svc: &Service, actor: &Actor, room_id: i64) -> Result<Room> {
    let conference_id = conference_of(svc, "rooms", room_id).await?;
    require_organizer(svc, actor, conference_id).await?;
    let row: (i64, String, Option<i64>, i64) =
        sqlx::query_as("SELECT id, name, capacity, position FROM rooms WHERE id = $1")
            .bind(room_id)
            .fetch_optional(svc.db.read())
            .await?
            .ok_or(AppError::NotFound)?;
    Ok(Room { id: row.0, name: row.1, capacity: row.2, position: row.3 })
}

pub async fn update_room(svc: &Service, actor: &Actor, room_id: i64, input: RoomInput) -> Result<Room> {
    let conference_id = conference_of(svc, "rooms", room_id).await?;
    require_organizer(svc, actor, conference_id).await?;
    let (name, capacity) = valid_room(&input)?;
    let done = sqlx::query("UPDATE rooms SET name = $1, capacity = $2 WHERE id = $3")
        .bind(&name)
        .bind(capacity)
        .bind(room_id)
        .execute(svc.db.write())
        .await;
    match done {
        Ok(_) => room(svc, actor, room_id).await,
        Err(e) => Err(name_taken(&e, "room-error-name-taken").map(Into::into).unwrap_or_else(|| e.into())),
    }
}

/// Deletes a room; its sessions keep their place in the agenda without a room.
pub async fn delete_room(svc: &Service, actor: &Actor, room_id: i64) -> Result<()> {
    let conference_id = conference_of(svc, "rooms", room_id).await?;
    require_organizer(svc, actor, conference_id).await?;
    sqlx::query("DELETE FROM rooms WHERE id = $1").bind(room_id).execute(svc.db.write()).await?;
    Ok(())
}

pub async fn create_track(svc: &Service, actor: &Actor, conference_id: i64, input: TrackInput) -> Result<Track> {
    require_organizer(svc, actor, conference_id).await?;
    let (name, mut color) = valid_track(&input)?;
    if input.color.trim().is_empty() {
        color = next_colour(svc, conference_id).await?;
    }
    let inserted: std::result::Result<(i64, i64), sqlx::Error> = sqlx::query_as(
        "INSERT INTO tracks (conference_id, name, color, position) \
         VALUES ($1, $2, $3, (SELECT COALESCE(MAX(position), 0) + 1 FROM tracks WHERE conference_id = $1)) \
         RETURNING id, position",
    )
    .bind(conference_id)
    .bind(&name)
    .bind(&color)
    .fetch_one(svc.db.write())
    .await;
    match inserted {
        Ok((id, position)) => Ok(Track { id, name, color, position }),
        Err(e) => Err(name_taken(&e, "track-error-name-taken").map(Into::into).unwrap_or_else(|| e.into())),
    }
}

/// A conference's tracks in their order (position, then id), for its organizers.
pub async fn tracks(svc: &Service, actor: &Actor, conference_id: i64) -> Result<Vec<Track>> {
    require_organizer(svc, actor, conference_id).await?;
    let mut conn = svc.db.read().acquire().await?;
    super::load::tracks(&mut conn, conference_id).await
}

pub async fn track(svc: &Service, actor: &Actor, track_id: i64) -> Result<Track> {
    let conference_id = conference_of(svc, "tracks", track_id).await?;
    require_organizer(svc, actor, conference_id).await?;
    let row: (i64, String, String, i64) = sqlx::query_as("SELECT id, name, color, position FROM tracks WHERE id = $1")
        .bind(track_id)
        .fetch_optional(svc.db.read())
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Track { id: row.0, name: row.1, color: row.2, position: row.3 })
}

pub async fn update_track(svc: &Service, actor: &Actor, track_id: i64, input: TrackInput) -> Result<Track> {
    let conference_id = conference_of(svc, "tracks", track_id).await?;
    require_organizer(svc, actor, conference_id).await?;
    let (name, color) = valid_track(&input)?;
    let done = sqlx::query("UPDATE tracks SET name = $1, color = $2 WHERE id = $3")
        .bind(&name)
        .bind(&color)
        .bind(track_id)
        .execute(svc.db.write())
        .await;
    match done {
        Ok(_) => track(svc, actor, track_id).await,
        Err(e) => Err(name_taken(&e, "track-error-name-taken").map(Into::into).unwrap_or_else(|| e.into())),
    }
}

pub async fn delete_track(svc: &Service, actor: &Actor, track_id: i64) -> Result<()> {
    let conference_id = conference_of(svc, "tracks", track_id).await?;
    require_organizer(svc, actor, conference_id).await?;
    sqlx::query("DELETE FROM tracks WHERE id = $1").bind(track_id).execute(svc.db.write()).await?;
    Ok(())
}
