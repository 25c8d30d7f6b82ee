//! Things in a draft agenda worth a second look: two sessions in one room at once, one person in two
//! places at once, sessions on days the conference does not have, and sessions during a break.
//! Warnings, not errors: organizers may mean it (a chair who opens two rooms back to back).

use super::clock::ConferenceClock;
use hoinghi_domain::agenda::{Conflict, Room, Session, SessionKind, SessionPerson};

fn overlaps(a: &Session, b: &Session) -> bool {
    a.starts_at < b.ends_at && b.starts_at < a.ends_at
}

/// A break stops the sessions of its track, or every session if it has no track, and anything in its room.
fn interrupted_by(session: &Session, pause: &Session) -> bool {
    pause.kind == SessionKind::Break
        && session.kind != SessionKind::Break
        && overlaps(session, pause)
        && (pause.track_id.is_none()
            || pause.track_id == session.track_id
            || (pause.room_id.is_some() && pause.room_id == session.room_id))
}

pub fn find(sessions: &[Session], rooms: &[Room], clock: &ConferenceClock) -> Vec<Conflict> {
    let room_name = |id: i64| rooms.iter().find(|r| r.id == id).map(|r| r.name.clone()).unwrap_or_default();
    let mut active: Vec<&Session> = sessions.iter().filter(|s| !s.cancelled).collect();
    active.sort_by_key(|s| (s.starts_at, s.id));
    let mut found = Vec::new();

    for s in sessions {
        if !clock.is_conference_day(s.day) {
            found.push(Conflict::OutsideDates { session: s.title.clone(), session_id: s.id });
        }
    }
    // Sweep in start order: only sessions that start before `a` ends can overlap it.
    for (i, a) in active.iter().enumerate() {
        for b in active[i + 1..].iter().take_while(|b| b.starts_at < a.ends_at) {
            if !overlaps(a, b) {
                continue;
            }
            let (first, second) = (a.title.clone(), b.title.clone());
            if let (Some(ra), Some(rb)) = (a.room_id, b.room_id)
                && ra == rb
                && a.kind != SessionKind::Break
                && b.kind != SessionKind::Break
            {
                found.push(Conflict::Room {
                    room: room_name(ra),
                    first: first.clone(),
                    second: second.clone(),
                    first_id: a.id,
                    second_id: b.id,
                });
            }
            // A person with two roles in one session is still one person.
            let mut shared: Vec<&SessionPerson> =
                a.people.iter().filter(|pa| b.people.iter().any(|pb| pb.person.id == pa.person.id)).collect();
            shared.sort_by_key(|p| p.person.id);
            shared.dedup_by_key(|p| p.person.id);
            for p in shared {
                found.push(Conflict::Person {
                    person: p.person.display_name.clone(),
                    first: first.clone(),
                    second: second.clone(),
                    first_id: a.id,
                    second_id: b.id,
                });
            }
            for (session, pause) in [(a, b), (b, a)] {
                if interrupted_by(session, pause) {
                    found.push(Conflict::DuringBreak {
                        session: session.title.clone(),
                        session_id: session.id,
                        break_title: pause.title.clone(),
                    });
                }
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveDate, NaiveTime};
    use hoinghi_domain::people::{PersonRole, PersonSummary};

    fn clock() -> ConferenceClock {
        ConferenceClock {
            tz: chrono_tz::Asia::Ho_Chi_Minh,
            starts_on: NaiveDate::from_ymd_opt(2017, 9, 18).unwrap(),
            ends_on: NaiveDate::from_ymd_opt(2017, 9, 19).unwrap(),
        }
    }

    fn session(
        id: i64,
        kind: SessionKind,
        from: i64,
        to: i64,
        room: Option<i64>,
        track: Option<i64>,
        people: &[i64],
    ) -> Session {
        let c = clock();
        let base = c
            .instant(NaiveDate::from_ymd_opt(2017, 9, 18).unwrap(), NaiveTime::from_hms_opt(0, 0, 0).unwrap())
            .unwrap();
        let (starts_at, ends_at) = (base + from * 60, base + to * 60);
        Session {
            id,
            uid: id.to_string(),
            kind,
            title: format!("S{id}"),
            description: String::new(),
            starts_at,
            ends_at,
            day: c.local(starts_at).date(),
            start: c.local(starts_at).time(),
            end: c.local(ends_at).time(),
            room_id: room,
            track_id: track,
            capacity: None,
            plenary: false,
            cancelled: false,
            people: people
                .iter()
                .map(|p| SessionPerson {
                    person: PersonSummary {
                        id: *p,
                        display_name: format!("P{p}"),
                        honorific: String::new(),
                        position_title: String::new(),
                    },
                    role: PersonRole::Speaker,
                })
                .collect(),
            materials: vec![],
        }
    }

    #[test]
    fn rooms_people_breaks_and_dates() {
        let rooms = vec![Room { id: 1, name: "Hội trường A".into(), capacity: None, position: 1 }];
        let sessions = vec![
            session(1, SessionKind::Report, 8 * 60, 9 * 60, Some(1), Some(1), &[7]),
            session(2, SessionKind::Training, 8 * 60 + 30, 10 * 60, Some(1), Some(2), &[]), // same room
            session(3, SessionKind::Speech, 8 * 60 + 45, 9 * 60 + 15, None, Some(2), &[7]), // person 7 twice
            session(4, SessionKind::Break, 9 * 60 + 30, 9 * 60 + 45, None, None, &[]),      // plenary break
            session(5, SessionKind::Report, 9 * 60, 10 * 60, None, Some(1), &[]),           // touches S1, no overlap
            session(6, SessionKind::Report, 60 * 24 * 3, 60 * 24 * 3 + 30, None, None, &[]), // 21/9: outside
        ];
        let found = find(&sessions, &rooms, &clock());
        let has = |pred: &dyn Fn(&Conflict) -> bool| found.iter().any(pred);
        assert!(has(
            &|c| matches!(c, Conflict::Room { first_id: 1, second_id: 2, room, .. } if room == "Hội trường A")
        ));
        assert!(has(&|c| matches!(c, Conflict::Person { first_id: 1, second_id: 3, person, .. } if person == "P7")));
        assert!(has(&|c| matches!(c, Conflict::DuringBreak { session_id: 2, .. })));
        assert!(has(&|c| matches!(c, Conflict::DuringBreak { session_id: 5, .. })));
        assert!(has(&|c| matches!(c, Conflict::OutsideDates { session_id: 6, .. })));
        // Back-to-back sessions (S1 ends as S5 starts) do not clash.
        assert!(!has(&|c| c.session_ids() == vec![1, 5]));
        assert_eq!(found.len(), 5, "{found:#?}");
    }

    #[test]
    fn cancelled_sessions_clash_with_nothing() {
        let mut a = session(1, SessionKind::Report, 0, 60, Some(1), None, &[1]);
        let b = session(2, SessionKind::Report, 0, 60, Some(1), None, &[1]);
        a.cancelled = true;
        assert!(find(&[a, b], &[], &clock()).is_empty());
    }
}
