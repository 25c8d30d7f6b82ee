//! People of a conference: speakers, trainers, chairs, secretaries. Contact details are for organizers.

use crate::text::PersonName;
use serde::{Deserialize, Serialize};

/// What a person does in a session.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PersonRole {
    /// Chủ trì: chairs the session.
    Chair,
    /// Báo cáo viên: presents a report.
    Presenter,
    /// Giảng viên: teaches a training module.
    Trainer,
    /// Phát biểu: speaks (delegates in the discussion).
    Speaker,
    /// Thư ký: keeps the record.
    Secretary,
}

impl PersonRole {
    pub const ALL: [PersonRole; 5] =
        [PersonRole::Chair, PersonRole::Presenter, PersonRole::Trainer, PersonRole::Speaker, PersonRole::Secretary];

    pub fn as_str(self) -> &'static str {
        match self {
            PersonRole::Chair => "chair",
            PersonRole::Presenter => "presenter",
            PersonRole::Trainer => "trainer",
            PersonRole::Speaker => "speaker",
            PersonRole::Secretary => "secretary",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }

    pub fn label_key(self) -> &'static str {
        match self {
            PersonRole::Chair => "role-chair",
            PersonRole::Presenter => "role-presenter",
            PersonRole::Trainer => "role-trainer",
            PersonRole::Speaker => "role-speaker",
            PersonRole::Secretary => "role-secretary",
        }
    }
}

/// "ông" or "bà", as official documents address people; empty when not given.
pub const HONORIFICS: [&str; 2] = ["ông", "bà"];

/// A person as organizers see them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Person {
    pub id: i64,
    pub name: PersonName,
    pub honorific: String,
    pub position_title: String,
    /// Agency or unit, as written for this person.
    pub organization: String,
    pub biography: String,
    pub photo_url: Option<String>,
    /// Organizers only.
    pub email: String,
    /// Organizers only.
    pub phone: String,
}

/// Enough to name a person in a list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonSummary {
    pub id: i64,
    pub display_name: String,
    pub honorific: String,
    pub position_title: String,
}

impl From<&Person> for PersonSummary {
    fn from(p: &Person) -> Self {
        PersonSummary {
            id: p.id,
            display_name: p.name.display(),
            honorific: p.honorific.clone(),
            position_title: p.position_title.clone(),
        }
    }
}

/// The fields of the person form, as typed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonInput {
    pub family_name: String,
    #[serde(default)]
    pub middle_name: String,
    pub given_name: String,
    /// "ông", "bà" or empty.
    #[serde(default)]
    pub honorific: String,
    #[serde(default)]
    pub position_title: String,
    #[serde(default)]
    pub organization: String,
    #[serde(default)]
    pub biography: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub phone: String,
}

impl From<&Person> for PersonInput {
    fn from(p: &Person) -> Self {
        PersonInput {
            family_name: p.name.family.clone(),
            middle_name: p.name.middle.clone(),
            given_name: p.name.given.clone(),
            honorific: p.honorific.clone(),
            position_title: p.position_title.clone(),
            organization: p.organization.clone(),
            biography: p.biography.clone(),
            email: p.email.clone(),
            phone: p.phone.clone(),
        }
    }
}

/// A speaker on the public speakers page: the person and the sessions they appear in.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicSpeaker {
    pub person: crate::agenda::PublishedPerson,
    pub sessions: Vec<SpeakerSession>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SpeakerSession {
    pub uid: String,
    pub title: String,
    pub role: PersonRole,
    pub starts_at: i64,
    /// Local day and times in the conference's zone.
    pub day: chrono::NaiveDate,
    pub start: chrono::NaiveTime,
    pub end: chrono::NaiveTime,
    pub cancelled: bool,
}

/// The speakers of a public conference.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConferenceSpeakers {
    pub conference: crate::conference::Conference,
    pub speakers: Vec<PublicSpeaker>,
}

pub mod limits {
    pub const NAME_PART: usize = 60;
    pub const POSITION: usize = 200;
    pub const ORGANIZATION: usize = 200;
    pub const BIOGRAPHY: usize = 5_000;
    pub const PHONE: usize = 30;
    /// Photos larger than this are refused before decoding.
    pub const PHOTO_BYTES: usize = 5 * 1024 * 1024;
    /// Stored photos are resized to fit this square.
    pub const PHOTO_SIDE: u32 = 480;
}
