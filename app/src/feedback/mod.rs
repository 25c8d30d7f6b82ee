//! Feedback pages: delegates answer (private link, or a session's QR code with their registration
//! code); organizers build forms, read results and handle recommendations.

mod answer;
mod manage;
mod recommendations;
mod results;

pub use answer::{DelegateFeedbackPage, DelegateFeedbackSection, PublicFeedbackPage};
pub use manage::{FeedbackFormPage, FeedbackOverviewPage};
pub use recommendations::{DelegateRecommendations, RecommendationsPage};
pub use results::FeedbackResultsPage;
