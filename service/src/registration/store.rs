//! Reading and recording registrations: who acted, the history, check-in codes, and loading
//! registrations with their days, classes, answers and check-ins: one registration by its id, or a
//! conference's in a few queries (lists are long). Waiting positions are read as stored.

use crate::agenda::latest_snapshot;
use crate::db::{Flag, Tx, now};
use crate::error::Result;
use hoinghi_domain::registration::{Answer, Registration, RegistrationStatus, SessionChoice};
use hoinghi_domain::text::PersonName;
use rand::Rng;
use sqlx::AnyConnection;
use std::collections::HashMap;

/// Who changed a registration, as the history records it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Actorship {
    Delegate,
    Organizer(Option<i64>),
    /// Automatic changes: promotion from a waiting list.
    System,
    Import(Option<i64>),
    /// A unit's coordinator through the nomination link.
    Coordinator,
}

impl Actorship {
    fn name(self) -> &'static str {
        match self {
            Actorship::Delegate => "delegate",
            Actorship::Organizer(_) => "organizer",
            Actorship::System => "system",
            Actorship::Import(_) => "import",
            Actorship::Coordinator => "coordinator",
        }
    }

    fn user_id(self) -> Option<i64> {
        match self {
            Actorship::Organizer(u) | Actorship::Import(u) => u,
            _ => None,
        }
    }
}

pub(crate) async fn record_event(
    tx: &mut Tx,
    registration_id: i64,
    by: Actorship,
    from: Option<RegistrationStatus>,
    to: RegistrationStatus,
    detail: &str,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO registration_events (registration_id, at, actor, user_id, from_status, to_status, detail) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(registration_id)
    .bind(now())
    .bind(by.name())
    .bind(by.user_id())
    .bind(from.map(|s| s.as_str()))
    .bind(to.as_str())
    .bind(detail)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Crockford's base 32 without I, L, O, U: easy to read aloud and to type.
const CODE_ALPHABET: &[u8] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A check-in code such as "K7Q4M-2XAB9": 50 random bits, printed on the badge and in its QR code.
pub(crate) fn new_code() -> String {
    let mut rng = rand::rngs::OsRng;
    let chars: String = (0..10).map(|_| CODE_ALPHABET[rng.gen_range(0..CODE_ALPHABET.len())] as char).collect();
    format!("{}-{}", &chars[..5], &chars[5..])
}

/// A code as typed (any case, spaces, missing dash, O for 0, I/L for 1), in its canonical form.
pub fn normalize_code(input: &str) -> String {
    let cleaned: String = input
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            other => other,
        })
        .collect();
    if cleaned.len() == 10 { format!("{}-{}", &cleaned[..5], &cleaned[5..]) } else { cleaned }
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    conference_id: i64,
    code: String,
    status: String,
    status_reason: String,
    family_name: String,
    middle_name: String,
    given_name: String,
    gender: String,
    position_title: String,
    unit_id: Option<i64>,
    organization: String,
    unit_name: Option<String>,
    admin_unit_code: Option<String>,
    admin_unit_name: Option<String>,
    phone: String,
    email: String,
    #[sqlx(try_from = "Flag")]
    accommodation: bool,
    dietary: String,
    created_at: i64,
    updated_at: i64,
    source: String,
    waiting_position: Option<i64>,
    badge_role: String,
}

const SELECT: &str = "SELECT r.id, r.conference_id, r.code, r.status, r.status_reason, r.family_name, r.middle_name, r.given_name, \
     r.gender, r.position_title, r.unit_id, r.organization, u.name AS unit_name, r.admin_unit_code, \
     (SELECT a.name FROM admin_units a WHERE a.code = r.admin_unit_code ORDER BY a.valid_from DESC LIMIT 1) AS admin_unit_name, \
     r.phone, r.email, r.accommodation, r.dietary, r.created_at, r.updated_at, r.source, r.waiting_position, r.badge_role \
     FROM registrations r LEFT JOIN units u ON u.id = r.unit_id";

/// Which registrations to load. None reads a queue to learn positions: they are stored.
#[derive(Clone, Copy)]
enum Which<'a> {
    One(i64),
    Some(i64, &'a [i64]),
    All(i64),
    Confirmed(i64),
}

impl Which<'_> {
    /// The filter on `registrations r`, binding `$1`.
    fn filter(&self) -> String {
        match self {
            Which::One(_) => "r.id = $1".into(),
            Which::Some(_, []) => "1 = 0".into(),
            Which::Some(_, ids) => format!(
                "r.conference_id = $1 AND r.id IN ({})",
                ids.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(",")
            ),
            Which::All(_) => "r.conference_id = $1".into(),
            Which::Confirmed(_) => "r.conference_id = $1 AND r.status = 'confirmed'".into(),
        }
    }

    /// The filter on a table keyed by `registration_id` (alias `x`): by the key itself for one
    /// registration, through `registrations` for a conference.
    fn of_registration(&self) -> (String, String) {
        match self {
            Which::One(_) => (String::new(), "x.registration_id = $1".into()),
            other => ("JOIN registrations r ON r.id = x.registration_id".into(), other.filter()),
        }
    }

    fn bind(&self) -> i64 {
        match *self {
            Which::One(id) => id,
            Which::Some(c, _) | Which::All(c) | Which::Confirmed(c) => c,
        }
    }
}

/// One registration with its days, classes, answers and check-ins: a handful of lookups by its id.
pub(crate) async fn load_one(conn: &mut AnyConnection, id: i64) -> Result<Option<Registration>> {
    Ok(load(conn, Which::One(id)).await?.pop())
}

/// The given registrations of a conference, in Vietnamese name order.
pub(crate) async fn load_some(conn: &mut AnyConnection, conference_id: i64, ids: &[i64]) -> Result<Vec<Registration>> {
    load(conn, Which::Some(conference_id, ids)).await
}

/// Every registration of a conference (lists, exports, documents), in Vietnamese name order.
pub(crate) async fn load_all(conn: &mut AnyConnection, conference_id: i64) -> Result<Vec<Registration>> {
    load(conn, Which::All(conference_id)).await
}

/// The confirmed registrations of a conference (printed documents), not those waiting.
pub(crate) async fn load_confirmed(conn: &mut AnyConnection, conference_id: i64) -> Result<Vec<Registration>> {
    load(conn, Which::Confirmed(conference_id)).await
}

async fn load(conn: &mut AnyConnection, which: Which<'_>) -> Result<Vec<Registration>> {
    let rows: Vec<Row> =
        sqlx::query_as(&format!("{SELECT} WHERE {}", which.filter())).bind(which.bind()).fetch_all(&mut *conn).await?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let conference_id = rows[0].conference_id;
    let (join, filter) = which.of_registration();
    let days: Vec<(i64, String)> =
        sqlx::query_as(&format!("SELECT x.registration_id, x.day FROM registration_days x {join} WHERE {filter}"))
            .bind(which.bind())
            .fetch_all(&mut *conn)
            .await?;
    let classes: Vec<(i64, String, String, Option<i64>)> = sqlx::query_as(&format!(
        "SELECT x.registration_id, x.session_uid, x.status, x.waiting_position FROM registration_sessions x {join} WHERE {filter}"
    ))
    .bind(which.bind())
    .fetch_all(&mut *conn)
    .await?;
    let answers: Vec<(i64, i64, String, String)> = sqlx::query_as(&format!(
        "SELECT x.registration_id, x.question_id, q.label, x.value FROM registration_answers x {join} \
         JOIN registration_questions q ON q.id = x.question_id WHERE {filter} ORDER BY q.position, q.id, x.value"
    ))
    .bind(which.bind())
    .fetch_all(&mut *conn)
    .await?;
    let checkins: Vec<(i64, String)> =
        sqlx::query_as(&format!("SELECT x.registration_id, x.scope FROM checkins x {join} WHERE {filter}"))
            .bind(which.bind())
            .fetch_all(&mut *conn)
            .await?;

    // Class titles come from the published agenda, read only when someone chose a class.
    let titles: HashMap<String, String> = if classes.is_empty() {
        HashMap::new()
    } else {
        latest_snapshot(conn, conference_id)
            .await?
            .map(|s| s.sessions.into_iter().map(|x| (x.uid, x.title)).collect())
            .unwrap_or_default()
    };

    let mut days_of: HashMap<i64, Vec<chrono::NaiveDate>> = HashMap::new();
    for (id, day) in days {
        if let Ok(d) = day.parse() {
            days_of.entry(id).or_default().push(d);
        }
    }
    let mut classes_of: HashMap<i64, Vec<SessionChoice>> = HashMap::new();
    let registration_confirmed: std::collections::HashSet<i64> =
        rows.iter().filter(|r| r.status == "confirmed").map(|r| r.id).collect();
    for (id, uid, status, position) in classes {
        // A class seat is held only while the registration itself is confirmed.
        let confirmed = status == "confirmed" && registration_confirmed.contains(&id);
        let waiting_position = if confirmed { None } else { position };
        let title = titles.get(&uid).cloned().unwrap_or_default();
        classes_of.entry(id).or_default().push(SessionChoice { uid, title, confirmed, waiting_position });
    }
    let mut answers_of: HashMap<i64, Vec<Answer>> = HashMap::new();
    for (id, question_id, label, value) in answers {
        let list = answers_of.entry(id).or_default();
        match list.iter_mut().find(|a| a.question_id == question_id) {
            Some(a) => a.values.push(value),
            None => list.push(Answer { question_id, label, values: vec![value] }),
        }
    }
    let mut checkins_of: HashMap<i64, Vec<String>> = HashMap::new();
    for (id, scope) in checkins {
        checkins_of.entry(id).or_default().push(scope);
    }

    let mut out: Vec<Registration> = rows
        .into_iter()
        .map(|r| {
            let status = RegistrationStatus::parse(&r.status).unwrap_or(RegistrationStatus::Pending);
            let mut days = days_of.remove(&r.id).unwrap_or_default();
            days.sort();
            let mut checked_in = checkins_of.remove(&r.id).unwrap_or_default();
            checked_in.sort();
            let mut sessions = classes_of.remove(&r.id).unwrap_or_default();
            sessions.sort_by(|a, b| a.uid.cmp(&b.uid));
            Registration {
                id: r.id,
                code: r.code,
                status,
                status_reason: r.status_reason,
                waiting_position: if status == RegistrationStatus::Waiting { r.waiting_position } else { None },
                name: PersonName { family: r.family_name, middle: r.middle_name, given: r.given_name },
                gender: r.gender,
                position_title: r.position_title,
                unit_id: r.unit_id,
                organization: r.unit_name.unwrap_or(r.organization),
                admin_unit_code: r.admin_unit_code,
                admin_unit_name: r.admin_unit_name.unwrap_or_default(),
                phone: r.phone,
                email: r.email,
                days,
                sessions,
                accommodation: r.accommodation,
                dietary: r.dietary,
                answers: answers_of.remove(&r.id).unwrap_or_default(),
                checked_in,
                created_at: r.created_at,
                updated_at: r.updated_at,
                source: r.source,
                badge_role: hoinghi_domain::registration::BadgeRole::parse(&r.badge_role),
            }
        })
        .collect();
    out.sort_by(|a, b| crate::collation::compare_names(&a.name, &b.name).then(a.id.cmp(&b.id)));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_easy_to_type_back() {
        let code = new_code();
        assert_eq!(code.len(), 11);
        assert_eq!(normalize_code(&code.to_lowercase().replace('-', " ")), code);
        assert_eq!(normalize_code("k7q4m-2xab9"), "K7Q4M-2XAB9");
        assert_eq!(normalize_code("O0IL1-22222"), "00111-22222");
    }
}
