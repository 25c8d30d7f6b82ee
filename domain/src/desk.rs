//! What the organizer's desk shows: the delegate list searched and filtered a page at a time, the outcome
//! of an approval in words, and a conference's dashboard.

use crate::registration::{Registration, RegistrationCounts};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The filters of the delegate list, as typed in its search form (empty means any).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DelegateQuery {
    /// Words of a name (diacritics and case ignored), a check-in code or part of one, an email or a phone.
    #[serde(default)]
    pub q: String,
    /// A status (`pending`, `confirmed`, …).
    #[serde(default)]
    pub status: String,
    /// A unit id, or `other` for delegates whose unit is not in the list.
    #[serde(default)]
    pub unit: String,
    /// A training class (session uid) the delegate chose.
    #[serde(default)]
    pub class: String,
}

/// One page of the searched delegate list, with what its filters can be set to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DelegateSearch {
    /// Counts over everyone the reader may see, whatever the filters.
    pub totals: RegistrationCounts,
    pub page: crate::paging::Page<Registration>,
    /// (unit id, name) of the units delegates came from.
    pub units: Vec<(i64, String)>,
    /// (session uid, title) of the training classes delegates chose.
    pub classes: Vec<(String, String)>,
}

/// Why an approved delegate went to the waiting list instead of a seat.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum WaitingReason {
    /// The conference is full.
    Conference,
    /// The unit has used its quota.
    Unit { id: i64, name: String },
}

/// What an approval did, to be said in words: "3 approved; 1 on the waiting list because …".
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApprovalOutcome {
    /// Given a seat.
    pub confirmed: i64,
    /// Put on the waiting list, with why (one entry per delegate).
    pub waiting: Vec<WaitingReason>,
    /// Not pending any more when the approval came (approved by someone else, cancelled…).
    pub skipped: i64,
}

/// One unit's figures against its quota.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnitFigures {
    pub unit_id: Option<i64>,
    pub name: String,
    pub confirmed: i64,
    pub waiting: i64,
    pub pending: i64,
    pub quota: Option<i64>,
}

/// Something waiting for the organizer, with how many and where to act on it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Todo {
    /// Catalogue key of the sentence, which takes `$count`.
    pub key: String,
    pub count: i64,
    /// The organizer page to act on it, below `/manage/c/{slug}` (`/registrations?status=pending`).
    pub path: String,
}

/// One step of setting a conference up.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetupStep {
    /// Catalogue key of the step.
    pub key: String,
    pub done: bool,
    /// The organizer page where it is done, below `/manage/c/{slug}`.
    pub path: String,
}

/// The figures, tasks and setup of one conference, as its organizers' first page shows them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Dashboard {
    pub counts: RegistrationCounts,
    /// The conference's day today, in its time zone.
    pub today: NaiveDate,
    /// Delegates checked in today (any scope of today's date).
    pub checked_in_today: i64,
    pub capacity: Option<i64>,
    pub units: Vec<UnitFigures>,
    /// The units' figures as a bar chart (SVG drawn by the service from escaped parts).
    pub units_chart: String,
    pub todo: Vec<Todo>,
    pub setup: Vec<SetupStep>,
}

/// A session moved on the agenda grid, before it is saved: where it would be and what would clash.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MovePreview {
    pub session: crate::agenda::Session,
    /// Conflicts the moved session would be part of.
    pub conflicts: Vec<crate::agenda::Conflict>,
}
