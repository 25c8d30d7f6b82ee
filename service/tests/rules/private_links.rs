//! Delegates' private links on SQLite and PostgreSQL: "send me my link" mails the link the delegate
//! already has, is throttled per email and per client address with one answer for everyone, and no
//! stored message (sent or not) holds a live link.

use crate::common::{agency_with_units, app_error, invalid_fields, organizer};
use base64::Engine;
use hoinghi_domain::agenda::{RoomInput, SessionInput};
use hoinghi_domain::conference::ConferenceInput;
use hoinghi_domain::registration::{RegistrationInput, RegistrationStatus};
use hoinghi_domain::{AppError, Locale};
use hoinghi_service::accounts::Actor;
use hoinghi_service::mail::{self, Mailer};
use hoinghi_service::registration::{self, Source};
use hoinghi_service::secrets::{random_token, sha256_hex};
use hoinghi_service::{Service, agenda, conferences};
use lettre::transport::stub::AsyncStubTransport;
use std::time::{Duration, Instant};

struct Setup {
    conference_id: i64,
    slug: String,
    unit: i64,
    organizer: Actor,
}

/// A published conference with a published plenary session (so confirmations carry an invitation).
async fn setup(svc: &Service) -> Setup {
    let an = organizer(svc, "an@bhxh.gov.vn").await;
    let (agency_id, units) = agency_with_units(svc, &[("Bảo hiểm xã hội tỉnh Khánh Hòa", "56")]).await;
    let c = conferences::create(
        svc,
        &an,
        ConferenceInput {
            title: "Hội nghị sơ kết".into(),
            starts_on: "2026-12-07".into(),
            ends_on: "2026-12-07".into(),
            agency_id: agency_id.to_string(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let room = agenda::create_room(svc, &an, c.id, RoomInput { name: "Hội trường".into(), capacity: String::new() })
        .await
        .unwrap();
    agenda::create(
        svc,
        &an,
        c.id,
        SessionInput {
            kind: "opening".into(),
            title: "Khai mạc".into(),
            day: "2026-12-07".into(),
            start: "08:00".into(),
            end: "09:00".into(),
            room_id: room.id.to_string(),
            plenary: "true".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    agenda::publish(svc, &an, c.id).await.unwrap();
    conferences::publish(svc, &an, c.id).await.unwrap();
    Setup { conference_id: c.id, slug: c.slug, unit: units[0], organizer: an }
}

fn email(n: usize) -> String {
    format!("dai.bieu.{n}@bhxh.gov.vn")
}

async fn register(svc: &Service, s: &Setup, n: usize) -> registration::Registered {
    let input = RegistrationInput {
        family_name: "Trần".into(),
        middle_name: "Thị".into(),
        given_name: format!("Đại Biểu {n}"),
        unit_id: s.unit.to_string(),
        phone: format!("0905{n:06}"),
        email: email(n),
        consent: "true".into(),
        ..Default::default()
    };
    registration::register(svc, &Actor::Anonymous, s.conference_id, input, Locale::Vi, Source::Delegate).await.unwrap()
}

async fn outbox_count(svc: &Service, kind: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM outbox WHERE kind = $1")
        .bind(kind)
        .fetch_one(svc.db.read())
        .await
        .unwrap();
    n
}

/// Every `/r/<token>` in a text, the token being what could open a private link.
fn links_in(text: &str) -> Vec<String> {
    text.match_indices("/r/")
        .map(|(at, _)| {
            text[at + 3..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_').collect()
        })
        .filter(|t: &String| t.len() >= 16)
        .collect()
}

/// The text of a raw message as a mail client shows it: base64 parts decoded, quoted-printable soft
/// line breaks removed.
fn readable(raw: &str) -> String {
    let mut out = raw.replace("=\r\n", "");
    // A base64 part: its headers, a blank line, then encoded lines up to a blank line or a boundary.
    let (mut headers, mut body, mut block) = (false, false, String::new());
    for line in raw.lines().chain([""]) {
        if line.to_ascii_lowercase().starts_with("content-transfer-encoding: base64") {
            headers = true;
        } else if headers && line.is_empty() {
            (headers, body) = (false, true);
        } else if body && (line.is_empty() || line.starts_with("--")) {
            let decoded = base64::engine::general_purpose::STANDARD.decode(block.as_bytes()).unwrap();
            out.push_str(&String::from_utf8_lossy(&decoded));
            block.clear();
            body = false;
        } else if body {
            block.push_str(line.trim());
        }
    }
    out
}

/// Sends the outbox through a mailer that keeps the messages; returns what each said.
async fn send_all(svc: &Service) -> Vec<String> {
    let stub = AsyncStubTransport::new_ok();
    let mailer = Mailer::stub("Hội nghị <no-reply@localhost>", stub.clone()).unwrap();
    mail::send_due(svc, &mailer).await.unwrap();
    stub.messages().await.into_iter().map(|(_, raw)| readable(&raw)).collect()
}

/// Everything stored about messages and registrations, as one text to search for secrets.
async fn stored_text(svc: &Service) -> String {
    let outbox: Vec<(String, Option<String>, String)> =
        sqlx::query_as("SELECT body, calendar, last_error FROM outbox").fetch_all(svc.db.read()).await.unwrap();
    let regs: Vec<(String, Option<String>, String)> =
        sqlx::query_as("SELECT token_hash, previous_token_hash, code FROM registrations")
            .fetch_all(svc.db.read())
            .await
            .unwrap();
    outbox.into_iter().chain(regs).map(|(a, b, c)| format!("{a}\n{}\n{c}\n", b.unwrap_or_default())).collect()
}

async fn opens(svc: &Service, token: &str) -> Option<i64> {
    registration::delegate_view(svc, token).await.ok().map(|v| v.registration.id)
}

on_both_engines!(asking_again_mails_the_link_the_delegate_has, |svc: Service| async move {
    let s = setup(&svc).await;
    let first = register(&svc, &s, 1).await;
    let id = first.registration.id;
    assert_eq!(first.registration.status, RegistrationStatus::Confirmed);

    mail::request_link(&svc, &s.slug, &format!("  {}  ", email(1).to_uppercase()), "203.0.113.7").await.unwrap();
    assert_eq!(outbox_count(&svc, "registered").await, 2);
    assert_eq!(opens(&svc, &first.token).await, Some(id), "asking does not end the link");

    // Stored: no token, no `/r/` followed by anything token-like, in any message or its invitation.
    let stored = stored_text(&svc).await;
    assert!(!stored.contains(&first.token));
    assert!(links_in(&stored).is_empty(), "{stored}");
    let (calendar,): (Option<String>,) =
        sqlx::query_as("SELECT calendar FROM outbox WHERE kind = 'registered' ORDER BY id LIMIT 1")
            .fetch_one(svc.db.read())
            .await
            .unwrap();
    assert!(calendar.is_some_and(|c| c.contains("BEGIN:VEVENT") && !c.contains("/r/")));

    // Organizers see where the link goes, not the link.
    let listed = mail::list(&svc, &s.organizer, s.conference_id).await.unwrap();
    assert!(listed.iter().filter(|m| m.kind == "registered").all(|m| m.body.contains("http://127.0.0.1:3000/r/…")));
    assert!(listed.iter().all(|m| !m.body.contains(&first.token) && links_in(&m.body).is_empty()));

    // Sent: both messages carry the delegate's one working link; the rows still hold none.
    let sent = send_all(&svc).await;
    assert_eq!(sent.len(), 2);
    for message in &sent {
        assert_eq!(links_in(message), vec![first.token.clone()], "{message}");
    }
    assert_eq!(opens(&svc, &links_in(&sent[1])[0]).await, Some(id));
    let (sent_rows,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM outbox WHERE status = 'sent'").fetch_one(svc.db.read()).await.unwrap();
    assert_eq!(sent_rows, 2);
    let stored = stored_text(&svc).await;
    assert!(!stored.contains(&first.token) && links_in(&stored).is_empty(), "{stored}");

    // An organizer's "send again" also keeps the link.
    let (message_id,): (i64,) = sqlx::query_as("SELECT MIN(id) FROM outbox").fetch_one(svc.db.read()).await.unwrap();
    mail::resend(&svc, &s.organizer, message_id).await.unwrap();
    let sent = send_all(&svc).await;
    assert_eq!(sent.len(), 1);
    assert_eq!(links_in(&sent[0]), vec![first.token.clone()]);
    assert_eq!(opens(&svc, &first.token).await, Some(id));
});

on_both_engines!(requests_are_throttled_per_email_and_per_address, |svc: Service| async move {
    let s = setup(&svc).await;
    for n in 1..=3 {
        register(&svc, &s, n).await;
    }
    let queued = || outbox_count(&svc, "registered");
    assert_eq!(queued().await, 3);

    // Per email: three an hour, from wherever; the fourth gets the same answer and sends nothing.
    for client in ["203.0.113.1", "203.0.113.2", "203.0.113.3"] {
        mail::request_link(&svc, &s.slug, &email(1), client).await.unwrap();
    }
    assert_eq!(queued().await, 6);
    mail::request_link(&svc, &s.slug, &email(1), "203.0.113.4").await.unwrap();
    assert_eq!(queued().await, 6);

    // Per address: twenty an hour, registered or not; the 21st sends nothing even for a registered email.
    for n in 100..120 {
        mail::request_link(&svc, &s.slug, &email(n), "2001:db8:7:7::1").await.unwrap();
    }
    mail::request_link(&svc, &s.slug, &email(2), "2001:db8:7:7:ffff::2").await.unwrap();
    assert_eq!(queued().await, 6, "same IPv6 network, same limit");
    mail::request_link(&svc, &s.slug, &email(2), "198.51.100.9").await.unwrap();
    assert_eq!(queued().await, 7, "another address is not limited");

    // Counting and recording are one step: ten at once for one email send three.
    let tasks: Vec<_> = (0..10)
        .map(|k| {
            let (svc, slug) = (svc.clone(), s.slug.clone());
            tokio::spawn(async move { mail::request_link(&svc, &slug, &email(3), &format!("192.0.2.{k}")).await })
        })
        .collect();
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    assert_eq!(queued().await, 10);

    // An hour later the email may ask again.
    sqlx::query("UPDATE link_requests SET at = at - 3600").execute(svc.db.write()).await.unwrap();
    mail::request_link(&svc, &s.slug, &email(1), "203.0.113.4").await.unwrap();
    assert_eq!(queued().await, 11);
});

on_both_engines!(unknown_emails_get_the_same_answer_and_nothing, |svc: Service| async move {
    let s = setup(&svc).await;
    register(&svc, &s, 1).await;

    let started = Instant::now();
    assert!(mail::request_link(&svc, &s.slug, "khong.co@bhxh.gov.vn", "203.0.113.7").await.is_ok());
    let unknown = started.elapsed();
    let started = Instant::now();
    assert!(mail::request_link(&svc, &s.slug, &email(1), "203.0.113.7").await.is_ok());
    let known = started.elapsed();
    // Both answers wait out the same floor, so neither comes back sooner.
    assert!(unknown >= Duration::from_millis(200) && known >= Duration::from_millis(200), "{unknown:?} {known:?}");

    assert_eq!(outbox_count(&svc, "registered").await, 2, "only the registered email got a message");
    let (requests,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM link_requests").fetch_one(svc.db.read()).await.unwrap();
    assert_eq!(requests, 2, "both count toward the limits");

    // Bad input is refused the same way for anyone; an unknown conference is 404.
    assert_eq!(invalid_fields(mail::request_link(&svc, &s.slug, "không phải email", "203.0.113.7").await), ["email"]);
    assert_eq!(app_error(mail::request_link(&svc, "khong-co", &email(1), "203.0.113.7").await), AppError::NotFound);
});

on_both_engines!(an_older_link_works_until_its_replacement_is_used, |svc: Service| async move {
    // A link issued before links were derived (or under another server secret) cannot be mailed again:
    // it is replaced, and keeps working until the new link is first used.
    let s = setup(&svc).await;
    let r = register(&svc, &s, 1).await;
    let id = r.registration.id;
    let old = random_token(32);
    sqlx::query("UPDATE registrations SET token_hash = $1 WHERE id = $2")
        .bind(sha256_hex(&old))
        .bind(id)
        .execute(svc.db.write())
        .await
        .unwrap();
    send_all(&svc).await;
    mail::request_link(&svc, &s.slug, &email(1), "203.0.113.7").await.unwrap();
    let sent = send_all(&svc).await;
    let new = links_in(&sent[0]).pop().unwrap();
    assert_eq!(new, r.token, "the derived link");
    assert_eq!(opens(&svc, &old).await, Some(id), "the old link still works");

    // Asked again before the new link is used: the old one is still the one kept.
    mail::request_link(&svc, &s.slug, &email(1), "203.0.113.7").await.unwrap();
    let sent = send_all(&svc).await;
    assert_eq!(links_in(&sent[0]), vec![new.clone()]);
    assert_eq!(opens(&svc, &old).await, Some(id));

    // The first use of the new link ends the old one.
    assert_eq!(opens(&svc, &new).await, Some(id));
    assert_eq!(opens(&svc, &old).await, None);
    assert_eq!(app_error(registration::delegate_view(&svc, &old).await), AppError::NotFound);
    assert_eq!(opens(&svc, &new).await, Some(id));
    let stored = stored_text(&svc).await;
    assert!(!stored.contains(&old) && !stored.contains(&new));
});

on_both_engines!(a_cancelled_registration_keeps_its_link_and_gets_no_mail, |svc: Service| async move {
    let s = setup(&svc).await;
    let r = register(&svc, &s, 1).await;
    registration::cancel_by_delegate(&svc, &r.token).await.unwrap();
    // The link still shows the registration, as cancelled.
    let view = registration::delegate_view(&svc, &r.token).await.unwrap();
    assert_eq!(view.registration.status, RegistrationStatus::Cancelled);
    // The cancellation mail points to "send me my link", not to the link.
    let (body,): (String,) =
        sqlx::query_as("SELECT body FROM outbox WHERE kind = 'cancelled'").fetch_one(svc.db.read()).await.unwrap();
    assert!(body.contains(&format!("/c/{}/register/link", s.slug)) && links_in(&body).is_empty());

    // Asking for the link of an ended registration sends nothing.
    mail::request_link(&svc, &s.slug, &email(1), "203.0.113.7").await.unwrap();
    assert_eq!(outbox_count(&svc, "registered").await, 1);

    // Registering again with the same email: a new registration with its own link; asking now mails that
    // one, and the old link still shows the cancelled registration.
    let again = register(&svc, &s, 1).await;
    assert_ne!(again.token, r.token);
    mail::request_link(&svc, &s.slug, &email(1), "203.0.113.7").await.unwrap();
    let sent = send_all(&svc).await;
    assert_eq!(links_in(sent.last().unwrap()), vec![again.token.clone()]);
    assert_eq!(opens(&svc, &r.token).await, Some(r.registration.id));
    assert_eq!(opens(&svc, &again.token).await, Some(again.registration.id));
});

on_both_engines!(without_a_mail_server_messages_wait_untouched, |svc: Service| async move {
    let s = setup(&svc).await;
    register(&svc, &s, 1).await;
    let before: (String, Option<String>) =
        sqlx::query_as("SELECT body, calendar FROM outbox").fetch_one(svc.db.read()).await.unwrap();
    let mailer = Mailer::new("", "Hội nghị <no-reply@localhost>").unwrap();
    assert_eq!(mail::send_due(&svc, &mailer).await.unwrap(), 1);
    assert_eq!(mail::send_due(&svc, &mailer).await.unwrap(), 0, "nothing new to mark");
    let after: (String, Option<String>, String, i64) =
        sqlx::query_as("SELECT body, calendar, status, attempts FROM outbox").fetch_one(svc.db.read()).await.unwrap();
    assert_eq!((after.0, after.1), before, "the placeholder stays; no link is written in");
    assert_eq!((after.2.as_str(), after.3), ("unsent", 0));
});
