//! Conferences in the UI: the public list and page, and the organizer's dashboard and editor.

mod fields;
mod manage;
mod new;
mod public;

pub use manage::{Dashboard, ManageConference};
pub use new::NewConference;
pub use public::{ConferencePage, HomePage};
