//! A whole conference as one JSON document, and back: for moving a conference between installations
//! (SQLite to PostgreSQL included) and for keeping a copy outside the database.
//!
//! The format is versioned; each capability adds its own section. Import runs the same validation as the
//! forms, keeps statuses and timestamps, and refuses a slug that is already taken.

use super::queries::by_slug_for_organizer;
use super::rules::validate;
use crate::Service;
use crate::accounts::{Actor, require_admin};
use crate::db::{Tx, is_unique_violation};
use crate::error::Result;
use crate::{audit, public_revision};
use hoinghi_domain::conference::{ConferenceInput, ConferenceKind, ConferenceStatus};
use hoinghi_domain::{AppError, Message};
use serde::{Deserialize, Serialize};

pub const FORMAT: &str = "hoinghi.conference.v1";

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConferenceExport {
    pub format: String,
    pub conference: ConferenceRecord,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConferenceRecord {
    pub slug: String,
    pub title: String,
    pub kind: ConferenceKind,
    pub status: ConferenceStatus,
    pub starts_on: String,
    pub ends_on: String,
    pub time_zone: String,
    pub venue_name: String,
    pub venue_address: String,
    pub capacity: Option<i64>,
    pub description: String,
    pub agency: Option<AgencyRecord>,
    /// Emails of the organizer accounts; accounts themselves are not part of a conference.
    pub organizers: Vec<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub published_at: Option<i64>,
    pub closed_at: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AgencyRecord {
    pub name: String,
    pub abbreviation: String,
    pub parent_name: String,
    pub units: Vec<UnitRecord>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnitRecord {
    pub name: String,
    pub admin_unit_code: Option<String>,
}

pub async fn export(svc: &Service, actor: &Actor, slug: &str) -> Result<ConferenceExport> {
    let c = by_slug_for_organizer(svc, actor, slug).await?;
    let (published_at, closed_at): (Option<i64>, Option<i64>) =
        sqlx::query_as("SELECT published_at, closed_at FROM conferences WHERE id = $1")
            .bind(c.id)
            .fetch_one(svc.db.read())
            .await?;
    let organizers: Vec<(String,)> = sqlx::query_as(
        "SELECT u.email FROM users u JOIN conference_organizers o ON o.user_id = u.id \
         WHERE o.conference_id = $1 ORDER BY u.email",
    )
    .bind(c.id)
    .fetch_all(svc.db.read())
    .await?;
    let agency = match &c.agency {
        None => None,
        Some(a) => {
            let (parent_name,): (String,) = sqlx::query_as("SELECT parent_name FROM agencies WHERE id = $1")
                .bind(a.id)
                .fetch_one(svc.db.read())
                .await?;
            let units: Vec<(String, Option<String>)> =
                sqlx::query_as("SELECT name, admin_unit_code FROM units WHERE agency_id = $1 ORDER BY name")
                    .bind(a.id)
                    .fetch_all(svc.db.read())
                    .await?;
            Some(AgencyRecord {
                name: a.name.clone(),
                abbreviation: a.abbreviation.clone(),
                parent_name,
                units: units.into_iter().map(|(name, admin_unit_code)| UnitRecord { name, admin_unit_code }).collect(),
            })
        }
    };
    Ok(ConferenceExport {
        format: FORMAT.to_string(),
        conference: ConferenceRecord {
            slug: c.slug,
            title: c.title,
            kind: c.kind,
            status: c.status,
            starts_on: c.starts_on.to_string(),
            ends_on: c.ends_on.to_string(),
            time_zone: c.time_zone,
            venue_name: c.venue_name,
            venue_address: c.venue_address,
            capacity: c.capacity,
            description: c.description,
            agency,
            organizers: organizers.into_iter().map(|(e,)| e).collect(),
            created_at: c.created_at,
            updated_at: c.updated_at,
            published_at,
            closed_at,
        },
    })
}

/// What an import did besides creating the conference.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ImportReport {
    pub conference_id: i64,
    pub slug: String,
    /// Organizer emails without an account here; add them as organizers once the accounts exist.
    pub missing_organizers: Vec<String>,
}

/// Creates a conference from an export. Administrators only: it can create agencies.
pub async fn import(svc: &Service, actor: &Actor, data: ConferenceExport) -> Result<ImportReport> {
    require_admin(actor)?;
    if data.format != FORMAT {
        return Err(AppError::invalid("format", Message::new("export-error-format").arg("expected", FORMAT)).into());
    }
    let r = &data.conference;
    let input = ConferenceInput {
        title: r.title.clone(),
        slug: r.slug.clone(),
        kind: r.kind.as_str().to_string(),
        starts_on: r.starts_on.clone(),
        ends_on: r.ends_on.clone(),
        time_zone: r.time_zone.clone(),
        venue_name: r.venue_name.clone(),
        venue_address: r.venue_address.clone(),
        capacity: r.capacity.map(|c| c.to_string()).unwrap_or_default(),
        description: r.description.clone(),
        agency_id: String::new(),
    };
    let v = validate(&input)?;
    let mut tx = svc.db.begin().await?;
    let agency_id = match &r.agency {
        Some(a) => Some(upsert_agency(&mut tx, a).await?),
        None => None,
    };
    let inserted: std::result::Result<(i64,), sqlx::Error> = sqlx::query_as(
        "INSERT INTO conferences (slug, title, kind, status, starts_on, ends_on, time_zone, venue_name, \
         venue_address, capacity, description, agency_id, created_by, created_at, updated_at, published_at, closed_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING id",
    )
    .bind(&v.slug)
    .bind(&v.title)
    .bind(v.kind.as_str())
    .bind(r.status.as_str())
    .bind(v.starts_on.to_string())
    .bind(v.ends_on.to_string())
    .bind(&v.time_zone)
    .bind(&v.venue_name)
    .bind(&v.venue_address)
    .bind(v.capacity)
    .bind(&v.description)
    .bind(agency_id)
    .bind(actor.user_id())
    .bind(r.created_at)
    .bind(r.updated_at)
    .bind(r.published_at)
    .bind(r.closed_at)
    .fetch_one(&mut *tx)
    .await;
    let conference_id = match inserted {
        Ok((id,)) => id,
        Err(e) if is_unique_violation(&e) => {
            return Err(AppError::invalid("slug", Message::new("conference-error-slug-taken")).into());
        }
        Err(e) => return Err(e.into()),
    };
    let mut missing_organizers = Vec::new();
    for email in &r.organizers {
        let user: Option<(i64,)> =
            sqlx::query_as("SELECT id FROM users WHERE email = $1").bind(email).fetch_optional(&mut *tx).await?;
        match user {
            Some((user_id,)) => {
                sqlx::query("INSERT INTO conference_organizers (conference_id, user_id) VALUES ($1, $2)")
                    .bind(conference_id)
                    .bind(user_id)
                    .execute(&mut *tx)
                    .await?;
            }
            None => missing_organizers.push(email.clone()),
        }
    }
    if r.status.is_public() {
        public_revision::bump(&mut tx).await?;
    }
    audit::record(&mut tx, actor, Some(conference_id), "conference.import", &v.slug).await?;
    tx.commit().await?;
    Ok(ImportReport { conference_id, slug: v.slug, missing_organizers })
}

async fn upsert_agency(tx: &mut Tx, a: &AgencyRecord) -> Result<i64> {
    let existing: Option<(i64,)> =
        sqlx::query_as("SELECT id FROM agencies WHERE name = $1").bind(&a.name).fetch_optional(&mut **tx).await?;
    let id = match existing {
        Some((id,)) => id,
        None => {
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO agencies (name, abbreviation, parent_name, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
            )
            .bind(&a.name)
            .bind(&a.abbreviation)
            .bind(&a.parent_name)
            .bind(crate::db::now())
            .fetch_one(&mut **tx)
            .await?;
            id
        }
    };
    for u in &a.units {
        sqlx::query("INSERT INTO units (agency_id, name, admin_unit_code) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
            .bind(id)
            .bind(&u.name)
            .bind(&u.admin_unit_code)
            .execute(&mut **tx)
            .await?;
    }
    Ok(id)
}
