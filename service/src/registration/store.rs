//! Reading and recording registrations: who acted, the history, check-in codes, and loading
//! registrations with their days, classes, answers and check-ins in a few queries (lists are long).

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
    badge_role: String,
}

/// Loads the registrations of a conference (all, or the given ids), in Vietnamese name order.
pub(crate) async fn load(
    conn: &mut AnyConnection,
    conference_id: i64,
    only: Option<&[i64]>,
) -> Result<Vec<Registration>> {
    let filter = |alias: &str| match only {
        Some(ids) if !ids.is_empty() => {
            format!(" AND {alias}id IN ({})", ids.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(","))
        }
        Some(_) => " AND 1 = 0".to_string(),
        None => String::new(),
    };
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT r.id, r.code, r.status, r.status_reason, r.family_name, r.middle_name, r.given_name, \
         r.gender, r.position_title, r.unit_id, r.organization, u.name AS unit_name, r.admin_unit_code, \
         (SELECT a.name FROM admin_units a WHERE a.code = r.admin_unit_code ORDER BY a.valid_from DESC LIMIT 1) AS admin_unit_name, \
         r.phone, r.email, r.accommodation, r.dietary, r.created_at, r.updated_at, r.source, r.badge_role \
         FROM registrations r LEFT JOIN units u ON u.id = r.unit_id WHERE r.conference_id = $1{}",
        filter("r.")
    ))
    .bind(conference_id)
    .fetch_all(&mut *conn)
    .await?;
    let in_conference = |table: &str| {
        format!(
            "SELECT x.* FROM {table} x JOIN registrations r ON r.id = x.registration_id WHERE r.conference_id = $1{}",
            filter("r.")
        )
    };
    let days: Vec<(i64, String)> =
        sqlx::query_as(&in_conference("registration_days").replace("x.*", "x.registration_id, x.day"))
            .bind(conference_id)
            .fetch_all(&mut *conn)
            .await?;
    let classes: Vec<(i64, String, String, i64)> = sqlx::query_as(
        &in_conference("registration_sessions")
            .replace("x.*", "x.registration_id, x.session_uid, x.status, x.waitlisted_at"),
    )
    .bind(conference_id)
    .fetch_all(&mut *conn)
    .await?;
    let answers: Vec<(i64, i64, String, String)> = sqlx::query_as(&format!(
        "SELECT x.registration_id, x.question_id, q.label, x.value FROM registration_answers x \
         JOIN registrations r ON r.id = x.registration_id JOIN registration_questions q ON q.id = x.question_id \
         WHERE r.conference_id = $1{} ORDER BY q.position, q.id, x.value",
        filter("r.")
    ))
    .bind(conference_id)
    .fetch_all(&mut *conn)
    .await?;
    let checkins: Vec<(i64, String)> =
        sqlx::query_as(&in_conference("checkins").replace("x.*", "x.registration_id, x.scope"))
            .bind(conference_id)
            .fetch_all(&mut *conn)
            .await?;

    // Waiting positions count everyone waiting in the conference, not only the loaded ones.
    let queue: Vec<(i64,)> = sqlx::query_as(
        "SELECT id FROM registrations WHERE conference_id = $1 AND status = 'waiting' ORDER BY waitlisted_at, id",
    )
    .bind(conference_id)
    .fetch_all(&mut *conn)
    .await?;
    let queue_position: HashMap<i64, i64> = queue.iter().enumerate().map(|(i, (id,))| (*id, i as i64 + 1)).collect();
    let class_queue: Vec<(i64, String)> = sqlx::query_as(
        "SELECT rs.registration_id, rs.session_uid FROM registration_sessions rs JOIN registrations r ON r.id = rs.registration_id \
         WHERE r.conference_id = $1 AND rs.status = 'waiting' AND r.status = 'confirmed' ORDER BY rs.waitlisted_at, rs.registration_id",
    )
    .bind(conference_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut class_position: HashMap<(i64, String), i64> = HashMap::new();
    let mut per_class: HashMap<String, i64> = HashMap::new();
    for (id, uid) in class_queue {
        let n = per_class.entry(uid.clone()).or_insert(0);
        *n += 1;
        class_position.insert((id, uid), *n);
    }

    let titles: HashMap<String, String> = latest_snapshot(conn, conference_id)
        .await?
        .map(|s| s.sessions.into_iter().map(|x| (x.uid, x.title)).collect())
        .unwrap_or_default();

    let mut days_of: HashMap<i64, Vec<chrono::NaiveDate>> = HashMap::new();
    for (id, day) in days {
        if let Ok(d) = day.parse() {
            days_of.entry(id).or_default().push(d);
        }
    }
    let mut classes_of: HashMap<i64, Vec<SessionChoice>> = HashMap::new();
    let registration_confirmed: std::collections::HashSet<i64> =
        rows.iter().filter(|r| r.status == "confirmed").map(|r| r.id).collect();
    for (id, uid, status, _) in classes {
        // A class seat is held only while the registration itself is confirmed.
        let confirmed = status == "confirmed" && registration_confirmed.contains(&id);
        let waiting_position = if confirmed { None } else { class_position.get(&(id, uid.clone())).copied() };
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
            Registration {
                id: r.id,
                code: r.code,
                status,
                status_reason: r.status_reason,
                waiting_position: (status == RegistrationStatus::Waiting)
                    .then(|| queue_position.get(&r.id).copied())
                    .flatten(),
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
                sessions: classes_of.remove(&r.id).unwrap_or_default(),
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
