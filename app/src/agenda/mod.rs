//! The agenda in the UI: the organizers' editor (draft, sessions, rooms and tracks, versions) and the
//! public agenda, session and speaker pages.

mod editor;
mod public;
mod rooms;
mod session_edit;
mod speakers;
mod versions;

pub use editor::AgendaEditor;
pub use public::{AgendaPage, SessionPage};
pub use rooms::RoomsPage;
pub use session_edit::{EditSession, NewSession, UploadForm};
pub use speakers::{SpeakerPage, SpeakersPage};
pub use versions::VersionsPage;

use chrono::NaiveTime;
use hoinghi_domain::time::clock;

/// "08:00–08:30".
pub fn time_range(start: NaiveTime, end: NaiveTime) -> String {
    format!("{}–{}", clock(start), clock(end))
}
