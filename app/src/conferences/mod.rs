//! Conferences in the UI: the public list and page, and the organizer's dashboard and editor.

mod dashboard;
mod fields;
mod manage;
mod nav;
mod new;
mod public;

pub use dashboard::ConferenceDashboard;
pub use manage::{Dashboard, ManageConference};
pub use nav::{ConferenceNav, ManageNav};
pub use new::NewConference;
pub use public::{ConferencePage, HomePage};
