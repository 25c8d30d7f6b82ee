//! Registration in the UI: the public form and the delegate's private page; for organizers the list,
//! approvals, nominations, imports, settings, check-in and the outbox.

mod checkin;
mod delegate;
mod fields;
mod import;
mod manage;
mod outbox;
mod public;
mod settings;

pub use checkin::CheckinPage;
pub use delegate::DelegatePage;
pub use import::{ImportPage, ImportPreviewPage};
pub use manage::{NominatePage, RegistrationDetail, RegistrationsPage};
pub use outbox::OutboxPage;
pub use public::{LinkRequestPage, RegisterPage};
pub use settings::RegistrationSettingsPage;
