//! Official Vietnamese PDF documents for conferences, laid out to Decree 30/2020/NĐ-CP.
//!
//! Every document is a pure function from plain data (serde-deserialisable structs defined here)
//! to PDF bytes, built on one layout engine:
//!
//! - [`layout`]: A4 pages with the decree's margins, paragraphs measured with the real glyph
//!   advances of the bundled Liberation Serif (justified by widening spaces, over-long words broken
//!   between characters), the two-column official heading, tables whose header repeats on every
//!   page (columns sized from their content where asked), keep-together groups, QR codes as vector
//!   squares, page numbers from page 2 of each section (a merged file holds several documents),
//!   empty signature fields, and deterministic output (`/Lang (vi)`, no clock, trailer `/ID` = hash of
//!   the file).
//! - [`minutes`]: [`render_minutes`] — biên bản, template Mẫu 1.9.
//! - [`agenda`]: [`render_agenda`] — chương trình hội nghị.
//! - [`delegate_list`]: [`render_delegate_list`] — danh sách đại biểu by province and unit.
//! - [`signin_sheet`]: [`render_signin_sheets`] — one sign-in sheet per day or class, delegates grouped
//!   by province and unit.
//! - [`badges`]: [`render_badges`] — 2 × 4 badges per A4 sheet with the delegate's QR code.
//! - [`certificate`]: [`render_certificates`] — giấy chứng nhận, one landscape page each.
//! - [`feedback_report`]: [`render_feedback_report`] — báo cáo kết quả góp ý of one form.
//! - [`letter`]: [`render_letter`], [`render_letters`] — correspondence: giấy mời, thông báo, báo cáo,
//!   công văn, with the programme as an appendix and empty signature fields (AcroForm `/Sig`) for the
//!   signer and the agency's seal.
//! - [`text`]: NFC normalisation and replacement of characters the font cannot draw.
//!
//! All text is normalised to NFC before layout, and characters without a glyph (emoji) become
//! `?`, so any input yields a valid PDF. Fonts are compiled in; nothing is read at run time.

pub mod agenda;
pub mod badges;
pub mod certificate;
pub mod delegate_list;
mod error;
pub mod feedback_report;
pub mod fonts;
pub mod layout;
pub mod letter;
pub mod minutes;
pub mod samples;
pub mod signin_sheet;
pub mod text;

pub use agenda::{Agenda, AgendaDay, AgendaSession, render_agenda};
pub use badges::{Badge, BadgeSheet, render_badges};
pub use certificate::{CertificateBatch, CertificateRecipient, render_certificates};
pub use delegate_list::{DelegateList, ListedDelegate, render_delegate_list};
pub use error::DocumentError;
pub use feedback_report::{FeedbackReport, ReportQuestion, render_feedback_report};
pub use fonts::FontStyle;
pub use layout::HeaderSpec;
pub use letter::{Appendix, Letter, Part, PartColumn, PartRow, Signer, render_letter, render_letters};
pub use minutes::{
    Absentee, AssignedTask, Attendance, KeyDelegate, Minutes, Opinion, Person, ProceedingItem, UnitCount,
    render_minutes,
};
pub use signin_sheet::{SigninRow, SigninSheet, SigninSheets, render_signin_sheets};
