//! The organizers' minutes editor and the printed documents of a conference.

mod page;

pub use page::MinutesPage;
