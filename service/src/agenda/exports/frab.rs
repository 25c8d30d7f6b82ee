//! frab-compatible schedules: `schedule.xml` (read by Giggity, ConfClerk, EventFahrplan and others) and
//! its JSON twin. Built from the latest published version only.
//!
//! frab has no notion of a cancelled event: cancelled sessions stay, with "[ĐÃ HỦY]" before the title
//! and type `cancelled`, so apps show the news instead of silently dropping the slot. frab wants every
//! event in a room; sessions without one go to a room named after the venue.

use crate::agenda::public::resolve;
use hoinghi_domain::agenda::{AgendaSnapshot, PublicSession};
use hoinghi_domain::conference::Conference;
use serde_json::{Value, json};
use std::fmt::Write;

const CANCELLED_PREFIX: &str = "[ĐÃ HỦY] ";

/// A stable numeric id for frab's `id` attribute (apps key favourites on it): from the session's uid.
fn numeric_id(uid: &str) -> u32 {
    let hex: String = uid.chars().filter(char::is_ascii_hexdigit).take(8).collect();
    u32::from_str_radix(&hex, 16).unwrap_or(0) & 0x7fff_ffff
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

fn local_iso(s: &PublicSession, tz: &chrono_tz::Tz) -> String {
    chrono::DateTime::from_timestamp(s.starts_at, 0).unwrap_or_default().with_timezone(tz).to_rfc3339()
}

/// The room names of the schedule in order, with the venue room for sessions without one.
fn room_order(agenda: &hoinghi_domain::agenda::PublicAgenda, fallback: &str) -> Vec<String> {
    let mut names: Vec<String> = agenda.rooms.iter().map(|r| r.name.clone()).collect();
    if agenda.sessions.iter().any(|s| s.room.is_none()) && !names.iter().any(|n| n == fallback) {
        names.insert(0, fallback.to_string());
    }
    names
}

fn venue_room(conference: &Conference) -> String {
    if conference.venue_name.is_empty() { conference.title.clone() } else { conference.venue_name.clone() }
}

pub fn frab_xml(conference: &Conference, snapshot: &AgendaSnapshot, public_url: &str) -> String {
    let agenda = resolve(snapshot, conference);
    let tz: chrono_tz::Tz = conference.time_zone.parse().unwrap_or(chrono_tz::Asia::Ho_Chi_Minh);
    let base = format!("{public_url}/c/{}/", conference.slug);
    let fallback = venue_room(conference);
    let mut x = String::with_capacity(64 * 1024);
    let _ = writeln!(x, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    let _ = writeln!(x, "<schedule>");
    let _ = writeln!(x, "  <generator name=\"hoinghi\" version=\"{}\"/>", env!("CARGO_PKG_VERSION"));
    let _ = writeln!(x, "  <version>{}</version>", agenda.version);
    let _ = writeln!(x, "  <conference>");
    let _ = writeln!(x, "    <acronym>{}</acronym>", escape(&conference.slug));
    let _ = writeln!(x, "    <title>{}</title>", escape(&conference.title));
    let _ = writeln!(x, "    <start>{}</start>", conference.starts_on);
    let _ = writeln!(x, "    <end>{}</end>", conference.ends_on);
    let _ = writeln!(x, "    <days>{}</days>", agenda.days.len());
    let _ = writeln!(x, "    <timeslot_duration>00:05</timeslot_duration>");
    let _ = writeln!(x, "    <base_url>{}</base_url>", escape(&base));
    let _ = writeln!(x, "    <time_zone_name>{}</time_zone_name>", escape(&conference.time_zone));
    for t in &agenda.tracks {
        let _ = writeln!(x, "    <track name=\"{}\" color=\"{}\"/>", escape(&t.name), escape(&t.color));
    }
    let _ = writeln!(x, "  </conference>");
    for (index, day) in agenda.days.iter().enumerate() {
        let of_day: Vec<&PublicSession> = agenda.sessions.iter().filter(|s| s.day == *day).collect();
        let start = of_day.iter().map(|s| s.starts_at).min();
        let end = of_day.iter().map(|s| s.ends_at).max();
        let at = |t: Option<i64>, fallback: &str| match t {
            Some(t) => chrono::DateTime::from_timestamp(t, 0).unwrap_or_default().with_timezone(&tz).to_rfc3339(),
            None => format!("{day}T{fallback}"),
        };
        let _ = writeln!(
            x,
            "  <day index=\"{}\" date=\"{day}\" start=\"{}\" end=\"{}\">",
            index + 1,
            at(start, "00:00:00"),
            at(end, "23:59:00")
        );
        for room in room_order(&agenda, &fallback) {
            let in_room: Vec<&&PublicSession> = of_day.iter().filter(|s| room_name(s, &fallback) == room).collect();
            if in_room.is_empty() {
                continue;
            }
            let _ = writeln!(x, "    <room name=\"{}\">", escape(&room));
            for s in in_room {
                let _ = writeln!(x, "      <event guid=\"{}\" id=\"{}\">", escape(&s.uid), numeric_id(&s.uid));
                let _ = writeln!(x, "        <date>{}</date>", local_iso(s, &tz));
                let _ = writeln!(x, "        <start>{}</start>", hoinghi_domain::time::clock(s.start));
                let _ = writeln!(x, "        <duration>{}</duration>", duration(s));
                let _ = writeln!(x, "        <room>{}</room>", escape(&room));
                let _ = writeln!(x, "        <slug>{}-{}</slug>", escape(&conference.slug), numeric_id(&s.uid));
                let _ = writeln!(x, "        <url>{}sessions/{}</url>", escape(&base), escape(&s.uid));
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
                    let _ = writeln!(x, "          <link href=\"{}\">{}</link>", escape(&m.url), escape(&m.title));
                }
                let _ = writeln!(x, "        </links>");
                let _ = writeln!(x, "        <attachments>");
                for m in s.materials.iter().filter(|m| m.uploaded) {
                    let href = format!("{public_url}{}", m.url);
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
    let tz: chrono_tz::Tz = conference.time_zone.parse().unwrap_or(chrono_tz::Asia::Ho_Chi_Minh);
    let base = format!("{public_url}/c/{}/", conference.slug);
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
                            "date": local_iso(s, &tz),
                            "start": hoinghi_domain::time::clock(s.start),
                            "duration": duration(s),
                            "room": room,
                            "slug": format!("{}-{}", conference.slug, numeric_id(&s.uid)),
                            "url": format!("{base}sessions/{}", s.uid),
                            "title": title(s),
                            "subtitle": "",
                            "track": s.track.as_ref().map(|t| t.name.clone()),
                            "type": kind(s),
                            "language": "vi",
                            "abstract": "",
                            "description": s.description,
                            "persons": s.people.iter().map(|p| json!({"id": p.id, "public_name": p.display_name, "role": p.role})).collect::<Vec<_>>(),
                            "links": s.materials.iter().filter(|m| !m.uploaded).map(|m| json!({"url": m.url, "title": m.title})).collect::<Vec<_>>(),
                            "attachments": s.materials.iter().filter(|m| m.uploaded).map(|m| json!({"url": format!("{public_url}{}", m.url), "title": m.title})).collect::<Vec<_>>(),
                        })
                    })
                    .collect();
                by_room.insert(room.clone(), Value::Array(events));
            }
            json!({ "index": index + 1, "date": day.to_string(), "rooms": by_room })
        })
        .collect();
    json!({
        "schedule": {
            "version": agenda.version.to_string(),
            "base_url": base,
            "conference": {
                "acronym": conference.slug,
                "title": conference.title,
                "start": conference.starts_on.to_string(),
                "end": conference.ends_on.to_string(),
                "daysCount": agenda.days.len(),
                "timeslot_duration": "00:05",
                "time_zone_name": conference.time_zone,
                "rooms": rooms.iter().map(|r| json!({"name": r})).collect::<Vec<_>>(),
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
        assert_eq!(super::escape("A & B <\"c\">"), "A &amp; B &lt;&quot;c&quot;&gt;");
    }
}
