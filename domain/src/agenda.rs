//! The agenda: sessions in rooms and tracks, the people in them, and its published versions.
//!
//! Times travel as UTC instants (Unix seconds) together with the local date and clock time in the
//! conference's zone, computed on the server, so the browser needs no time-zone database.

use crate::people::{PersonRole, PersonSummary};
use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

/// What a session is, which decides how it is shown and counted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SessionKind {
    Opening,
    #[default]
    Report,
    Speech,
    Discussion,
    Training,
    Questions,
    Break,
    Closing,
}

impl SessionKind {
    pub const ALL: [SessionKind; 8] = [
        SessionKind::Opening,
        SessionKind::Report,
        SessionKind::Speech,
        SessionKind::Discussion,
        SessionKind::Training,
        SessionKind::Questions,
        SessionKind::Break,
        SessionKind::Closing,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SessionKind::Opening => "opening",
            SessionKind::Report => "report",
            SessionKind::Speech => "speech",
            SessionKind::Discussion => "discussion",
            SessionKind::Training => "training",
            SessionKind::Questions => "questions",
            SessionKind::Break => "break",
            SessionKind::Closing => "closing",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label_key(self) -> &'static str {
        match self {
            SessionKind::Opening => "session-kind-opening",
            SessionKind::Report => "session-kind-report",
            SessionKind::Speech => "session-kind-speech",
            SessionKind::Discussion => "session-kind-discussion",
            SessionKind::Training => "session-kind-training",
            SessionKind::Questions => "session-kind-questions",
            SessionKind::Break => "session-kind-break",
            SessionKind::Closing => "session-kind-closing",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Room {
    pub id: i64,
    pub name: String,
    pub capacity: Option<i64>,
    pub position: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Track {
    pub id: i64,
    pub name: String,
    /// `#rrggbb`.
    pub color: String,
    pub position: i64,
}

/// The room form, as typed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoomInput {
    pub name: String,
    #[serde(default, deserialize_with = "crate::lenient::string_or_number")]
    pub capacity: String,
}

/// The track form, as typed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrackInput {
    pub name: String,
    /// `#rrggbb`; empty for the default colour.
    #[serde(default)]
    pub color: String,
}

/// A link or an uploaded file attached to a session.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Material {
    pub id: i64,
    pub title: String,
    /// Where to get it: an outside link, or the app's own `/files/...` address of an upload.
    pub url: String,
    /// True for a file stored by the app.
    pub uploaded: bool,
}

/// A session as the organizer edits it (the draft).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Session {
    pub id: i64,
    /// Stable across versions and edits; calendars know the session by it.
    pub uid: String,
    pub kind: SessionKind,
    pub title: String,
    pub description: String,
    /// Unix seconds, UTC.
    pub starts_at: i64,
    pub ends_at: i64,
    /// Local date and times in the conference's zone.
    pub day: NaiveDate,
    pub start: NaiveTime,
    pub end: NaiveTime,
    pub room_id: Option<i64>,
    pub track_id: Option<i64>,
    /// Seats, for training breakouts; `None` means the hall's limit.
    pub capacity: Option<i64>,
    /// Plenary sessions are for everyone (and on every delegate's personal calendar).
    pub plenary: bool,
    pub cancelled: bool,
    pub people: Vec<SessionPerson>,
    pub materials: Vec<Material>,
}

/// A person's role in a session.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionPerson {
    pub person: PersonSummary,
    pub role: PersonRole,
}

/// The fields of the session form, as typed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionInput {
    #[serde(default)]
    pub kind: String,
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// `YYYY-MM-DD`, one of the conference's days.
    pub day: String,
    /// `HH:MM` in the conference's zone.
    pub start: String,
    /// `HH:MM` in the conference's zone.
    pub end: String,
    /// A room id, or empty.
    #[serde(default, deserialize_with = "crate::lenient::string_or_number")]
    pub room_id: String,
    /// A track id, or empty.
    #[serde(default, deserialize_with = "crate::lenient::string_or_number")]
    pub track_id: String,
    #[serde(default, deserialize_with = "crate::lenient::string_or_number")]
    pub capacity: String,
    /// "true" (or "on") for a plenary session.
    #[serde(default, deserialize_with = "crate::lenient::flag")]
    pub plenary: String,
    #[serde(default, deserialize_with = "crate::lenient::flag")]
    pub cancelled: String,
}

impl From<&Session> for SessionInput {
    fn from(s: &Session) -> Self {
        SessionInput {
            kind: s.kind.as_str().to_string(),
            title: s.title.clone(),
            description: s.description.clone(),
            day: s.day.to_string(),
            start: crate::time::clock(s.start),
            end: crate::time::clock(s.end),
            room_id: s.room_id.map(|v| v.to_string()).unwrap_or_default(),
            track_id: s.track_id.map(|v| v.to_string()).unwrap_or_default(),
            capacity: s.capacity.map(|v| v.to_string()).unwrap_or_default(),
            plenary: if s.plenary { "true".into() } else { String::new() },
            cancelled: if s.cancelled { "true".into() } else { String::new() },
        }
    }
}

/// Something in the draft worth a second look; publishing is still allowed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Conflict {
    /// Two sessions in one room at once.
    Room { room: String, first: String, second: String, first_id: i64, second_id: i64 },
    /// One person in two sessions at once.
    Person { person: String, first: String, second: String, first_id: i64, second_id: i64 },
    /// A session on a day the conference does not have (after its dates changed).
    OutsideDates { session: String, session_id: i64 },
    /// A session during a break of its track or room.
    DuringBreak { session: String, session_id: i64, break_title: String },
}

impl Conflict {
    pub fn session_ids(&self) -> Vec<i64> {
        match self {
            Conflict::Room { first_id, second_id, .. } | Conflict::Person { first_id, second_id, .. } => {
                vec![*first_id, *second_id]
            }
            Conflict::OutsideDates { session_id, .. } | Conflict::DuringBreak { session_id, .. } => vec![*session_id],
        }
    }
}

/// Everything the organizer's agenda editor shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgendaDraft {
    pub days: Vec<NaiveDate>,
    pub rooms: Vec<Room>,
    pub tracks: Vec<Track>,
    pub sessions: Vec<Session>,
    pub conflicts: Vec<Conflict>,
    /// The number of the latest published version, if any.
    pub published_version: Option<i64>,
    /// Whether the draft differs from the latest published version.
    pub unpublished_changes: bool,
}

// ---------------------------------------------------------------------------------------------
// Published versions

/// A session as frozen in a published version (the stored format of versions).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PublishedSession {
    pub uid: String,
    /// Grows by one each time a published version changes this session (iCalendar SEQUENCE).
    pub sequence: i64,
    /// When the version that last changed it was published (Unix seconds).
    pub last_modified: i64,
    pub kind: SessionKind,
    pub title: String,
    pub description: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub room_id: Option<i64>,
    pub track_id: Option<i64>,
    pub capacity: Option<i64>,
    pub plenary: bool,
    pub cancelled: bool,
    pub people: Vec<(i64, PersonRole)>,
    pub materials: Vec<Material>,
}

/// A published person: what the public may know (no contact details).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublishedPerson {
    pub id: i64,
    pub name: crate::text::PersonName,
    pub honorific: String,
    pub position_title: String,
    pub organization: String,
    pub biography: String,
    pub photo_url: Option<String>,
}

/// One numbered, frozen version of the agenda (the stored format).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AgendaSnapshot {
    pub number: i64,
    pub published_at: i64,
    pub rooms: Vec<Room>,
    pub tracks: Vec<Track>,
    pub people: Vec<PublishedPerson>,
    pub sessions: Vec<PublishedSession>,
    /// Sessions deleted from the agenda after having been published, kept so calendars can cancel them.
    #[serde(default)]
    pub removed: Vec<PublishedSession>,
}

/// How one session changed between two published versions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum Change {
    Added {
        uid: String,
        title: String,
    },
    /// New time or room.
    Moved {
        uid: String,
        title: String,
        from_starts_at: i64,
        to_starts_at: i64,
        from_room: Option<String>,
        to_room: Option<String>,
    },
    /// Other fields changed (their names).
    Changed {
        uid: String,
        title: String,
        fields: Vec<String>,
    },
    Cancelled {
        uid: String,
        title: String,
    },
    Restored {
        uid: String,
        title: String,
    },
    Removed {
        uid: String,
        title: String,
    },
}

/// A published version in the list of versions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgendaVersion {
    pub number: i64,
    pub published_at: i64,
    pub published_by: String,
    pub changes: Vec<Change>,
}

/// A published session ready to show: names resolved, local times computed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicSession {
    pub uid: String,
    pub sequence: i64,
    pub kind: SessionKind,
    pub title: String,
    pub description: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub day: NaiveDate,
    pub start: NaiveTime,
    pub end: NaiveTime,
    pub room: Option<Room>,
    pub track: Option<Track>,
    pub capacity: Option<i64>,
    pub plenary: bool,
    pub cancelled: bool,
    pub people: Vec<PublicSessionPerson>,
    pub materials: Vec<Material>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicSessionPerson {
    pub id: i64,
    pub display_name: String,
    pub honorific: String,
    pub position_title: String,
    pub role: PersonRole,
}

/// The public agenda of a conference, as the agenda page and the exports need it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicAgenda {
    pub version: i64,
    pub published_at: i64,
    pub time_zone: String,
    pub days: Vec<NaiveDate>,
    pub rooms: Vec<Room>,
    pub tracks: Vec<Track>,
    pub sessions: Vec<PublicSession>,
}

/// A public conference with its published agenda (`None` until the first version is published).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConferenceAgenda {
    pub conference: crate::conference::Conference,
    pub agenda: Option<PublicAgenda>,
}

/// One public session with its conference.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConferenceSession {
    pub conference: crate::conference::Conference,
    pub session: PublicSession,
}

pub mod limits {
    pub const TITLE: usize = 300;
    pub const DESCRIPTION: usize = 20_000;
    pub const ROOM_NAME: usize = 120;
    pub const TRACK_NAME: usize = 120;
    pub const MATERIAL_TITLE: usize = 200;
    pub const URL: usize = 2_000;
    pub const MAX_SESSION_CAPACITY: i64 = 100_000;
}
