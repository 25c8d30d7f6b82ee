//! A delegate's own agenda: which published sessions are theirs. One rule for the private page, the
//! personal calendar feed and the invitation mailed with the confirmation.
//!
//! Theirs are: plenary sessions on the days they come (all days when they chose none), the classes they
//! chose (tentative while they wait for a seat), and every session they chair, present or speak in
//! (matched by email with the agenda's people), whatever the day.

use crate::error::Result;
use chrono::NaiveDate;
use hoinghi_domain::agenda::PublishedSession;
use sqlx::AnyConnection;

/// What the rule needs to know of one registration.
#[derive(Clone, Debug, Default)]
pub struct Attendance {
    pub days: Vec<NaiveDate>,
    /// Chosen classes: uid and whether the seat is confirmed (false: waiting).
    pub classes: Vec<(String, bool)>,
    /// The agenda's people who are this delegate.
    pub person_ids: Vec<i64>,
}

/// Whether the session is the delegate's: `Some(true)` confirmed, `Some(false)` tentative (waiting).
pub fn includes(a: &Attendance, s: &PublishedSession, day: NaiveDate) -> Option<bool> {
    if s.people.iter().any(|(id, _)| a.person_ids.contains(id)) {
        return Some(true);
    }
    if let Some((_, confirmed)) = a.classes.iter().find(|(uid, _)| *uid == s.uid) {
        return Some(*confirmed);
    }
    (s.plenary && (a.days.is_empty() || a.days.contains(&day))).then_some(true)
}

/// Loads the attendance of registration `id`.
pub async fn attendance(conn: &mut AnyConnection, id: i64) -> Result<Attendance> {
    let days: Vec<(String,)> = sqlx::query_as("SELECT day FROM registration_days WHERE registration_id = $1")
        .bind(id)
        .fetch_all(&mut *conn)
        .await?;
    let classes: Vec<(String, String)> =
        sqlx::query_as("SELECT session_uid, status FROM registration_sessions WHERE registration_id = $1")
            .bind(id)
            .fetch_all(&mut *conn)
            .await?;
    let people: Vec<(i64,)> = sqlx::query_as(
        "SELECT p.id FROM people p JOIN registrations r ON r.conference_id = p.conference_id \
         WHERE r.id = $1 AND r.email_key <> '' AND LOWER(p.email) = LOWER(r.email)",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(Attendance {
        days: days.into_iter().filter_map(|(d,)| d.parse().ok()).collect(),
        classes: classes.into_iter().map(|(uid, status)| (uid, status == "confirmed")).collect(),
        person_ids: people.into_iter().map(|(id,)| id).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use hoinghi_domain::agenda::SessionKind;
    use hoinghi_domain::people::PersonRole;

    fn session(uid: &str, plenary: bool, people: Vec<i64>) -> PublishedSession {
        PublishedSession {
            uid: uid.into(),
            sequence: 0,
            last_modified: 0,
            kind: SessionKind::Report,
            title: uid.into(),
            description: String::new(),
            starts_at: 0,
            ends_at: 1,
            room_id: None,
            track_id: None,
            capacity: None,
            plenary,
            cancelled: false,
            people: people.into_iter().map(|id| (id, PersonRole::Speaker)).collect(),
            materials: vec![],
        }
    }

    #[test]
    fn plenaries_on_chosen_days_classes_by_seat_and_roles_on_any_day() {
        let d1: NaiveDate = "2026-03-12".parse().unwrap();
        let d2: NaiveDate = "2026-03-13".parse().unwrap();
        let a = Attendance {
            days: vec![d1],
            classes: vec![("class-a".into(), true), ("class-b".into(), false)],
            person_ids: vec![9],
        };
        assert_eq!(includes(&a, &session("plenary", true, vec![]), d1), Some(true));
        assert_eq!(includes(&a, &session("plenary-2", true, vec![]), d2), None);
        assert_eq!(includes(&a, &session("class-a", false, vec![]), d2), Some(true));
        assert_eq!(includes(&a, &session("class-b", false, vec![]), d1), Some(false));
        assert_eq!(includes(&a, &session("other", false, vec![]), d1), None);
        assert_eq!(includes(&a, &session("speaks", false, vec![3, 9]), d2), Some(true));
        let all_days = Attendance::default();
        assert_eq!(includes(&all_days, &session("plenary-2", true, vec![]), d2), Some(true));
    }
}
