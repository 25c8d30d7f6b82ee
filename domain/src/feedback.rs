//! Feedback forms (one for the conference, one per session), their answers and results, and delegates'
//! recommendations ("kiến nghị") with their handling.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Limits on what people type.
pub mod limits {
    pub const PROMPT: usize = 300;
    pub const LABEL: usize = 60;
    pub const OPTION: usize = 120;
    pub const OPTIONS: usize = 12;
    pub const QUESTIONS: usize = 30;
    pub const SHORT_TEXT: usize = 300;
    pub const LONG_TEXT: usize = 5_000;
    pub const RECOMMENDATION: usize = 10_000;
    pub const ADDRESSED_TO: usize = 200;
    pub const ANSWER: usize = 10_000;
    /// Province and unit groups smaller than this are not shown apart in results of anonymous forms.
    pub const MIN_GROUP: usize = 3;
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FeedbackQuestionKind {
    /// 1 to 5, with labels at both ends.
    Rating,
    SingleChoice,
    MultipleChoice,
    ShortText,
    LongText,
}

impl FeedbackQuestionKind {
    pub const ALL: [FeedbackQuestionKind; 5] = [
        FeedbackQuestionKind::Rating,
        FeedbackQuestionKind::SingleChoice,
        FeedbackQuestionKind::MultipleChoice,
        FeedbackQuestionKind::ShortText,
        FeedbackQuestionKind::LongText,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FeedbackQuestionKind::Rating => "rating",
            FeedbackQuestionKind::SingleChoice => "single_choice",
            FeedbackQuestionKind::MultipleChoice => "multiple_choice",
            FeedbackQuestionKind::ShortText => "short_text",
            FeedbackQuestionKind::LongText => "long_text",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label_key(self) -> &'static str {
        match self {
            FeedbackQuestionKind::Rating => "feedback-kind-rating",
            FeedbackQuestionKind::SingleChoice => "feedback-kind-single-choice",
            FeedbackQuestionKind::MultipleChoice => "feedback-kind-multiple-choice",
            FeedbackQuestionKind::ShortText => "feedback-kind-short-text",
            FeedbackQuestionKind::LongText => "feedback-kind-long-text",
        }
    }

    pub fn has_options(self) -> bool {
        matches!(self, FeedbackQuestionKind::SingleChoice | FeedbackQuestionKind::MultipleChoice)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FeedbackQuestion {
    pub id: i64,
    pub kind: FeedbackQuestionKind,
    pub prompt: String,
    pub options: Vec<String>,
    pub required: bool,
    /// Labels of 1 and 5 for ratings.
    pub low_label: String,
    pub high_label: String,
    pub position: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FeedbackForm {
    pub id: i64,
    pub conference_id: i64,
    /// `None` for the conference's form.
    pub session_uid: Option<String>,
    pub title: String,
    pub anonymous: bool,
    /// Unix seconds; `None` means "from when it is published" / "no end".
    pub opens_at: Option<i64>,
    pub closes_at: Option<i64>,
    /// Organizers edit a form until they publish it; then it takes answers within its window.
    pub published: bool,
    pub questions: Vec<FeedbackQuestion>,
    /// How many delegates have answered.
    pub responses: i64,
}

/// Why a form does not take answers now (a catalogue key), if it does not.
pub fn closed_reason(form: &FeedbackForm, now: i64) -> Option<&'static str> {
    if !form.published {
        return Some("feedback-error-not-open");
    }
    if form.opens_at.is_some_and(|t| now < t) {
        return Some("feedback-error-not-yet");
    }
    if form.closes_at.is_some_and(|t| now >= t) {
        return Some("feedback-error-closed");
    }
    None
}

/// The settings form of a feedback form, as typed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FeedbackFormInput {
    pub title: String,
    #[serde(default, deserialize_with = "crate::lenient::flag")]
    #[cfg_attr(feature = "openapi", schema(value_type = bool))]
    pub anonymous: String,
    /// `YYYY-MM-DDTHH:MM` in the conference's zone, or empty.
    #[serde(default)]
    pub opens_at: String,
    #[serde(default)]
    pub closes_at: String,
}

/// The question form, as typed; options one per line.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FeedbackQuestionInput {
    pub kind: String,
    pub prompt: String,
    #[serde(default)]
    pub options: String,
    #[serde(default, deserialize_with = "crate::lenient::flag")]
    #[cfg_attr(feature = "openapi", schema(value_type = bool))]
    pub required: String,
    #[serde(default)]
    pub low_label: String,
    #[serde(default)]
    pub high_label: String,
}

/// A delegate's answers as posted: `answers[q<id>][]` → values (see [`crate::registration::answer_key`]).
pub type AnswersInput = BTreeMap<String, Vec<String>>;

/// What a delegate sees of a form: the form, whether it is open, and their own earlier answers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FeedbackPage {
    pub conference: crate::conference::Conference,
    pub form: FeedbackForm,
    pub session_title: Option<String>,
    pub closed_reason: Option<String>,
    /// Their answers so far (question id → values); empty when they have not answered.
    pub previous: BTreeMap<i64, Vec<String>>,
}

/// Results of one question.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuestionResult {
    pub question: FeedbackQuestion,
    pub answered: i64,
    /// Ratings only.
    pub mean: Option<f64>,
    /// (label, count): 1..5 for ratings, options in order for choices.
    pub distribution: Vec<(String, i64)>,
    /// Text answers, newest first.
    pub comments: Vec<String>,
    /// Mean rating per province and per unit, only groups of at least [`limits::MIN_GROUP`] answers.
    pub by_province: Vec<GroupMean>,
    pub by_unit: Vec<GroupMean>,
    /// The distribution drawn as an SVG bar chart (made on the server; readable without JavaScript).
    pub chart_svg: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GroupMean {
    pub name: String,
    pub count: i64,
    pub mean: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FormResults {
    pub form: FeedbackForm,
    pub session_title: Option<String>,
    pub respondents: i64,
    pub questions: Vec<QuestionResult>,
}

/// One line of the comparison between sessions (and their trainers).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionScore {
    pub form_id: i64,
    pub session_uid: String,
    pub title: String,
    /// Trainers, presenters and speakers of the session.
    pub people: Vec<String>,
    pub respondents: i64,
    /// Mean of all rating answers of the form.
    pub mean: Option<f64>,
}

/// The organizers' overview of a conference's feedback.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FeedbackOverview {
    pub conference: crate::conference::Conference,
    pub conference_form: Option<FeedbackForm>,
    /// Every published session, with its form if it has one.
    pub sessions: Vec<(String, String, Option<FeedbackForm>)>,
    pub scores: Vec<SessionScore>,
    /// Mean rating per person across the sessions they took part in.
    pub people: Vec<(String, i64, f64)>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RecommendationTopic {
    Policy,
    Budget,
    Coordination,
    Training,
    InformationTechnology,
    Other,
}

impl RecommendationTopic {
    pub const ALL: [RecommendationTopic; 6] = [
        RecommendationTopic::Policy,
        RecommendationTopic::Budget,
        RecommendationTopic::Coordination,
        RecommendationTopic::Training,
        RecommendationTopic::InformationTechnology,
        RecommendationTopic::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RecommendationTopic::Policy => "policy",
            RecommendationTopic::Budget => "budget",
            RecommendationTopic::Coordination => "coordination",
            RecommendationTopic::Training => "training",
            RecommendationTopic::InformationTechnology => "information_technology",
            RecommendationTopic::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label_key(self) -> &'static str {
        match self {
            RecommendationTopic::Policy => "recommendation-topic-policy",
            RecommendationTopic::Budget => "recommendation-topic-budget",
            RecommendationTopic::Coordination => "recommendation-topic-coordination",
            RecommendationTopic::Training => "recommendation-topic-training",
            RecommendationTopic::InformationTechnology => "recommendation-topic-it",
            RecommendationTopic::Other => "recommendation-topic-other",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RecommendationStatus {
    Received,
    Forwarded,
    Answered,
    Closed,
}

impl RecommendationStatus {
    pub const ALL: [RecommendationStatus; 4] = [
        RecommendationStatus::Received,
        RecommendationStatus::Forwarded,
        RecommendationStatus::Answered,
        RecommendationStatus::Closed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RecommendationStatus::Received => "received",
            RecommendationStatus::Forwarded => "forwarded",
            RecommendationStatus::Answered => "answered",
            RecommendationStatus::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label_key(self) -> &'static str {
        match self {
            RecommendationStatus::Received => "recommendation-status-received",
            RecommendationStatus::Forwarded => "recommendation-status-forwarded",
            RecommendationStatus::Answered => "recommendation-status-answered",
            RecommendationStatus::Closed => "recommendation-status-closed",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Recommendation {
    pub id: i64,
    pub conference_id: i64,
    pub topic: RecommendationTopic,
    pub addressed_to: String,
    pub body: String,
    /// The submitting unit and province, as shown.
    pub unit_name: String,
    pub admin_unit_code: Option<String>,
    pub admin_unit_name: String,
    /// Who filed it (a delegate's name), empty when unknown.
    pub submitted_by: String,
    pub status: RecommendationStatus,
    pub answer: String,
    /// The unit that answered.
    pub answered_by: String,
    /// When it was answered, `YYYY-MM-DD`.
    #[serde(default)]
    pub answered_on: Option<String>,
    /// The letter (công văn) that carried the answer to the province.
    #[serde(default)]
    pub answer_letter: Option<crate::correspondence::IssuedRef>,
    pub for_minutes: bool,
    pub created_at: i64,
    pub updated_at: i64,
}

/// A recommendation as typed (by a delegate, or by an organizer on their behalf).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecommendationInput {
    pub topic: String,
    #[serde(default)]
    pub addressed_to: String,
    pub body: String,
    /// Organizers filing on someone's behalf give the unit and province; delegates' come from their
    /// registration.
    #[serde(default)]
    pub unit_name: String,
    #[serde(default)]
    pub admin_unit_code: String,
    #[serde(default)]
    pub submitted_by: String,
}

/// The organizers' handling of a recommendation, as typed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecommendationUpdate {
    pub status: String,
    #[serde(default)]
    pub answer: String,
    #[serde(default)]
    pub answered_by: String,
    /// `YYYY-MM-DD`; empty with an answer means today.
    #[serde(default)]
    pub answered_on: String,
    #[serde(default, deserialize_with = "crate::lenient::flag")]
    #[cfg_attr(feature = "openapi", schema(value_type = bool))]
    pub for_minutes: String,
}
