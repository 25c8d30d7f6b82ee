use crate::Service;
use crate::accounts::{Actor, require_organizer};
use crate::audit;
use crate::collation::compare_names;
use crate::db::now;
use crate::error::Result;
use crate::validate::Checker;
use hoinghi_domain::people::{HONORIFICS, Person, PersonInput, limits};
use hoinghi_domain::text::{PersonName, clean_line, clean_text};
use hoinghi_domain::{AppError, Message};

pub(crate) const SELECT: &str = "SELECT id, family_name, middle_name, given_name, honorific, \
    position_title, organization, biography, photo_file_id, \
    (SELECT f.access_key FROM files f WHERE f.id = people.photo_file_id) AS photo_key, email, phone FROM people";

#[derive(sqlx::FromRow)]
pub(crate) struct Row {
    pub id: i64,
    pub family_name: String,
    pub middle_name: String,
    pub given_name: String,
    pub honorific: String,
    pub position_title: String,
    pub organization: String,
    pub biography: String,
    pub photo_file_id: Option<i64>,
    /// The photo file's key (none for a photo stored before files had keys).
    pub photo_key: Option<String>,
    pub email: String,
    pub phone: String,
}

impl From<Row> for Person {
    fn from(r: Row) -> Self {
        Person {
            id: r.id,
            name: PersonName { family: r.family_name, middle: r.middle_name, given: r.given_name },
            honorific: r.honorific,
            position_title: r.position_title,
            organization: r.organization,
            biography: r.biography,
            photo_url: r.photo_file_id.map(|id| crate::files::url(id, r.photo_key.as_deref(), "photo.jpg")),
            email: r.email,
            phone: r.phone,
        }
    }
}

struct Valid {
    name: PersonName,
    honorific: String,
    position_title: String,
    organization: String,
    biography: String,
    email: String,
    phone: String,
}

/// Phone numbers as typed by people: digits with spaces, dots, dashes, brackets and a leading +.
pub fn check_phone_number(check: &mut Checker, field: &str, phone: &str) {
    if phone.is_empty() {
        return;
    }
    let digits = phone.chars().filter(char::is_ascii_digit).count();
    let allowed =
        phone.chars().enumerate().all(|(i, c)| c.is_ascii_digit() || " .-()".contains(c) || (c == '+' && i == 0));
    if !allowed || !(8..=15).contains(&digits) {
        check.add(field, Message::new("error-phone"));
    }
}

fn validate(input: &PersonInput) -> Result<Valid> {
    let mut check = Checker::new();
    let name = PersonName::new(&input.family_name, &input.middle_name, &input.given_name);
    check.required("family_name", &name.family).max_len("family_name", &name.family, limits::NAME_PART);
    check.max_len("middle_name", &name.middle, limits::NAME_PART);
    check.required("given_name", &name.given).max_len("given_name", &name.given, limits::NAME_PART);
    let honorific = clean_line(&input.honorific).to_lowercase();
    if !honorific.is_empty() && !HONORIFICS.contains(&honorific.as_str()) {
        check.add("honorific", Message::new("error-choice"));
    }
    let position_title = clean_line(&input.position_title);
    check.max_len("position_title", &position_title, limits::POSITION);
    let organization = clean_line(&input.organization);
    check.max_len("organization", &organization, limits::ORGANIZATION);
    let biography = clean_text(&input.biography);
    check.max_len("biography", &biography, limits::BIOGRAPHY);
    let email = clean_line(&input.email).to_lowercase();
    if !email.is_empty() {
        crate::email::check(check.errors(), "email", &email);
    }
    let phone = clean_line(&input.phone);
    check_phone_number(&mut check, "phone", &phone);
    check.finish()?;
    Ok(Valid { name, honorific, position_title, organization, biography, email, phone })
}

pub(crate) async fn conference_of(svc: &Service, person_id: i64) -> Result<i64> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT conference_id FROM people WHERE id = $1")
        .bind(person_id)
        .fetch_optional(svc.db.read())
        .await?;
    Ok(row.ok_or(AppError::NotFound)?.0)
}

pub async fn create(svc: &Service, actor: &Actor, conference_id: i64, input: PersonInput) -> Result<Person> {
    require_organizer(svc, actor, conference_id).await?;
    let v = validate(&input)?;
    let mut tx = svc.db.begin().await?;
    let at = now();
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO people (conference_id, family_name, middle_name, given_name, honorific, position_title, \
         organization, biography, email, phone, search_key, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id",
    )
    .bind(conference_id)
    .bind(&v.name.family)
    .bind(&v.name.middle)
    .bind(&v.name.given)
    .bind(&v.honorific)
    .bind(&v.position_title)
    .bind(&v.organization)
    .bind(&v.biography)
    .bind(&v.email)
    .bind(&v.phone)
    .bind(v.name.search_key())
    .bind(at)
    .fetch_one(&mut *tx)
    .await?;
    audit::record(&mut tx, actor, Some(conference_id), "person.create", &v.name.display()).await?;
    tx.commit().await?;
    by_id_unchecked(svc, id).await
}

pub async fn update(svc: &Service, actor: &Actor, person_id: i64, input: PersonInput) -> Result<Person> {
    let conference_id = conference_of(svc, person_id).await?;
    require_organizer(svc, actor, conference_id).await?;
    let v = validate(&input)?;
    let mut tx = svc.db.begin().await?;
    sqlx::query(
        "UPDATE people SET family_name = $1, middle_name = $2, given_name = $3, honorific = $4, position_title = $5, \
         organization = $6, biography = $7, email = $8, phone = $9, search_key = $10, updated_at = $11 WHERE id = $12",
    )
    .bind(&v.name.family)
    .bind(&v.name.middle)
    .bind(&v.name.given)
    .bind(&v.honorific)
    .bind(&v.position_title)
    .bind(&v.organization)
    .bind(&v.biography)
    .bind(&v.email)
    .bind(&v.phone)
    .bind(v.name.search_key())
    .bind(now())
    .bind(person_id)
    .execute(&mut *tx)
    .await?;
    audit::record(&mut tx, actor, Some(conference_id), "person.update", &v.name.display()).await?;
    tx.commit().await?;
    by_id_unchecked(svc, person_id).await
}

/// Deletes a person and their roles in the draft agenda (published versions keep their copy).
pub async fn delete(svc: &Service, actor: &Actor, person_id: i64) -> Result<()> {
    let conference_id = conference_of(svc, person_id).await?;
    require_organizer(svc, actor, conference_id).await?;
    let mut tx = svc.db.begin().await?;
    sqlx::query("DELETE FROM people WHERE id = $1").bind(person_id).execute(&mut *tx).await?;
    audit::record(&mut tx, actor, Some(conference_id), "person.delete", &person_id.to_string()).await?;
    tx.commit().await?;
    Ok(())
}

pub(crate) async fn by_id_unchecked(svc: &Service, person_id: i64) -> Result<Person> {
    let row: Option<Row> =
        sqlx::query_as(&format!("{SELECT} WHERE id = $1")).bind(person_id).fetch_optional(svc.db.read()).await?;
    Ok(row.ok_or(AppError::NotFound)?.into())
}

/// A person with contact details, for the conference's organizers.
pub async fn by_id(svc: &Service, actor: &Actor, person_id: i64) -> Result<Person> {
    let conference_id = conference_of(svc, person_id).await?;
    require_organizer(svc, actor, conference_id).await?;
    by_id_unchecked(svc, person_id).await
}

/// Everyone of a conference, in Vietnamese order, for its organizers.
pub async fn list(svc: &Service, actor: &Actor, conference_id: i64) -> Result<Vec<Person>> {
    require_organizer(svc, actor, conference_id).await?;
    let rows: Vec<Row> = sqlx::query_as(&format!("{SELECT} WHERE conference_id = $1"))
        .bind(conference_id)
        .fetch_all(svc.db.read())
        .await?;
    let mut people: Vec<Person> = rows.into_iter().map(Into::into).collect();
    people.sort_by(|a, b| compare_names(&a.name, &b.name).then(a.id.cmp(&b.id)));
    Ok(people)
}

/// The public face of the given people, as a published version freezes it.
pub(crate) async fn published(
    conn: &mut sqlx::AnyConnection,
    conference_id: i64,
    ids: &[i64],
) -> Result<Vec<hoinghi_domain::agenda::PublishedPerson>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<Row> =
        sqlx::query_as(&format!("{SELECT} WHERE conference_id = $1")).bind(conference_id).fetch_all(&mut *conn).await?;
    let mut people: Vec<Person> = rows.into_iter().filter(|r| ids.contains(&r.id)).map(Into::into).collect();
    people.sort_by_key(|p| p.id);
    Ok(people
        .into_iter()
        .map(|p| hoinghi_domain::agenda::PublishedPerson {
            id: p.id,
            name: p.name,
            honorific: p.honorific,
            position_title: p.position_title,
            organization: p.organization,
            biography: p.biography,
            photo_url: p.photo_url,
        })
        .collect())
}
