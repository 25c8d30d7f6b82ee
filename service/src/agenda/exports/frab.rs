//! frab-compatible schedules: `schedule.xml` (read by Giggity, ConfClerk, EventFahrplan and others) and
//! its JSON twin. Built from the latest published version only, and valid against the schemas the
//! c3voc project keeps for the format (voc/schedule's `schedule.xml.xsd` and `schema.json`, shipped in
//! `tests/data/` and checked by the tests).
//!
//! What the schemas ask of names: the conference acronym is the slug with `_` for `-` (the JSON schema
//! allows a hyphen only first), with the start year added when that is shorter than four characters; an
//! event's slug is the acronym, a hyphen and the event's number (`[a-z0-9_]{4,}-[a-z0-9-_]{4,}`). Rooms get
//! a stable guid from the conference slug and the room's name. Every address is written as a URI (non-ASCII
//! characters percent-encoded).
//!
//! What the apps read (Giggity's `PentabarfParser`, ConfClerk's `ScheduleXmlParser`): the conference's
//! title, start, end, days and timeslot_duration; each day's `date`; each room's `name`; each event's
//! `id`, start, duration, room, title, subtitle, track, type, language, abstract, description, persons
//! (`id` and name) and links (`href` and title). All are written. ConfClerk also looks for `venue`,
//! `city`, `day_change` and a conference `subtitle`, which the XSD does not allow; it stores them empty.
//! Giggity's day starts at 06:00 without `day_change`, which suits daytime conferences.
//!
//! frab has no notion of a cancelled event: cancelled sessions stay, with "[ĐÃ HỦY]" before the title
//! and type `cancelled`, so apps show the news instead of silently dropping the slot. frab wants every
//! event in a room; sessions without one go to a room named after the venue.

use crate::agenda::public::resolve;
use chrono::{Datelike, NaiveDate, TimeZone};
use hoinghi_domain::agenda::{AgendaSnapshot, PublicAgenda, PublicSession};
use hoinghi_domain::conference::Conference;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::fmt::Write;

const CANCELLED_PREFIX: &str = "[ĐÃ HỦY] ";
/// Where the JSON schema the document follows is published.
const JSON_SCHEMA: &str = "https://c3voc.de/schedule/schema.json";

/// A stable numeric id for frab's `id` attribute (apps key favourites on it): from the session's uid.
/// Never 0: the schemas want a positive integer.
fn numeric_id(uid: &str) -> u32 {
    let hex: String = uid.chars().filter(char::is_ascii_hexdigit).take(8).collect();
    match u32::from_str_radix(&hex, 16).unwrap_or(0) & 0x7fff_ffff {
        0 => 0x7fff_ffff,
        id => id,
    }
}

/// The conference's acronym: `[a-z0-9_]`, at least four characters.
fn acronym(conference: &Conference) -> String {
    let a = conference.slug.replace('-', "_");
    if a.len() >= 4 { a } else { format!("{a}_{}", conference.starts_on.year()) }
}

/// An event's slug: `<acronym>-<number>`, the number with at least four digits.
fn event_slug(acronym: &str, uid: &str) -> String {
    format!("{acronym}-{:04}", numeric_id(uid))
}

/// A stable UUID (version 8) for a room of a conference, from the slug and the room's name.
fn room_guid(conference: &Conference, room: &str) -> String {
    let digest = Sha256::digest(format!("hoinghi/room/{}/{room}", conference.slug).as_bytes());
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    uuid::Builder::from_custom_bytes(bytes).into_uuid().to_string()
}

/// An address as a URI: bytes outside RFC 3986's characters (spaces, non-ASCII letters) percent-encoded,
/// and a `%` that starts no escape encoded too.
fn uri(address: &str) -> String {
    let bytes = address.as_bytes();
    let mut out = String::with_capacity(address.len());
    for (i, &b) in bytes.iter().enumerate() {
        let escape_start = b == b'%'
            && bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
            && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit);
        if b.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&'()*+,;=".contains(&b) || escape_start {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

// Attribute escaping everywhere: it is also correct for element text.
use hoinghi_domain::html::escape_attr as escape;

fn duration(s: &PublicSession) -> String {
    let minutes = (s.ends_at - s.starts_at) / 60;
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

fn room_name(s: &PublicSession, fallback: &str) -> String {
    s.room.as_ref().map(|r| r.name.clone()).unwrap_or_else(|| fallback.to_string())
}

fn title(s: &PublicSession) -> String {
    if s.cancelled { format!("{CANCELLED_PREFIX}{}", s.title) } else { s.title.clone() }
}

fn kind(s: &PublicSession) -> &'static str {
    if s.cancelled { "cancelled" } else { s.kind.as_str() }
}

fn local_iso(t: i64, tz: &chrono_tz::Tz) -> String {
    chrono::DateTime::from_timestamp(t, 0).unwrap_or_default().with_timezone(tz).to_rfc3339()
}

/// When a day's programme starts and ends (local time with its offset): its first start and last end, or
/// the whole day when it has no session.
fn day_bounds(agenda: &PublicAgenda, day: NaiveDate, tz: &chrono_tz::Tz) -> (String, String) {
    let of_day = agenda.sessions.iter().filter(|s| s.day == day);
    let start = of_day.clone().map(|s| s.starts_at).min();
    let end = of_day.map(|s| s.ends_at).max();
    let local = |h: u32, m: u32| {
        let naive = day.and_hms_opt(h, m, 0).unwrap_or_default();
        tz.from_local_datetime(&naive).earliest().map(|t| t.to_rfc3339()).unwrap_or_else(|| format!("{naive}Z"))
    };
    (
        start.map(|t| local_iso(t, tz)).unwrap_or_else(|| local(0, 0)),
        end.map(|t| local_iso(t, tz)).unwrap_or_else(|| local(23, 59)),
    )
}

/// The room names of the schedule in order, with the venue room for sessions without one.
fn room_order(agenda: &PublicAgenda, fallback: &str) -> Vec<String> {
    let mut names: Vec<String> = agenda.rooms.iter().map(|r| r.name.clone()).collect();
    if agenda.sessions.iter().any(|s| s.room.is_none()) && !names.iter().any(|n| n == fallback) {
        names.insert(0, fallback.to_string());
    }
    names
}

fn venue_room(conference: &Conference) -> String {
    if conference.venue_name.is_empty() { conference.title.clone() } else { conference.venue_name.clone() }
}

fn time_zone(conference: &Conference) -> chrono_tz::Tz {
    conference.time_zone.parse().unwrap_or(chrono_tz::Asia::Ho_Chi_Minh)
}

pub fn frab_xml(conference: &Conference, snapshot: &AgendaSnapshot, public_url: &str) -> String {
    let agenda = resolve(snapshot, conference);
    let tz = time_zone(conference);
    let page = uri(&format!("{public_url}/c/{}", conference.slug));
    let base = format!("{page}/");
    let acronym = acronym(conference);
    let fallback = venue_room(conference);
    let mut x = String::with_capacity(64 * 1024);
    let _ = writeln!(x, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    let _ = writeln!(x, "<schedule>");
    let _ = writeln!(x, "  <generator name=\"hoinghi\" version=\"{}\"/>", env!("CARGO_PKG_VERSION"));
    let _ = writeln!(x, "  <url>{}</url>", escape(&format!("{base}schedule.xml")));
    let _ = writeln!(x, "  <version>{}</version>", agenda.version);
    let _ = writeln!(x, "  <conference>");
    let _ = writeln!(x, "    <acronym>{}</acronym>", escape(&acronym));
    let _ = writeln!(x, "    <title>{}</title>", escape(&conference.title));
    let _ = writeln!(x, "    <start>{}</start>", conference.starts_on);
    let _ = writeln!(x, "    <end>{}</end>", conference.ends_on);
    let _ = writeln!(x, "    <days>{}</days>", agenda.days.len());
    let _ = writeln!(x, "    <timeslot_duration>00:05</timeslot_duration>");
    let _ = writeln!(x, "    <base_url>{}</base_url>", escape(&base));
    let _ = writeln!(x, "    <url>{}</url>", escape(&page));
    let _ = writeln!(x, "    <time_zone_name>{}</time_zone_name>", escape(&conference.time_zone));
    for t in &agenda.tracks {
        let _ = writeln!(x, "    <track name=\"{}\" color=\"{}\"/>", escape(&t.name), escape(&t.color));
    }
    let _ = writeln!(x, "  </conference>");
    for (index, day) in agenda.days.iter().enumerate() {
        let of_day: Vec<&PublicSession> = agenda.sessions.iter().filter(|s| s.day == *day).collect();
        let (start, end) = day_bounds(&agenda, *day, &tz);
        let _ = writeln!(x, "  <day index=\"{}\" date=\"{day}\" start=\"{start}\" end=\"{end}\">", index + 1);
        for room in room_order(&agenda, &fallback) {
            let in_room: Vec<&&PublicSession> = of_day.iter().filter(|s| room_name(s, &fallback) == room).collect();
            if in_room.is_empty() {
                continue;
            }
            let _ = writeln!(x, "    <room name=\"{}\" guid=\"{}\">", escape(&room), room_guid(conference, &room));
            for s in in_room {
                let _ = writeln!(x, "      <event guid=\"{}\" id=\"{}\">", escape(&s.uid), numeric_id(&s.uid));
                let _ = writeln!(x, "        <date>{}</date>", local_iso(s.starts_at, &tz));
                let _ = writeln!(x, "        <start>{}</start>", hoinghi_domain::time::clock(s.start));
                let _ = writeln!(x, "        <duration>{}</duration>", duration(s));
                let _ = writeln!(x, "        <room>{}</room>", escape(&room));
                let _ = writeln!(x, "        <slug>{}</slug>", escape(&event_slug(&acronym, &s.uid)));
                let _ = writeln!(x, "        <url>{}</url>", escape(&uri(&format!("{base}sessions/{}", s.uid))));
                let _ = writeln!(x, "        <title>{}</title>", escape(&title(s)));
                let _ = writeln!(x, "        <subtitle></subtitle>");
                let _ = writeln!(
                    x,
                    "        <track>{}</track>",
                    escape(&s.track.as_ref().map(|t| t.name.clone()).unwrap_or_default())
                );
                let _ = writeln!(x, "        <type>{}</type>", kind(s));
                let _ = writeln!(x, "        <language>vi</language>");
                let _ = writeln!(x, "        <abstract></abstract>");
                let _ = writeln!(x, "        <description>{}</description>", escape(&s.description));
                let _ = writeln!(x, "        <persons>");
                for p in &s.people {
                    let _ = writeln!(x, "          <person id=\"{}\">{}</person>", p.id, escape(&p.display_name));
                }
                let _ = writeln!(x, "        </persons>");
                let _ = writeln!(x, "        <links>");
                for m in s.materials.iter().filter(|m| !m.uploaded) {
                    let _ =
                        writeln!(x, "          <link href=\"{}\">{}</link>", escape(&uri(&m.url)), escape(&m.title));
                }
                let _ = writeln!(x, "        </links>");
                let _ = writeln!(x, "        <attachments>");
                for m in s.materials.iter().filter(|m| m.uploaded) {
                    let href = uri(&format!("{public_url}{}", m.url));
                    let _ = writeln!(
                        x,
                        "          <attachment href=\"{}\">{}</attachment>",
                        escape(&href),
                        escape(&m.title)
                    );
                }
                let _ = writeln!(x, "        </attachments>");
                let _ = writeln!(x, "      </event>");
            }
            let _ = writeln!(x, "    </room>");
        }
        let _ = writeln!(x, "  </day>");
    }
    let _ = writeln!(x, "</schedule>");
    x
}

/// The same schedule as frab's JSON (`schedule.json`).
pub fn frab_json(conference: &Conference, snapshot: &AgendaSnapshot, public_url: &str) -> Value {
    let agenda = resolve(snapshot, conference);
    let tz = time_zone(conference);
    let page = uri(&format!("{public_url}/c/{}", conference.slug));
    let base = format!("{page}/");
    let acronym = acronym(conference);
    let fallback = venue_room(conference);
    let rooms = room_order(&agenda, &fallback);
    let days: Vec<Value> = agenda
        .days
        .iter()
        .enumerate()
        .map(|(index, day)| {
            let mut by_room = serde_json::Map::new();
            for room in &rooms {
                let events: Vec<Value> = agenda
                    .sessions
                    .iter()
                    .filter(|s| s.day == *day && room_name(s, &fallback) == *room)
                    .map(|s| {
                        json!({
                            "guid": s.uid,
                            "id": numeric_id(&s.uid),
                            "date": local_iso(s.starts_at, &tz),
                            "end": local_iso(s.ends_at, &tz),
                            "start": hoinghi_domain::time::clock(s.start),
                            "duration": duration(s),
                            "room": room,
                            "slug": event_slug(&acronym, &s.uid),
                            "url": uri(&format!("{base}sessions/{}", s.uid)),
                            "title": title(s),
                            "subtitle": "",
                            "track": s.track.as_ref().map(|t| t.name.clone()),
                            "type": kind(s),
                            "language": "vi",
                            "abstract": "",
                            "description": s.description,
                            "persons": s.people.iter().map(|p| json!({"id": p.id, "public_name": p.display_name, "role": p.role})).collect::<Vec<_>>(),
                            "links": s.materials.iter().filter(|m| !m.uploaded).map(|m| json!({"url": uri(&m.url), "title": m.title})).collect::<Vec<_>>(),
                            "attachments": s.materials.iter().filter(|m| m.uploaded).map(|m| json!({"url": uri(&format!("{public_url}{}", m.url)), "title": m.title})).collect::<Vec<_>>(),
                        })
                    })
                    .collect();
                by_room.insert(room.clone(), Value::Array(events));
            }
            let (day_start, day_end) = day_bounds(&agenda, *day, &tz);
            json!({
                "index": index + 1,
                "date": day.to_string(),
                "day_start": day_start,
                "day_end": day_end,
                "rooms": by_room,
            })
        })
        .collect();
    json!({
        "$schema": JSON_SCHEMA,
        "generator": { "name": "hoinghi", "version": env!("CARGO_PKG_VERSION") },
        "schedule": {
            "version": agenda.version.to_string(),
            "base_url": base,
            "conference": {
                "acronym": acronym,
                "title": conference.title,
                "start": conference.starts_on.to_string(),
                "end": conference.ends_on.to_string(),
                "daysCount": agenda.days.len(),
                "timeslot_duration": "00:05",
                "time_zone_name": conference.time_zone,
                "url": page,
                "rooms": rooms.iter().map(|r| json!({"name": r, "guid": room_guid(conference, r)})).collect::<Vec<_>>(),
                "tracks": agenda.tracks.iter().map(|t| json!({"name": t.name, "color": t.color})).collect::<Vec<_>>(),
                "days": days,
            }
        }
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn ids_are_stable_and_text_is_escaped() {
        assert_eq!(super::numeric_id("0badcafe-1234-4000-8000-000000000000"), 0x0badcafe);
        assert_eq!(super::numeric_id("80000000-1234-4000-8000-000000000000"), 0x7fff_ffff, "never 0");
        assert_eq!(super::escape("A & B <\"c\">"), "A &amp; B &lt;&quot;c&quot;&gt;");
    }

    #[test]
    fn acronyms_and_event_slugs_fit_the_schemas_for_any_slug() {
        use hoinghi_domain::conference::{Conference, ConferenceKind, ConferenceStatus};
        let conference = |slug: &str| Conference {
            id: 1,
            slug: slug.into(),
            title: "Hội nghị".into(),
            kind: ConferenceKind::Both,
            status: ConferenceStatus::Published,
            starts_on: chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap(),
            ends_on: chrono::NaiveDate::from_ymd_opt(2026, 12, 8).unwrap(),
            time_zone: "Asia/Ho_Chi_Minh".into(),
            venue_name: String::new(),
            venue_address: String::new(),
            capacity: None,
            description: String::new(),
            agency: None,
            created_at: 0,
            updated_at: 0,
        };
        let uid = "0000002a-1234-4000-8000-000000000000";
        for (slug, acronym) in
            [("so-ket-2017", "so_ket_2017"), ("hn", "hn_2026"), ("a-b", "a_b_2026"), ("abcd", "abcd")]
        {
            let a = super::acronym(&conference(slug));
            assert_eq!(a, acronym);
            assert_eq!(super::event_slug(&a, uid), format!("{acronym}-0042"));
        }
        let hall = super::room_guid(&conference("hn"), "Hội trường");
        assert_eq!(uuid::Uuid::parse_str(&hall).unwrap().get_version_num(), 8);
        assert_eq!(hall, super::room_guid(&conference("hn"), "Hội trường"), "stable");
        assert_ne!(hall, super::room_guid(&conference("hn"), "Phòng học"));
    }

    #[test]
    fn addresses_become_uris() {
        assert_eq!(super::uri("https://a.vn/tài liệu?x=1&y=%20"), "https://a.vn/t%C3%A0i%20li%E1%BB%87u?x=1&y=%20");
        assert_eq!(super::uri("https://a.vn/100%"), "https://a.vn/100%25");
    }
}
