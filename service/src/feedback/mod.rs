//! Feedback and recommendations.
//!
//! - `forms`: the conference's form and one per session, made from a default template, edited by
//!   organizers until the first answer arrives, open within a time window.
//! - `answers`: delegates answer through their private link, or with their registration code after
//!   scanning a session's QR code. One submission per delegate and form, which they may change until it
//!   closes. In anonymous forms the submission cannot be linked to the delegate from the database (see the
//!   0005 migration): `feedback_respondents` says who answered, `feedback_submissions` what was answered.
//! - `results`: counts, means, distributions, groups by province and unit (three answers at least),
//!   comments, the comparison of sessions and people; `charts` draws them as SVG; `export` writes CSV and
//!   XLSX.
//! - `recommendations`: filed by delegates (or organizers for them), triaged by organizers.

mod answers;
mod charts;
mod eligibility;
mod export;
mod forms;
mod recommendations;
mod results;
mod template;

pub(crate) use answers::edit_tag;
pub use answers::{forms_for_delegate, page_by_code, page_by_token, submit_by_code, submit_by_token};
pub use charts::bar_chart;
pub use export::{csv as results_csv, pdf as results_pdf, table as results_table, xlsx as results_xlsx};
pub use forms::{
    add_question, create_form, delete_question, form_for_organizer, forms, open_form, overview, publish_form,
    update_form,
};
pub(crate) use recommendations::selected_for_minutes;
pub use recommendations::{
    by_id as recommendation, file_by_organizer, file_by_token, for_delegate as recommendations_for_delegate,
    for_minutes, list as list_recommendations, triage as triage_recommendations, update as update_recommendation,
};
pub use results::{compute, results};
