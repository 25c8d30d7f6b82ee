//! Official correspondence around a conference: the register of outgoing documents, invitations to
//! units with their nomination links, the notice of change, the conclusion notice, and the answers to
//! recommendations. Texts are kept as typed (so a refused save comes back unchanged); the service layer
//! validates them and turns them into documents.

use crate::minutes::TaskInput;
use serde::{Deserialize, Serialize};

/// The kinds of document the conference's correspondence issues.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// Giấy mời, one per invited unit.
    Invitation,
    /// Thông báo thay đổi thời gian, địa điểm.
    ChangeNotice,
    /// Thông báo kết luận.
    ConclusionNotice,
    /// Báo cáo tổng hợp kiến nghị.
    RecommendationReport,
    /// Công văn trả lời kiến nghị, one per province that asked.
    AnswerLetter,
}

impl DocumentKind {
    pub const ALL: [DocumentKind; 5] = [
        DocumentKind::Invitation,
        DocumentKind::ChangeNotice,
        DocumentKind::ConclusionNotice,
        DocumentKind::RecommendationReport,
        DocumentKind::AnswerLetter,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DocumentKind::Invitation => "invitation",
            DocumentKind::ChangeNotice => "change_notice",
            DocumentKind::ConclusionNotice => "conclusion_notice",
            DocumentKind::RecommendationReport => "recommendation_report",
            DocumentKind::AnswerLetter => "answer_letter",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label_key(self) -> &'static str {
        match self {
            DocumentKind::Invitation => "document-kind-invitation",
            DocumentKind::ChangeNotice => "document-kind-change-notice",
            DocumentKind::ConclusionNotice => "document-kind-conclusion-notice",
            DocumentKind::RecommendationReport => "document-kind-recommendation-report",
            DocumentKind::AnswerLetter => "document-kind-answer-letter",
        }
    }

    /// The type name printed at the head of the document ("GIẤY MỜI"); a letter (công văn) has none.
    pub fn type_name(self) -> &'static str {
        match self {
            DocumentKind::Invitation => "GIẤY MỜI",
            DocumentKind::ChangeNotice | DocumentKind::ConclusionNotice => "THÔNG BÁO",
            DocumentKind::RecommendationReport => "BÁO CÁO",
            DocumentKind::AnswerLetter => "",
        }
    }

    /// The type's abbreviation in the number and symbol ("GM" in "05/GM-BHXH"); a letter has none.
    pub fn abbreviation(self) -> Option<&'static str> {
        match self {
            DocumentKind::Invitation => Some("GM"),
            DocumentKind::ChangeNotice | DocumentKind::ConclusionNotice => Some("TB"),
            DocumentKind::RecommendationReport => Some("BC"),
            DocumentKind::AnswerLetter => None,
        }
    }
}

/// How an agency's clerical office numbers its documents within a year.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Numbering {
    /// One sequence for every administrative document.
    #[default]
    Single,
    /// A sequence per document type (GM, TB, BC, and one for letters).
    PerType,
}

impl Numbering {
    pub fn as_str(self) -> &'static str {
        match self {
            Numbering::Single => "single",
            Numbering::PerType => "per_type",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "single" => Some(Numbering::Single),
            "per_type" => Some(Numbering::PerType),
            _ => None,
        }
    }
}

/// An agency's register settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AgencyRegister {
    pub agency_id: i64,
    pub agency_name: String,
    pub abbreviation: String,
    pub numbering: Numbering,
    pub place_name: String,
}

/// The register settings as typed (administrators).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RegisterSettingsInput {
    pub numbering: String,
    #[serde(default)]
    pub place_name: String,
}

/// One line of the register of outgoing documents.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RegisterEntry {
    pub id: i64,
    pub year: i64,
    pub number: i64,
    /// "05/GM-BHXH".
    pub symbol: String,
    pub kind: DocumentKind,
    /// `YYYY-MM-DD`.
    pub issued_on: String,
    pub subject: String,
    pub signer: String,
    pub recipients: String,
    pub copies: i64,
    /// The number was given outside this system.
    pub external: bool,
    pub conference_id: Option<i64>,
    /// Whether the system holds the document itself (a number taken for a document made elsewhere has
    /// none).
    pub has_file: bool,
    pub pdf_sha256: String,
}

/// A number taken for a document drafted outside the system, as typed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TakeNumberInput {
    pub kind: String,
    pub subject: String,
    #[serde(default)]
    pub signer: String,
    #[serde(default)]
    pub recipients: String,
    /// The drafting unit's abbreviation, for a letter ("HTQT" in "12/BHXH-HTQT").
    #[serde(default)]
    pub drafting_unit: String,
}

/// A short reference to an issued document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IssuedRef {
    pub id: i64,
    pub symbol: String,
    /// `YYYY-MM-DD`.
    pub issued_on: String,
}

/// The invitation's text shared by every unit, as typed. Empty fields that the conference can supply
/// (time, venue) are filled from it when the invitations are made.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct InvitationText {
    /// Under "GIẤY MỜI": "Dự Hội nghị …".
    #[serde(default)]
    pub subject: String,
    /// "Nội dung:" of the conference.
    #[serde(default)]
    pub content: String,
    /// Positions the units are asked to send ("Lãnh đạo đơn vị và cán bộ làm công tác …").
    #[serde(default)]
    pub positions: String,
    /// What the delegates prepare (optional).
    #[serde(default)]
    pub preparation: String,
    /// Deadline for the list of delegates, `YYYY-MM-DD`.
    #[serde(default)]
    pub deadline: String,
    /// Whom to contact: name, unit, telephone, email.
    #[serde(default)]
    pub contact: String,
    /// Anything else (costs, accommodation), one paragraph per line.
    #[serde(default)]
    pub notes: String,
    /// The head of each unit the invitation is addressed to: "Giám đốc".
    #[serde(default)]
    pub addressee_title: String,
    /// "Thời gian:" as printed; empty = from the published agenda.
    #[serde(default)]
    pub time_text: String,
    /// "Địa điểm:" as printed; empty = the conference's venue and address.
    #[serde(default)]
    pub venue_text: String,
    #[serde(default)]
    pub signer_authority: String,
    #[serde(default)]
    pub signer_position: String,
    #[serde(default)]
    pub signer_name: String,
    /// The drafting unit's abbreviation for "Lưu: VT, HTQT.".
    #[serde(default)]
    pub drafting_unit: String,
    /// "Nơi nhận:" besides the addressee ("Như trên"), one per line.
    #[serde(default)]
    pub recipients: String,
}

/// A notice of change of time or place, as typed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ChangeNoticeText {
    #[serde(default)]
    pub subject: String,
    /// The notice's body, one paragraph per line.
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub signer_authority: String,
    #[serde(default)]
    pub signer_position: String,
    #[serde(default)]
    pub signer_name: String,
    #[serde(default)]
    pub drafting_unit: String,
    #[serde(default)]
    pub recipients: String,
}

/// The conclusion notice, as typed; pre-filled from the final minutes.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ConclusionText {
    /// "Kết luận của Phó Tổng Giám đốc Đào Việt Ánh tại Hội nghị …".
    #[serde(default)]
    pub subject: String,
    /// The opening paragraph: when, where, who chaired, who attended.
    #[serde(default)]
    pub intro: String,
    /// The chair's conclusions, one paragraph per line.
    #[serde(default)]
    pub conclusions: String,
    #[serde(default)]
    pub tasks: Vec<TaskInput>,
    /// Recommendations to higher levels, one per line.
    #[serde(default)]
    pub proposals: String,
    #[serde(default)]
    pub signer_authority: String,
    #[serde(default)]
    pub signer_position: String,
    #[serde(default)]
    pub signer_name: String,
    #[serde(default)]
    pub drafting_unit: String,
    #[serde(default)]
    pub recipients: String,
}

/// The summary report of recommendations, as typed (the recommendations come from the records).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ReportText {
    #[serde(default)]
    pub subject: String,
    #[serde(default)]
    pub intro: String,
    #[serde(default)]
    pub closing: String,
    #[serde(default)]
    pub signer_authority: String,
    #[serde(default)]
    pub signer_position: String,
    #[serde(default)]
    pub signer_name: String,
    #[serde(default)]
    pub drafting_unit: String,
    #[serde(default)]
    pub recipients: String,
}

/// The text shared by the letters answering each province's recommendations, as typed. `{unit}` stands
/// for the province's unit and `{conference}` for the conference's name.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AnswerLetterText {
    #[serde(default)]
    pub intro: String,
    #[serde(default)]
    pub closing: String,
    #[serde(default)]
    pub signer_authority: String,
    #[serde(default)]
    pub signer_position: String,
    #[serde(default)]
    pub signer_name: String,
    #[serde(default)]
    pub drafting_unit: String,
    #[serde(default)]
    pub recipients: String,
}

/// A nomination link's state.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkState {
    /// No invitation issued yet, so no link.
    None,
    Active,
    Revoked,
}

/// An invited unit as the invitations page shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InvitedUnit {
    pub unit_id: i64,
    pub unit_name: String,
    pub admin_unit_name: String,
    /// Delegates invited (the unit's quota).
    pub quota: i64,
    /// Delegates nominated so far (pending, confirmed or waiting).
    pub nominated: i64,
    /// "Giám đốc Bảo hiểm xã hội tỉnh An Giang", as it will print.
    pub addressee: String,
    /// The organizers' own wording, if any.
    pub addressee_custom: String,
    pub email: String,
    pub issued: Option<IssuedRef>,
    pub link: LinkState,
    /// The nomination page's address, while the link works.
    pub link_url: Option<String>,
}

/// What the invitations said, or say now, about time and place.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ScheduleFacts {
    pub time: String,
    pub venue: String,
}

/// Everything the invitations page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InvitationsView {
    pub text: InvitationText,
    pub revision: i64,
    pub units: Vec<InvitedUnit>,
    /// Time and place as the invitations would print them now.
    pub now: ScheduleFacts,
    /// What the issued invitations (or the last notice of change) said, when it differs from `now`.
    pub changed_from: Option<ScheduleFacts>,
    pub change_text: ChangeNoticeText,
    pub change_revision: i64,
    /// Notices of change issued so far.
    pub notices: Vec<RegisterEntry>,
}

/// A unit's edits on the invitations page, as typed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RecipientInput {
    pub unit_id: String,
    #[serde(default)]
    pub addressee: String,
    #[serde(default)]
    pub email: String,
}

/// What issuing did.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IssueOutcome {
    pub issued: Vec<IssuedRef>,
    /// Messages written to the outbox.
    pub mailed: usize,
    /// Units without an address, to be sent on paper.
    pub without_email: Vec<String>,
}

/// A draft with its revision and, once issued, the register entry.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DraftView<T> {
    pub text: T,
    /// 0 before the first save; a save must name it.
    pub revision: i64,
    pub issued: Option<RegisterEntry>,
}

/// A province that filed recommendations, for the answer letters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProvinceAnswers {
    pub admin_unit_code: String,
    pub admin_unit_name: String,
    /// The unit(s) that filed, as the letter addresses them.
    pub addressee: String,
    pub filed: i64,
    pub answered: i64,
    pub letter: Option<IssuedRef>,
}

/// The recommendations' correspondence page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AnswersView {
    pub report: DraftView<ReportText>,
    pub letter_text: AnswerLetterText,
    pub letter_revision: i64,
    pub provinces: Vec<ProvinceAnswers>,
    /// Recommendations by topic and addressee, as the report would list them now.
    pub total: i64,
    pub answered: i64,
}

/// A delegate a unit has nominated, as its nomination page lists them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Nominee {
    pub name: String,
    pub position: String,
    pub status: crate::registration::RegistrationStatus,
}

/// The nomination page behind a unit's link.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NominationView {
    pub conference: crate::conference::Conference,
    pub unit_id: i64,
    pub unit_name: String,
    pub admin_unit_code: Option<String>,
    pub quota: i64,
    pub nominees: Vec<Nominee>,
    pub deadline: String,
    pub invitation: Option<IssuedRef>,
    pub form: crate::registration::RegistrationForm,
}

pub mod limits {
    pub const LINE: usize = 500;
    pub const TEXT: usize = 20_000;
    pub const TASKS: usize = 100;
    pub const SYMBOL: usize = 60;
}
