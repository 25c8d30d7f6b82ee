//! The rules of a conference's life: what a valid conference is, and who may move it from draft to
//! published to closed.

use super::queries::{by_id, load_status};
use crate::Service;
use crate::accounts::{Actor, find_user_by_email, require_organizer, require_user};
use crate::db::{Tx, is_unique_violation, now};
use crate::error::Result;
use crate::validate::Checker;
use crate::{audit, public_revision};
use chrono::NaiveDate;
use hoinghi_domain::conference::{
    Conference, ConferenceInput, ConferenceKind, ConferenceStatus, DEFAULT_TIME_ZONE, limits,
};
use hoinghi_domain::{AppError, Message, text};

/// A conference input that passed every check that needs no database.
pub(crate) struct Valid {
    pub title: String,
    pub slug: String,
    pub kind: ConferenceKind,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub time_zone: String,
    pub venue_name: String,
    pub venue_address: String,
    pub capacity: Option<i64>,
    pub description: String,
    pub agency_id: Option<i64>,
}

fn is_valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug
            .split('-')
            .all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()))
}

/// How long an address made from a title may be: short enough to read out and type from paper (a
/// 75-character title would otherwise become a 75-character address). Words are never cut.
const DERIVED_SLUG: usize = 40;

pub(crate) fn validate(input: &ConferenceInput) -> Result<Valid> {
    let mut check = Checker::new();
    let title = text::clean_line(&input.title);
    check.required("title", &title).max_len("title", &title, limits::TITLE);

    let typed_slug = text::clean_line(&input.slug);
    let slug = if typed_slug.is_empty() { text::slugify(&title, DERIVED_SLUG) } else { typed_slug };
    if !check.has("title") {
        if slug.chars().count() > limits::SLUG {
            check.add("slug", Message::new("error-too-long").arg("max", limits::SLUG));
        } else if !is_valid_slug(&slug) {
            check.add("slug", Message::new("conference-error-slug-format"));
        }
    }

    let kind = match input.kind.trim() {
        "" => Some(ConferenceKind::default()),
        k => ConferenceKind::parse(k),
    };
    if kind.is_none() {
        check.add("kind", Message::new("error-choice"));
    }

    let starts_on = check.date("starts_on", &input.starts_on);
    let ends_on = check.date("ends_on", &input.ends_on);
    if let (Some(start), Some(end)) = (starts_on, ends_on) {
        if end < start {
            check.add("ends_on", Message::new("conference-error-end-before-start"));
        } else if (end - start).num_days() + 1 > limits::MAX_DAYS {
            check.add("ends_on", Message::new("conference-error-too-many-days").arg("max", limits::MAX_DAYS));
        }
    }

    let time_zone = match text::clean_line(&input.time_zone) {
        tz if tz.is_empty() => DEFAULT_TIME_ZONE.to_string(),
        tz => tz,
    };
    if time_zone.parse::<chrono_tz::Tz>().is_err() {
        check.add("time_zone", Message::new("conference-error-time-zone"));
    }

    let venue_name = text::clean_line(&input.venue_name);
    check.max_len("venue_name", &venue_name, limits::VENUE_NAME);
    let venue_address = text::clean_line(&input.venue_address);
    check.max_len("venue_address", &venue_address, limits::VENUE_ADDRESS);
    let description = text::clean_text(&input.description);
    check.max_len("description", &description, limits::DESCRIPTION);
    let capacity = check.optional_int("capacity", &input.capacity, 1, limits::MAX_CAPACITY);
    let agency_id = check.optional_int("agency_id", &input.agency_id, 1, i64::MAX);

    check.finish()?;
    Ok(Valid {
        title,
        slug,
        kind: kind.expect("checked"),
        starts_on: starts_on.expect("checked"),
        ends_on: ends_on.expect("checked"),
        time_zone,
        venue_name,
        venue_address,
        capacity: capacity.expect("checked"),
        description,
        agency_id: agency_id.expect("checked"),
    })
}

async fn check_agency(tx: &mut Tx, agency_id: Option<i64>) -> Result<()> {
    if let Some(id) = agency_id {
        let found: Option<(i64,)> =
            sqlx::query_as("SELECT id FROM agencies WHERE id = $1").bind(id).fetch_optional(&mut **tx).await?;
        if found.is_none() {
            return Err(AppError::invalid("agency_id", Message::new("conference-error-unknown-agency")).into());
        }
    }
    Ok(())
}

fn slug_taken() -> AppError {
    AppError::invalid("slug", Message::new("conference-error-slug-taken"))
}

/// Creates a draft conference; its creator becomes its first organizer.
pub async fn create(svc: &Service, actor: &Actor, input: ConferenceInput) -> Result<Conference> {
    require_user(actor)?;
    let v = validate(&input)?;
    let mut tx = svc.db.begin().await?;
    check_agency(&mut tx, v.agency_id).await?;
    let at = now();
    let inserted: std::result::Result<(i64,), sqlx::Error> = sqlx::query_as(
        "INSERT INTO conferences (slug, title, kind, status, starts_on, ends_on, time_zone, venue_name, \
         venue_address, capacity, description, agency_id, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, 'draft', $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13) RETURNING id",
    )
    .bind(&v.slug)
    .bind(&v.title)
    .bind(v.kind.as_str())
    .bind(v.starts_on.to_string())
    .bind(v.ends_on.to_string())
    .bind(&v.time_zone)
    .bind(&v.venue_name)
    .bind(&v.venue_address)
    .bind(v.capacity)
    .bind(&v.description)
    .bind(v.agency_id)
    .bind(actor.user_id())
    .bind(at)
    .fetch_one(&mut *tx)
    .await;
    let id = match inserted {
        Ok((id,)) => id,
        Err(e) if is_unique_violation(&e) => return Err(slug_taken().into()),
        Err(e) => return Err(e.into()),
    };
    if let Some(user_id) = actor.user_id() {
        sqlx::query("INSERT INTO conference_organizers (conference_id, user_id) VALUES ($1, $2)")
            .bind(id)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
    }
    audit::record(&mut tx, actor, Some(id), "conference.create", &v.slug).await?;
    tx.commit().await?;
    by_id(svc, id).await
}

/// Changes a conference's details. A closed conference is frozen.
pub async fn update(svc: &Service, actor: &Actor, id: i64, input: ConferenceInput) -> Result<Conference> {
    require_organizer(svc, actor, id).await?;
    let v = validate(&input)?;
    let mut tx = svc.db.begin().await?;
    let status = load_status(&mut tx, id).await?;
    if status == ConferenceStatus::Closed {
        return Err(AppError::rejected("conference-error-closed").into());
    }
    check_agency(&mut tx, v.agency_id).await?;
    let updated = sqlx::query(
        "UPDATE conferences SET slug = $1, title = $2, kind = $3, starts_on = $4, ends_on = $5, time_zone = $6, \
         venue_name = $7, venue_address = $8, capacity = $9, description = $10, agency_id = $11, updated_at = $12 \
         WHERE id = $13",
    )
    .bind(&v.slug)
    .bind(&v.title)
    .bind(v.kind.as_str())
    .bind(v.starts_on.to_string())
    .bind(v.ends_on.to_string())
    .bind(&v.time_zone)
    .bind(&v.venue_name)
    .bind(&v.venue_address)
    .bind(v.capacity)
    .bind(&v.description)
    .bind(v.agency_id)
    .bind(now())
    .bind(id)
    .execute(&mut *tx)
    .await;
    match updated {
        Ok(_) => {}
        Err(e) if is_unique_violation(&e) => return Err(slug_taken().into()),
        Err(e) => return Err(e.into()),
    }
    if status.is_public() {
        public_revision::bump(&mut tx).await?;
    }
    audit::record(&mut tx, actor, Some(id), "conference.update", &v.slug).await?;
    tx.commit().await?;
    crate::registration::forget_form(svc, Some(id));
    by_id(svc, id).await
}

/// Makes a draft conference visible to everyone.
pub async fn publish(svc: &Service, actor: &Actor, id: i64) -> Result<Conference> {
    transition(
        svc,
        actor,
        id,
        ConferenceStatus::Draft,
        ConferenceStatus::Published,
        "conference-error-already-published",
    )
    .await
}

/// Ends a published conference: still readable, no more registrations or feedback.
pub async fn close(svc: &Service, actor: &Actor, id: i64) -> Result<Conference> {
    transition(svc, actor, id, ConferenceStatus::Published, ConferenceStatus::Closed, "conference-error-not-published")
        .await
}

async fn transition(
    svc: &Service,
    actor: &Actor,
    id: i64,
    from: ConferenceStatus,
    to: ConferenceStatus,
    refusal: &str,
) -> Result<Conference> {
    require_organizer(svc, actor, id).await?;
    let mut tx = svc.db.begin().await?;
    let at = now();
    let column = if to == ConferenceStatus::Published { "published_at" } else { "closed_at" };
    // The status in the WHERE clause makes the change atomic: of two concurrent requests one wins.
    let done = sqlx::query(&format!(
        "UPDATE conferences SET status = $1, {column} = $2, updated_at = $2 WHERE id = $3 AND status = $4"
    ))
    .bind(to.as_str())
    .bind(at)
    .bind(id)
    .bind(from.as_str())
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        load_status(&mut tx, id).await?; // NotFound if it does not exist
        return Err(AppError::rejected(refusal).into());
    }
    public_revision::bump(&mut tx).await?;
    audit::record(&mut tx, actor, Some(id), &format!("conference.{}", to.as_str()), "").await?;
    tx.commit().await?;
    crate::registration::forget_form(svc, Some(id));
    by_id(svc, id).await
}

/// Whether the actor may give and take away the organizer role: administrators only. An organizer who
/// could would be able to hand the conference (its delegates' details, its minutes) to any account.
pub fn may_change_organizers(actor: &Actor) -> bool {
    actor.is_admin()
}

fn require_may_change_organizers(actor: &Actor) -> Result<()> {
    require_user(actor)?;
    if may_change_organizers(actor) { Ok(()) } else { Err(AppError::Forbidden.into()) }
}

/// Gives an existing account the organizer role for this conference (administrators).
pub async fn add_organizer(svc: &Service, actor: &Actor, conference_id: i64, email: &str) -> Result<()> {
    require_may_change_organizers(actor)?;
    by_id(svc, conference_id).await?;
    let Some(user) = find_user_by_email(svc, email).await? else {
        return Err(AppError::invalid("email", Message::new("conference-error-unknown-user")).into());
    };
    let mut tx = svc.db.begin().await?;
    sqlx::query("INSERT INTO conference_organizers (conference_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
        .bind(conference_id)
        .bind(user.id)
        .execute(&mut *tx)
        .await?;
    audit::record(&mut tx, actor, Some(conference_id), "conference.add_organizer", &user.email).await?;
    tx.commit().await?;
    Ok(())
}

/// Takes the organizer role for this conference away from an account (administrators).
pub async fn remove_organizer(svc: &Service, actor: &Actor, conference_id: i64, user_id: i64) -> Result<()> {
    require_may_change_organizers(actor)?;
    let mut tx = svc.db.begin().await?;
    let done = sqlx::query("DELETE FROM conference_organizers WHERE conference_id = $1 AND user_id = $2")
        .bind(conference_id)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    if done.rows_affected() == 0 {
        return Err(AppError::NotFound.into());
    }
    audit::record(&mut tx, actor, Some(conference_id), "conference.remove_organizer", &user_id.to_string()).await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> ConferenceInput {
        ConferenceInput {
            title: "Hội nghị sơ kết".into(),
            starts_on: "2017-09-18".into(),
            ends_on: "2017-09-19".into(),
            ..Default::default()
        }
    }

    fn fields(r: Result<Valid>) -> Vec<String> {
        match r {
            Err(crate::error::Error::App(AppError::Invalid { fields })) => {
                fields.into_iter().map(|f| f.field).collect()
            }
            Err(e) => panic!("unexpected error {e}"),
            Ok(_) => vec![],
        }
    }

    #[test]
    fn a_minimal_conference_gets_defaults() {
        let v = validate(&input()).ok().unwrap();
        assert_eq!(v.slug, "hoi-nghi-so-ket");
        assert_eq!(v.time_zone, "Asia/Ho_Chi_Minh");
        assert_eq!(v.kind, ConferenceKind::Both);
        assert_eq!(v.capacity, None);
    }

    #[test]
    fn every_wrong_field_is_reported_at_once() {
        let bad = ConferenceInput {
            title: " ".into(),
            starts_on: "2017-09-19".into(),
            ends_on: "18/9/2017".into(),
            time_zone: "Asia/Saigon_City".into(),
            capacity: "nhiều".into(),
            kind: "party".into(),
            ..Default::default()
        };
        let mut got = fields(validate(&bad));
        got.sort();
        assert_eq!(got, ["capacity", "ends_on", "kind", "time_zone", "title"]);
    }

    #[test]
    fn end_before_start_and_bad_slugs_are_refused() {
        let mut i = input();
        i.ends_on = "2017-09-17".into();
        assert_eq!(fields(validate(&i)), ["ends_on"]);
        for slug in ["Hoa-Binh", "a--b", "-a", "hội-nghị", "a b"] {
            let mut i = input();
            i.slug = slug.into();
            assert_eq!(fields(validate(&i)), ["slug"], "{slug}");
        }
        let mut i = input();
        i.title = "x".repeat(301);
        assert_eq!(fields(validate(&i)), ["title"]);
    }
}
