use crate::Service;
use crate::accounts::{Actor, require_organizer};
use crate::db::{Tx, now};
use crate::error::Result;
use hoinghi_domain::AppError;
use hoinghi_domain::registration::OutboxMessage;

/// Stands in a stored message for the private link's token, which the sender writes in when it sends
/// (see `registration::link`): no message at rest, sent or not, holds a live link.
pub(crate) const PRIVATE_LINK: &str = "{private-link}";

/// Writes a message to the outbox inside the caller's transaction and wakes the sender. Without a mail
/// server the row is written as kept ("unsent"), and nothing touches it again.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn enqueue(
    svc: &Service,
    tx: &mut Tx,
    conference_id: i64,
    registration_id: Option<i64>,
    kind: &str,
    to: &str,
    subject: &str,
    body: &str,
    calendar: Option<&str>,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO outbox (conference_id, registration_id, kind, to_address, subject, body, calendar, status, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(conference_id)
    .bind(registration_id)
    .bind(kind)
    .bind(to)
    .bind(subject)
    .bind(body)
    .bind(calendar)
    .bind(if svc.settings.mail_server { "pending" } else { "unsent" })
    .bind(now())
    .execute(&mut **tx)
    .await?;
    // The sender waits a moment after waking, by when this transaction has usually committed; a row it
    // misses is picked up by its next wake or its slow round (see `sender::run`).
    svc.shared.mail_written.notify_one();
    Ok(())
}

/// Writes a message that carries an issued document (a unit's invitation, a notice) inside the caller's
/// transaction and wakes the sender, as [`enqueue`] does. The PDF is made from the register when the
/// message is sent, and a nomination link in the body is a placeholder the sender fills in (see
/// `correspondence::nomination`).
#[allow(clippy::too_many_arguments)]
pub(crate) async fn enqueue_document(
    svc: &Service,
    tx: &mut Tx,
    conference_id: i64,
    kind: &str,
    to: &str,
    subject: &str,
    body: &str,
    document_id: i64,
) -> Result<i64> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO outbox (conference_id, kind, to_address, subject, body, status, created_at, document_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(conference_id)
    .bind(kind)
    .bind(to)
    .bind(subject)
    .bind(body)
    .bind(if svc.settings.mail_server { "pending" } else { "unsent" })
    .bind(now())
    .bind(document_id)
    .fetch_one(&mut **tx)
    .await?;
    svc.shared.mail_written.notify_one();
    Ok(id)
}

type Row = (i64, String, String, String, String, String, i64, String, i64, Option<i64>);

/// The outbox of a conference, newest first.
pub async fn list(svc: &Service, actor: &Actor, conference_id: i64) -> Result<Vec<OutboxMessage>> {
    require_organizer(svc, actor, conference_id).await?;
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, kind, to_address, subject, body, status, attempts, last_error, created_at, sent_at FROM outbox \
         WHERE conference_id = $1 ORDER BY id DESC LIMIT 500",
    )
    .bind(conference_id)
    .fetch_all(svc.db.read())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, kind, to, subject, body, status, attempts, last_error, created_at, sent_at)| OutboxMessage {
            id,
            kind,
            to,
            subject,
            body: shown(&body),
            status,
            attempts,
            last_error,
            created_at,
            sent_at,
        })
        .collect())
}

/// A stored body as organizers see it: the private link's place is marked, its token is for the delegate
/// (and a unit's nomination link likewise).
fn shown(body: &str) -> String {
    body.replace(PRIVATE_LINK, "…").replace(crate::correspondence::NOMINATION_LINK, "…")
}

/// Sends a message again. A registration confirmation is written again from the registration as it is
/// now, with the private link the delegate already has.
pub async fn resend(svc: &Service, actor: &Actor, message_id: i64) -> Result<()> {
    let row: Option<(Option<i64>, String, Option<i64>)> =
        sqlx::query_as("SELECT conference_id, kind, registration_id FROM outbox WHERE id = $1")
            .bind(message_id)
            .fetch_optional(svc.db.read())
            .await?;
    let (conference_id, kind, registration_id) = row.ok_or(AppError::NotFound)?;
    require_organizer(svc, actor, conference_id.ok_or(AppError::NotFound)?).await?;
    let mut tx = svc.db.begin().await?;
    match (kind.as_str(), registration_id) {
        ("registered", Some(rid)) => {
            super::registration::queue(svc, &mut tx, rid, super::registration::Kind::Registered).await?;
        }
        _ => {
            sqlx::query("UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = 0, last_error = '' WHERE id = $1")
                .bind(message_id)
                .execute(&mut *tx)
                .await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn private_links_are_shown_as_their_place() {
        let body = "Xem tại https://hoinghi.vn/r/{private-link}\nMã: K7Q4M";
        assert_eq!(super::shown(body), "Xem tại https://hoinghi.vn/r/…\nMã: K7Q4M");
    }
}
