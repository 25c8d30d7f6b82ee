//! What a valid registration is: the delegate's details, days, classes, consent and answers to the
//! organizers' questions. One set of rules for the public form, organizers' nominations, imports and the API.

use crate::agenda::ConferenceClock;
use crate::error::Result;
use crate::people::check_phone_number;
use crate::validate::Checker;
use chrono::NaiveDate;
use hoinghi_domain::agenda::{AgendaSnapshot, SessionKind};
use hoinghi_domain::conference::Conference;
use hoinghi_domain::lenient::is_set;
use hoinghi_domain::people::limits as people_limits;
use hoinghi_domain::registration::{Question, QuestionKind, RegistrationInput, RegistrationSettings, limits};
use hoinghi_domain::text::{PersonName, clean_line, clean_text};
use hoinghi_domain::{Message, text};
use sqlx::AnyConnection;
use std::sync::Arc;

/// How a registration arrives, which decides consent and contact rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// The delegate, on the public form: consent and an email for the private link are required.
    Delegate,
    /// An organizer or a unit coordinator entering a delegate (they answer for consent).
    Organizer,
    /// A row of an imported list.
    Import,
    /// A unit's coordinator, through the unit's nomination link (no account; they answer for consent).
    Nomination,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Delegate => "self",
            Source::Organizer => "organizer",
            Source::Import => "import",
            Source::Nomination => "nomination",
        }
    }
}

/// A training class a delegate may choose.
#[derive(Clone, Debug)]
pub(crate) struct Class {
    pub uid: String,
    pub title: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub capacity: Option<i64>,
}

/// What the form of one conference accepts, read once per registration before the seat lock (and
/// shared by the checks, the written rows, the mail and the invitation).
pub(crate) struct FormContext {
    pub clock: ConferenceClock,
    /// The published agenda and its number (0: none yet).
    pub snapshot: Option<Arc<AgendaSnapshot>>,
    pub snapshot_number: i64,
    pub classes: Vec<Class>,
    /// The organizing agency's units: id, name, provincial-level unit.
    pub units: Vec<(i64, String, Option<String>)>,
    pub admin_codes: Vec<String>,
    /// The current name of each provincial-level unit offered (code, name).
    pub admin_names: Vec<(String, String)>,
    pub questions: Vec<Question>,
    pub settings: RegistrationSettings,
    /// The agenda's people with an email (lower case): a delegate who also speaks gets those sessions
    /// in the invitation.
    pub people: Vec<(i64, String)>,
}

/// How long a conference's form, as read for registrations, is used before it is read again: the rules
/// that must be exact (seats, quotas, approval) are read again under the seat lock, and a newer agenda
/// makes a registration be checked again there; the rest (questions, units, the window) may be a second
/// old, as the page caches are.
const FORM_TTL: std::time::Duration = std::time::Duration::from_secs(1);

/// Forms recently read, per conference, for the requests of this process.
#[derive(Default)]
pub(crate) struct FormCache(
    std::sync::Mutex<std::collections::HashMap<i64, (std::time::Instant, Arc<Conference>, Arc<FormContext>)>>,
);

/// Forgets the forms this process read: after a change to a conference, its registration settings or
/// questions, or to the units, registrations here use the new form at once (other app servers within
/// [`FORM_TTL`]).
pub(crate) fn forget(svc: &crate::Service, conference_id: Option<i64>) {
    let mut map = svc.shared.forms.0.lock().unwrap_or_else(|e| e.into_inner());
    match conference_id {
        Some(id) => {
            map.remove(&id);
        }
        None => map.clear(),
    }
}

/// The conference and its form, read at most [`FORM_TTL`] ago.
pub(crate) async fn cached(svc: &crate::Service, conference_id: i64) -> Result<(Arc<Conference>, Arc<FormContext>)> {
    let cache = &svc.shared.forms;
    if let Some((at, c, f)) = cache.0.lock().unwrap_or_else(|e| e.into_inner()).get(&conference_id)
        && at.elapsed() < FORM_TTL
    {
        return Ok((c.clone(), f.clone()));
    }
    let conference = Arc::new(crate::conferences::by_id_internal(svc, conference_id).await?);
    let ctx = {
        let mut conn = svc.db.read().acquire().await?;
        Arc::new(context(&mut conn, &conference).await?)
    };
    let mut map = cache.0.lock().unwrap_or_else(|e| e.into_inner());
    if map.len() > 256 {
        map.retain(|_, (at, _, _)| at.elapsed() < FORM_TTL);
    }
    map.insert(conference_id, (std::time::Instant::now(), conference.clone(), ctx.clone()));
    Ok((conference, ctx))
}

impl FormContext {
    pub fn capacities(&self) -> Vec<(String, Option<i64>)> {
        self.classes.iter().map(|c| (c.uid.clone(), c.capacity)).collect()
    }
}

/// The seats of each training class of the latest published agenda.
pub(crate) async fn class_capacities(
    conn: &mut AnyConnection,
    conference_id: i64,
) -> Result<Vec<(String, Option<i64>)>> {
    let snapshot = crate::agenda::latest_snapshot(conn, conference_id).await?;
    Ok(snapshot
        .map(|s| {
            s.sessions
                .iter()
                .filter(|x| x.kind == SessionKind::Training && !x.cancelled)
                .map(|x| (x.uid.clone(), super::seats::class_capacity(&s, &x.uid)))
                .collect()
        })
        .unwrap_or_default())
}

pub(crate) async fn context(conn: &mut AnyConnection, conference: &Conference) -> Result<FormContext> {
    let clock = ConferenceClock::of(conference);
    let (snapshot_number, snapshot) = match crate::agenda::latest_numbered(conn, conference.id).await? {
        Some((n, s)) => (n, Some(Arc::new(s))),
        None => (0, None),
    };
    let classes = snapshot
        .as_ref()
        .map(|s| {
            s.sessions
                .iter()
                .filter(|x| x.kind == SessionKind::Training && !x.cancelled)
                .map(|x| Class {
                    uid: x.uid.clone(),
                    title: x.title.clone(),
                    starts_at: x.starts_at,
                    ends_at: x.ends_at,
                    capacity: super::seats::class_capacity(s, &x.uid),
                })
                .collect()
        })
        .unwrap_or_default();
    let units: Vec<(i64, String, Option<String>)> = match &conference.agency {
        Some(a) => {
            sqlx::query_as("SELECT id, name, admin_unit_code FROM units WHERE agency_id = $1")
                .bind(a.id)
                .fetch_all(&mut *conn)
                .await?
        }
        None => Vec::new(),
    };
    let today = conference.starts_on.to_string();
    let latest_name = "(SELECT b.name FROM admin_units b WHERE b.code = a.code ORDER BY b.valid_from DESC LIMIT 1)";
    let admin: Vec<(String, String)> = sqlx::query_as(&format!(
        "SELECT a.code, {latest_name} FROM admin_units a WHERE a.valid_from <= $1 AND (a.valid_to IS NULL OR a.valid_to > $1) ORDER BY a.code"
    ))
    .bind(&today)
    .fetch_all(&mut *conn)
    .await?;
    // A conference held before the 2025 reform still offers today's units: delegates register now.
    let mut admin = if admin.is_empty() {
        sqlx::query_as::<_, (String, String)>(&format!(
            "SELECT a.code, {latest_name} FROM admin_units a WHERE a.valid_to IS NULL ORDER BY a.code"
        ))
        .fetch_all(&mut *conn)
        .await?
    } else {
        admin
    };
    admin.dedup_by(|a, b| a.0 == b.0);
    let questions = super::settings::questions_of(conn, conference.id).await?;
    let settings = super::settings::load(conn, conference.id, &clock).await?;
    let people: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, LOWER(email) FROM people WHERE conference_id = $1 AND email <> ''")
            .bind(conference.id)
            .fetch_all(&mut *conn)
            .await?;
    Ok(FormContext {
        people,
        clock,
        snapshot,
        snapshot_number,
        classes,
        units,
        admin_codes: admin.iter().map(|(c, _)| c.clone()).collect(),
        admin_names: admin,
        questions,
        settings,
    })
}

/// A registration that passed every check.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Valid {
    pub name: PersonName,
    pub gender: String,
    pub position_title: String,
    pub unit_id: Option<i64>,
    pub organization: String,
    pub admin_unit_code: Option<String>,
    pub phone: String,
    pub phone_key: String,
    pub email: String,
    pub email_key: String,
    pub days: Vec<NaiveDate>,
    pub classes: Vec<String>,
    pub accommodation: bool,
    pub dietary: String,
    pub answers: Vec<(i64, String)>,
}

/// Digits only, with Vietnam's +84 written as the usual leading 0, so "0905 123 456" and
/// "+84 905 123 456" are the same person.
pub fn phone_key(phone: &str) -> String {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    match digits.strip_prefix("84") {
        Some(rest) if phone.trim_start().starts_with('+') || digits.len() == 11 => format!("0{rest}"),
        _ => digits,
    }
}

pub(crate) fn validate(ctx: &FormContext, input: &RegistrationInput, source: Source) -> Result<Valid> {
    let mut check = Checker::new();
    let name = PersonName::new(&input.family_name, &input.middle_name, &input.given_name);
    check.required("family_name", &name.family).max_len("family_name", &name.family, people_limits::NAME_PART);
    check.max_len("middle_name", &name.middle, people_limits::NAME_PART);
    check.required("given_name", &name.given).max_len("given_name", &name.given, people_limits::NAME_PART);
    let gender = clean_line(&input.gender);
    if !["", "female", "male", "other"].contains(&gender.as_str()) {
        check.add("gender", Message::new("error-choice"));
    }
    let position_title = clean_line(&input.position_title);
    check.max_len("position_title", &position_title, people_limits::POSITION);

    // "other": the delegate's unit is not in the list (they type it in `organization`).
    let unit_id = match input.unit_id.trim() {
        "other" => None,
        typed => check.optional_int("unit_id", typed, 1, i64::MAX).flatten(),
    };
    let mut unit_admin_code = None;
    if let Some(id) = unit_id {
        match ctx.units.iter().find(|(u, _, _)| *u == id) {
            Some((_, _, code)) => unit_admin_code = code.clone(),
            None => {
                check.add("unit_id", Message::new("registration-error-unknown-unit"));
            }
        }
    }
    let organization = clean_line(&input.organization);
    check.max_len("organization", &organization, people_limits::ORGANIZATION);
    if unit_id.is_none() && organization.is_empty() && !check.has("unit_id") {
        // Nothing chosen from a list of units: the choice is what is missing.
        if input.unit_id.trim().is_empty() && !ctx.units.is_empty() {
            check.add("unit_id", Message::new("registration-error-choose-unit"));
        } else {
            check.add("organization", Message::new("registration-error-organization"));
        }
    }
    let typed_code = clean_line(&input.admin_unit_code);
    // A unit of the list implies its province; one typed in needs the province chosen.
    let admin_unit_code = unit_admin_code.or((!typed_code.is_empty()).then_some(typed_code));
    match &admin_unit_code {
        None => {
            check.add("admin_unit_code", Message::new("error-choose"));
        }
        Some(code) if !ctx.admin_codes.contains(code) => {
            check.add("admin_unit_code", Message::new("error-choice"));
        }
        Some(_) => {}
    }

    let email = clean_line(&input.email).to_lowercase();
    let phone = clean_line(&input.phone);
    if source == Source::Delegate {
        check.required("email", &email).required("phone", &phone);
    } else if email.is_empty() && phone.is_empty() {
        check.add("email", Message::new("registration-error-contact"));
    }
    if !email.is_empty() {
        crate::email::check(check.errors(), "email", &email);
    }
    check_phone_number(&mut check, "phone", &phone);

    let mut days = Vec::new();
    for d in input.days.iter().map(|d| d.trim()).filter(|d| !d.is_empty()) {
        match crate::validate::parse_date(d) {
            Ok(day) if ctx.clock.is_conference_day(day) => days.push(day),
            _ => {
                check.add("days", Message::new("registration-error-day"));
            }
        }
    }
    days.sort();
    days.dedup();
    if days.is_empty() {
        days = ctx.clock.days();
    }

    let mut classes: Vec<String> =
        input.sessions.iter().map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect();
    classes.sort();
    classes.dedup();
    let chosen: Vec<&Class> = classes.iter().filter_map(|uid| ctx.classes.iter().find(|c| c.uid == *uid)).collect();
    if chosen.len() != classes.len() {
        check.add("sessions", Message::new("registration-error-unknown-class"));
    } else {
        for (i, a) in chosen.iter().enumerate() {
            if let Some(b) = chosen[i + 1..].iter().find(|b| a.starts_at < b.ends_at && b.starts_at < a.ends_at) {
                check.add(
                    "sessions",
                    Message::new("registration-error-classes-overlap")
                        .arg("first", a.title.as_str())
                        .arg("second", b.title.as_str()),
                );
                break;
            }
        }
    }

    let dietary = clean_text(&input.dietary);
    check.max_len("dietary", &dietary, limits::DIETARY);
    if source == Source::Delegate && !is_set(&input.consent) {
        check.add("consent", Message::new("registration-error-consent"));
    }

    let mut answers = Vec::new();
    for q in &ctx.questions {
        let field = format!("answer-{}", q.id);
        let given: Vec<String> = input
            .answers
            .get(&hoinghi_domain::registration::answer_key(q.id))
            .map(|values| {
                values
                    .iter()
                    .map(|v| if q.kind == QuestionKind::LongText { clean_text(v) } else { clean_line(v) })
                    .filter(|v| !v.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        if given.is_empty() {
            if q.required {
                let choice = !matches!(q.kind, QuestionKind::ShortText | QuestionKind::LongText);
                check.add(&field, Message::new(if choice { "error-choose" } else { "error-required" }));
            }
            continue;
        }
        let max = if q.kind == QuestionKind::LongText { limits::ANSWER } else { 300 };
        if given.iter().any(|v| text::char_len(v) > max) {
            check.add(&field, Message::new("error-too-long").arg("max", max));
            continue;
        }
        let valid = match q.kind {
            QuestionKind::ShortText | QuestionKind::LongText => given.len() == 1,
            QuestionKind::SingleChoice => given.len() == 1 && q.options.contains(&given[0]),
            QuestionKind::MultipleChoice => given.iter().all(|v| q.options.contains(v)),
            QuestionKind::YesNo => given.len() == 1 && (given[0] == "yes" || given[0] == "no"),
        };
        if !valid {
            check.add(&field, Message::new("error-choice"));
            continue;
        }
        let mut given = given;
        given.sort();
        given.dedup();
        answers.extend(given.into_iter().map(|v| (q.id, v)));
    }
    check.finish()?;
    Ok(Valid {
        phone_key: phone_key(&phone),
        email_key: email.clone(),
        name,
        gender,
        position_title,
        unit_id,
        organization,
        admin_unit_code,
        phone,
        email,
        days,
        classes,
        accommodation: is_set(&input.accommodation),
        dietary,
        answers,
    })
}

#[cfg(test)]
mod tests {
    use super::phone_key;

    #[test]
    fn phone_numbers_match_however_written() {
        assert_eq!(phone_key("0905 123 456"), "0905123456");
        assert_eq!(phone_key("+84 905 123 456"), "0905123456");
        assert_eq!(phone_key("84905123456"), "0905123456");
        assert_eq!(phone_key("(028) 3829-1234"), "02838291234");
    }
}
