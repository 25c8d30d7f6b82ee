//! Minutes (biên bản) of a conference: a draft pre-filled from the conference's data, saved as
//! numbered revisions with optimistic concurrency (a save names the revision it started from; a
//! later save by someone else is a conflict that returns both texts), read back ("đọc lại"), made
//! final (locked, content and PDF hashed), and corrected by a new version that names the final one it
//! replaces. The PDF comes from `hoinghi-documents`.

mod content;
mod prefill;
mod store;
mod workflow;

pub(crate) use prefill::unit_with_province;
pub use prefill::{prefill, recommendation_opinions};
pub(crate) use workflow::final_content;
pub use workflow::{SaveOutcome, back_to_draft, correct, finalize, render, save, send_for_review, verify_final, view};
