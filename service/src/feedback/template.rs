//! The default questions a new form starts from (organizers change them before opening). Written in the
//! conference's language, Vietnamese, from the catalogue.

use hoinghi_domain::Locale;
use hoinghi_domain::feedback::FeedbackQuestionKind;
use hoinghi_domain::i18n::t;

pub struct TemplateQuestion {
    pub kind: FeedbackQuestionKind,
    pub prompt: String,
    pub options: Vec<String>,
    pub required: bool,
    pub low_label: String,
    pub high_label: String,
}

fn rating(prompt: &str, low: &str, high: &str) -> TemplateQuestion {
    let l = Locale::default();
    TemplateQuestion {
        kind: FeedbackQuestionKind::Rating,
        prompt: t(l, prompt),
        options: vec![],
        required: true,
        low_label: t(l, low),
        high_label: t(l, high),
    }
}

pub fn default_questions(for_session: bool) -> Vec<TemplateQuestion> {
    let l = Locale::default();
    let mut q =
        vec![rating("feedback-template-useful", "feedback-template-not-useful", "feedback-template-very-useful")];
    if for_session {
        q.push(rating("feedback-template-presenter", "feedback-template-unclear", "feedback-template-very-clear"));
    }
    q.push(rating("feedback-template-organization", "feedback-template-poor", "feedback-template-very-good"));
    q.push(TemplateQuestion {
        kind: FeedbackQuestionKind::SingleChoice,
        prompt: t(l, "feedback-template-time"),
        options: vec![
            t(l, "feedback-template-too-short"),
            t(l, "feedback-template-enough"),
            t(l, "feedback-template-too-long"),
        ],
        required: false,
        low_label: String::new(),
        high_label: String::new(),
    });
    q.push(TemplateQuestion {
        kind: FeedbackQuestionKind::LongText,
        prompt: t(l, "feedback-template-improve"),
        options: vec![],
        required: false,
        low_label: String::new(),
        high_label: String::new(),
    });
    q
}
