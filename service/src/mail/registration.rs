//! The messages a delegate gets about their registration, in the language they registered in.

use super::enqueue;
use super::outbox::PRIVATE_LINK;
use crate::Service;
use crate::db::Tx;
use crate::error::Result;
use hoinghi_domain::Locale;
use hoinghi_domain::i18n::{Arg, t, t_args};
use hoinghi_domain::registration::RegistrationStatus;
use hoinghi_domain::text::PersonName;
use hoinghi_domain::time::date_range;

#[derive(Clone, Debug)]
pub(crate) enum Kind {
    /// Sent at registration, and again on request: carries the private link (as a placeholder the sender
    /// fills in).
    Registered,
    Approved,
    ApprovedWaiting,
    Rejected,
    Cancelled,
    Promoted,
}

impl Kind {
    pub(crate) fn name(&self) -> &'static str {
        match self {
            Kind::Registered => "registered",
            Kind::Approved => "approved",
            Kind::ApprovedWaiting => "approved_waiting",
            Kind::Rejected => "rejected",
            Kind::Cancelled => "cancelled",
            Kind::Promoted => "promoted",
        }
    }
}

/// What a message about a registration says: the delegate, the conference, where the registration
/// stands.
#[derive(sqlx::FromRow)]
pub(crate) struct Facts {
    pub conference_id: i64,
    pub email: String,
    pub family_name: String,
    pub middle_name: String,
    pub given_name: String,
    pub code: String,
    pub status: String,
    pub status_reason: String,
    pub locale: String,
    /// The stored place on the waiting list (none unless waiting).
    pub waiting_position: Option<i64>,
    pub title: String,
    pub slug: String,
    pub starts_on: String,
    pub ends_on: String,
    pub venue_name: String,
    pub venue_address: String,
}

/// Writes the message about registration `id` to the outbox (no address, no message).
pub(crate) async fn queue(svc: &Service, tx: &mut Tx, id: i64, kind: Kind) -> Result<()> {
    let f: Facts = sqlx::query_as(
        "SELECT r.conference_id, r.email, r.family_name, r.middle_name, r.given_name, r.code, r.status, r.status_reason, r.locale, \
         r.waiting_position, c.title, c.slug, c.starts_on, c.ends_on, c.venue_name, c.venue_address \
         FROM registrations r JOIN conferences c ON c.id = r.conference_id WHERE r.id = $1",
    )
    .bind(id)
    .fetch_one(&mut **tx)
    .await?;
    if f.email.is_empty() {
        return Ok(());
    }
    // A confirmation carries the delegate's sessions as an invitation Outlook offers to add.
    let status = RegistrationStatus::parse(&f.status).unwrap_or(RegistrationStatus::Pending);
    let calendar = if confirms(&kind, status) { crate::calendar::invitation(svc, tx, id).await? } else { None };
    write(svc, tx, id, &f, kind, calendar.as_deref()).await
}

/// Whether the message confirms a seat (and so carries the invitation).
pub(crate) fn confirms(kind: &Kind, status: RegistrationStatus) -> bool {
    matches!((kind, status), (Kind::Registered, RegistrationStatus::Confirmed) | (Kind::Approved | Kind::Promoted, _))
}

/// Writes the message from facts in hand (a registration being written needs no query for them).
pub(crate) async fn write(
    svc: &Service,
    tx: &mut Tx,
    id: i64,
    f: &Facts,
    kind: Kind,
    calendar: Option<&str>,
) -> Result<()> {
    if f.email.is_empty() {
        return Ok(());
    }
    let (subject, body) = compose(svc, f, &kind);
    enqueue(svc, tx, f.conference_id, Some(id), kind.name(), &f.email, &subject, &body, calendar).await?;
    Ok(())
}

/// The subject and body of a message, in the delegate's language.
fn compose(svc: &Service, f: &Facts, kind: &Kind) -> (String, String) {
    let locale = Locale::from_code(&f.locale).unwrap_or_default();
    let status = RegistrationStatus::parse(&f.status).unwrap_or(RegistrationStatus::Pending);
    let position = if status == RegistrationStatus::Waiting { f.waiting_position.unwrap_or(0) } else { 0 };
    let name = PersonName { family: f.family_name.clone(), middle: f.middle_name.clone(), given: f.given_name.clone() }
        .display();
    let common: Vec<(&str, Arg)> = vec![("conference", f.title.as_str().into()), ("position", position.into())];
    let lead = match (kind, status) {
        (Kind::Registered, RegistrationStatus::Confirmed) => "mail-registered-confirmed",
        (Kind::Registered, RegistrationStatus::Waiting) => "mail-registered-waiting",
        (Kind::Registered, _) => "mail-registered-pending",
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
    match kind {
        Kind::Registered => {
            body.push(t(locale, "mail-link-intro"));
            body.push(format!("{site}/r/{PRIVATE_LINK}"));
        }
        _ => {
            body.push(t(locale, "mail-link-elsewhere"));
            body.push(format!("{site}/c/{}/register/link", f.slug));
        }
    }
    body.push(String::new());
    body.push(t(locale, "mail-signature"));
    (subject, body.join("\n"))
}
