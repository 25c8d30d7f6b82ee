//! Official correspondence around a conference, in the layout of Decree 30/2020/NĐ-CP, each document
//! numbered in the agency's register of outgoing documents when it is issued:
//!
//! - `register`: the register ("sổ đăng ký văn bản đi"): numbers per calendar year, in one sequence or
//!   one per document type, taken under the register lock; numbers given outside the system.
//! - `invitations`: a giấy mời per invited unit (its quota, the published agenda as appendix, its
//!   nomination link and QR code), issued all at once, one PDF per unit and one merged, mailed through
//!   the outbox; the notice of change after a change of time or place.
//! - `nomination`: the units' nomination links (`/n/<token>`): a coordinator without an account
//!   nominates the unit's delegates up to its quota; links are revocable.
//! - `conclusion`: the conclusion notice, pre-filled from the final minutes, edited with revisions.
//! - `answers`: the summary report of recommendations and the answer letter to each province.
//! - `drafts`: the texts organizers edit, saved as revisions with optimistic concurrency.
//! - `letters`: what every document shares, and making an issued document's PDF again from the register.
//!
//! Documents are rendered by plain functions of `hoinghi-documents` from data stored in the register, so
//! a caller may run them wherever it likes (a blocking pool, a background job).

mod answers;
mod conclusion;
mod drafts;
mod invitations;
mod letters;
mod nomination;
mod register;

use crate::Service;
use crate::accounts::{Actor, require_organizer};
use crate::documents::Pdf;
use crate::error::Result;
use hoinghi_domain::AppError;

pub use answers::{
    issue_letters as issue_answer_letters, issue_report, preview_letter as preview_answer_letter, preview_report,
    save_letter as save_answer_letter, save_report, view as answers,
};
pub use conclusion::{
    issue as issue_conclusion, preview as preview_conclusion, revisions as conclusion_revisions,
    save as save_conclusion, view as conclusion,
};
pub(crate) use drafts::is_text_of as is_draft_text;
pub use invitations::{
    issue as issue_invitations, issue_change as issue_change_notice, merged as merged_invitations,
    preview as preview_invitation, preview_change as preview_change_notice, save_change as save_change_notice,
    save_recipients, save_text as save_invitation_text, view as invitations,
};
pub(crate) use letters::{NOMINATION_LINK, is_stored_content};
pub(crate) use nomination::token_hash as nomination_link_hash;
pub use nomination::{
    invitation_pdf as nomination_invitation, nominate, renew as renew_nomination_link,
    revoke as revoke_nomination_link, view as nomination,
};
pub(crate) use register::is_used as register_number_used;
pub use register::{register, take_number, update_settings as update_register_settings};

/// An issued document of the conference, made again from the register.
pub async fn document_pdf(svc: &Service, actor: &Actor, conference_id: i64, document_id: i64) -> Result<Pdf> {
    require_organizer(svc, actor, conference_id).await?;
    let mut conn = svc.db.read().acquire().await?;
    let stored = register::stored(&mut conn, document_id).await?.ok_or(AppError::NotFound)?;
    drop(conn);
    // Only this conference's documents, and only those the system made.
    if stored.entry.conference_id != Some(conference_id) || stored.content.is_empty() {
        return Err(AppError::NotFound.into());
    }
    letters::pdf_of(svc, &stored).await
}

/// What a message carrying document `id` sends: its body with the unit's current nomination link written
/// in, and, for an invitation or a notice, the document's PDF. `None` when the document is gone.
pub(crate) async fn mail_parts(
    svc: &Service,
    kind: &str,
    id: i64,
    mut body: String,
) -> Result<Option<(String, Option<(String, Vec<u8>)>)>> {
    let mut conn = svc.db.read().acquire().await?;
    let Some(stored) = register::stored(&mut conn, id).await? else { return Ok(None) };
    drop(conn);
    if body.contains(NOMINATION_LINK) {
        let (conference_id, unit_id) = (stored.entry.conference_id.unwrap_or(0), stored.unit_id.unwrap_or(0));
        match nomination::current_token(svc, conference_id, unit_id).await? {
            Some(token) => body = body.replace(NOMINATION_LINK, &token),
            None => return Ok(None),
        }
    }
    let file = if matches!(kind, "invitation" | "change_notice") && !stored.content.is_empty() {
        let pdf = letters::pdf_of(svc, &stored).await?;
        Some((pdf.filename, pdf.bytes))
    } else {
        None
    };
    Ok(Some((body, file)))
}
