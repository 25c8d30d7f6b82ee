//! Minutes (biên bản) of a conference: the content as typed, its states, revisions and versions.
//!
//! The content is text, exactly as typed (numbers and times too), so a refused or conflicting save
//! comes back unchanged; the service layer parses and validates it, and turns it into the PDF's data.

use serde::{Deserialize, Serialize};

/// draft → review ("đọc lại", read back to the meeting) → final (locked).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MinutesState {
    #[default]
    Draft,
    Review,
    Final,
}

impl MinutesState {
    pub fn as_str(self) -> &'static str {
        match self {
            MinutesState::Draft => "draft",
            MinutesState::Review => "review",
            MinutesState::Final => "final",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "draft" => Some(MinutesState::Draft),
            "review" => Some(MinutesState::Review),
            "final" => Some(MinutesState::Final),
            _ => None,
        }
    }

    /// Catalogue key of the state's name.
    pub fn label_key(self) -> &'static str {
        match self {
            MinutesState::Draft => "minutes-state-draft",
            MinutesState::Review => "minutes-state-review",
            MinutesState::Final => "minutes-state-final",
        }
    }
}

/// One item of the proceedings, as typed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProceedingInput {
    #[serde(default)]
    pub heading: String,
    /// Presenter or speaker, with position ("Ông Nguyễn Văn A, Phó Giám đốc").
    #[serde(default)]
    pub presenter: String,
    /// What was said; each line a paragraph.
    #[serde(default)]
    pub body: String,
}

/// A delegate's opinion, as typed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OpinionInput {
    #[serde(default)]
    pub speaker: String,
    #[serde(default)]
    pub position: String,
    #[serde(default)]
    pub unit: String,
    #[serde(default)]
    pub content: String,
}

/// An assigned task, as typed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TaskInput {
    #[serde(default)]
    pub unit: String,
    #[serde(default)]
    pub task: String,
    /// As printed: "30/9/2017", "Quý IV/2017".
    #[serde(default)]
    pub deadline: String,
}

/// The minutes' content: what the editor shows and every revision stores.
///
/// Lists of simple rows (counts by unit, absentees, key delegates, recipients) are one row per line,
/// cells separated by `|`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MinutesContent {
    #[serde(default)]
    pub parent_agency: String,
    #[serde(default)]
    pub issuing_agency: String,
    /// Number and symbol, e.g. "07/BB-BHXH".
    #[serde(default)]
    pub number: String,
    /// "Hà Nội, ngày 18 tháng 9 năm 2017" (optional).
    #[serde(default)]
    pub place_date: String,
    #[serde(default)]
    pub meeting_name: String,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    pub start_date: String,
    /// `HH:MM`.
    #[serde(default)]
    pub start_time: String,
    #[serde(default)]
    pub end_date: String,
    #[serde(default)]
    pub end_time: String,
    #[serde(default)]
    pub venue: String,
    #[serde(default)]
    pub chair_name: String,
    #[serde(default)]
    pub chair_position: String,
    #[serde(default)]
    pub secretary_name: String,
    #[serde(default)]
    pub secretary_position: String,
    #[serde(default)]
    pub attendance_summary: String,
    /// Whole numbers, as typed.
    #[serde(default)]
    pub expected: String,
    #[serde(default)]
    pub present: String,
    /// "unit | expected | present" per line.
    #[serde(default)]
    pub by_unit: String,
    /// "name | unit | reason" per line.
    #[serde(default)]
    pub absentees: String,
    /// "name | position | unit" per line.
    #[serde(default)]
    pub key_delegates: String,
    #[serde(default)]
    pub guests: String,
    #[serde(default)]
    pub proceedings: Vec<ProceedingInput>,
    #[serde(default)]
    pub opinions: Vec<OpinionInput>,
    #[serde(default)]
    pub conclusions: String,
    #[serde(default)]
    pub tasks: Vec<TaskInput>,
    /// One recipient per line.
    #[serde(default)]
    pub recipients: String,
}

/// One saved revision, for the list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MinutesRevision {
    pub number: i64,
    pub saved_by: String,
    /// Unix seconds.
    pub saved_at: i64,
}

/// One version of the minutes: the first, or a correction of a final one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MinutesVersion {
    pub id: i64,
    pub version: i64,
    pub state: MinutesState,
    /// The final version this one corrects.
    pub replaces_id: Option<i64>,
    pub replaces_version: Option<i64>,
    pub correction_reason: String,
    /// SHA-256 (hex) of the canonical content, once final.
    pub content_hash: Option<String>,
    /// SHA-256 (hex) of the final PDF's bytes.
    pub pdf_hash: Option<String>,
    pub finalized_at: Option<i64>,
}

/// Everything the editor shows: the current version and its latest content.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MinutesView {
    /// `None` until the first save: the content is then the pre-fill from the conference's data.
    pub current: Option<MinutesVersion>,
    /// The revision the content is from (0 before the first save); a save must name it.
    pub revision: i64,
    pub content: MinutesContent,
    pub revisions: Vec<MinutesRevision>,
    /// All versions, newest first.
    pub versions: Vec<MinutesVersion>,
}

/// A save refused because someone saved first: both texts, nothing overwritten.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MinutesConflict {
    pub yours: MinutesContent,
    pub current: MinutesContent,
    pub current_revision: i64,
    pub saved_by: String,
}

pub mod limits {
    pub const LINE: usize = 500;
    pub const TEXT: usize = 200_000;
    pub const ITEMS: usize = 200;
    pub const REASON: usize = 1_000;
}
