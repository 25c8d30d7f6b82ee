//! Conferences: what they are, their states, and the inputs that create or change them.

use crate::reference::AgencyRef;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Review ("sơ kết / tổng kết"), training ("tập huấn"), or both in one event.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ConferenceKind {
    Review,
    Training,
    #[default]
    Both,
}

impl ConferenceKind {
    pub const ALL: [ConferenceKind; 3] = [ConferenceKind::Review, ConferenceKind::Training, ConferenceKind::Both];

    pub fn as_str(self) -> &'static str {
        match self {
            ConferenceKind::Review => "review",
            ConferenceKind::Training => "training",
            ConferenceKind::Both => "both",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The catalogue key of the kind's label.
    pub fn label_key(self) -> &'static str {
        match self {
            ConferenceKind::Review => "conference-kind-review",
            ConferenceKind::Training => "conference-kind-training",
            ConferenceKind::Both => "conference-kind-both",
        }
    }
}

/// Draft conferences are seen by their organizers only; published ones by everyone; closed ones stay
/// readable but take no more registrations or feedback.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ConferenceStatus {
    #[default]
    Draft,
    Published,
    Closed,
}

impl ConferenceStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ConferenceStatus::Draft => "draft",
            ConferenceStatus::Published => "published",
            ConferenceStatus::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "draft" => Some(ConferenceStatus::Draft),
            "published" => Some(ConferenceStatus::Published),
            "closed" => Some(ConferenceStatus::Closed),
            _ => None,
        }
    }

    pub fn label_key(self) -> &'static str {
        match self {
            ConferenceStatus::Draft => "conference-status-draft",
            ConferenceStatus::Published => "conference-status-published",
            ConferenceStatus::Closed => "conference-status-closed",
        }
    }

    pub fn is_public(self) -> bool {
        !matches!(self, ConferenceStatus::Draft)
    }
}

/// A conference as pages and the API show it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Conference {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub kind: ConferenceKind,
    pub status: ConferenceStatus,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    /// IANA time-zone name; every time of the conference is shown in it.
    pub time_zone: String,
    pub venue_name: String,
    pub venue_address: String,
    /// Seats in the hall; `None` means no limit.
    pub capacity: Option<i64>,
    pub description: String,
    pub agency: Option<AgencyRef>,
    /// Unix seconds, UTC.
    pub created_at: i64,
    pub updated_at: i64,
}

/// The fields of the create and edit forms, as typed. Every field is text so a rejected form comes
/// back exactly as it was sent; the service layer parses and validates it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConferenceInput {
    pub title: String,
    /// Left empty, a slug is made from the title.
    #[serde(default)]
    pub slug: String,
    #[serde(default)]
    pub kind: String,
    /// `YYYY-MM-DD`.
    pub starts_on: String,
    /// `YYYY-MM-DD`.
    pub ends_on: String,
    /// Empty means Asia/Ho_Chi_Minh.
    #[serde(default)]
    pub time_zone: String,
    #[serde(default)]
    pub venue_name: String,
    #[serde(default)]
    pub venue_address: String,
    /// A whole number (as a number or text), or empty for no limit.
    #[serde(default, deserialize_with = "crate::lenient::string_or_number")]
    pub capacity: String,
    #[serde(default)]
    pub description: String,
    /// The id of the organizing agency (as a number or text), or empty.
    #[serde(default, deserialize_with = "crate::lenient::string_or_number")]
    pub agency_id: String,
}

impl From<&Conference> for ConferenceInput {
    fn from(c: &Conference) -> Self {
        Self {
            title: c.title.clone(),
            slug: c.slug.clone(),
            kind: c.kind.as_str().to_string(),
            starts_on: c.starts_on.to_string(),
            ends_on: c.ends_on.to_string(),
            time_zone: c.time_zone.clone(),
            venue_name: c.venue_name.clone(),
            venue_address: c.venue_address.clone(),
            capacity: c.capacity.map(|n| n.to_string()).unwrap_or_default(),
            description: c.description.clone(),
            agency_id: c.agency.as_ref().map(|a| a.id.to_string()).unwrap_or_default(),
        }
    }
}

/// The default zone of a conference.
pub const DEFAULT_TIME_ZONE: &str = "Asia/Ho_Chi_Minh";

/// Limits shared by the forms (as `maxlength`) and the service layer (as rules).
pub mod limits {
    pub const TITLE: usize = 300;
    pub const SLUG: usize = 80;
    pub const VENUE_NAME: usize = 200;
    pub const VENUE_ADDRESS: usize = 300;
    pub const DESCRIPTION: usize = 10_000;
    pub const MAX_DAYS: i64 = 31;
    pub const MAX_CAPACITY: i64 = 100_000;
}
