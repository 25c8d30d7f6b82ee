//! Calendar feeds (RFC 5545) built from the latest published agenda: the conference, a track, a room,
//! a speaker, one session, a delegate's own sessions, an organizer's conferences; and the invitation
//! mailed with a confirmation.
//!
//! Each session keeps its UID across versions and its SEQUENCE grows whenever a published version changes
//! it (see `agenda::publish`), so calendar apps update events in place; removed sessions stay as
//! CANCELLED. Times are local times with `TZID` and a VTIMEZONE computed from the time-zone database:
//! apps then show and edit them in the conference's zone, which UTC times would lose.

mod events;
mod feeds;
mod ics;
mod timezone;
mod tokens;

pub use feeds::{
    Feed, Scope, organizer_feed, organizer_feed_url, personal_feed, public_feed, reset_delegate_feed,
    reset_organizer_feed, reset_personal_feed,
};
pub(crate) use feeds::{invitation, invitation_of, personal_feed_url};
pub use ics::PRODID;
