//! The agenda in the UI: the organizers' editor (draft, sessions, rooms and tracks, versions) and the
//! public agenda, session and speaker pages. `AgendaDrag` (dragging on the editor's grid) is an island.

mod drag;
#[cfg(feature = "ssr")]
mod editor;
#[cfg(feature = "ssr")]
mod public;
#[cfg(feature = "ssr")]
mod rooms;
#[cfg(feature = "ssr")]
mod session_edit;
#[cfg(feature = "ssr")]
mod speakers;
#[cfg(feature = "ssr")]
mod versions;

pub use drag::AgendaDrag;
#[cfg(feature = "ssr")]
pub use editor::AgendaEditor;
#[cfg(feature = "ssr")]
pub use public::{AgendaPage, SessionPage};
#[cfg(feature = "ssr")]
pub use rooms::RoomsPage;
#[cfg(feature = "ssr")]
pub use session_edit::{EditSession, NewSession, UploadForm};
#[cfg(feature = "ssr")]
pub use speakers::{SpeakerPage, SpeakersPage};
#[cfg(feature = "ssr")]
pub use versions::VersionsPage;

/// "08:00–08:30".
#[cfg(feature = "ssr")]
pub fn time_range(start: chrono::NaiveTime, end: chrono::NaiveTime) -> String {
    use hoinghi_domain::time::clock;
    format!("{}–{}", clock(start), clock(end))
}

/// How the conference's time zone reads to delegates: "giờ Việt Nam (UTC+7)" rather than a database name.
#[cfg(feature = "ssr")]
pub fn zone_label(time_zone: &str) -> String {
    match time_zone {
        "Asia/Ho_Chi_Minh" | "Asia/Saigon" => crate::i18n::tr("time-zone-vietnam"),
        other => crate::i18n::tr_args("time-zone-named", &[("zone", other.into())]),
    }
}
