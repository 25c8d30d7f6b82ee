//! The people of a conference, for its organizers: list, add, edit, photo.

mod manage;

pub use manage::{PeoplePage, PersonPage};
