//! Registration at scale, on SQLite and PostgreSQL: waiting positions stored without gaps, class seats
//! per unit held under concurrent load and by promotions, a retried submission answered with what it
//! stored, every answer true when the connection pool or the database dies mid-burst, and the mail
//! sender woken by new messages.

use crate::common::{TestDb, agency_with_units, app_error, invalid_fields, organizer};
use hoinghi_domain::agenda::{RoomInput, SessionInput};
use hoinghi_domain::conference::ConferenceInput;
use hoinghi_domain::registration::{ClassQuotaInput, RegistrationInput, RegistrationStatus, SettingsInput};
use hoinghi_domain::{AppError, Locale};
use hoinghi_service::accounts::Actor;
use hoinghi_service::mail::{self, Mailer};
use hoinghi_service::registration::{self, Acknowledgement, Repeat, Source};
use hoinghi_service::{Service, agenda, conferences};
use lettre::transport::stub::AsyncStubTransport;
use std::collections::HashMap;
use std::time::{Duration, Instant};

struct Setup {
    conference_id: i64,
    slug: String,
    units: Vec<i64>,
    class_uid: String,
    organizer: Actor,
}

/// A published conference of `capacity` seats with one training class of `class_seats`, six units and
/// a waiting list.
async fn setup(svc: &Service, capacity: i64, class_seats: i64) -> Setup {
    let an = organizer(svc, "an@bhxh.gov.vn").await;
    let (agency_id, units) = agency_with_units(
        svc,
        &[
            ("Bảo hiểm xã hội tỉnh Khánh Hòa", "56"),
            ("Bảo hiểm xã hội tỉnh Đồng Nai", "75"),
            ("Bảo hiểm xã hội Thành phố Hồ Chí Minh", "79"),
            ("Bảo hiểm xã hội tỉnh An Giang", "91"),
            ("Bảo hiểm xã hội thành phố Cần Thơ", "92"),
            ("Bảo hiểm xã hội tỉnh Cà Mau", "96"),
        ],
    )
    .await;
    let c = conferences::create(
        svc,
        &an,
        ConferenceInput {
            title: "Hội nghị tập huấn nghiệp vụ".into(),
            starts_on: "2026-12-07".into(),
            ends_on: "2026-12-08".into(),
            capacity: capacity.to_string(),
            agency_id: agency_id.to_string(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let room = agenda::create_room(svc, &an, c.id, RoomInput { name: "Phòng học".into(), capacity: String::new() })
        .await
        .unwrap();
    let class = agenda::create(
        svc,
        &an,
        c.id,
        SessionInput {
            kind: "training".into(),
            title: "Chuyên đề 1".into(),
            day: "2026-12-07".into(),
            start: "13:30".into(),
            end: "15:00".into(),
            room_id: room.id.to_string(),
            capacity: class_seats.to_string(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    agenda::publish(svc, &an, c.id).await.unwrap();
    conferences::publish(svc, &an, c.id).await.unwrap();
    registration::update_settings(svc, &an, c.id, SettingsInput { waitlist: "true".into(), ..Default::default() })
        .await
        .unwrap();
    Setup { conference_id: c.id, slug: c.slug, units, class_uid: class.uid, organizer: an }
}

fn delegate(n: usize, unit: i64, class: Option<&str>) -> RegistrationInput {
    RegistrationInput {
        family_name: "Lê".into(),
        middle_name: "Thị".into(),
        given_name: format!("Đại Biểu {n}"),
        unit_id: unit.to_string(),
        phone: format!("0912{n:06}"),
        email: format!("dai.bieu.{n}@bhxh.gov.vn"),
        sessions: class.map(|c| vec![c.to_string()]).unwrap_or_default(),
        consent: "true".into(),
        ..Default::default()
    }
}

async fn register(svc: &Service, s: &Setup, input: RegistrationInput) -> registration::Registered {
    registration::register(svc, &Actor::Anonymous, s.conference_id, input, Locale::Vi, Source::Delegate).await.unwrap()
}

/// The conference's waiting list as stored: (registration id, position), in position order.
async fn queue(svc: &Service, conference_id: i64) -> Vec<(i64, i64)> {
    sqlx::query_as(
        "SELECT id, waiting_position FROM registrations WHERE conference_id = $1 AND status = 'waiting' ORDER BY waiting_position",
    )
    .bind(conference_id)
    .fetch_all(svc.db.read())
    .await
    .unwrap()
}

/// A class's queue as stored: (registration id, position), in position order.
async fn class_queue(svc: &Service, uid: &str) -> Vec<(i64, i64)> {
    sqlx::query_as(
        "SELECT registration_id, waiting_position FROM registration_sessions WHERE session_uid = $1 \
         AND waiting_position IS NOT NULL ORDER BY waiting_position",
    )
    .bind(uid)
    .fetch_all(svc.db.read())
    .await
    .unwrap()
}

fn without_gaps(q: &[(i64, i64)]) -> bool {
    q.iter().enumerate().all(|(i, (_, p))| *p == i as i64 + 1)
}

/// Class seats held per unit, by delegates holding a conference seat.
async fn class_seats_per_unit(svc: &Service, uid: &str) -> HashMap<i64, i64> {
    let rows: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT r.unit_id, COUNT(*) FROM registration_sessions rs JOIN registrations r ON r.id = rs.registration_id \
         WHERE rs.session_uid = $1 AND rs.status = 'confirmed' AND r.status = 'confirmed' GROUP BY r.unit_id",
    )
    .bind(uid)
    .fetch_all(svc.db.read())
    .await
    .unwrap();
    rows.into_iter().collect()
}

on_both_engines!(waiting_positions_are_stored_and_close_up, |svc: Service| async move {
    let s = setup(&svc, 3, 50).await;
    let mut regs = Vec::new();
    for n in 0..10 {
        regs.push(register(&svc, &s, delegate(n, s.units[n % 6], None)).await);
    }
    // Three seats, then positions 1…7 in order of arrival, told in the answer and the mail.
    assert!(regs[..3].iter().all(|r| r.registration.status == RegistrationStatus::Confirmed));
    let answered: Vec<Option<i64>> = regs[3..].iter().map(|r| r.registration.waiting_position).collect();
    assert_eq!(answered, (1..=7).map(Some).collect::<Vec<_>>());
    let q = queue(&svc, s.conference_id).await;
    assert_eq!(
        q.iter().map(|(id, _)| *id).collect::<Vec<_>>(),
        regs[3..].iter().map(|r| r.registration.id).collect::<Vec<_>>()
    );
    assert!(without_gaps(&q));
    let (body,): (String,) = sqlx::query_as("SELECT body FROM outbox WHERE registration_id = $1")
        .bind(regs[9].registration.id)
        .fetch_one(svc.db.read())
        .await
        .unwrap();
    assert!(body.contains(" 7"), "the mail tells the place: {body}");

    // The second in line leaves: those behind move up, in the same order.
    registration::cancel_by_delegate(&svc, &regs[4].token).await.unwrap();
    let q = queue(&svc, s.conference_id).await;
    assert!(without_gaps(&q) && q.len() == 6, "{q:?}");
    let view = registration::delegate_view(&svc, &regs[9].token).await.unwrap();
    assert_eq!(view.registration.waiting_position, Some(6));

    // A seat frees: the first in line is promoted and the rest move up.
    registration::cancel(&svc, &s.organizer, &[regs[0].registration.id], "").await.unwrap();
    let (detail, _) = registration::detail(&svc, &s.organizer, regs[3].registration.id).await.unwrap();
    assert_eq!(detail.status, RegistrationStatus::Confirmed);
    let q = queue(&svc, s.conference_id).await;
    assert!(without_gaps(&q) && q.len() == 5, "{q:?}");
    assert_eq!(q[0].0, regs[5].registration.id);

    // Three more seats: three promoted in order, two left at 1 and 2.
    let c = conferences::by_slug_for_organizer(&svc, &s.organizer, &s.slug).await.unwrap();
    let mut input = ConferenceInput::from(&c);
    input.capacity = "6".into();
    conferences::update(&svc, &s.organizer, c.id, input).await.unwrap();
    registration::update_settings(
        &svc,
        &s.organizer,
        s.conference_id,
        SettingsInput { waitlist: "true".into(), ..Default::default() },
    )
    .await
    .unwrap();
    let q = queue(&svc, s.conference_id).await;
    assert_eq!(q, vec![(regs[8].registration.id, 1), (regs[9].registration.id, 2)]);
    let list =
        registration::list(&svc, &s.organizer, s.conference_id, Some(RegistrationStatus::Waiting)).await.unwrap();
    let mut shown: Vec<Option<i64>> =
        list.groups.iter().flat_map(|g| &g.delegates).map(|d| d.waiting_position).collect();
    shown.sort();
    assert_eq!(shown, vec![Some(1), Some(2)]);
});

on_both_engines!(class_seats_per_unit_hold_under_concurrency_and_promotion, |svc: Service| async move {
    // 200 conference seats, a class of 20; at most 2 seats of it per unit, 3 for Khánh Hòa.
    let s = setup(&svc, 200, 20).await;
    let quota =
        |unit: String, n: &str| ClassQuotaInput { session_uid: s.class_uid.clone(), unit_id: unit, quota: n.into() };
    registration::set_class_quota(&svc, &s.organizer, s.conference_id, quota(String::new(), "2")).await.unwrap();
    registration::set_class_quota(&svc, &s.organizer, s.conference_id, quota(s.units[0].to_string(), "3"))
        .await
        .unwrap();
    // Bad input is refused with a field, and nothing is stored.
    let bad = ClassQuotaInput { session_uid: "no-such-class".into(), unit_id: "x".into(), quota: "-1".into() };
    assert_eq!(
        invalid_fields(registration::set_class_quota(&svc, &s.organizer, s.conference_id, bad).await),
        ["quota", "session_uid", "unit_id"]
    );
    let stranger = organizer(&svc, "la@example.vn").await;
    assert_eq!(
        app_error(registration::set_class_quota(&svc, &stranger, s.conference_id, quota(String::new(), "9")).await),
        AppError::Forbidden
    );

    // 48 delegates, 8 per unit, all at once, all choosing the class.
    let tasks: Vec<_> = (0..48)
        .map(|n| {
            let (svc, input, cid) = (svc.clone(), delegate(n, s.units[n % 6], Some(&s.class_uid)), s.conference_id);
            tokio::spawn(async move {
                registration::register(&svc, &Actor::Anonymous, cid, input, Locale::Vi, Source::Delegate).await
            })
        })
        .collect();
    for t in tasks {
        let r = t.await.unwrap().expect("every delegate gets a conference seat");
        assert_eq!(r.registration.status, RegistrationStatus::Confirmed);
    }
    let per_unit = class_seats_per_unit(&svc, &s.class_uid).await;
    assert_eq!(per_unit.get(&s.units[0]), Some(&3));
    for unit in &s.units[1..] {
        assert_eq!(per_unit.get(unit), Some(&2), "unit {unit}");
    }
    let q = class_queue(&svc, &s.class_uid).await;
    assert_eq!(q.len(), 48 - 13);
    assert!(without_gaps(&q));

    // A Đồng Nai delegate with a seat leaves the class's conference: Đồng Nai's first in the class's
    // queue takes the seat (the others are at their quota), however far back.
    let seated: Vec<(i64,)> = sqlx::query_as(
        "SELECT rs.registration_id FROM registration_sessions rs JOIN registrations r ON r.id = rs.registration_id \
         WHERE rs.session_uid = $1 AND rs.status = 'confirmed' AND r.unit_id = $2 ORDER BY rs.registration_id",
    )
    .bind(&s.class_uid)
    .bind(s.units[1])
    .fetch_all(svc.db.read())
    .await
    .unwrap();
    let queued_dong_nai: Vec<i64> = {
        let mut ids = Vec::new();
        for (id, _) in &q {
            let (unit,): (i64,) = sqlx::query_as("SELECT unit_id FROM registrations WHERE id = $1")
                .bind(id)
                .fetch_one(svc.db.read())
                .await
                .unwrap();
            if unit == s.units[1] {
                ids.push(*id);
            }
        }
        ids
    };
    registration::cancel(&svc, &s.organizer, &[seated[0].0], "").await.unwrap();
    let per_unit = class_seats_per_unit(&svc, &s.class_uid).await;
    assert_eq!(per_unit.get(&s.units[1]), Some(&2));
    let (now_seated,): (String,) =
        sqlx::query_as("SELECT status FROM registration_sessions WHERE registration_id = $1 AND session_uid = $2")
            .bind(queued_dong_nai[0])
            .bind(&s.class_uid)
            .fetch_one(svc.db.read())
            .await
            .unwrap();
    assert_eq!(now_seated, "confirmed");
    let q = class_queue(&svc, &s.class_uid).await;
    assert!(without_gaps(&q) && q.len() == 48 - 13 - 1, "{q:?}");

    // Every unit without its own quota gets a third seat: five seated from the queue at once.
    registration::set_class_quota(&svc, &s.organizer, s.conference_id, quota(String::new(), "3")).await.unwrap();
    let per_unit = class_seats_per_unit(&svc, &s.class_uid).await;
    assert!(s.units.iter().all(|u| per_unit.get(u) == Some(&3)), "{per_unit:?}");
    assert!(without_gaps(&class_queue(&svc, &s.class_uid).await));

    // The unit's coordinator sees their own quota and seats.
    let coordinator = organizer(&svc, "dieu-phoi@bhxh.gov.vn").await;
    registration::add_coordinator(
        &svc,
        &s.organizer,
        s.conference_id,
        "dieu-phoi@bhxh.gov.vn",
        &s.units[2].to_string(),
    )
    .await
    .unwrap();
    let mine = registration::quotas_of(&svc, &coordinator, s.conference_id).await.unwrap();
    assert_eq!(mine.classes.len(), 1);
    assert_eq!((mine.classes[0].unit_id, mine.classes[0].quota, mine.classes[0].taken), (Some(s.units[2]), 3, 3));
    let all = registration::quotas_of(&svc, &s.organizer, s.conference_id).await.unwrap();
    assert_eq!(all.classes.len(), 2, "every unit's, and Khánh Hòa's own");
});

on_both_engines!(promotion_from_the_waiting_list_respects_class_seats_per_unit, |svc: Service| async move {
    // Two conference seats; one class seat per unit.
    let s = setup(&svc, 2, 20).await;
    registration::set_class_quota(
        &svc,
        &s.organizer,
        s.conference_id,
        ClassQuotaInput { session_uid: s.class_uid.clone(), unit_id: String::new(), quota: "1".into() },
    )
    .await
    .unwrap();
    let unit = s.units[0];
    let first = register(&svc, &s, delegate(1, unit, Some(&s.class_uid))).await;
    let second = register(&svc, &s, delegate(2, unit, Some(&s.class_uid))).await;
    let third = register(&svc, &s, delegate(3, unit, Some(&s.class_uid))).await;
    assert!(first.registration.sessions[0].confirmed);
    assert_eq!(second.registration.sessions[0].waiting_position, Some(1), "the unit has used its class seat");
    assert_eq!(third.registration.status, RegistrationStatus::Waiting);
    assert_eq!(third.registration.sessions[0].waiting_position, None, "no class queue before a conference seat");

    // The second leaves: the third is promoted, and for the class queues (the unit still holds its seat).
    registration::cancel_by_delegate(&svc, &second.token).await.unwrap();
    let (third_now, _) = registration::detail(&svc, &s.organizer, third.registration.id).await.unwrap();
    assert_eq!(third_now.status, RegistrationStatus::Confirmed);
    assert!(!third_now.sessions[0].confirmed);
    assert_eq!(third_now.sessions[0].waiting_position, Some(1));
    // The first gives up the class: the third takes it.
    let mut change = delegate(1, unit, None);
    change.sessions.clear();
    registration::update_by_delegate(&svc, &first.token, change).await.unwrap();
    let (third_now, _) = registration::detail(&svc, &s.organizer, third.registration.id).await.unwrap();
    assert!(third_now.sessions[0].confirmed);
    assert!(class_queue(&svc, &s.class_uid).await.is_empty());
});

on_both_engines!(a_retried_submission_gets_its_first_answer, |svc: Service| async move {
    let s = setup(&svc, 100, 20).await;
    let key = registration::new_submission_key();
    let input = RegistrationInput { submission: key.clone(), ..delegate(1, s.units[0], Some(&s.class_uid)) };
    // A double click, six times over: one registration, the same answer for all.
    let tasks: Vec<_> = (0..6)
        .map(|_| {
            let (svc, input, cid) = (svc.clone(), input.clone(), s.conference_id);
            tokio::spawn(async move {
                registration::register(&svc, &Actor::Anonymous, cid, input, Locale::Vi, Source::Delegate).await.unwrap()
            })
        })
        .collect();
    let mut answers = Vec::new();
    for t in tasks {
        answers.push(t.await.unwrap());
    }
    assert_eq!(answers.iter().filter(|a| a.repeat == Repeat::No).count(), 1);
    assert_eq!(answers.iter().filter(|a| a.repeat == Repeat::SameSubmission).count(), 5);
    assert!(answers.iter().all(|a| a.token == answers[0].token && a.registration.id == answers[0].registration.id));
    let (rows,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM registrations").fetch_one(svc.db.read()).await.unwrap();
    let (mails,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM outbox").fetch_one(svc.db.read()).await.unwrap();
    assert_eq!((rows, mails), (1, 1));

    // The answer was lost and the form sent again later, even edited: the same registration, the same link.
    let again = RegistrationInput { phone: "0912999999".into(), ..input.clone() };
    match registration::register_public(&svc, s.conference_id, again, Locale::Vi, "203.0.113.7").await.unwrap() {
        Acknowledgement::Registered(r) => {
            assert_eq!(
                (r.repeat, r.registration.id, r.token.as_str()),
                (Repeat::SameSubmission, answers[0].registration.id, answers[0].token.as_str())
            );
        }
        other => panic!("expected the first answer, got {other:?}"),
    }
    assert!(registration::delegate_view(&svc, &answers[0].token).await.is_ok(), "the link was not replaced");

    // The same details from a fresh form (no key of the first): the link is mailed again, not shown.
    let fresh = RegistrationInput { submission: registration::new_submission_key(), ..input.clone() };
    match registration::register_public(&svc, s.conference_id, fresh, Locale::Vi, "203.0.113.7").await.unwrap() {
        Acknowledgement::LinkMailed { slug } => assert_eq!(slug, s.slug),
        other => panic!("expected the link to be mailed, got {other:?}"),
    }
    let (mails,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM outbox WHERE kind = 'registered'").fetch_one(svc.db.read()).await.unwrap();
    assert_eq!(mails, 2);
    // An organizer entering the same details gets the registration itself.
    let by_organizer = registration::register(
        &svc,
        &s.organizer,
        s.conference_id,
        delegate(1, s.units[0], Some(&s.class_uid)),
        Locale::Vi,
        Source::Organizer,
    )
    .await
    .unwrap();
    assert_eq!((by_organizer.repeat, by_organizer.registration.id), (Repeat::SamePerson, answers[0].registration.id));

    // Someone else with this email, or the same details after the window: "already registered".
    let other = RegistrationInput { given_name: "Khác".into(), ..delegate(1, s.units[0], Some(&s.class_uid)) };
    assert_eq!(
        invalid_fields(
            registration::register(&svc, &Actor::Anonymous, s.conference_id, other, Locale::Vi, Source::Delegate).await
        ),
        ["email", "phone"]
    );
    sqlx::query("UPDATE registrations SET created_at = created_at - 660").execute(svc.db.write()).await.unwrap();
    assert_eq!(
        invalid_fields(
            registration::register(
                &svc,
                &Actor::Anonymous,
                s.conference_id,
                delegate(1, s.units[0], Some(&s.class_uid)),
                Locale::Vi,
                Source::Delegate
            )
            .await
        ),
        ["email", "phone"]
    );
    let (rows,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM registrations").fetch_one(svc.db.read()).await.unwrap();
    assert_eq!(rows, 1);
});

on_both_engines_db!(answers_stay_true_when_the_database_goes_away_mid_burst, |db: TestDb| async move {
    // The whole handle (with the SQLite file's folder) lives as long as the test.
    let db = db;
    let svc = db.svc.clone();
    let s = setup(&svc, 100, 20).await;
    let observer = hoinghi_service::Db::connect(&db.url, 2).await.unwrap();
    let count = |o: hoinghi_service::Db| async move {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM registrations").fetch_one(o.read()).await.unwrap();
        n
    };
    let attempts = 1000;
    let tasks: Vec<_> = (0..attempts)
        .map(|n| {
            let (svc, input, cid) = (svc.clone(), delegate(n, s.units[n % 6], Some(&s.class_uid)), s.conference_id);
            tokio::spawn(async move {
                registration::register(&svc, &Actor::Anonymous, cid, input, Locale::Vi, Source::Delegate).await
            })
        })
        .collect();
    // Once part of the burst is stored, the database goes away: on PostgreSQL every connection of the
    // app is killed (some in the middle of a transaction, or of its commit), a few times over; on SQLite,
    // where the database lives in the process, the connection pool is closed.
    let started = Instant::now();
    while count(observer.clone()).await < 30 && started.elapsed() < Duration::from_secs(20) {
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    match svc.db.backend() {
        hoinghi_service::Backend::Postgres => {
            for _ in 0..4 {
                sqlx::query(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() \
                     AND pid <> pg_backend_pid()",
                )
                .execute(observer.read())
                .await
                .ok();
                tokio::time::sleep(Duration::from_millis(15)).await;
            }
        }
        hoinghi_service::Backend::Sqlite => svc.db.close().await,
    }
    let mut answers = Vec::new();
    for (n, t) in tasks.into_iter().enumerate() {
        answers.push((n, t.await.unwrap()));
    }
    let stored: Vec<(String,)> =
        sqlx::query_as("SELECT email FROM registrations").fetch_all(observer.read()).await.unwrap();
    let stored: std::collections::HashSet<String> = stored.into_iter().map(|(e,)| e).collect();
    let (mut succeeded, mut failed) = (0, 0);
    for (n, answer) in &answers {
        let email = format!("dai.bieu.{n}@bhxh.gov.vn");
        match answer {
            Ok(r) => {
                succeeded += 1;
                assert!(stored.contains(&email), "answered success for {email}, which is not stored");
                assert_eq!(r.registration.email, email);
            }
            Err(e) => {
                failed += 1;
                assert!(!stored.contains(&email), "answered failure ({e}) for {email}, which is stored");
            }
        }
    }
    eprintln!("{:?}: {succeeded} acknowledged, {failed} refused, {} stored", svc.db.backend(), stored.len());
    assert_eq!(succeeded, stored.len(), "every stored registration was acknowledged");
    assert!(succeeded >= 30, "part of the burst was stored before the failure");
    if svc.db.backend() == hoinghi_service::Backend::Sqlite {
        assert!(failed > 0, "the pool closed mid-burst");
    }
    // Whatever was stored kept the limits and the queues whole.
    let (confirmed,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM registrations WHERE status = 'confirmed'")
        .fetch_one(observer.read())
        .await
        .unwrap();
    assert!(confirmed <= 100);
    let positions: Vec<(i64,)> = sqlx::query_as(
        "SELECT waiting_position FROM registration_sessions WHERE waiting_position IS NOT NULL ORDER BY waiting_position",
    )
    .fetch_all(observer.read())
    .await
    .unwrap();
    assert!(positions.iter().enumerate().all(|(i, (p,))| *p == i as i64 + 1));
});

on_both_engines!(the_mail_sender_wakes_for_new_messages_and_stops_quietly, |svc: Service| async move {
    let s = setup(&svc, 100, 20).await;
    let stub = AsyncStubTransport::new_ok();
    let mailer = Mailer::stub("Hội nghị <no-reply@localhost>", stub.clone()).unwrap();
    let (stop, stopping) = tokio::sync::watch::channel(false);
    let sender = tokio::spawn(mail::run_sender(svc.clone(), mailer, stopping));
    tokio::time::sleep(Duration::from_millis(300)).await;
    let written = Instant::now();
    register(&svc, &s, delegate(1, s.units[0], None)).await;
    while stub.messages().await.is_empty() && written.elapsed() < Duration::from_secs(5) {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let took = written.elapsed();
    assert_eq!(stub.messages().await.len(), 1);
    assert!(took < Duration::from_secs(2), "sent {took:?} after it was written: woken, not polled");
    let asked = Instant::now();
    stop.send(true).unwrap();
    tokio::time::timeout(Duration::from_secs(2), sender).await.expect("the sender stops when asked").unwrap();
    assert!(asked.elapsed() < Duration::from_secs(1));

    // Without a mail server, messages are written as kept and nothing claims them.
    let mut kept = svc.clone();
    kept.settings = std::sync::Arc::new(hoinghi_service::Settings { mail_server: false, ..(*svc.settings).clone() });
    register(&kept, &s, delegate(2, s.units[0], None)).await;
    let (status, attempts): (String, i64) = sqlx::query_as("SELECT status, attempts FROM outbox WHERE to_address = $1")
        .bind("dai.bieu.2@bhxh.gov.vn")
        .fetch_one(svc.db.read())
        .await
        .unwrap();
    assert_eq!((status.as_str(), attempts), ("unsent", 0));
    let (stop, stopping) = tokio::sync::watch::channel(false);
    let idle = tokio::spawn(mail::run_sender(
        kept.clone(),
        Mailer::new("", "Hội nghị <no-reply@localhost>").unwrap(),
        stopping,
    ));
    tokio::time::timeout(Duration::from_secs(1), idle)
        .await
        .expect("without a mail server the sender does not run")
        .unwrap();
    drop(stop);
});
