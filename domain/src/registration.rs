//! Delegate registration: the form, its limits, the states a registration goes through, check-in.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Where a registration stands. Pending waits for an organizer; waiting waits for a seat.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RegistrationStatus {
    Pending,
    Confirmed,
    Waiting,
    Rejected,
    Cancelled,
}

impl RegistrationStatus {
    pub const ALL: [RegistrationStatus; 5] = [
        RegistrationStatus::Pending,
        RegistrationStatus::Confirmed,
        RegistrationStatus::Waiting,
        RegistrationStatus::Rejected,
        RegistrationStatus::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RegistrationStatus::Pending => "pending",
            RegistrationStatus::Confirmed => "confirmed",
            RegistrationStatus::Waiting => "waiting",
            RegistrationStatus::Rejected => "rejected",
            RegistrationStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }

    pub fn label_key(self) -> &'static str {
        match self {
            RegistrationStatus::Pending => "registration-status-pending",
            RegistrationStatus::Confirmed => "registration-status-confirmed",
            RegistrationStatus::Waiting => "registration-status-waiting",
            RegistrationStatus::Rejected => "registration-status-rejected",
            RegistrationStatus::Cancelled => "registration-status-cancelled",
        }
    }

    /// Still in the running: counts against duplicates and may hold or wait for a seat.
    pub fn is_active(self) -> bool {
        matches!(self, RegistrationStatus::Pending | RegistrationStatus::Confirmed | RegistrationStatus::Waiting)
    }
}

/// The kinds of custom questions organizers can add to the form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    ShortText,
    LongText,
    SingleChoice,
    MultipleChoice,
    YesNo,
}

impl QuestionKind {
    pub const ALL: [QuestionKind; 5] = [
        QuestionKind::ShortText,
        QuestionKind::LongText,
        QuestionKind::SingleChoice,
        QuestionKind::MultipleChoice,
        QuestionKind::YesNo,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            QuestionKind::ShortText => "short_text",
            QuestionKind::LongText => "long_text",
            QuestionKind::SingleChoice => "single_choice",
            QuestionKind::MultipleChoice => "multiple_choice",
            QuestionKind::YesNo => "yes_no",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }

    pub fn label_key(self) -> &'static str {
        match self {
            QuestionKind::ShortText => "question-kind-short-text",
            QuestionKind::LongText => "question-kind-long-text",
            QuestionKind::SingleChoice => "question-kind-single-choice",
            QuestionKind::MultipleChoice => "question-kind-multiple-choice",
            QuestionKind::YesNo => "question-kind-yes-no",
        }
    }

    pub fn has_options(self) -> bool {
        matches!(self, QuestionKind::SingleChoice | QuestionKind::MultipleChoice)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Question {
    pub id: i64,
    pub kind: QuestionKind,
    pub label: String,
    pub help: String,
    pub options: Vec<String>,
    pub required: bool,
    pub position: i64,
}

/// The question form, as typed; options one per line.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuestionInput {
    pub kind: String,
    pub label: String,
    #[serde(default)]
    pub help: String,
    /// One option per line (choice questions).
    #[serde(default)]
    pub options: String,
    #[serde(default, deserialize_with = "crate::lenient::flag")]
    pub required: String,
}

/// How registration works for one conference.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegistrationSettings {
    /// Unix seconds; `None` means open as soon as the conference is published.
    pub opens_at: Option<i64>,
    /// Unix seconds; `None` means open until the conference closes.
    pub closes_at: Option<i64>,
    pub requires_approval: bool,
    /// Beyond a limit: to the waiting list (true) or refused (false).
    pub waitlist: bool,
    /// Seats each unit may fill unless it has its own quota; `None`: no limit.
    pub default_unit_quota: Option<i64>,
    /// Local date-times of the window in the conference's zone, for the form.
    pub opens_local: String,
    pub closes_local: String,
}

/// The settings form, as typed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SettingsInput {
    /// `YYYY-MM-DDTHH:MM` in the conference's zone, or empty.
    #[serde(default)]
    pub opens_at: String,
    #[serde(default)]
    pub closes_at: String,
    #[serde(default, deserialize_with = "crate::lenient::flag")]
    pub requires_approval: String,
    #[serde(default, deserialize_with = "crate::lenient::flag")]
    pub waitlist: String,
    #[serde(default, deserialize_with = "crate::lenient::string_or_number")]
    pub default_unit_quota: String,
}

/// A unit's own quota.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitQuota {
    pub unit_id: i64,
    pub unit_name: String,
    pub quota: i64,
    pub confirmed: i64,
}

/// Seats of a training class per unit: a unit's own, or one for every unit without its own.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClassQuota {
    pub session_uid: String,
    pub class_title: String,
    /// `None`: the quota of every unit without its own.
    pub unit_id: Option<i64>,
    /// Empty for every unit.
    pub unit_name: String,
    pub quota: i64,
    /// Seats of the class the unit's delegates hold (for a quota of every unit: the fullest unit's).
    pub taken: i64,
}

/// The quotas of a conference: the conference's seats per unit, and each class's seats per unit. A unit
/// coordinator sees those that apply to their unit, with its own counts.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Quotas {
    pub units: Vec<UnitQuota>,
    pub classes: Vec<ClassQuota>,
}

/// A class quota, as typed: the class, the unit (empty: every unit), the seats (empty: remove).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClassQuotaInput {
    pub session_uid: String,
    #[serde(default, deserialize_with = "crate::lenient::string_or_number")]
    pub unit_id: String,
    #[serde(default, deserialize_with = "crate::lenient::string_or_number")]
    pub quota: String,
}

/// The registration form, as typed (by a delegate, an organizer or an import row).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegistrationInput {
    pub family_name: String,
    #[serde(default)]
    pub middle_name: String,
    pub given_name: String,
    /// "female", "male", "other" or empty.
    #[serde(default)]
    pub gender: String,
    #[serde(default)]
    pub position_title: String,
    /// A unit of the organizing agency (id), or empty with `organization` filled in.
    #[serde(default, deserialize_with = "crate::lenient::string_or_number")]
    pub unit_id: String,
    /// Agency and unit as written, when not one of the listed units.
    #[serde(default)]
    pub organization: String,
    /// Code of the provincial-level unit (e.g. "56").
    #[serde(default)]
    pub admin_unit_code: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub email: String,
    /// Days attended, `YYYY-MM-DD`; empty means every day. (Form field `days[]`.)
    #[serde(default)]
    pub days: Vec<String>,
    /// Uids of the training sessions (classes) chosen. (Form field `sessions[]`.)
    #[serde(default)]
    pub sessions: Vec<String>,
    #[serde(default, deserialize_with = "crate::lenient::flag")]
    pub accommodation: String,
    #[serde(default)]
    pub dietary: String,
    #[serde(default, deserialize_with = "crate::lenient::flag")]
    pub consent: String,
    /// Answers to custom questions keyed by [`answer_key`], always a list (several for multiple
    /// choice). (Form fields `answers[q<id>][]`.)
    #[serde(default)]
    pub answers: std::collections::BTreeMap<String, Vec<String>>,
    /// A key chosen once per filled-in form (the public form carries one in a hidden field): sending
    /// the same submission again answers what the first one stored instead of "already registered".
    #[serde(default)]
    pub submission: String,
}

/// The key of question `id` in [`RegistrationInput::answers`]: `q<id>`, because the form decoder
/// reads all-digit keys as list positions, which would turn the map into a list.
pub fn answer_key(question_id: i64) -> String {
    format!("q{question_id}")
}

/// A registration as organizers see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Registration {
    pub id: i64,
    /// Short code for check-in (on the badge QR) and for giving feedback.
    pub code: String,
    pub status: RegistrationStatus,
    pub status_reason: String,
    /// 1-based place in the waiting list, while waiting.
    pub waiting_position: Option<i64>,
    pub name: crate::text::PersonName,
    pub gender: String,
    pub position_title: String,
    pub unit_id: Option<i64>,
    /// Agency and unit as shown (the unit's name when a unit was chosen).
    pub organization: String,
    pub admin_unit_code: Option<String>,
    pub admin_unit_name: String,
    pub phone: String,
    pub email: String,
    pub days: Vec<NaiveDate>,
    pub sessions: Vec<SessionChoice>,
    pub accommodation: bool,
    pub dietary: String,
    pub answers: Vec<Answer>,
    pub checked_in: Vec<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub source: String,
    /// The role organizers set for the badge; `None` when it follows the agenda.
    #[serde(default)]
    pub badge_role: Option<BadgeRole>,
}

/// The role printed on a badge.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BadgeRole {
    Delegate,
    Chair,
    Presenter,
    Trainer,
    Guest,
    Organizer,
}

impl BadgeRole {
    pub const ALL: [BadgeRole; 6] = [
        BadgeRole::Delegate,
        BadgeRole::Chair,
        BadgeRole::Presenter,
        BadgeRole::Trainer,
        BadgeRole::Guest,
        BadgeRole::Organizer,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            BadgeRole::Delegate => "delegate",
            BadgeRole::Chair => "chair",
            BadgeRole::Presenter => "presenter",
            BadgeRole::Trainer => "trainer",
            BadgeRole::Guest => "guest",
            BadgeRole::Organizer => "organizer",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// As the badge prints it, whatever the page's language: the badge is an official paper.
    pub fn printed(self) -> &'static str {
        match self {
            BadgeRole::Delegate => "ĐẠI BIỂU",
            BadgeRole::Chair => "CHỦ TRÌ",
            BadgeRole::Presenter => "BÁO CÁO VIÊN",
            BadgeRole::Trainer => "GIẢNG VIÊN",
            BadgeRole::Guest => "KHÁCH MỜI",
            BadgeRole::Organizer => "BAN TỔ CHỨC",
        }
    }

    pub fn label_key(self) -> &'static str {
        match self {
            BadgeRole::Delegate => "badge-role-delegate",
            BadgeRole::Chair => "badge-role-chair",
            BadgeRole::Presenter => "badge-role-presenter",
            BadgeRole::Trainer => "badge-role-trainer",
            BadgeRole::Guest => "badge-role-guest",
            BadgeRole::Organizer => "badge-role-organizer",
        }
    }
}

/// A training session a delegate chose, and whether they have a seat in it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionChoice {
    pub uid: String,
    pub title: String,
    pub confirmed: bool,
    pub waiting_position: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Answer {
    pub question_id: i64,
    pub label: String,
    pub values: Vec<String>,
}

/// One recorded change of a registration.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegistrationEvent {
    pub at: i64,
    /// "delegate", "organizer", "system" (promotion) or "import".
    pub by: String,
    pub by_name: String,
    pub from_status: Option<RegistrationStatus>,
    pub to_status: RegistrationStatus,
    pub detail: String,
}

/// What a delegate sees through their private link.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DelegateView {
    pub conference: crate::conference::Conference,
    pub registration: Registration,
    pub form: RegistrationForm,
    /// The delegate's agenda: plenary sessions, their chosen sessions, sessions they speak in.
    pub agenda: Vec<crate::agenda::PublicSession>,
    /// The private address of their personal calendar feed.
    pub calendar_url: String,
}

/// Everything the registration form needs: the conference, its days, classes, units, questions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RegistrationForm {
    pub conference: crate::conference::Conference,
    pub open: bool,
    /// Why registration is not open (a catalogue key), when it is not.
    pub closed_reason: Option<String>,
    pub days: Vec<NaiveDate>,
    pub classes: Vec<ClassOption>,
    pub units: Vec<crate::reference::Unit>,
    pub admin_units: Vec<crate::reference::AdminUnit>,
    pub questions: Vec<Question>,
    pub settings: RegistrationSettings,
}

/// A training session open for choice, with its seats.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClassOption {
    pub uid: String,
    pub title: String,
    pub day: NaiveDate,
    pub start: chrono::NaiveTime,
    pub end: chrono::NaiveTime,
    pub capacity: Option<i64>,
    pub taken: i64,
}

/// Counts for dashboards (and, at most, for the public).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegistrationCounts {
    pub registered: i64,
    pub pending: i64,
    pub confirmed: i64,
    pub waiting: i64,
    pub checked_in: i64,
}

/// A group of the delegate list: a provincial-level unit, then an agency or unit within it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DelegateGroup {
    pub admin_unit: String,
    pub organization: String,
    pub counts: RegistrationCounts,
    pub delegates: Vec<Registration>,
}

/// The organizers' list of delegates.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DelegateList {
    pub totals: RegistrationCounts,
    pub groups: Vec<DelegateGroup>,
}

/// The organizers' delegate list a page at a time: the totals of the whole list, then the page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DelegatePage {
    pub totals: RegistrationCounts,
    #[serde(flatten)]
    pub page: crate::paging::Page<Registration>,
}

/// Public knowledge about registration: whether it is open, and counts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicRegistrationState {
    pub open: bool,
    pub capacity: Option<i64>,
    pub confirmed: i64,
    pub waiting: i64,
}

/// One row of an import after mapping, with its problems.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportRow {
    /// 1-based line of the file (after the header).
    pub line: usize,
    pub input: RegistrationInput,
    /// The row's agency and unit as the organizer reads it: the listed unit it was matched to, by name,
    /// or the organization as written.
    pub unit: String,
    /// The row's province by name, or as written when it names none.
    pub province: String,
    /// Problems, each "field: message" in the reader's language.
    pub errors: Vec<String>,
}

/// An uploaded list of delegates waiting to be accepted.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportPreview {
    pub id: i64,
    pub file_name: String,
    /// The file's column headers.
    pub headers: Vec<String>,
    /// For each of our fields, the header chosen for it (or empty).
    pub mapping: Vec<(String, String)>,
    pub rows: Vec<ImportRow>,
    pub status: String,
}

/// A message in the outbox.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OutboxMessage {
    pub id: i64,
    pub kind: String,
    pub to: String,
    pub subject: String,
    pub body: String,
    /// pending, sending, sent, failed, or unsent (no mail server configured).
    pub status: String,
    pub attempts: i64,
    pub last_error: String,
    pub created_at: i64,
    pub sent_at: Option<i64>,
}

/// The result of looking someone up at the check-in desk.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckinMatch {
    pub registration: Registration,
    /// "day:YYYY-MM-DD" or "session:<uid>" scopes already checked.
    pub checked: Vec<String>,
}

pub mod limits {
    pub const DIETARY: usize = 500;
    pub const ANSWER: usize = 2_000;
    pub const QUESTION_LABEL: usize = 300;
    pub const QUESTION_OPTIONS: usize = 30;
    pub const REASON: usize = 500;
    pub const MAX_QUOTA: i64 = 10_000;
    /// Largest import file accepted.
    pub const IMPORT_BYTES: usize = 5 * 1024 * 1024;
    pub const IMPORT_ROWS: usize = 5_000;
}
