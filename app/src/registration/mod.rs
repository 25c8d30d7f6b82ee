//! Registration in the UI: the public form and the delegate's private page; for organizers the list,
//! approvals, nominations, imports, settings, check-in and the outbox.

#[cfg(feature = "ssr")]
mod checkin;
mod checkin_search;
#[cfg(feature = "ssr")]
mod delegate;
#[cfg(feature = "ssr")]
pub(crate) mod fields;
#[cfg(feature = "ssr")]
mod import;
#[cfg(feature = "ssr")]
mod manage;
#[cfg(feature = "ssr")]
mod outbox;
#[cfg(feature = "ssr")]
mod public;
mod qr_scan;
#[cfg(feature = "ssr")]
mod settings;

#[cfg(feature = "ssr")]
pub use checkin::CheckinPage;
pub use checkin_search::CheckinSearch;
#[cfg(feature = "ssr")]
pub use delegate::DelegatePage;
#[cfg(feature = "ssr")]
pub use import::{ImportPage, ImportPreviewPage};
#[cfg(feature = "ssr")]
pub use manage::{NominatePage, RegistrationDetail, RegistrationsPage, who_line};
#[cfg(feature = "ssr")]
pub use outbox::OutboxPage;
#[cfg(feature = "ssr")]
pub use public::{LinkRequestPage, RegisterPage};
pub use qr_scan::QrScan;
#[cfg(feature = "ssr")]
pub use settings::RegistrationSettingsPage;
