//! The organizer's desk through the service layer, on SQLite and PostgreSQL: the delegate list searched
//! without diacritics, by part of a code, filtered and in pages; the outcome of an approval in words; the
//! check-in search by part of a code; sending a private link again; feedback forms only for the
//! delegate's own sessions; minutes never final before the conference; moving a session previewed with its
//! conflicts and nothing saved; the dashboard's figures; tracks in their own colours.

use crate::common::{agency_with_units, app_error, organizer};
use hoinghi_domain::agenda::{RoomInput, SessionInput, TrackInput};
use hoinghi_domain::conference::ConferenceInput;
use hoinghi_domain::desk::{DelegateQuery, WaitingReason};
use hoinghi_domain::registration::{RegistrationInput, RegistrationStatus, SettingsInput};
use hoinghi_domain::{AppError, Locale};
use hoinghi_service::accounts::Actor;
use hoinghi_service::paging::PageRequest;
use hoinghi_service::registration::{self, Source};
use hoinghi_service::{Service, agenda, conferences, dashboard, feedback, minutes};

struct Setup {
    conference_id: i64,
    units: Vec<i64>,
    class_uid: String,
    other_class_uid: String,
    organizer: Actor,
}

/// A published conference needing approval, with two training classes and two units (Đồng Nai with a
/// quota of one).
async fn setup(svc: &Service) -> Setup {
    let an = organizer(svc, "an@bhxh.gov.vn").await;
    let (agency_id, units) =
        agency_with_units(svc, &[("Bảo hiểm xã hội tỉnh Đồng Nai", "75"), ("Bảo hiểm xã hội tỉnh Khánh Hòa", "56")])
            .await;
    let c = conferences::create(
        svc,
        &an,
        ConferenceInput {
            title: "Hội nghị tập huấn".into(),
            starts_on: "2026-12-07".into(),
            ends_on: "2026-12-08".into(),
            capacity: "100".into(),
            agency_id: agency_id.to_string(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let room = agenda::create_room(svc, &an, c.id, RoomInput { name: "Phòng học".into(), capacity: String::new() })
        .await
        .unwrap();
    let class = |title: &str, start: &str, end: &str| SessionInput {
        kind: "training".into(),
        title: title.into(),
        day: "2026-12-07".into(),
        start: start.into(),
        end: end.into(),
        room_id: room.id.to_string(),
        ..Default::default()
    };
    let a = agenda::create(svc, &an, c.id, class("Chuyên đề 1", "08:00", "09:30")).await.unwrap();
    let b = agenda::create(svc, &an, c.id, class("Chuyên đề 2", "13:30", "15:00")).await.unwrap();
    agenda::publish(svc, &an, c.id).await.unwrap();
    conferences::publish(svc, &an, c.id).await.unwrap();
    registration::update_settings(
        svc,
        &an,
        c.id,
        SettingsInput { waitlist: "true".into(), requires_approval: "true".into(), ..Default::default() },
    )
    .await
    .unwrap();
    registration::set_quota(svc, &an, c.id, &units[0].to_string(), "1").await.unwrap();
    Setup { conference_id: c.id, units, class_uid: a.uid, other_class_uid: b.uid, organizer: an }
}

fn delegate(given: &str, n: usize, unit: i64, class: &str) -> RegistrationInput {
    RegistrationInput {
        family_name: "Nguyễn".into(),
        middle_name: "Văn".into(),
        given_name: given.into(),
        position_title: "Chuyên viên".into(),
        unit_id: unit.to_string(),
        phone: format!("0905{n:06}"),
        email: format!("dai.bieu.{n}@bhxh.gov.vn"),
        sessions: vec![class.to_string()],
        consent: "true".into(),
        ..Default::default()
    }
}

async fn register(svc: &Service, s: &Setup, given: &str, n: usize, unit: i64, class: &str) -> (i64, String, String) {
    let done = registration::register(
        svc,
        &Actor::Anonymous,
        s.conference_id,
        delegate(given, n, unit, class),
        Locale::Vi,
        Source::Delegate,
    )
    .await
    .unwrap();
    (done.registration.id, done.registration.code, done.token)
}

fn query(q: &str) -> DelegateQuery {
    DelegateQuery { q: q.into(), ..Default::default() }
}

on_both_engines!(the_list_is_searched_filtered_and_paged, |svc: Service| async move {
    let s = setup(&svc).await;
    let (hung, hung_code, _) = register(&svc, &s, "Hùng", 1, s.units[1], &s.class_uid).await;
    let (hung2, _, _) = register(&svc, &s, "Hưng", 2, s.units[0], &s.other_class_uid).await;
    let (lan, _, _) = register(&svc, &s, "Lan", 3, s.units[1], &s.class_uid).await;
    let find = |q: DelegateQuery, page: PageRequest| {
        let (svc, actor) = (svc.clone(), s.organizer.clone());
        async move {
            let r = registration::search_delegates(&svc, &actor, s.conference_id, &q, page).await.unwrap();
            (r.page.items.iter().map(|r| r.id).collect::<Vec<_>>(), r)
        }
    };
    // Without diacritics, in any case: "hung" is Hùng and Hưng, in Vietnamese order.
    let (ids, _) = find(query("nguyen van HUNG"), PageRequest::default()).await;
    assert_eq!(ids, [hung, hung2]);
    // Part of a code, typed loosely (lower case, the dash left out).
    let part = hung_code.replace('-', "")[..5].to_lowercase();
    let (ids, _) = find(query(&part), PageRequest::default()).await;
    assert_eq!(ids, [hung]);
    // Email and phone.
    assert_eq!(find(query("dai.bieu.3@"), PageRequest::default()).await.0, [lan]);
    assert_eq!(find(query("0905 000 002"), PageRequest::default()).await.0, [hung2]);
    // Filters: unit, class, status; "other" is a unit not in the list.
    let by_unit = DelegateQuery { unit: s.units[1].to_string(), ..Default::default() };
    assert_eq!(find(by_unit, PageRequest::default()).await.0, [hung, lan]);
    let by_class = DelegateQuery { class: s.other_class_uid.clone(), ..Default::default() };
    assert_eq!(find(by_class, PageRequest::default()).await.0, [hung2]);
    let pending = DelegateQuery { status: "pending".into(), ..Default::default() };
    assert_eq!(find(pending, PageRequest::default()).await.0.len(), 3);
    let other = DelegateQuery { unit: "other".into(), ..Default::default() };
    assert!(find(other, PageRequest::default()).await.0.is_empty());
    // Pages in the list's order, with the totals of everyone and the filters' choices.
    let (first, r) = find(DelegateQuery::default(), PageRequest { limit: 2, offset: 0 }).await;
    assert_eq!(first, [hung, hung2]);
    assert_eq!((r.page.total, r.page.next_offset), (3, Some(2)));
    assert_eq!(r.totals.pending, 3);
    assert_eq!(r.units.len(), 2);
    assert_eq!(r.classes.len(), 2);
    let (second, _) = find(DelegateQuery::default(), PageRequest { limit: 2, offset: 2 }).await;
    assert_eq!(second, [lan]);
    // A wrong filter is a field error, not a 500.
    let bad = DelegateQuery { status: "xyz".into(), ..Default::default() };
    let e = app_error(
        registration::search_delegates(&svc, &s.organizer, s.conference_id, &bad, PageRequest::default()).await,
    );
    assert!(matches!(e, AppError::Invalid { .. }), "{e:?}");
    // Someone else's conference is not theirs to list.
    let other = organizer(&svc, "khac@bhxh.gov.vn").await;
    let e = app_error(
        registration::search_delegates(&svc, &other, s.conference_id, &query("a"), PageRequest::default()).await,
    );
    assert_eq!(e, AppError::Forbidden);
});

on_both_engines!(approval_says_who_waits_and_why, |svc: Service| async move {
    let s = setup(&svc).await;
    let (a, _, _) = register(&svc, &s, "An", 1, s.units[0], &s.class_uid).await;
    let (b, _, _) = register(&svc, &s, "Bình", 2, s.units[0], &s.class_uid).await;
    let (c, _, _) = register(&svc, &s, "Cúc", 3, s.units[1], &s.class_uid).await;
    let o = registration::approve_with_outcome(&svc, &s.organizer, &[a, b, c]).await.unwrap();
    assert_eq!(o.confirmed, 2);
    assert_eq!(
        o.waiting,
        [WaitingReason::Unit { id: s.units[0], name: "Bảo hiểm xã hội tỉnh Đồng Nai".into() }],
        "Đồng Nai's quota of one sent the second to the waiting list"
    );
    assert_eq!(o.skipped, 0);
    // Approving again changes nothing and says so.
    let again = registration::approve_with_outcome(&svc, &s.organizer, &[a, c]).await.unwrap();
    assert_eq!((again.confirmed, again.waiting.len(), again.skipped), (0, 0, 2));
});

on_both_engines!(the_desk_finds_part_of_a_code, |svc: Service| async move {
    let s = setup(&svc).await;
    let (id, code, _) = register(&svc, &s, "Hùng", 1, s.units[1], &s.class_uid).await;
    registration::approve(&svc, &s.organizer, &[id]).await.unwrap();
    for typed in [code.clone(), code[..5].to_string(), code[3..9].to_lowercase().replace('-', " "), "hung".into()] {
        let found = registration::checkin_search(&svc, &s.organizer, s.conference_id, &typed).await.unwrap();
        assert_eq!(found.iter().map(|m| m.registration.id).collect::<Vec<_>>(), [id], "{typed:?}");
    }
    assert!(registration::checkin_search(&svc, &s.organizer, s.conference_id, "ZZZZZZ").await.unwrap().is_empty());
});

on_both_engines!(organizers_send_the_private_link_again_through_the_outbox, |svc: Service| async move {
    let s = setup(&svc).await;
    let (id, _, token) = register(&svc, &s, "Hùng", 1, s.units[1], &s.class_uid).await;
    let outbox = |svc: Service| async move {
        let rows: Vec<(String, String)> =
            sqlx::query_as("SELECT kind, body FROM outbox ORDER BY id").fetch_all(svc.db.read()).await.unwrap();
        rows
    };
    let before = outbox(svc.clone()).await.len();
    let to = hoinghi_service::mail::send_link_again(&svc, &s.organizer, id).await.unwrap();
    assert_eq!(to, "dai.bieu.1@bhxh.gov.vn");
    let rows = outbox(svc.clone()).await;
    assert_eq!(rows.len(), before + 1);
    let (kind, body) = rows.last().unwrap();
    assert_eq!(kind, "registered");
    assert!(body.contains("{private-link}") && !body.contains(&token), "no live link at rest: {body}");
    // Not for someone else's conference; not for a registration without an email.
    let other = organizer(&svc, "khac@bhxh.gov.vn").await;
    assert_eq!(app_error(hoinghi_service::mail::send_link_again(&svc, &other, id).await), AppError::Forbidden);
    sqlx::query("UPDATE registrations SET email = '', email_key = '' WHERE id = $1")
        .bind(id)
        .execute(svc.db.write())
        .await
        .unwrap();
    assert!(matches!(
        app_error(hoinghi_service::mail::send_link_again(&svc, &s.organizer, id).await),
        AppError::Rejected { .. }
    ));
});

on_both_engines!(feedback_forms_are_offered_for_ones_own_sessions_only, |svc: Service| async move {
    let s = setup(&svc).await;
    let (id, code, token) = register(&svc, &s, "Hùng", 1, s.units[1], &s.class_uid).await;
    registration::approve(&svc, &s.organizer, &[id]).await.unwrap();
    let (mine, _) = feedback::create_form(&svc, &s.organizer, s.conference_id, Some(&s.class_uid)).await.unwrap();
    let (other, _) =
        feedback::create_form(&svc, &s.organizer, s.conference_id, Some(&s.other_class_uid)).await.unwrap();
    for f in [&mine, &other] {
        feedback::publish_form(&svc, &s.organizer, f.id, true).await.unwrap();
    }
    let offered: Vec<i64> =
        feedback::forms_for_delegate(&svc, &token).await.unwrap().into_iter().map(|(id, ..)| id).collect();
    assert_eq!(offered, [mine.id], "the class not chosen is not offered");
    assert_eq!(app_error(feedback::page_by_token(&svc, &token, other.id).await), AppError::NotFound);
    let answers = Default::default();
    match app_error(feedback::submit_by_code(&svc, other.id, &code, answers).await) {
        AppError::Rejected { message } => assert_eq!(message.key, "feedback-error-not-your-session"),
        e => panic!("{e:?}"),
    }
});

on_both_engines!(minutes_are_not_final_before_the_conference, |svc: Service| async move {
    let slug = hoinghi_service::demo::load(&svc).await.unwrap();
    let cid = conferences::by_slug_public(&svc, &slug).await.unwrap().id;
    let mut c = minutes::view(&svc, &Actor::System, cid).await.unwrap().content;
    c.secretary_name = "Trần Thị Bích Ngọc".into();
    let r = match minutes::save(&svc, &Actor::System, cid, 0, c).await.unwrap() {
        minutes::SaveOutcome::Saved { revision } => revision,
        other => panic!("{other:?}"),
    };
    minutes::send_for_review(&svc, &Actor::System, cid, r).await.unwrap();
    let move_to = |starts: &'static str, ends: &'static str| {
        let svc = svc.clone();
        async move {
            sqlx::query("UPDATE conferences SET starts_on = $1, ends_on = $2 WHERE id = $3")
                .bind(starts)
                .bind(ends)
                .bind(cid)
                .execute(svc.db.write())
                .await
                .unwrap();
        }
    };
    move_to("2099-06-01", "2099-06-02").await;
    match app_error(minutes::finalize(&svc, &Actor::System, cid, r).await) {
        AppError::Rejected { message } => assert_eq!(message.key, "minutes-error-not-started"),
        e => panic!("{e:?}"),
    }
    move_to("2017-09-18", "2017-09-19").await;
    assert_eq!(minutes::finalize(&svc, &Actor::System, cid, r).await.unwrap().len(), 64);
});

on_both_engines!(a_move_is_previewed_with_its_conflicts_and_nothing_saved, |svc: Service| async move {
    let s = setup(&svc).await;
    let draft = agenda::draft(&svc, &s.organizer, s.conference_id).await.unwrap();
    let (first, second) = (&draft.sessions[0], &draft.sessions[1]);
    let room = first.room_id.unwrap().to_string();
    // The afternoon class moved onto the morning one, in the same room: a room conflict, shown.
    let p = agenda::move_preview(&svc, &s.organizer, second.id, "2026-12-07", "08:30", &room).await.unwrap();
    assert_eq!((p.session.start.to_string(), p.session.end.to_string()), ("08:30:00".into(), "10:00:00".into()));
    assert_eq!(p.conflicts.len(), 1, "{:?}", p.conflicts);
    assert!(p.conflicts[0].session_ids().contains(&first.id));
    // Nothing saved.
    let after = agenda::draft(&svc, &s.organizer, s.conference_id).await.unwrap();
    assert_eq!(after.sessions.iter().find(|x| x.id == second.id).unwrap().start, second.start);
    assert!(after.conflicts.is_empty());
    // A free place is clean; a bad time is a field error.
    assert!(
        agenda::move_preview(&svc, &s.organizer, second.id, "2026-12-08", "08:30", &room)
            .await
            .unwrap()
            .conflicts
            .is_empty()
    );
    assert!(matches!(
        app_error(agenda::move_preview(&svc, &s.organizer, second.id, "2026-12-07", "25:99", &room).await),
        AppError::Invalid { .. }
    ));
    let other = organizer(&svc, "khac@bhxh.gov.vn").await;
    assert_eq!(
        app_error(agenda::move_preview(&svc, &other, second.id, "2026-12-07", "08:30", &room).await),
        AppError::Forbidden
    );
});

on_both_engines!(the_dashboard_counts_what_the_database_holds, |svc: Service| async move {
    let s = setup(&svc).await;
    let mut ids = Vec::new();
    for (n, unit) in [(1, 0), (2, 0), (3, 1), (4, 1)] {
        ids.push(register(&svc, &s, &format!("Người {n}"), n, s.units[unit], &s.class_uid).await.0);
    }
    registration::approve(&svc, &s.organizer, &ids[..3]).await.unwrap();
    // Today's check-in (the scope's day need not be today: what counts is when it happened).
    registration::check_in(&svc, &s.organizer, ids[0], "day:2026-12-07").await.unwrap();
    let d = dashboard::dashboard(&svc, &s.organizer, s.conference_id, Locale::Vi).await.unwrap();
    let status = |st: &str| {
        let svc = svc.clone();
        let st = st.to_string();
        async move {
            let (n,): (i64,) =
                sqlx::query_as("SELECT COUNT(*) FROM registrations WHERE conference_id = $1 AND status = $2")
                    .bind(s.conference_id)
                    .bind(st)
                    .fetch_one(svc.db.read())
                    .await
                    .unwrap();
            n
        }
    };
    assert_eq!(d.counts.confirmed, status("confirmed").await);
    assert_eq!(d.counts.waiting, status("waiting").await);
    assert_eq!(d.counts.pending, status("pending").await);
    assert_eq!((d.counts.confirmed, d.counts.waiting, d.counts.pending, d.counts.registered), (2, 1, 1, 4));
    assert_eq!(d.checked_in_today, 1);
    let dong_nai = d.units.iter().find(|u| u.unit_id == Some(s.units[0])).unwrap();
    assert_eq!((dong_nai.confirmed, dong_nai.waiting, dong_nai.quota), (1, 1, Some(1)));
    let khanh_hoa = d.units.iter().find(|u| u.unit_id == Some(s.units[1])).unwrap();
    assert_eq!((khanh_hoa.confirmed, khanh_hoa.pending, khanh_hoa.quota), (1, 1, None));
    assert!(d.units_chart.starts_with("<svg") && d.units_chart.contains("Đồng Nai"));
    let todo: Vec<(&str, i64)> = d.todo.iter().map(|t| (t.key.as_str(), t.count)).collect();
    assert_eq!(todo, [("dashboard-todo-pending", 1)]);
    let done: Vec<&str> = d.setup.iter().filter(|x| x.done).map(|x| x.key.as_str()).collect();
    assert!(done.contains(&"dashboard-setup-agenda") && done.contains(&"dashboard-setup-published"), "{done:?}");
    assert!(!done.contains(&"dashboard-setup-minutes"));
    let other = organizer(&svc, "khac@bhxh.gov.vn").await;
    assert_eq!(app_error(dashboard::dashboard(&svc, &other, s.conference_id, Locale::Vi).await), AppError::Forbidden);
    let _ = RegistrationStatus::Confirmed;
});

on_both_engines!(tracks_get_their_own_colours, |svc: Service| async move {
    let s = setup(&svc).await;
    let mut colours = Vec::new();
    for name in ["Thu", "Chi", "Truyền thông"] {
        let t = agenda::create_track(
            &svc,
            &s.organizer,
            s.conference_id,
            TrackInput { name: name.into(), color: String::new() },
        )
        .await
        .unwrap();
        colours.push(t.color);
    }
    colours.dedup();
    assert_eq!(colours.len(), 3, "{colours:?}");
    let chosen = agenda::create_track(
        &svc,
        &s.organizer,
        s.conference_id,
        TrackInput { name: "Riêng".into(), color: "#123456".into() },
    )
    .await
    .unwrap();
    assert_eq!(chosen.color, "#123456");
});
