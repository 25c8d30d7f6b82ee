//! Registration through the service layer, on SQLite and PostgreSQL: limits that hold under concurrent
//! load, waiting lists that refill in the right order, duplicates, approval, the private link, check-in.

use crate::common::{admin, agency_with_units, app_error, invalid_fields, organizer};
use hoinghi_domain::agenda::{RoomInput, SessionInput};
use hoinghi_domain::conference::ConferenceInput;
use hoinghi_domain::registration::{RegistrationInput, RegistrationStatus, SettingsInput};
use hoinghi_domain::{AppError, Locale};
use hoinghi_service::accounts::Actor;
use hoinghi_service::registration::{self, Source};
use hoinghi_service::{Service, agenda, calendar, conferences};
use std::collections::BTreeMap;

struct Setup {
    conference_id: i64,
    slug: String,
    units: Vec<i64>,
    class_uid: String,
    organizer: Actor,
}

/// A published conference with `capacity` seats, a training class of `class_seats`, and six units.
async fn setup(svc: &Service, capacity: i64, class_seats: i64, unit_quota: Option<i64>) -> Setup {
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
            title: "Hội nghị tập huấn".into(),
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
    registration::update_settings(
        svc,
        &an,
        c.id,
        SettingsInput {
            waitlist: "true".into(),
            default_unit_quota: unit_quota.map(|q| q.to_string()).unwrap_or_default(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    Setup { conference_id: c.id, slug: c.slug, units, class_uid: class.uid, organizer: an }
}

fn delegate(n: usize, unit: i64, class: Option<&str>) -> RegistrationInput {
    RegistrationInput {
        family_name: "Nguyễn".into(),
        middle_name: "Văn".into(),
        given_name: format!("Đại Biểu {n}"),
        unit_id: unit.to_string(),
        phone: format!("0905{n:06}"),
        email: format!("dai.bieu.{n}@bhxh.gov.vn"),
        sessions: class.map(|c| vec![c.to_string()]).unwrap_or_default(),
        consent: "true".into(),
        ..Default::default()
    }
}

async fn count(svc: &Service, conference_id: i64, status: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM registrations WHERE conference_id = $1 AND status = $2")
        .bind(conference_id)
        .bind(status)
        .fetch_one(svc.db.read())
        .await
        .unwrap();
    n
}

on_both_engines!(limits_hold_under_concurrent_registrations, |svc: Service| async move {
    // 20 seats, a class of 6, at most 3 per unit; 48 delegates from 6 units at once, 16 at a time.
    let s = setup(&svc, 20, 6, Some(3)).await;
    let tasks: Vec<_> = (0..48)
        .map(|n| {
            let (svc, unit, uid, cid) = (svc.clone(), s.units[n % 6], s.class_uid.clone(), s.conference_id);
            tokio::spawn(async move {
                registration::register(
                    &svc,
                    &Actor::Anonymous,
                    cid,
                    delegate(n, unit, Some(&uid)),
                    Locale::Vi,
                    Source::Delegate,
                )
                .await
                .map(|r| r.registration.status)
            })
        })
        .collect();
    let mut outcomes = Vec::new();
    for t in tasks {
        outcomes.push(t.await.unwrap().expect("every attempt is either confirmed or waiting"));
    }
    let confirmed = outcomes.iter().filter(|s| **s == RegistrationStatus::Confirmed).count();
    let waiting = outcomes.iter().filter(|s| **s == RegistrationStatus::Waiting).count();
    // 6 units × 3 = 18 under the quotas, fewer than the 20 seats: the quotas are the binding limit.
    assert_eq!((confirmed, waiting), (18, 30));
    assert_eq!(count(&svc, s.conference_id, "confirmed").await, 18);
    let (per_unit_max,): (i64,) = sqlx::query_as(
        "SELECT CAST(MAX(n) AS BIGINT) FROM (SELECT COUNT(*) AS n FROM registrations WHERE conference_id = $1 AND status = 'confirmed' GROUP BY unit_id) x",
    )
    .bind(s.conference_id)
    .fetch_one(svc.db.read())
    .await
    .unwrap();
    assert_eq!(per_unit_max, 3);
    let (in_class,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM registration_sessions rs JOIN registrations r ON r.id = rs.registration_id WHERE rs.status = 'confirmed' AND r.status = 'confirmed'",
    )
    .fetch_one(svc.db.read())
    .await
    .unwrap();
    assert_eq!(in_class, 6, "the class holds exactly its seats");
    let (total,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM registrations").fetch_one(svc.db.read()).await.unwrap();
    assert_eq!(total, 48, "none lost, none duplicated");
    // Every registration got a message in the outbox.
    let (mails,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM outbox WHERE kind = 'registered'").fetch_one(svc.db.read()).await.unwrap();
    assert_eq!(mails, 48);
});

on_both_engines!(cancelling_promotes_the_right_waiting_delegates, |svc: Service| async move {
    let s = setup(&svc, 4, 2, Some(2)).await;
    let (khanh_hoa, dong_nai, hcm) = (s.units[0], s.units[1], s.units[2]);
    let mut regs = Vec::new();
    // Confirmed: KH1, KH2, ĐN1, ĐN2 (4 seats). Waiting, in order: KH3 (unit full), HCM1, ĐN3, HCM2.
    for (n, unit) in [
        (1, khanh_hoa),
        (2, khanh_hoa),
        (3, dong_nai),
        (4, dong_nai),
        (5, khanh_hoa),
        (6, hcm),
        (7, dong_nai),
        (8, hcm),
    ] {
        let r = registration::register(
            &svc,
            &Actor::Anonymous,
            s.conference_id,
            delegate(n, unit, Some(&s.class_uid)),
            Locale::Vi,
            Source::Delegate,
        )
        .await
        .unwrap();
        regs.push((n, r.registration.id, r.registration.status, r.token));
    }
    let status_of = |n: usize| regs.iter().find(|r| r.0 == n).unwrap().2;
    assert_eq!((1..=4).map(status_of).collect::<Vec<_>>(), vec![RegistrationStatus::Confirmed; 4]);
    assert_eq!((5..=8).map(status_of).collect::<Vec<_>>(), vec![RegistrationStatus::Waiting; 4]);

    let view = registration::delegate_view(&svc, &regs[5].3).await.unwrap();
    assert_eq!(view.registration.waiting_position, Some(2), "HCM1 is second in line");

    // A Khánh Hòa delegate cancels: the freed seat is under Khánh Hòa's quota, so KH3 goes first.
    registration::cancel_by_delegate(&svc, &regs[0].3).await.unwrap();
    let list = registration::list(&svc, &s.organizer, s.conference_id, None).await.unwrap();
    let status = |n: usize| {
        let id = regs.iter().find(|r| r.0 == n).unwrap().1;
        list.groups.iter().flat_map(|g| &g.delegates).find(|d| d.id == id).unwrap().status
    };
    assert_eq!(status(1), RegistrationStatus::Cancelled);
    assert_eq!(status(5), RegistrationStatus::Confirmed, "same unit first");
    assert_eq!(status(6), RegistrationStatus::Waiting);

    // An organizer cancels a Đồng Nai delegate: ĐN3 is behind HCM1, but Đồng Nai's freed place goes to ĐN3.
    registration::cancel(&svc, &s.organizer, &[regs[2].1], "Đổi người").await.unwrap();
    let list = registration::list(&svc, &s.organizer, s.conference_id, None).await.unwrap();
    let status = |n: usize| {
        let id = regs.iter().find(|r| r.0 == n).unwrap().1;
        list.groups.iter().flat_map(|g| &g.delegates).find(|d| d.id == id).unwrap().status
    };
    assert_eq!(status(7), RegistrationStatus::Confirmed);
    assert_eq!((status(6), status(8)), (RegistrationStatus::Waiting, RegistrationStatus::Waiting));

    // Raising the conference to 6 seats lets both HCM delegates in, in order.
    let c = conferences::by_slug_for_organizer(&svc, &s.organizer, &s.slug).await.unwrap();
    let mut input = hoinghi_domain::conference::ConferenceInput::from(&c);
    input.capacity = "6".into();
    conferences::update(&svc, &s.organizer, c.id, input).await.unwrap();
    registration::update_settings(
        &svc,
        &s.organizer,
        s.conference_id,
        SettingsInput { waitlist: "true".into(), default_unit_quota: "2".into(), ..Default::default() },
    )
    .await
    .unwrap();
    assert_eq!(count(&svc, s.conference_id, "confirmed").await, 6);
    assert_eq!(count(&svc, s.conference_id, "waiting").await, 0);

    // The class of 2 went to the first two confirmed in its waiting order, and refills on cancellation.
    let list = registration::list(&svc, &s.organizer, s.conference_id, None).await.unwrap();
    let seated: Vec<i64> = list
        .groups
        .iter()
        .flat_map(|g| &g.delegates)
        .filter(|d| d.sessions.iter().any(|c| c.confirmed))
        .map(|d| d.id)
        .collect();
    assert_eq!(seated.len(), 2);
    // Promotion mails went out.
    let (promoted,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM outbox WHERE kind = 'promoted'").fetch_one(svc.db.read()).await.unwrap();
    assert_eq!(promoted, 4);
});

on_both_engines!(bad_input_and_duplicates_store_nothing, |svc: Service| async move {
    let s = setup(&svc, 100, 10, None).await;
    let ok = registration::register(
        &svc,
        &Actor::Anonymous,
        s.conference_id,
        delegate(1, s.units[0], None),
        Locale::Vi,
        Source::Delegate,
    )
    .await
    .unwrap();
    // The same email (any case) or the same phone (any spelling) again.
    let mut again = delegate(2, s.units[1], None);
    again.email = "DAI.BIEU.1@bhxh.gov.vn".into();
    assert_eq!(
        invalid_fields(
            registration::register(&svc, &Actor::Anonymous, s.conference_id, again, Locale::Vi, Source::Delegate).await
        ),
        ["email"]
    );
    let mut again = delegate(3, s.units[1], None);
    again.phone = "+84 905 000 001".into();
    assert_eq!(
        invalid_fields(
            registration::register(&svc, &Actor::Anonymous, s.conference_id, again, Locale::Vi, Source::Delegate).await
        ),
        ["phone"]
    );
    // Both at once are reported together.
    let mut both = delegate(1, s.units[1], None);
    both.email = " Dai.Bieu.1@BHXH.gov.vn ".into();
    assert_eq!(
        invalid_fields(
            registration::register(&svc, &Actor::Anonymous, s.conference_id, both, Locale::Vi, Source::Delegate).await
        ),
        ["email", "phone"]
    );

    let mut bad = RegistrationInput {
        family_name: "x".repeat(1_000_000),
        email: "không-phải-email".into(),
        phone: "12".into(),
        unit_id: "999999".into(),
        days: vec!["2026-12-25".into()],
        sessions: vec!["no-such-class".into()],
        ..Default::default()
    };
    bad.answers = BTreeMap::new();
    assert_eq!(
        invalid_fields(
            registration::register(&svc, &Actor::Anonymous, s.conference_id, bad, Locale::Vi, Source::Delegate).await
        ),
        ["admin_unit_code", "consent", "days", "email", "family_name", "given_name", "phone", "sessions", "unit_id"]
    );
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM registrations").fetch_one(svc.db.read()).await.unwrap();
    assert_eq!(n, 1, "nothing half-written");
    let (mails,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM outbox").fetch_one(svc.db.read()).await.unwrap();
    assert_eq!(mails, 1);

    // Forged tokens find nothing; the real one works, and the database holds only its hash.
    assert_eq!(app_error(registration::delegate_view(&svc, "forged-token").await), AppError::NotFound);
    assert!(registration::delegate_view(&svc, &ok.token).await.is_ok());
    let (hash,): (String,) =
        sqlx::query_as("SELECT token_hash FROM registrations").fetch_one(svc.db.read()).await.unwrap();
    assert_ne!(hash, ok.token);
    assert!(ok.token.len() >= 43, "at least 128 bits (here 256)");
});

on_both_engines!(approval_flow_and_check_in, |svc: Service| async move {
    let s = setup(&svc, 1, 5, None).await;
    registration::update_settings(
        &svc,
        &s.organizer,
        s.conference_id,
        SettingsInput { requires_approval: "true".into(), waitlist: "true".into(), ..Default::default() },
    )
    .await
    .unwrap();
    let a = registration::register(
        &svc,
        &Actor::Anonymous,
        s.conference_id,
        delegate(1, s.units[0], None),
        Locale::Vi,
        Source::Delegate,
    )
    .await
    .unwrap();
    let b = registration::register(
        &svc,
        &Actor::Anonymous,
        s.conference_id,
        delegate(2, s.units[1], None),
        Locale::Vi,
        Source::Delegate,
    )
    .await
    .unwrap();
    assert_eq!(
        (a.registration.status, b.registration.status),
        (RegistrationStatus::Pending, RegistrationStatus::Pending)
    );
    assert_eq!(registration::approve(&svc, &s.organizer, &[a.registration.id, b.registration.id]).await.unwrap(), 2);
    let (detail, events) = registration::detail(&svc, &s.organizer, b.registration.id).await.unwrap();
    assert_eq!(detail.status, RegistrationStatus::Waiting, "one seat only");
    assert_eq!(events.len(), 2);
    assert_eq!(events[1].by, "organizer");
    assert_eq!(events[1].by_name, "Nguyễn Văn An");
    assert!(matches!(
        app_error(registration::reject(&svc, &s.organizer, &[a.registration.id], "  ").await),
        AppError::Invalid { .. }
    ));
    registration::reject(&svc, &s.organizer, &[a.registration.id], "Không đúng đối tượng").await.unwrap();
    let (b_now, _) = registration::detail(&svc, &s.organizer, b.registration.id).await.unwrap();
    assert_eq!(b_now.status, RegistrationStatus::Confirmed, "rejection freed the seat");

    // Found by a name typed without diacritics, then by the badge code typed in lower case.
    let found = registration::checkin_search(&svc, &s.organizer, s.conference_id, "nguyen dai bieu 2").await.unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].registration.id, b.registration.id);
    let by_code =
        registration::checkin_search(&svc, &s.organizer, s.conference_id, &b_now.code.to_lowercase()).await.unwrap();
    assert_eq!(by_code[0].registration.id, b.registration.id);
    registration::check_in(&svc, &s.organizer, b.registration.id, "day:2026-12-07").await.unwrap();
    registration::check_in(&svc, &s.organizer, b.registration.id, "day:2026-12-07").await.unwrap();
    registration::check_in(&svc, &s.organizer, b.registration.id, &format!("session:{}", s.class_uid)).await.unwrap();
    assert_eq!(registration::attendance_hours(&svc, s.conference_id, b.registration.id).await.unwrap(), 1.5);
    assert!(
        matches!(
            app_error(registration::check_in(&svc, &s.organizer, a.registration.id, "day:2026-12-07").await),
            AppError::Rejected { .. }
        ),
        "rejected delegates are not admitted"
    );
    assert!(matches!(
        app_error(registration::check_in(&svc, &s.organizer, b.registration.id, "day:2030-01-01").await),
        AppError::Invalid { .. }
    ));
    // Strangers see nothing.
    let stranger = organizer(&svc, "la@example.vn").await;
    assert_eq!(app_error(registration::list(&svc, &stranger, s.conference_id, None).await), AppError::Forbidden);
});

on_both_engines!(exports_keep_typed_formulas_as_text, |svc: Service| async move {
    let s = setup(&svc, 10, 5, None).await;
    let formula = "=HYPERLINK(\"http://evil.example\",\"Xem\")";
    let input = RegistrationInput {
        position_title: formula.into(),
        phone: "+84 905 000 001".into(),
        dietary: "@SUM(1+1)".into(),
        ..delegate(1, s.units[0], None)
    };
    registration::register(&svc, &Actor::Anonymous, s.conference_id, input, Locale::Vi, Source::Delegate)
        .await
        .unwrap();
    let csv = registration::export_csv(&svc, &s.organizer, s.conference_id, Locale::Vi).await.unwrap();
    let csv = String::from_utf8(csv).unwrap();
    let row = csv.lines().nth(1).unwrap();
    // The row number we write stays a number; what the delegate typed gets an apostrophe, inside the quoting.
    assert!(row.starts_with("1,"), "{row}");
    assert!(row.contains(",\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"Xem\"\")\","), "{row}");
    assert!(row.contains(",'+84 905 000 001,") && row.contains(",'@SUM(1+1),"), "{row}");
    // The XLSX has the same text as string cells and the row number as a number.
    use calamine::{Data, Reader};
    let xlsx = registration::export_xlsx(&svc, &s.organizer, s.conference_id, Locale::Vi).await.unwrap();
    let mut book: calamine::Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(xlsx)).unwrap();
    let sheet = book.sheet_names()[0].clone();
    assert!(book.worksheet_formula(&sheet).unwrap().used_cells().all(|(_, _, f)| f.is_empty()));
    let range = book.worksheet_range(&sheet).unwrap();
    let cells: Vec<Data> = range.rows().nth(1).unwrap().to_vec();
    assert_eq!(cells[0], Data::Float(1.0));
    for typed in [formula, "+84 905 000 001", "@SUM(1+1)"] {
        assert!(cells.contains(&Data::String(typed.into())), "{typed}: {cells:?}");
    }
});

on_both_engines!(organizers_and_administrators_reset_a_delegates_calendar_address, |svc: Service| async move {
    let s = setup(&svc, 20, 6, None).await;
    let r = registration::register(
        &svc,
        &Actor::Anonymous,
        s.conference_id,
        delegate(1, s.units[0], None),
        Locale::Vi,
        Source::Delegate,
    )
    .await
    .unwrap();
    let id = r.registration.id;
    let feed = |svc: Service, token: String| async move {
        let url = registration::delegate_view(&svc, &token).await.unwrap().calendar_url;
        url.rsplit('/').next().unwrap().to_string()
    };
    let first = feed(svc.clone(), r.token.clone()).await;
    calendar::personal_feed(&svc, &first).await.unwrap();

    // Not the public, not another conference's organizer, not the unit's coordinator (who sees the
    // delegate but does not run the conference).
    let binh = organizer(&svc, "binh@bhxh.gov.vn").await;
    let coordinator = organizer(&svc, "dieu-phoi@bhxh.gov.vn").await;
    registration::add_coordinator(
        &svc,
        &s.organizer,
        s.conference_id,
        "dieu-phoi@bhxh.gov.vn",
        &s.units[0].to_string(),
    )
    .await
    .unwrap();
    registration::detail(&svc, &coordinator, id).await.expect("the coordinator sees the delegate");
    for (who, refusal) in
        [(&Actor::Anonymous, AppError::Unauthorized), (&binh, AppError::Forbidden), (&coordinator, AppError::Forbidden)]
    {
        assert_eq!(app_error(calendar::reset_delegate_feed(&svc, who, id).await), refusal, "{who:?}");
    }
    calendar::personal_feed(&svc, &first).await.expect("nothing was reset");

    // The conference's organizer (in the browser or through an API token) and any administrator may.
    calendar::reset_delegate_feed(&svc, &s.organizer, id).await.unwrap();
    assert_eq!(app_error(calendar::personal_feed(&svc, &first).await), AppError::NotFound, "the old address is dead");
    let second = feed(svc.clone(), r.token.clone()).await;
    assert_ne!(second, first);
    calendar::personal_feed(&svc, &second).await.unwrap();
    let by_token = Actor::Token { id: s.organizer.user_id().unwrap(), is_admin: false };
    calendar::reset_delegate_feed(&svc, &by_token, id).await.unwrap();
    let root = admin(&svc, "quan-tri@bhxh.gov.vn").await;
    calendar::reset_delegate_feed(&svc, &root, id).await.unwrap();
    assert_eq!(app_error(calendar::personal_feed(&svc, &second).await), AppError::NotFound);
    calendar::personal_feed(&svc, &feed(svc.clone(), r.token.clone()).await).await.unwrap();
    assert_eq!(app_error(calendar::reset_delegate_feed(&svc, &root, id + 1000).await), AppError::NotFound);
});
