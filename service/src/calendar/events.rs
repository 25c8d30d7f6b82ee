//! One published session as a VEVENT.

use crate::agenda::ConferenceClock;
use chrono::DateTime;
use hoinghi_domain::Locale;
use hoinghi_domain::agenda::{AgendaSnapshot, PublishedSession, SessionKind};
use hoinghi_domain::conference::Conference;
use hoinghi_domain::i18n::t;
use icalendar::{CalendarDateTime, Component, Event, EventLike, EventStatus, Property};

/// What a feed knows around its events.
pub struct EventContext<'a> {
    pub conference: &'a Conference,
    pub snapshot: &'a AgendaSnapshot,
    pub clock: &'a ConferenceClock,
    pub site: &'a str,
    pub locale: Locale,
    /// `mailto:` address of the organizer (the site's sender).
    pub organizer_email: &'a str,
}

/// How the session stands for the reader of the feed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standing {
    /// As published (confirmed, or cancelled when the session is).
    AsPublished,
    /// On a waiting list or awaiting approval.
    Tentative,
    /// The reader's place is gone (registration cancelled): the event is cancelled for them.
    Withdrawn,
}

pub fn uid(session_uid: &str) -> String {
    format!("{session_uid}@hoinghi")
}

fn utc(unix: i64) -> chrono::DateTime<chrono::Utc> {
    DateTime::from_timestamp(unix, 0).unwrap_or_default()
}

/// The speakers line: "Chủ trì: Ông Nguyễn Văn An, Giám đốc, Bảo hiểm xã hội Việt Nam".
fn people_lines(ctx: &EventContext, s: &PublishedSession) -> Vec<String> {
    s.people
        .iter()
        .filter_map(|(id, role)| {
            let p = ctx.snapshot.people.iter().find(|p| p.id == *id)?;
            let name = [p.honorific.as_str(), &p.name.display()]
                .iter()
                .filter(|x| !x.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(" ");
            let mut parts = vec![name];
            if !p.position_title.is_empty() {
                parts.push(p.position_title.clone());
            }
            // Positions often name the organization already ("Giám đốc Bảo hiểm xã hội tỉnh …").
            if !p.organization.is_empty() && !p.position_title.contains(&p.organization) {
                parts.push(p.organization.clone());
            }
            Some(format!("{}: {}", t(ctx.locale, role.label_key()), parts.join(", ")))
        })
        .collect()
}

pub fn location(ctx: &EventContext, s: &PublishedSession) -> String {
    let room = s.room_id.and_then(|id| ctx.snapshot.rooms.iter().find(|r| r.id == id)).map(|r| r.name.as_str());
    let mut parts: Vec<&str> = Vec::new();
    for part in [room.unwrap_or(""), &ctx.conference.venue_name, &ctx.conference.venue_address] {
        if !part.is_empty() && !parts.contains(&part) {
            parts.push(part);
        }
    }
    parts.join(", ")
}

pub fn session_url(ctx: &EventContext, s: &PublishedSession) -> String {
    format!("{}/c/{}/sessions/{}", ctx.site, ctx.conference.slug, s.uid)
}

pub fn event(ctx: &EventContext, s: &PublishedSession, standing: Standing) -> Event {
    let track = s.track_id.and_then(|id| ctx.snapshot.tracks.iter().find(|t| t.id == id)).map(|t| t.name.as_str());
    let kind = t(ctx.locale, s.kind.label_key());
    let mut description = vec![match track {
        Some(track) => format!("{kind} · {track}"),
        None => kind.clone(),
    }];
    description.extend(people_lines(ctx, s));
    if !s.description.is_empty() {
        description.push(String::new());
        description.push(s.description.clone());
    }
    description.push(String::new());
    description.push(session_url(ctx, s));

    let tzid = ctx.clock.tz.name().to_string();
    let mut e = Event::new();
    e.uid(&uid(&s.uid))
        .summary(&s.title)
        .description(&description.join("\n"))
        .starts(CalendarDateTime::WithTimezone { date_time: ctx.clock.local(s.starts_at), tzid: tzid.clone() })
        .ends(CalendarDateTime::WithTimezone { date_time: ctx.clock.local(s.ends_at), tzid })
        .timestamp(utc(ctx.snapshot.published_at))
        .last_modified(utc(if s.last_modified > 0 { s.last_modified } else { ctx.snapshot.published_at }))
        .url(&session_url(ctx, s))
        .class(icalendar::Class::Public);
    let loc = location(ctx, s);
    if !loc.is_empty() {
        e.location(&loc);
    }
    // A withdrawal is a change the published agenda does not know of: it needs its own, higher number.
    let (status, sequence) = match standing {
        _ if s.cancelled => (EventStatus::Cancelled, s.sequence),
        Standing::Withdrawn => (EventStatus::Cancelled, s.sequence + 1),
        Standing::Tentative => (EventStatus::Tentative, s.sequence),
        Standing::AsPublished => (EventStatus::Confirmed, s.sequence),
    };
    e.status(status).sequence(sequence.clamp(0, u32::MAX as i64) as u32);
    // One CATEGORIES per item: the writer escapes each value whole, commas included.
    for category in std::iter::once(kind.as_str()).chain(track) {
        e.append_multi_property(Property::new("CATEGORIES", category));
    }
    if s.kind == SessionKind::Break {
        e.add_property("TRANSP", "TRANSPARENT");
    }
    let cn = ctx.conference.agency.as_ref().map(|a| a.name.as_str()).unwrap_or(ctx.conference.title.as_str());
    let mut organizer = Property::new("ORGANIZER", format!("mailto:{}", ctx.organizer_email));
    // The writer quotes parameter values and drops what they cannot hold.
    organizer.add_parameter("CN", cn);
    e.append_property(organizer);
    e.done()
}
