//! The service functions the JSON API reads and changes resources with, on SQLite and PostgreSQL: rooms
//! and tracks one by one, registration questions changed, recommendations triaged by status, a
//! conference's feedback forms, the delegate list in pages, and deletions of what is not there.

use crate::common::{agency_with_units, app_error, invalid_fields, organizer};
use hoinghi_domain::AppError;
use hoinghi_domain::agenda::{RoomInput, SessionInput, TrackInput};
use hoinghi_domain::conference::ConferenceInput;
use hoinghi_domain::feedback::{RecommendationInput, RecommendationUpdate};
use hoinghi_domain::people::PersonInput;
use hoinghi_domain::registration::{QuestionInput, RegistrationInput};
use hoinghi_domain::{Locale, paging::Page};
use hoinghi_service::accounts::Actor;
use hoinghi_service::paging::PageRequest;
use hoinghi_service::registration::{self, Source};
use hoinghi_service::{Service, agenda, conferences, feedback, people, reference};

async fn conference(svc: &Service, actor: &Actor, title: &str, agency_id: Option<i64>) -> i64 {
    let input = ConferenceInput {
        title: title.into(),
        starts_on: "2026-12-07".into(),
        ends_on: "2026-12-08".into(),
        agency_id: agency_id.map(|a| a.to_string()).unwrap_or_default(),
        ..Default::default()
    };
    let c = conferences::create(svc, actor, input).await.unwrap();
    c.id
}

on_both_engines!(rooms_tracks_and_roles_one_by_one, |svc: Service| async move {
    let an = organizer(&svc, "an@bhxh.gov.vn").await;
    let binh = organizer(&svc, "binh@bhxh.gov.vn").await;
    let cid = conference(&svc, &an, "Hội nghị sơ kết", None).await;
    let room = agenda::create_room(&svc, &an, cid, RoomInput { name: "Hội trường".into(), capacity: "150".into() })
        .await
        .unwrap();
    assert_eq!(agenda::room(&svc, &an, room.id).await.unwrap(), room);
    let changed =
        agenda::update_room(&svc, &an, room.id, RoomInput { name: "Hội trường lớn".into(), capacity: "200".into() })
            .await
            .unwrap();
    assert_eq!((changed.name.as_str(), changed.capacity), ("Hội trường lớn", Some(200)));
    assert_eq!(agenda::rooms(&svc, &an, cid).await.unwrap(), vec![changed]);
    assert_eq!(app_error(agenda::room(&svc, &binh, room.id).await), AppError::Forbidden);
    assert_eq!(app_error(agenda::rooms(&svc, &Actor::Anonymous, cid).await), AppError::Unauthorized);
    assert_eq!(app_error(agenda::room(&svc, &an, room.id + 1000).await), AppError::NotFound);

    let track =
        agenda::create_track(&svc, &an, cid, TrackInput { name: "Sơ kết".into(), color: String::new() }).await.unwrap();
    let changed =
        agenda::update_track(&svc, &an, track.id, TrackInput { name: "Tổng kết".into(), color: "#0F766E".into() })
            .await
            .unwrap();
    assert_eq!((changed.name.as_str(), changed.color.as_str()), ("Tổng kết", "#0f766e"));
    assert_eq!(agenda::track(&svc, &an, track.id).await.unwrap(), changed);
    assert_eq!(agenda::tracks(&svc, &an, cid).await.unwrap().len(), 1);
    assert_eq!(
        invalid_fields(
            agenda::update_track(&svc, &an, track.id, TrackInput { name: String::new(), color: "xanh".into() }).await
        ),
        ["color", "name"]
    );
    assert_eq!(
        app_error(agenda::update_track(&svc, &binh, track.id, TrackInput::default()).await),
        AppError::Forbidden
    );

    // A role taken away twice: the second time there is nothing to take.
    let session = agenda::create(
        &svc,
        &an,
        cid,
        SessionInput {
            title: "Khai mạc".into(),
            day: "2026-12-07".into(),
            start: "08:00".into(),
            end: "08:30".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let p = people::create(
        &svc,
        &an,
        cid,
        PersonInput { family_name: "Đào".into(), given_name: "Ánh".into(), ..Default::default() },
    )
    .await
    .unwrap();
    agenda::add_person(&svc, &an, session.id, &p.id.to_string(), "chair").await.unwrap();
    agenda::remove_person(&svc, &an, session.id, p.id, "chair").await.unwrap();
    assert_eq!(app_error(agenda::remove_person(&svc, &an, session.id, p.id, "chair").await), AppError::NotFound);
});

on_both_engines!(questions_changed_and_deleted, |svc: Service| async move {
    let an = organizer(&svc, "an@bhxh.gov.vn").await;
    let binh = organizer(&svc, "binh@bhxh.gov.vn").await;
    let cid = conference(&svc, &an, "Hội nghị sơ kết", None).await;
    let other = conference(&svc, &binh, "Hội nghị tập huấn", None).await;
    let q = registration::add_question(
        &svc,
        &an,
        cid,
        QuestionInput {
            kind: "single_choice".into(),
            label: "Phòng nghỉ".into(),
            options: "Đơn\nĐôi".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(registration::question(&svc, &an, cid, q.id).await.unwrap(), q);
    let changed = registration::update_question(
        &svc,
        &an,
        cid,
        q.id,
        QuestionInput {
            kind: "yes_no".into(),
            label: "  Cần phòng nghỉ?  ".into(),
            options: "Đơn".into(),
            required: "true".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(
        (changed.label.as_str(), changed.options.len(), changed.required, changed.position),
        ("Cần phòng nghỉ?", 0, true, q.position)
    );
    assert_eq!(
        invalid_fields(
            registration::update_question(
                &svc,
                &an,
                cid,
                q.id,
                QuestionInput { kind: "multiple_choice".into(), label: String::new(), ..Default::default() }
            )
            .await
        ),
        ["label", "options"]
    );
    // Another conference's question is not found through this one, nor changed or deleted.
    assert_eq!(app_error(registration::question(&svc, &an, cid, q.id + 1000).await), AppError::NotFound);
    assert_eq!(app_error(registration::question(&svc, &binh, cid, q.id).await), AppError::Forbidden);
    assert_eq!(app_error(registration::question(&svc, &binh, other, q.id).await), AppError::NotFound);
    assert_eq!(app_error(registration::delete_question(&svc, &binh, other, q.id).await), AppError::NotFound);
    registration::delete_question(&svc, &an, cid, q.id).await.unwrap();
    assert_eq!(app_error(registration::delete_question(&svc, &an, cid, q.id).await), AppError::NotFound);
    assert!(registration::questions(&svc, &an, cid).await.unwrap().is_empty());
});

on_both_engines!(recommendations_and_forms_for_the_api, |svc: Service| async move {
    let an = organizer(&svc, "an@bhxh.gov.vn").await;
    let binh = organizer(&svc, "binh@bhxh.gov.vn").await;
    let cid = conference(&svc, &an, "Hội nghị sơ kết", None).await;
    let input = |body: &str| RecommendationInput {
        topic: "budget".into(),
        body: body.into(),
        unit_name: "Bảo hiểm xã hội tỉnh Khánh Hòa".into(),
        admin_unit_code: "56".into(),
        ..Default::default()
    };
    let first = feedback::file_by_organizer(&svc, &an, cid, input("Bổ sung kinh phí tập huấn")).await.unwrap();
    let second = feedback::file_by_organizer(&svc, &an, cid, input("Tăng định mức chi")).await.unwrap();
    let r = feedback::recommendation(&svc, &an, first).await.unwrap();
    assert_eq!((r.body.as_str(), r.admin_unit_name.as_str()), ("Bổ sung kinh phí tập huấn", "Tỉnh Khánh Hòa"));
    assert_eq!(app_error(feedback::recommendation(&svc, &binh, first).await), AppError::Forbidden);
    assert_eq!(app_error(feedback::recommendation(&svc, &an, second + 1000).await), AppError::NotFound);
    let update = RecommendationUpdate { status: "forwarded".into(), ..Default::default() };
    feedback::update_recommendation(&svc, &an, second, update).await.unwrap();
    let ids = |list: Vec<hoinghi_domain::feedback::Recommendation>| list.into_iter().map(|r| r.id).collect::<Vec<_>>();
    assert_eq!(ids(feedback::triage_recommendations(&svc, &an, cid, "").await.unwrap()), [first, second]);
    assert_eq!(ids(feedback::triage_recommendations(&svc, &an, cid, "forwarded").await.unwrap()), [second]);
    assert_eq!(ids(feedback::triage_recommendations(&svc, &an, cid, " received ").await.unwrap()), [first]);
    assert_eq!(invalid_fields(feedback::triage_recommendations(&svc, &an, cid, "xong").await), ["status"]);
    assert_eq!(app_error(feedback::triage_recommendations(&svc, &binh, cid, "xong").await), AppError::Forbidden);

    // Forms: made once (the second call says it was there), the conference's first in the list.
    let session = agenda::create(
        &svc,
        &an,
        cid,
        SessionInput {
            title: "Chuyên đề 1".into(),
            day: "2026-12-07".into(),
            start: "08:00".into(),
            end: "10:00".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    agenda::publish(&svc, &an, cid).await.unwrap();
    let (session_form, made) = feedback::create_form(&svc, &an, cid, Some(&session.uid)).await.unwrap();
    assert!(made);
    let (conference_form, made) = feedback::create_form(&svc, &an, cid, None).await.unwrap();
    assert!(made);
    let (again, made) = feedback::create_form(&svc, &an, cid, None).await.unwrap();
    assert!(!made);
    assert_eq!(again.id, conference_form.id);
    let listed: Vec<i64> = feedback::forms(&svc, &an, cid).await.unwrap().into_iter().map(|f| f.id).collect();
    assert_eq!(listed, [conference_form.id, session_form.id]);
    assert_eq!(app_error(feedback::forms(&svc, &binh, cid).await), AppError::Forbidden);
    let q = conference_form.questions[0].id;
    feedback::delete_question(&svc, &an, conference_form.id, q).await.unwrap();
    assert_eq!(app_error(feedback::delete_question(&svc, &an, conference_form.id, q).await), AppError::NotFound);
});

on_both_engines!(delegate_list_in_pages, |svc: Service| async move {
    let an = organizer(&svc, "an@bhxh.gov.vn").await;
    let binh = organizer(&svc, "binh@bhxh.gov.vn").await;
    let (agency_id, units) =
        agency_with_units(&svc, &[("Bảo hiểm xã hội tỉnh Khánh Hòa", "56"), ("Bảo hiểm xã hội tỉnh Đồng Nai", "75")])
            .await;
    let cid = conference(&svc, &an, "Hội nghị sơ kết", Some(agency_id)).await;
    conferences::publish(&svc, &an, cid).await.unwrap();
    let names = [
        ("Trần", "Văn", "Bảo"),
        ("Nguyễn", "Thị", "An"),
        ("Lê", "Minh", "Châu"),
        ("Phạm", "Thu", "Dung"),
        ("Võ", "Văn", "Em"),
    ];
    for (n, (family, middle, given)) in names.iter().enumerate() {
        let input = RegistrationInput {
            family_name: family.to_string(),
            middle_name: middle.to_string(),
            given_name: given.to_string(),
            unit_id: units[n % 2].to_string(),
            email: format!("dai.bieu{n}@example.vn"),
            phone: format!("0258 3822 {n:03}"),
            consent: "true".into(),
            ..Default::default()
        };
        registration::register(&svc, &an, cid, input, Locale::Vi, Source::Organizer).await.unwrap();
    }
    let whole = registration::list(&svc, &an, cid, None).await.unwrap();
    let in_groups: Vec<i64> = whole.groups.iter().flat_map(|g| g.delegates.iter().map(|r| r.id)).collect();
    // Two at a time, the pages give the grouped list's order once, with the totals of all.
    let mut paged = Vec::new();
    let mut offset = Some(0);
    while let Some(at) = offset {
        let page = registration::list_page(&svc, &an, cid, "", PageRequest { limit: 2, offset: at }).await.unwrap();
        assert_eq!((page.totals.confirmed, page.page.total), (5, 5));
        paged.extend(page.page.items.iter().map(|r| r.id));
        offset = page.page.next_offset;
    }
    assert_eq!(paged, in_groups);
    let waiting = registration::list_page(&svc, &an, cid, "waiting", PageRequest::default()).await.unwrap();
    assert_eq!((waiting.page.total, waiting.totals.confirmed), (0, 5));
    assert_eq!(
        invalid_fields(registration::list_page(&svc, &an, cid, "đã duyệt", PageRequest::default()).await),
        ["status"]
    );
    // Permission before input: a stranger learns nothing, not even that the status is wrong.
    assert_eq!(
        app_error(registration::list_page(&svc, &binh, cid, "đã duyệt", PageRequest::default()).await),
        AppError::Forbidden
    );
    let empty: Page<i64> = PageRequest { limit: 10, offset: 7 }.page(in_groups.clone());
    assert_eq!((empty.items.len(), empty.total, empty.next_offset), (0, 5, None));
});

on_both_engines!(provinces_on_a_date_as_typed, |svc: Service| async move {
    assert_eq!(reference::list_admin_units(&svc, " 2026-01-01 ").await.unwrap().len(), 34);
    assert_eq!(reference::list_admin_units(&svc, "").await.unwrap().len(), 34);
    assert_eq!(invalid_fields(reference::list_admin_units(&svc, "mùng 1 tết").await), ["on"]);
});
