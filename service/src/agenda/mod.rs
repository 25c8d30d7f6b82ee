//! The agenda: rooms and tracks, sessions and the people in them (the organizers' draft), conflict
//! checks, numbered published versions with change lists, the public view and the exports.

mod clock;
mod conflicts;
pub mod exports;
mod load;
mod public;
mod publish;
mod rooms;
mod sessions;

pub use clock::{ConferenceClock, parse_clock};
pub use conflicts::find as find_conflicts;
pub(crate) use public::shows_file;
pub use public::{PublicConferenceAgenda, public_agenda, public_session, public_snapshot, resolve, speaker, speakers};
pub(crate) use publish::{latest as latest_snapshot, latest_numbered};
pub use publish::{publish, versions};
pub use rooms::{
    create_room, create_track, delete_room, delete_track, room, rooms, track, tracks, update_room, update_track,
};
pub use sessions::{
    add_file, add_link, add_person, by_id, create, delete, draft, duplicate, move_preview, move_to, remove_material,
    remove_person, update,
};
