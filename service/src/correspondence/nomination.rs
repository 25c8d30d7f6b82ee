//! Each invited unit's nomination link, `/n/<token>`: the unit's coordinator opens it without an account
//! and nominates the unit's delegates, up to the number its invitation gave.
//!
//! The link works like a coordinator's account limited to one unit (the registration module's
//! `Scope::Unit`): it sees and adds only that unit's delegates. Its token is derived, as delegates'
//! private links are: the HMAC-SHA-256 of (conference, unit, generation) under the server secret, so the
//! invitation's PDF and the mail can be made again with the same link, while only the token's SHA-256 is
//! stored. Organizers revoke a link (it answers 404 at once) and may give the unit a new one (the next
//! generation), which is mailed to the unit.

use super::letters::{self, NOMINATION_LINK};
use super::register;
use crate::Service;
use crate::accounts::{Actor, require_organizer};
use crate::conferences::by_id_internal;
use crate::db::Flag;
use crate::documents::Pdf;
use crate::error::Result;
use crate::secrets::{hmac_token, sha256_hex};
use hoinghi_domain::correspondence::{IssuedRef, NominationView, Nominee};
use hoinghi_domain::registration::{RegistrationInput, RegistrationStatus};
use hoinghi_domain::{AppError, Locale};

/// The token of a unit's link in `generation`.
pub(crate) fn token(svc: &Service, conference_id: i64, unit_id: i64, generation: i64) -> String {
    hmac_token(&svc.settings.secret, format!("nomination/{conference_id}/{unit_id}/{generation}").as_bytes())
}

/// The stored hash of that token.
pub(crate) fn token_hash(svc: &Service, conference_id: i64, unit_id: i64, generation: i64) -> String {
    sha256_hex(&token(svc, conference_id, unit_id, generation))
}

/// The (conference, unit) behind a working link; 404 for an unknown or revoked one.
async fn resolve(svc: &Service, token: &str) -> Result<(i64, i64)> {
    let row: Option<(i64, i64)> = sqlx::query_as(
        "SELECT conference_id, unit_id FROM invitation_units WHERE link_hash = $1 AND link_revoked = $2",
    )
    .bind(sha256_hex(token.trim()))
    .bind(false)
    .fetch_optional(svc.db.read())
    .await?;
    row.ok_or_else(|| AppError::NotFound.into())
}

/// How many delegates a unit was invited to send: its own quota, else the conference's default.
pub(crate) async fn invited_count(conn: &mut sqlx::AnyConnection, conference_id: i64, unit_id: i64) -> Result<i64> {
    let own: Option<(i64,)> = sqlx::query_as("SELECT quota FROM unit_quotas WHERE conference_id = $1 AND unit_id = $2")
        .bind(conference_id)
        .bind(unit_id)
        .fetch_optional(&mut *conn)
        .await?;
    if let Some((q,)) = own {
        return Ok(q);
    }
    let default: Option<(Option<i64>,)> =
        sqlx::query_as("SELECT default_unit_quota FROM registration_settings WHERE conference_id = $1")
            .bind(conference_id)
            .fetch_optional(&mut *conn)
            .await?;
    Ok(default.and_then(|(d,)| d).unwrap_or(0))
}

/// The nomination page: the conference, the unit, its number of places and who is nominated so far.
pub async fn view(svc: &Service, token: &str) -> Result<NominationView> {
    let (conference_id, unit_id) = resolve(svc, token).await?;
    let conference = by_id_internal(svc, conference_id).await?;
    let mut conn = svc.db.read().acquire().await?;
    let (unit_name, admin_unit_code): (String, Option<String>) =
        sqlx::query_as("SELECT name, admin_unit_code FROM units WHERE id = $1")
            .bind(unit_id)
            .fetch_one(&mut *conn)
            .await?;
    let quota = invited_count(&mut conn, conference_id, unit_id).await?;
    let mut nominees: Vec<Nominee> = crate::registration::load_registrations(&mut conn, conference_id)
        .await?
        .into_iter()
        .filter(|r| r.unit_id == Some(unit_id) && r.status.is_active())
        .map(|r| Nominee { name: r.name.display(), position: r.position_title, status: r.status })
        .collect();
    nominees.sort_by_key(|n| n.status != RegistrationStatus::Confirmed);
    let invitation: Option<(i64, String, String)> = sqlx::query_as(
        "SELECT d.id, d.symbol, d.issued_on FROM invitation_units i JOIN outgoing_documents d ON d.id = i.document_id \
         WHERE i.conference_id = $1 AND i.unit_id = $2",
    )
    .bind(conference_id)
    .bind(unit_id)
    .fetch_optional(&mut *conn)
    .await?;
    let text: hoinghi_domain::correspondence::InvitationText =
        super::drafts::load(&mut conn, conference_id, super::invitations::KIND)
            .await?
            .map(|(t, _)| t)
            .unwrap_or_default();
    let mut form = crate::registration::organizer_form_in(&mut conn, conference.clone()).await?;
    form.units.retain(|u| u.id == unit_id);
    Ok(NominationView {
        conference,
        unit_id,
        unit_name,
        admin_unit_code,
        quota,
        nominees,
        deadline: text.deadline,
        invitation: invitation.map(|(id, symbol, issued_on)| IssuedRef { id, symbol, issued_on }),
        form,
    })
}

/// The coordinator nominates a delegate of the unit; refused, with the number, once the unit has as many
/// delegates as it was invited to send.
pub async fn nominate(
    svc: &Service,
    token: &str,
    mut input: RegistrationInput,
    locale: Locale,
) -> Result<hoinghi_domain::registration::Registration> {
    let (conference_id, unit_id) = resolve(svc, token).await?;
    let mut conn = svc.db.read().acquire().await?;
    let invited = invited_count(&mut conn, conference_id, unit_id).await?;
    let (code,): (Option<String>,) =
        sqlx::query_as("SELECT admin_unit_code FROM units WHERE id = $1").bind(unit_id).fetch_one(&mut *conn).await?;
    drop(conn);
    // The unit's province unless the coordinator chose one.
    if input.admin_unit_code.trim().is_empty() {
        input.admin_unit_code = code.unwrap_or_default();
    }
    input.organization = String::new();
    let scope = crate::registration::Scope::Unit(unit_id);
    let done = crate::registration::register_for_unit(svc, conference_id, scope, invited, input, locale).await?;
    Ok(done.registration)
}

/// The unit's invitation as it was issued, for its coordinator.
pub async fn invitation_pdf(svc: &Service, token: &str) -> Result<Pdf> {
    let (conference_id, unit_id) = resolve(svc, token).await?;
    let (document_id,): (Option<i64>,) =
        sqlx::query_as("SELECT document_id FROM invitation_units WHERE conference_id = $1 AND unit_id = $2")
            .bind(conference_id)
            .bind(unit_id)
            .fetch_one(svc.db.read())
            .await?;
    let mut conn = svc.db.read().acquire().await?;
    let stored =
        register::stored(&mut conn, document_id.ok_or(AppError::NotFound)?).await?.ok_or(AppError::NotFound)?;
    drop(conn);
    letters::pdf_of(svc, &stored).await
}

/// Ends a unit's link at once.
pub async fn revoke(svc: &Service, actor: &Actor, conference_id: i64, unit_id: i64) -> Result<()> {
    require_organizer(svc, actor, conference_id).await?;
    let mut tx = svc.db.begin().await?;
    let n = sqlx::query(
        "UPDATE invitation_units SET link_revoked = $1 WHERE conference_id = $2 AND unit_id = $3 AND link_hash IS NOT NULL",
    )
    .bind(true)
    .bind(conference_id)
    .bind(unit_id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if n == 0 {
        return Err(AppError::rejected("nomination-error-no-link").into());
    }
    crate::audit::record(&mut tx, actor, Some(conference_id), "nomination.revoke", &unit_id.to_string()).await?;
    tx.commit().await?;
    Ok(())
}

/// Gives a unit a new link (the old one stops working) and mails it to the unit's address, if any.
pub async fn renew(svc: &Service, actor: &Actor, conference_id: i64, unit_id: i64) -> Result<()> {
    require_organizer(svc, actor, conference_id).await?;
    let conference = by_id_internal(svc, conference_id).await?;
    let mut tx = svc.db.begin().await?;
    let row: Option<(i64, String, Option<i64>, Flag)> = sqlx::query_as(
        "SELECT link_generation, email, document_id, link_revoked FROM invitation_units \
         WHERE conference_id = $1 AND unit_id = $2 AND link_hash IS NOT NULL",
    )
    .bind(conference_id)
    .bind(unit_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((generation, email, document_id, _)) = row else {
        return Err(AppError::rejected("nomination-error-no-link").into());
    };
    let next = generation + 1;
    sqlx::query(
        "UPDATE invitation_units SET link_generation = $1, link_hash = $2, link_revoked = $3 \
         WHERE conference_id = $4 AND unit_id = $5",
    )
    .bind(next)
    .bind(token_hash(svc, conference_id, unit_id, next))
    .bind(false)
    .bind(conference_id)
    .bind(unit_id)
    .execute(&mut *tx)
    .await?;
    if let (false, Some(document_id)) = (email.is_empty(), document_id) {
        let body = format!(
            "Đường dẫn cử đại biểu dự {} của đơn vị đã được cấp lại; đường dẫn cũ không còn dùng được.\n\n\
             Đơn vị cử đại biểu tại địa chỉ sau (không cần tài khoản; đường dẫn dành riêng cho đơn vị):\n{}\n",
            conference.title,
            letters::nomination_url(svc, NOMINATION_LINK)
        );
        crate::mail::enqueue_document(
            svc,
            &mut tx,
            conference_id,
            "nomination_link",
            &email,
            &format!("Đường dẫn cử đại biểu mới: {}", conference.title),
            &body,
            document_id,
        )
        .await?;
    }
    crate::audit::record(&mut tx, actor, Some(conference_id), "nomination.renew", &unit_id.to_string()).await?;
    tx.commit().await?;
    Ok(())
}

/// The current link token for the unit of an issued document (for a mail that carries it), whatever the
/// document's own generation: a mail sent after a renewal gives the new link.
pub(crate) async fn current_token(svc: &Service, conference_id: i64, unit_id: i64) -> Result<Option<String>> {
    let row: Option<(i64,)> = sqlx::query_as(
        "SELECT link_generation FROM invitation_units WHERE conference_id = $1 AND unit_id = $2 AND link_hash IS NOT NULL",
    )
    .bind(conference_id)
    .bind(unit_id)
    .fetch_optional(svc.db.read())
    .await?;
    Ok(row.map(|(g,)| token(svc, conference_id, unit_id, g)))
}
