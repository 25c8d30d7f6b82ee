//! An organizer sends a delegate their private link again (the delegate lost the mail, or phoned the
//! desk): the same message as at registration, through the outbox, so it is sent like every other and
//! no one ever reads the link on a screen. The link is the one the delegate has (see
//! `registration::link`), so sending it again takes nothing away.

use super::registration::{Kind, queue};
use crate::Service;
use crate::accounts::Actor;
use crate::error::Result;
use crate::registration::scope;
use hoinghi_domain::AppError;

/// Writes the private-link message for registration `id` to the outbox; returns the address it goes to.
pub async fn send_link_again(svc: &Service, actor: &Actor, registration_id: i64) -> Result<String> {
    let row: Option<(i64, Option<i64>, String, String)> =
        sqlx::query_as("SELECT conference_id, unit_id, email, status FROM registrations WHERE id = $1")
            .bind(registration_id)
            .fetch_optional(svc.db.read())
            .await?;
    let (conference_id, unit_id, email, status) = row.ok_or(AppError::NotFound)?;
    if !scope(svc, actor, conference_id).await?.allows(unit_id) {
        return Err(AppError::Forbidden.into());
    }
    if email.is_empty() {
        return Err(AppError::rejected("registrations-link-no-email").into());
    }
    if !matches!(status.as_str(), "pending" | "confirmed" | "waiting") {
        return Err(AppError::rejected("registrations-link-inactive").into());
    }
    let mut tx = svc.db.begin().await?;
    queue(svc, &mut tx, registration_id, Kind::Registered).await?;
    crate::audit::record(&mut tx, actor, Some(conference_id), "registration.link-sent", &registration_id.to_string())
        .await?;
    tx.commit().await?;
    Ok(email)
}
