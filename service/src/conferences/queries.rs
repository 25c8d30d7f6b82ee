//! Reading conferences: the public view, the organizer view, and lists.

use crate::Service;
use crate::accounts::{Actor, require_organizer, require_user};
use crate::db::{Flag, Tx};
use crate::error::Result;
use chrono::NaiveDate;
use hoinghi_domain::AppError;
use hoinghi_domain::account::User;
use hoinghi_domain::conference::{Conference, ConferenceKind, ConferenceStatus};
use hoinghi_domain::reference::AgencyRef;

const SELECT: &str = "SELECT c.id, c.slug, c.title, c.kind, c.status, c.starts_on, c.ends_on, c.time_zone, \
    c.venue_name, c.venue_address, c.capacity, c.description, c.created_at, c.updated_at, \
    a.id AS agency_id, a.name AS agency_name, a.abbreviation AS agency_abbreviation, \
    a.parent_name AS agency_parent, a.place_name AS agency_place \
    FROM conferences c LEFT JOIN agencies a ON a.id = c.agency_id";

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    slug: String,
    title: String,
    kind: String,
    status: String,
    starts_on: String,
    ends_on: String,
    time_zone: String,
    venue_name: String,
    venue_address: String,
    capacity: Option<i64>,
    description: String,
    created_at: i64,
    updated_at: i64,
    agency_id: Option<i64>,
    agency_name: Option<String>,
    agency_abbreviation: Option<String>,
    agency_parent: Option<String>,
    agency_place: Option<String>,
}

fn date(s: &str) -> NaiveDate {
    // Only the service writes these columns, always as YYYY-MM-DD.
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
}

impl From<Row> for Conference {
    fn from(r: Row) -> Self {
        Conference {
            id: r.id,
            slug: r.slug,
            title: r.title,
            kind: ConferenceKind::parse(&r.kind).unwrap_or_default(),
            status: ConferenceStatus::parse(&r.status).unwrap_or_default(),
            starts_on: date(&r.starts_on),
            ends_on: date(&r.ends_on),
            time_zone: r.time_zone,
            venue_name: r.venue_name,
            venue_address: r.venue_address,
            capacity: r.capacity,
            description: r.description,
            agency: match (r.agency_id, r.agency_name) {
                (Some(id), Some(name)) => Some(AgencyRef {
                    id,
                    name,
                    abbreviation: r.agency_abbreviation.unwrap_or_default(),
                    parent_name: r.agency_parent.unwrap_or_default(),
                    place_name: r.agency_place.unwrap_or_default(),
                }),
                _ => None,
            },
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

pub(crate) async fn by_id(svc: &Service, id: i64) -> Result<Conference> {
    let mut conn = svc.db.read().acquire().await?;
    by_id_in(&mut conn, id).await
}

/// The same, on a connection the caller holds (inside a transaction, where taking a second pooled
/// connection could wait on itself when the pool is busy).
pub(crate) async fn by_id_in(conn: &mut sqlx::AnyConnection, id: i64) -> Result<Conference> {
    let row: Option<Row> =
        sqlx::query_as(&format!("{SELECT} WHERE c.id = $1")).bind(id).fetch_optional(&mut *conn).await?;
    row.map(Conference::from).ok_or_else(|| AppError::NotFound.into())
}

pub(crate) async fn load_status(tx: &mut Tx, id: i64) -> Result<ConferenceStatus> {
    let row: Option<(String,)> =
        sqlx::query_as("SELECT status FROM conferences WHERE id = $1").bind(id).fetch_optional(&mut **tx).await?;
    let (status,) = row.ok_or(AppError::NotFound)?;
    Ok(ConferenceStatus::parse(&status).unwrap_or_default())
}

async fn by_slug(svc: &Service, slug: &str) -> Result<Option<Conference>> {
    let row: Option<Row> =
        sqlx::query_as(&format!("{SELECT} WHERE c.slug = $1")).bind(slug).fetch_optional(svc.db.read()).await?;
    Ok(row.map(Into::into))
}

/// A published or closed conference; drafts do not exist for the public.
pub async fn by_slug_public(svc: &Service, slug: &str) -> Result<Conference> {
    match by_slug(svc, slug).await? {
        Some(c) if c.status.is_public() => Ok(c),
        _ => Err(AppError::NotFound.into()),
    }
}

/// Any conference the actor organizes, drafts included.
pub async fn by_slug_for_organizer(svc: &Service, actor: &Actor, slug: &str) -> Result<Conference> {
    require_user(actor)?;
    let conference = by_slug(svc, slug).await?.ok_or(AppError::NotFound)?;
    require_organizer(svc, actor, conference.id).await?;
    Ok(conference)
}

/// Published and closed conferences, the most recent first.
pub async fn list_public(svc: &Service) -> Result<Vec<Conference>> {
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "{SELECT} WHERE c.status IN ('published', 'closed') ORDER BY c.starts_on DESC, c.id DESC"
    ))
    .fetch_all(svc.db.read())
    .await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

/// The conferences an organizer runs (every conference for an administrator).
pub async fn list_for_organizer(svc: &Service, actor: &Actor) -> Result<Vec<Conference>> {
    require_user(actor)?;
    let rows: Vec<Row> = if actor.is_admin() {
        sqlx::query_as(&format!("{SELECT} ORDER BY c.starts_on DESC, c.id DESC")).fetch_all(svc.db.read()).await?
    } else {
        sqlx::query_as(&format!(
            "{SELECT} JOIN conference_organizers o ON o.conference_id = c.id WHERE o.user_id = $1 \
             ORDER BY c.starts_on DESC, c.id DESC"
        ))
        .bind(actor.user_id())
        .fetch_all(svc.db.read())
        .await?
    };
    Ok(rows.into_iter().map(Into::into).collect())
}

/// The accounts that organize a conference.
pub async fn organizers(svc: &Service, actor: &Actor, conference_id: i64) -> Result<Vec<User>> {
    require_organizer(svc, actor, conference_id).await?;
    let rows: Vec<(i64, String, String, Flag, i64)> = sqlx::query_as(
        "SELECT u.id, u.email, u.display_name, u.is_admin, u.created_at FROM users u \
         JOIN conference_organizers o ON o.user_id = u.id WHERE o.conference_id = $1 ORDER BY u.display_name",
    )
    .bind(conference_id)
    .fetch_all(svc.db.read())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, email, display_name, is_admin, created_at)| User {
            id,
            email,
            display_name,
            is_admin: is_admin.0,
            created_at,
        })
        .collect())
}
