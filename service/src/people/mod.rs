//! The people of a conference: speakers, trainers, chairs and secretaries, with photos.

mod photo;
mod rules;

pub use photo::{remove_photo, set_photo};
pub(crate) use rules::published;
pub use rules::{by_id, check_phone_number, create, delete, list, update};
