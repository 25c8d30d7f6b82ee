//! The messages a delegate gets about their registration, in the language they registered in.

use super::enqueue;
use crate::Service;
use crate::conferences::by_slug_public;
use crate::db::{Tx, now};
use crate::error::Result;
use crate::secrets::{random_token, sha256_hex};
use hoinghi_domain::i18n::{Arg, t, t_args};
use hoinghi_domain::registration::RegistrationStatus;
use hoinghi_domain::text::{PersonName, clean_line};
use hoinghi_domain::time::date_range;
use hoinghi_domain::{AppError, Locale};

#[derive(Clone, Debug)]
pub(crate) enum Kind {
    /// Sent once at registration, with the private link's secret.
    Registered(String),
    Approved,
    ApprovedWaiting,
    Rejected,
    Cancelled,
    Promoted,
}

impl Kind {
    fn name(&self) -> &'static str {
        match self {
            Kind::Registered(_) => "registered",
            Kind::Approved => "approved",
            Kind::ApprovedWaiting => "approved_waiting",
            Kind::Rejected => "rejected",
            Kind::Cancelled => "cancelled",
            Kind::Promoted => "promoted",
        }
    }
}

#[derive(sqlx::FromRow)]
struct Facts {
    conference_id: i64,
    email: String,
    family_name: String,
    middle_name: String,
    given_name: String,
    code: String,
    status: String,
    status_reason: String,
    locale: String,
    title: String,
    slug: String,
    starts_on: String,
    ends_on: String,
    venue_name: String,
    venue_address: String,
}

/// Writes the message about registration `id` to the outbox (no address, no message).
pub(crate) async fn queue(svc: &Service, tx: &mut Tx, id: i64, kind: Kind) -> Result<()> {
    let f: Facts = sqlx::query_as(
        "SELECT r.conference_id, r.email, r.family_name, r.middle_name, r.given_name, r.code, r.status, r.status_reason, r.locale, \
         c.title, c.slug, c.starts_on, c.ends_on, c.venue_name, c.venue_address \
         FROM registrations r JOIN conferences c ON c.id = r.conference_id WHERE r.id = $1",
    )
    .bind(id)
    .fetch_one(&mut **tx)
    .await?;
    if f.email.is_empty() {
        return Ok(());
    }
    let locale = Locale::from_code(&f.locale).unwrap_or_default();
    let status = RegistrationStatus::parse(&f.status).unwrap_or(RegistrationStatus::Pending);
    let position = if status == RegistrationStatus::Waiting {
        let (n,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM registrations w JOIN registrations me ON me.id = $1 \
             WHERE w.conference_id = me.conference_id AND w.status = 'waiting' \
             AND (w.waitlisted_at < me.waitlisted_at OR (w.waitlisted_at = me.waitlisted_at AND w.id <= me.id))",
        )
        .bind(id)
        .fetch_one(&mut **tx)
        .await?;
        n
    } else {
        0
    };
    let name = PersonName { family: f.family_name.clone(), middle: f.middle_name.clone(), given: f.given_name.clone() }
        .display();
    let common: Vec<(&str, Arg)> = vec![("conference", f.title.as_str().into()), ("position", position.into())];
    let lead = match (&kind, status) {
        (Kind::Registered(_), RegistrationStatus::Confirmed) => "mail-registered-confirmed",
        (Kind::Registered(_), RegistrationStatus::Waiting) => "mail-registered-waiting",
        (Kind::Registered(_), _) => "mail-registered-pending",
        (Kind::Approved, _) => "mail-approved",
        (Kind::ApprovedWaiting, _) => "mail-registered-waiting",
        (Kind::Rejected, _) => "mail-rejected",
        (Kind::Cancelled, _) => "mail-cancelled",
        (Kind::Promoted, _) => "mail-promoted",
    };
    let subject = t_args(locale, &format!("mail-subject-{}", kind.name().replace('_', "-")), &common);
    let mut body = vec![
        t_args(locale, "mail-greeting", &[("name", name.as_str().into())]),
        String::new(),
        t_args(locale, lead, &common),
    ];
    if matches!(kind, Kind::Rejected | Kind::Cancelled) && !f.status_reason.is_empty() {
        body.push(t_args(locale, "mail-reason", &[("reason", f.status_reason.as_str().into())]));
    }
    body.push(String::new());
    let dates = match (f.starts_on.parse(), f.ends_on.parse()) {
        (Ok(s), Ok(e)) => date_range(locale, s, e),
        _ => f.starts_on.clone(),
    };
    let venue = [f.venue_name.as_str(), f.venue_address.as_str()]
        .iter()
        .filter(|v| !v.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    body.push(t_args(locale, "mail-detail-conference", &[("value", f.title.as_str().into())]));
    body.push(t_args(locale, "mail-detail-dates", &[("value", dates.into())]));
    if !venue.is_empty() {
        body.push(t_args(locale, "mail-detail-venue", &[("value", venue.into())]));
    }
    body.push(t_args(locale, "mail-detail-code", &[("value", f.code.as_str().into())]));
    body.push(String::new());
    let site = svc.settings.public_url.trim_end_matches('/');
    match &kind {
        Kind::Registered(token) => {
            body.push(t(locale, "mail-link-intro"));
            body.push(format!("{site}/r/{token}"));
        }
        _ => {
            body.push(t(locale, "mail-link-elsewhere"));
            body.push(format!("{site}/c/{}/register/link", f.slug));
        }
    }
    body.push(String::new());
    body.push(t(locale, "mail-signature"));
    // A confirmation carries the delegate's sessions as an invitation Outlook offers to add.
    let confirms = matches!(
        (&kind, status),
        (Kind::Registered(_), RegistrationStatus::Confirmed) | (Kind::Approved | Kind::Promoted, _)
    );
    let calendar = if confirms { crate::calendar::invitation(svc, tx, id).await? } else { None };
    enqueue(tx, f.conference_id, Some(id), kind.name(), &f.email, &subject, &body.join("\n"), calendar.as_deref())
        .await?;
    Ok(())
}

/// Replaces a registration's private link with a new one and mails it; the old link stops working.
pub(crate) async fn issue_new_link(svc: &Service, tx: &mut Tx, registration_id: i64) -> Result<()> {
    let token = random_token(32);
    sqlx::query("UPDATE registrations SET token_hash = $1, updated_at = $2 WHERE id = $3")
        .bind(sha256_hex(&token))
        .bind(now())
        .bind(registration_id)
        .execute(&mut **tx)
        .await?;
    queue(svc, tx, registration_id, Kind::Registered(token)).await
}

/// A delegate who lost the mail asks for their link again: if an active registration has this email, a new
/// link is mailed to that address. The answer is the same either way, so nobody learns who registered.
pub async fn request_link(svc: &Service, slug: &str, email: &str) -> Result<()> {
    let conference = by_slug_public(svc, slug).await?;
    let email = clean_line(email).to_lowercase();
    let mut errors = hoinghi_domain::FieldErrors::new();
    crate::email::check(&mut errors, "email", &email);
    if !errors.is_empty() {
        return Err(AppError::Invalid { fields: errors.0 }.into());
    }
    let found: Option<(i64,)> = sqlx::query_as(
        "SELECT id FROM registrations WHERE conference_id = $1 AND email_key = $2 AND status IN ('pending', 'confirmed', 'waiting')",
    )
    .bind(conference.id)
    .bind(&email)
    .fetch_optional(svc.db.read())
    .await?;
    if let Some((id,)) = found {
        let mut tx = svc.db.begin().await?;
        issue_new_link(svc, &mut tx, id).await?;
        tx.commit().await?;
    }
    Ok(())
}
