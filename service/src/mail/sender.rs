//! Sending the outbox by SMTP. Messages are claimed one at a time with a conditional update, so several
//! app servers can send side by side without sending anything twice; failures are retried with growing
//! pauses, then left as failed for an organizer to resend.

use crate::Service;
use crate::db::now;
use crate::error::Result;
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

const MAX_ATTEMPTS: i64 = 5;
/// A message claimed this long ago by a sender that then vanished is claimed again.
const STALE_CLAIM_SECS: i64 = 300;

pub struct Mailer {
    transport: Option<AsyncSmtpTransport<Tokio1Executor>>,
    from: Mailbox,
}

impl Mailer {
    /// `smtp_url` empty: keep messages in the outbox only (status "unsent").
    pub fn new(smtp_url: &str, from: &str) -> anyhow::Result<Mailer> {
        let from: Mailbox = from.parse().map_err(|e| anyhow::anyhow!("HOINGHI_MAIL_FROM {from:?}: {e}"))?;
        let transport = if smtp_url.trim().is_empty() {
            None
        } else {
            Some(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(smtp_url.trim())
                    .map_err(|e| anyhow::anyhow!("HOINGHI_SMTP_URL: {e}"))?
                    .build(),
            )
        };
        Ok(Mailer { transport, from })
    }

    pub fn configured(&self) -> bool {
        self.transport.is_some()
    }
}

fn build(mailer: &Mailer, to: &str, subject: &str, body: &str, calendar: Option<&str>) -> anyhow::Result<Message> {
    let to: Mailbox = to.parse()?;
    let builder = Message::builder().from(mailer.from.clone()).to(to).subject(subject);
    let text = SinglePart::builder().header(ContentType::TEXT_PLAIN).body(body.to_string());
    Ok(match calendar {
        None => builder.singlepart(text)?,
        Some(ics) => {
            // Outlook offers "add to calendar" for a text/calendar part with METHOD:REQUEST; other clients
            // show the attached file.
            let invite = SinglePart::builder()
                .header(ContentType::parse("text/calendar; method=REQUEST; charset=utf-8")?)
                .body(ics.to_string());
            let file = Attachment::new("hoi-nghi.ics".to_string())
                .body(ics.to_string(), ContentType::parse("application/ics")?);
            builder.multipart(
                MultiPart::mixed()
                    .multipart(MultiPart::alternative().singlepart(text).singlepart(invite))
                    .singlepart(file),
            )?
        }
    })
}

/// Sends what is due; returns how many messages were handled.
pub async fn send_due(svc: &Service, mailer: &Mailer) -> Result<usize> {
    let at = now();
    sqlx::query("UPDATE outbox SET status = 'pending' WHERE status = 'sending' AND claimed_at < $1")
        .bind(at - STALE_CLAIM_SECS)
        .execute(svc.db.write())
        .await?;
    let mut handled = 0;
    loop {
        let claimed: Option<(i64, String, String, String, Option<String>, String, i64)> = sqlx::query_as(
            "UPDATE outbox SET status = 'sending', claimed_at = $1, attempts = attempts + 1 \
             WHERE id = (SELECT id FROM outbox WHERE status = 'pending' AND next_attempt_at <= $1 ORDER BY id LIMIT 1) \
             AND status = 'pending' RETURNING id, to_address, subject, body, calendar, kind, attempts",
        )
        .bind(now())
        .fetch_optional(svc.db.write())
        .await?;
        let Some((id, to, subject, body, calendar, kind, attempts)) = claimed else { break };
        handled += 1;
        let Some(transport) = &mailer.transport else {
            sqlx::query("UPDATE outbox SET status = 'unsent' WHERE id = $1").bind(id).execute(svc.db.write()).await?;
            continue;
        };
        let result = match build(mailer, &to, &subject, &body, calendar.as_deref()) {
            Ok(message) => transport.send(message).await.map(|_| ()).map_err(|e| e.to_string()),
            Err(e) => Err(e.to_string()),
        };
        match result {
            Ok(()) => {
                // Once delivered, a private link need not stay in the database.
                let kept = if kind == "registered" { super::outbox::redact_links(&body) } else { body };
                sqlx::query(
                    "UPDATE outbox SET status = 'sent', sent_at = $1, body = $2, last_error = '' WHERE id = $3",
                )
                .bind(now())
                .bind(kept)
                .bind(id)
                .execute(svc.db.write())
                .await?;
            }
            Err(error) => {
                tracing::warn!(id, %error, "sending mail failed");
                let (status, next) = if attempts >= MAX_ATTEMPTS {
                    ("failed", 0)
                } else {
                    ("pending", now() + 60 * (1 << attempts.min(6)))
                };
                sqlx::query("UPDATE outbox SET status = $1, next_attempt_at = $2, last_error = $3 WHERE id = $4")
                    .bind(status)
                    .bind(next)
                    .bind(error.chars().take(500).collect::<String>())
                    .bind(id)
                    .execute(svc.db.write())
                    .await?;
            }
        }
    }
    Ok(handled)
}
