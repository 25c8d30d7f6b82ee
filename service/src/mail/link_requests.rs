//! "Send me my link": a delegate who lost the mail asks for their private link again.
//!
//! The answer never tells whether the email is registered: the same answer after the same steps, and never
//! sooner than a fixed floor, so its timing does not tell either. Requests are throttled per email (nobody
//! can flood a delegate's mailbox) and per client address (nobody can send in bulk); a throttled request
//! gets the same answer and sends nothing. The link mailed is the one the delegate already has (see
//! `registration::link`), so asking never takes it away.

use super::registration::{Kind, queue};
use crate::Service;
use crate::conferences::by_slug_public;
use crate::db::{LockScope, now};
use crate::error::Result;
use hoinghi_domain::AppError;
use hoinghi_domain::text::clean_line;
use std::net::IpAddr;
use std::time::Duration;

const WINDOW_SECS: i64 = 3600;
/// Requests per email, and per client address, within the window.
const PER_EMAIL: i64 = 3;
const PER_CLIENT: i64 = 20;
/// Longer than the work of the slowest case (writing the mail), so every answer takes the same time.
const ANSWER_FLOOR: Duration = Duration::from_millis(200);

/// Mails the private link of the active registration with this email, if there is one and the request is
/// within the limits. `client` is the requester's address. The answer is the same in every case.
pub async fn request_link(svc: &Service, slug: &str, email: &str, client: &str) -> Result<()> {
    let conference = by_slug_public(svc, slug).await?;
    let email = clean_line(email).to_lowercase();
    let mut errors = hoinghi_domain::FieldErrors::new();
    crate::email::check(&mut errors, "email", &email);
    if !errors.is_empty() {
        return Err(AppError::Invalid { fields: errors.0 }.into());
    }
    let started = tokio::time::Instant::now();
    let done = record_and_send(svc, conference.id, &email, &client_key(client)).await;
    tokio::time::sleep_until(started + ANSWER_FLOOR).await;
    done
}

/// Mails the link of the active registration with this email again, within the same limits as "send me
/// my link" (a registration form sent twice with the same details asks for it this way).
pub(crate) async fn resend_link(svc: &Service, conference_id: i64, email: &str, client: &str) -> Result<()> {
    record_and_send(svc, conference_id, email, &client_key(client)).await
}

async fn record_and_send(svc: &Service, conference_id: i64, email: &str, client: &str) -> Result<()> {
    let at = now();
    // Counting and recording are one step for every app server; requests are few, so one lock serves all.
    let mut tx = svc.db.begin_locked(LockScope::LinkRequests, 0).await?;
    sqlx::query("DELETE FROM link_requests WHERE at <= $1").bind(at - WINDOW_SECS).execute(&mut **tx).await?;
    let (by_email,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM link_requests WHERE email_key = $1")
        .bind(email)
        .fetch_one(&mut **tx)
        .await?;
    let (by_client,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM link_requests WHERE client = $1")
        .bind(client)
        .fetch_one(&mut **tx)
        .await?;
    if by_email < PER_EMAIL && by_client < PER_CLIENT {
        // Every request within the limits counts, registered or not, so the limits say nothing either.
        sqlx::query("INSERT INTO link_requests (email_key, client, at) VALUES ($1, $2, $3)")
            .bind(email)
            .bind(client)
            .bind(at)
            .execute(&mut **tx)
            .await?;
        let found: Option<(i64,)> = sqlx::query_as(
            "SELECT id FROM registrations WHERE conference_id = $1 AND email_key = $2 \
             AND status IN ('pending', 'confirmed', 'waiting')",
        )
        .bind(conference_id)
        .bind(email)
        .fetch_optional(&mut **tx)
        .await?;
        if let Some((id,)) = found {
            queue(svc, &mut tx, id, Kind::Registered).await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

/// The address a limit applies to: an IPv6 client usually holds a whole /64, so that is what counts.
fn client_key(client: &str) -> String {
    match client.trim().parse::<IpAddr>().map(|ip| ip.to_canonical()) {
        Ok(IpAddr::V6(v6)) => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
        Ok(v4) => v4.to_string(),
        Err(_) => client.trim().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::client_key;

    #[test]
    fn clients_are_counted_by_address_or_ipv6_network() {
        assert_eq!(client_key("203.0.113.7"), "203.0.113.7");
        assert_eq!(client_key("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
        assert_eq!(client_key("2001:db8:1:2:bbbb::9"), client_key("2001:db8:1:2:aaaa::1"));
        assert_eq!(client_key("::ffff:203.0.113.7"), "203.0.113.7");
        assert_eq!(client_key(""), "");
    }
}
