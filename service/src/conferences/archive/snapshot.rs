//! Ids inside published agenda versions. A version is a frozen JSON snapshot that names rooms, tracks,
//! people, materials and (for files stored before files had keys) files by id; the archive writes those
//! as archive numbers, and the import writes them back as the new ids, so the latest version still
//! matches the draft (no spurious "unpublished changes") and the public pages' links still work.
//!
//! A version may name a row that no longer exists (a person deleted after publishing still appears in
//! that version). Such a "ghost" gets a negative number, -1, -2, … in the order ghosts first appear
//! (versions by number, then rooms, tracks, people, sessions, removed sessions), and is imported as that
//! negative id, which no row ever has. Exporting the imported conference numbers them alike, so the
//! archive comes back the same.

use hoinghi_domain::agenda::{AgendaSnapshot, Material, PublishedSession};
use std::collections::HashMap;

/// The kinds of ids a snapshot holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) enum Target {
    Room,
    Track,
    Person,
    Material,
    File,
}

impl Target {
    pub fn table(self) -> &'static str {
        match self {
            Target::Room => "rooms",
            Target::Track => "tracks",
            Target::Person => "people",
            Target::Material => "session_materials",
            Target::File => "files",
        }
    }
}

/// Visits every id of a snapshot in a fixed order, letting `f` replace it.
pub(super) fn visit(
    s: &mut AgendaSnapshot,
    f: &mut dyn FnMut(Target, i64) -> Result<i64, String>,
) -> Result<(), String> {
    for r in &mut s.rooms {
        r.id = f(Target::Room, r.id)?;
    }
    for t in &mut s.tracks {
        t.id = f(Target::Track, t.id)?;
    }
    for p in &mut s.people {
        p.id = f(Target::Person, p.id)?;
        if let Some(url) = &mut p.photo_url {
            *url = file_url(url, f)?;
        }
    }
    for session in s.sessions.iter_mut().chain(s.removed.iter_mut()) {
        visit_session(session, f)?;
    }
    Ok(())
}

fn visit_session(
    s: &mut PublishedSession,
    f: &mut dyn FnMut(Target, i64) -> Result<i64, String>,
) -> Result<(), String> {
    if let Some(id) = &mut s.room_id {
        *id = f(Target::Room, *id)?;
    }
    if let Some(id) = &mut s.track_id {
        *id = f(Target::Track, *id)?;
    }
    for (id, _) in &mut s.people {
        *id = f(Target::Person, *id)?;
    }
    for m in &mut s.materials {
        material(m, f)?;
    }
    Ok(())
}

fn material(m: &mut Material, f: &mut dyn FnMut(Target, i64) -> Result<i64, String>) -> Result<(), String> {
    m.id = f(Target::Material, m.id)?;
    if m.uploaded {
        m.url = file_url(&m.url, f)?;
    }
    Ok(())
}

/// `/files/<id>/<name>` of a file stored before files had keys: the id is mapped like any other. Addresses
/// with a key (`/files/<key>/<name>`) keep the key, which the archive keeps too.
fn file_url(url: &str, f: &mut dyn FnMut(Target, i64) -> Result<i64, String>) -> Result<String, String> {
    let Some(rest) = url.strip_prefix("/files/") else { return Ok(url.to_string()) };
    let (handle, name) = rest.split_once('/').unwrap_or((rest, ""));
    match handle.parse::<i64>() {
        Ok(id) if handle.bytes().all(|b| b.is_ascii_digit() || b == b'-') => {
            Ok(format!("/files/{}/{name}", f(Target::File, id)?))
        }
        _ => Ok(url.to_string()),
    }
}

/// Database ids → archive numbers for one conference's snapshots, ghosts included.
pub(super) struct ToArchive<'a> {
    /// Per target table: id → archive number.
    pub numbers: &'a HashMap<&'static str, HashMap<i64, i64>>,
    ghosts: HashMap<(Target, i64), i64>,
    next_ghost: HashMap<Target, i64>,
}

impl<'a> ToArchive<'a> {
    pub fn new(numbers: &'a HashMap<&'static str, HashMap<i64, i64>>) -> Self {
        ToArchive { numbers, ghosts: HashMap::new(), next_ghost: HashMap::new() }
    }

    /// Rewrites a snapshot's ids as archive numbers. Snapshots must come in version order.
    pub fn rewrite(&mut self, s: &mut AgendaSnapshot) {
        let _ = visit(s, &mut |target, id| {
            if let Some(n) = self.numbers.get(target.table()).and_then(|m| m.get(&id)) {
                return Ok(*n);
            }
            let next = self.next_ghost.entry(target).or_insert(0);
            Ok(*self.ghosts.entry((target, id)).or_insert_with(|| {
                *next -= 1;
                *next
            }))
        });
    }
}

/// Archive numbers → new database ids. A positive number must name an imported row; a negative one (a
/// ghost) stays as it is.
pub(super) fn to_database(
    s: &mut AgendaSnapshot,
    ids: &HashMap<&'static str, HashMap<i64, i64>>,
) -> Result<(), String> {
    visit(s, &mut |target, n| {
        if n < 0 {
            return Ok(n);
        }
        ids.get(target.table()).and_then(|m| m.get(&n)).copied().ok_or_else(|| format!("{} {n}", target.table()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use hoinghi_domain::agenda::{PublishedPerson, Room};
    use hoinghi_domain::people::PersonRole;

    fn snapshot() -> AgendaSnapshot {
        let session = PublishedSession {
            uid: "u".into(),
            sequence: 0,
            last_modified: 0,
            kind: hoinghi_domain::agenda::SessionKind::Report,
            title: "Báo cáo".into(),
            description: String::new(),
            starts_at: 0,
            ends_at: 60,
            room_id: Some(10),
            track_id: None,
            capacity: None,
            plenary: false,
            cancelled: false,
            people: vec![(7, PersonRole::Chair), (99, PersonRole::Speaker)],
            materials: vec![
                Material { id: 5, title: "a".into(), url: "/files/3/a.pdf".into(), uploaded: true },
                Material { id: 6, title: "b".into(), url: "/files/Xk9q/b.pdf".into(), uploaded: true },
                Material { id: 8, title: "c".into(), url: "https://x.vn/3".into(), uploaded: false },
            ],
        };
        AgendaSnapshot {
            number: 1,
            published_at: 0,
            rooms: vec![Room { id: 10, name: "A".into(), capacity: None, position: 0 }],
            tracks: vec![],
            people: vec![PublishedPerson {
                id: 99,
                name: hoinghi_domain::text::PersonName::new("Lê", "", "Mai"),
                honorific: String::new(),
                position_title: String::new(),
                organization: String::new(),
                biography: String::new(),
                photo_url: None,
            }],
            sessions: vec![session],
            removed: vec![],
        }
    }

    #[test]
    fn ids_become_numbers_ghosts_negative_and_back() {
        let numbers: HashMap<&'static str, HashMap<i64, i64>> = HashMap::from([
            ("rooms", HashMap::from([(10, 1)])),
            ("people", HashMap::from([(7, 1)])),
            ("session_materials", HashMap::from([(5, 1), (6, 2), (8, 3)])),
            ("files", HashMap::from([(3, 1)])),
        ]);
        let mut s = snapshot();
        ToArchive::new(&numbers).rewrite(&mut s);
        assert_eq!(s.rooms[0].id, 1);
        assert_eq!(s.people[0].id, -1, "person 99 was deleted: a ghost");
        assert_eq!(s.sessions[0].people, vec![(1, PersonRole::Chair), (-1, PersonRole::Speaker)]);
        assert_eq!(s.sessions[0].materials[0].url, "/files/1/a.pdf", "a file without a key");
        assert_eq!(s.sessions[0].materials[1].url, "/files/Xk9q/b.pdf", "a key stays");
        assert_eq!(s.sessions[0].materials[2].url, "https://x.vn/3", "links are not files");

        let new_ids: HashMap<&'static str, HashMap<i64, i64>> = HashMap::from([
            ("rooms", HashMap::from([(1, 501)])),
            ("people", HashMap::from([(1, 601)])),
            ("session_materials", HashMap::from([(1, 701), (2, 702), (3, 703)])),
            ("files", HashMap::from([(1, 801)])),
        ]);
        to_database(&mut s, &new_ids).unwrap();
        assert_eq!(s.sessions[0].room_id, Some(501));
        assert_eq!(s.sessions[0].people, vec![(601, PersonRole::Chair), (-1, PersonRole::Speaker)]);
        assert_eq!(s.sessions[0].materials[0].url, "/files/801/a.pdf");
        assert_eq!(to_database(&mut snapshot(), &HashMap::new()), Err("rooms 10".into()));
    }
}
