//! Sending the outbox by SMTP. The sender wakes when a message is written (and on a slow round, for
//! messages written by other app servers and retries); without a mail server it does not run at all.
//! Messages are claimed one at a time with a conditional update, so several app servers can send side by
//! side without sending anything twice; failures are retried with growing pauses, then left as failed
//! for an organizer to resend. A delegate's private link is written into the
//! message only here, in memory, as it goes out; the stored row keeps the placeholder.

use super::outbox::PRIVATE_LINK;
use crate::Service;
use crate::db::now;
use crate::error::Result;
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::transport::stub::AsyncStubTransport;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::time::Duration;

const MAX_ATTEMPTS: i64 = 5;
/// A message claimed this long ago by a sender that then vanished is claimed again.
const STALE_CLAIM_SECS: i64 = 300;

enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    /// Keeps messages in memory instead of sending them (tests).
    Stub(AsyncStubTransport),
}

impl Transport {
    async fn send(&self, message: Message) -> std::result::Result<(), String> {
        match self {
            Transport::Smtp(t) => t.send(message).await.map(|_| ()).map_err(|e| e.to_string()),
            Transport::Stub(t) => t.send(message).await.map(|_| ()).map_err(|e| e.to_string()),
        }
    }
}

pub struct Mailer {
    transport: Option<Transport>,
    from: Mailbox,
}

impl Mailer {
    /// `smtp_url` empty: keep messages in the outbox only (status "unsent").
    pub fn new(smtp_url: &str, from: &str) -> anyhow::Result<Mailer> {
        let from: Mailbox = from.parse().map_err(|e| anyhow::anyhow!("HOINGHI_MAIL_FROM {from:?}: {e}"))?;
        let transport = if smtp_url.trim().is_empty() {
            None
        } else {
            Some(Transport::Smtp(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(smtp_url.trim())
                    .map_err(|e| anyhow::anyhow!("HOINGHI_SMTP_URL: {e}"))?
                    .build(),
            ))
        };
        Ok(Mailer { transport, from })
    }

    /// A mailer that hands messages to `stub` (which keeps them) instead of a mail server, for tests.
    pub fn stub(from: &str, stub: AsyncStubTransport) -> anyhow::Result<Mailer> {
        let from: Mailbox = from.parse().map_err(|e| anyhow::anyhow!("{from:?}: {e}"))?;
        Ok(Mailer { transport: Some(Transport::Stub(stub)), from })
    }

    pub fn configured(&self) -> bool {
        self.transport.is_some()
    }
}

/// An attached file: name and bytes.
type File = (String, Vec<u8>);

fn build(
    mailer: &Mailer,
    to: &str,
    subject: &str,
    body: &str,
    calendar: Option<&str>,
    file: Option<File>,
) -> anyhow::Result<Message> {
    let to: Mailbox = to.parse()?;
    let builder = Message::builder().from(mailer.from.clone()).to(to).subject(subject);
    let text = SinglePart::builder().header(ContentType::TEXT_PLAIN).body(body.to_string());
    if let Some((name, bytes)) = file {
        let pdf = Attachment::new(name).body(bytes, ContentType::parse("application/pdf")?);
        return Ok(builder.multipart(MultiPart::mixed().singlepart(text).singlepart(pdf))?);
    }
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

/// The body as it goes out: a registration message gets its delegate's private link in place of the
/// placeholder. `None` when that registration is gone.
async fn with_link(svc: &Service, kind: &str, registration_id: Option<i64>, body: String) -> Result<Option<String>> {
    if kind != "registered" || !body.contains(PRIVATE_LINK) {
        return Ok(Some(body));
    }
    let token = match registration_id {
        Some(id) => crate::registration::link::current(svc, id).await?,
        None => None,
    };
    Ok(token.map(|token| body.replace(PRIVATE_LINK, &token)))
}

/// A message that carries an issued document: the unit's nomination link written into the body, and the
/// document's PDF (made from the register) to attach. `None` when the document is gone.
async fn with_document(
    svc: &Service,
    kind: &str,
    document_id: Option<i64>,
    body: String,
) -> Result<Option<(String, Option<File>)>> {
    let Some(id) = document_id else { return Ok(Some((body, None))) };
    crate::correspondence::mail_parts(svc, kind, id, body).await
}

/// After a wake-up, the sender waits this long: the transaction that wrote the message has usually
/// committed by then, and a burst of registrations is sent in one round.
const SETTLE: Duration = Duration::from_millis(200);
/// A round without a wake-up: messages written by other app servers, and retries that came due.
const SLOW_ROUND: Duration = Duration::from_secs(10);

/// The sender of one app server: sends what is due whenever a message is written here, and every
/// [`SLOW_ROUND`] otherwise, until `stop` turns true; it finishes the message in hand, then returns.
/// Without a mail server there is nothing to do: messages are written as kept, and it returns at once.
pub async fn run(svc: Service, mailer: Mailer, mut stop: tokio::sync::watch::Receiver<bool>) {
    if mailer.transport.is_none() {
        return;
    }
    loop {
        if let Err(e) = send_until(&svc, &mailer, || *stop.borrow()).await {
            tracing::warn!(error = %e, "sending the outbox");
        }
        tokio::select! {
            _ = svc.shared.mail_written.notified() => {
                tokio::select! {
                    _ = tokio::time::sleep(SETTLE) => {}
                    _ = stop.changed() => {}
                }
            }
            _ = tokio::time::sleep(SLOW_ROUND) => {}
            _ = stop.changed() => {}
        }
        if *stop.borrow() {
            return;
        }
    }
}

/// Sends what is due; returns how many messages were handled.
pub async fn send_due(svc: &Service, mailer: &Mailer) -> Result<usize> {
    send_until(svc, mailer, || false).await
}

async fn send_until(svc: &Service, mailer: &Mailer, stop: impl Fn() -> bool) -> Result<usize> {
    let Some(transport) = &mailer.transport else {
        // Without a mail server, messages only wait in the outbox: one statement marks any still marked
        // for sending (written while a server was configured), rather than claiming and rewriting each.
        let marked = sqlx::query("UPDATE outbox SET status = 'unsent' WHERE status = 'pending'")
            .execute(svc.db.write())
            .await?
            .rows_affected();
        return Ok(marked as usize);
    };
    let at = now();
    sqlx::query("UPDATE outbox SET status = 'pending' WHERE status = 'sending' AND claimed_at < $1")
        .bind(at - STALE_CLAIM_SECS)
        .execute(svc.db.write())
        .await?;
    let mut handled = 0;
    while !stop() {
        type Claimed = (i64, String, String, String, Option<String>, String, i64, Option<i64>, Option<i64>);
        let claimed: Option<Claimed> = sqlx::query_as(
            "UPDATE outbox SET status = 'sending', claimed_at = $1, attempts = attempts + 1 \
             WHERE id = (SELECT id FROM outbox WHERE status = 'pending' AND next_attempt_at <= $1 ORDER BY id LIMIT 1) \
             AND status = 'pending' RETURNING id, to_address, subject, body, calendar, kind, attempts, registration_id, document_id",
        )
        .bind(now())
        .fetch_optional(svc.db.write())
        .await?;
        let Some((id, to, subject, body, calendar, kind, attempts, registration_id, document_id)) = claimed else {
            break;
        };
        handled += 1;
        let body = match with_link(svc, &kind, registration_id, body).await? {
            Some(body) => with_document(svc, &kind, document_id, body).await?,
            None => None,
        };
        let result = match body {
            Some((body, file)) => match build(mailer, &to, &subject, &body, calendar.as_deref(), file) {
                Ok(message) => transport.send(message).await,
                Err(e) => Err(e.to_string()),
            },
            None => Err("the registration or document no longer exists".to_string()),
        };
        match result {
            Ok(()) => {
                sqlx::query("UPDATE outbox SET status = 'sent', sent_at = $1, last_error = '' WHERE id = $2")
                    .bind(now())
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
