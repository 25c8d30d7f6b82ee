//! Delegate registration: the public form, limits and waiting lists, approval, nominations and imports
//! by units, the private link, check-in, lists and exports.

mod access;
mod checkin;
mod export;
mod form;
#[doc(hidden)]
pub mod hot;
mod import;
mod intake;
mod lifecycle;
pub(crate) mod link;
mod outcome;
pub(crate) mod personal;
mod queries;
mod search;
mod seats;
mod settings;
mod store;

pub(crate) use access::{DelegateRef, delegate_by_code, delegate_by_token};
pub use access::{Scope, add_coordinator, managed_conference, scope};
pub(crate) use checkin::hours_attended;
pub use checkin::{attendance_hours, check_in, search as checkin_search, undo_check_in};
pub use export::{csv as export_csv, xlsx as export_xlsx};
pub(crate) use form::{FormCache, forget as forget_form};
pub use form::{Source, phone_key};
pub use import::{
    FIELDS as IMPORT_FIELDS, ImportOutcome, accept as accept_import, load as load_import, preview as preview_import,
    remap as remap_import,
};
pub(crate) use intake::Intake;
pub use intake::Repeat;
pub(crate) use lifecycle::register_for_unit;
pub use lifecycle::{
    Acknowledgement, Registered, approve, cancel, cancel_by_delegate, new_submission_key, register, register_public,
    reject, set_badge_role, update_by_delegate,
};
pub(crate) use link::resolve as registration_by_token;
pub use outcome::approve_with_outcome;
pub(crate) use queries::organizer_form_in;
pub use queries::{delegate_view, detail, is_open, list, list_page, organizer_form, public_form, public_state};
pub use search::search as search_delegates;
pub(crate) use search::totals as counts;
pub use settings::{
    add_question, delete_question, question, questions, quotas, quotas_of, set_class_quota, set_quota, settings,
    update_question, update_settings,
};
pub use store::normalize_code;
pub(crate) use store::{load_all as load_registrations, load_confirmed as load_confirmed_registrations};
