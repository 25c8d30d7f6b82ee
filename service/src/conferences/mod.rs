//! Conferences: create, edit, publish, close, and read them.

pub mod archive;
mod queries;
mod rules;

pub use archive::{ImportReport, export, import};
pub(crate) use queries::by_id as by_id_internal;
pub(crate) use queries::by_id_in as by_id_in_conn;
pub use queries::{by_slug_for_organizer, by_slug_public, list_for_organizer, list_public, organizers};
pub use rules::{add_organizer, close, create, may_change_organizers, publish, remove_organizer, update};
