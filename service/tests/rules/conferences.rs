//! Conferences through the service layer, on SQLite and PostgreSQL.

use crate::common;

use crate::common::{admin, app_error, invalid_fields, organizer};
use hoinghi_domain::AppError;
use hoinghi_domain::conference::{ConferenceInput, ConferenceStatus};
use hoinghi_service::accounts::Actor;
use hoinghi_service::{Service, conferences, public_revision};

fn input(title: &str) -> ConferenceInput {
    ConferenceInput {
        title: title.into(),
        starts_on: "2026-12-07".into(),
        ends_on: "2026-12-08".into(),
        venue_name: "Hội trường A".into(),
        capacity: "200".into(),
        ..Default::default()
    }
}

async fn count(svc: &Service, table: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(svc.db.read()).await.unwrap();
    n
}

on_both_engines!(create_publish_close_and_list, |svc: Service| async move {
    let an = organizer(&svc, "an@bhxh.gov.vn").await;
    let c = conferences::create(&svc, &an, input("Hội nghị tổng kết năm 2026")).await.unwrap();
    assert_eq!(c.slug, "hoi-nghi-tong-ket-nam-2026");
    assert_eq!(c.status, ConferenceStatus::Draft);
    assert_eq!(c.capacity, Some(200));

    // Drafts are invisible to the public.
    assert!(conferences::list_public(&svc).await.unwrap().is_empty());
    assert_eq!(app_error(conferences::by_slug_public(&svc, &c.slug).await), AppError::NotFound);

    let before = public_revision::current(&svc).await.unwrap();
    let published = conferences::publish(&svc, &an, c.id).await.unwrap();
    assert_eq!(published.status, ConferenceStatus::Published);
    assert!(public_revision::current(&svc).await.unwrap() > before, "publishing must invalidate public caches");
    assert_eq!(conferences::list_public(&svc).await.unwrap().len(), 1);
    assert_eq!(conferences::by_slug_public(&svc, &c.slug).await.unwrap().id, c.id);

    // Publishing twice is refused, not silently repeated.
    assert!(matches!(app_error(conferences::publish(&svc, &an, c.id).await), AppError::Rejected { .. }));

    let closed = conferences::close(&svc, &an, c.id).await.unwrap();
    assert_eq!(closed.status, ConferenceStatus::Closed);
    // A closed conference is frozen.
    assert!(matches!(
        app_error(conferences::update(&svc, &an, c.id, input("Đổi tên")).await),
        AppError::Rejected { .. }
    ));
    assert_eq!(conferences::list_public(&svc).await.unwrap().len(), 1, "closed conferences stay readable");
});

on_both_engines!(bad_input_is_refused_and_nothing_is_stored, |svc: Service| async move {
    let an = organizer(&svc, "an@bhxh.gov.vn").await;
    let mut bad = input("");
    bad.starts_on = "2026-12-08".into();
    bad.ends_on = "2026-12-01".into();
    bad.time_zone = "Mars/Olympus_Mons".into();
    bad.capacity = "-5".into();
    bad.venue_name = "x".repeat(201);
    assert_eq!(
        invalid_fields(conferences::create(&svc, &an, bad).await),
        ["capacity", "ends_on", "time_zone", "title", "venue_name"]
    );
    let mut unknown_agency = input("Hội nghị A");
    unknown_agency.agency_id = "999".into();
    assert_eq!(invalid_fields(conferences::create(&svc, &an, unknown_agency).await), ["agency_id"]);
    assert_eq!(count(&svc, "conferences").await, 0);
    assert_eq!(count(&svc, "conference_organizers").await, 0, "nothing half-written");

    conferences::create(&svc, &an, input("Hội nghị A")).await.unwrap();
    let mut same_slug = input("Hội nghị B");
    same_slug.slug = "hoi-nghi-a".into();
    assert_eq!(invalid_fields(conferences::create(&svc, &an, same_slug).await), ["slug"]);
    assert_eq!(count(&svc, "conferences").await, 1);
});

on_both_engines!(text_is_stored_as_nfc, |svc: Service| async move {
    let an = organizer(&svc, "an@bhxh.gov.vn").await;
    // "Hội nghị Khánh Hòa" typed on a Mac: decomposed.
    let nfd = "Ho\u{302}\u{323}i nghi\u{323} Kha\u{301}nh Ho\u{300}a";
    let c = conferences::create(&svc, &an, input(nfd)).await.unwrap();
    assert_eq!(c.title, "Hội nghị Khánh Hòa");
    let (stored,): (String,) = sqlx::query_as("SELECT title FROM conferences WHERE id = $1")
        .bind(c.id)
        .fetch_one(svc.db.read())
        .await
        .unwrap();
    assert_eq!(stored.chars().count(), "Hội nghị Khánh Hòa".chars().count());
    assert_eq!(c.slug, "hoi-nghi-khanh-hoa");
});

on_both_engines!(only_organizers_may_change_a_conference, |svc: Service| async move {
    let an = organizer(&svc, "an@bhxh.gov.vn").await;
    let binh = organizer(&svc, "binh@bhxh.gov.vn").await;
    let c = conferences::create(&svc, &an, input("Hội nghị A")).await.unwrap();
    assert_eq!(app_error(conferences::publish(&svc, &binh, c.id).await), AppError::Forbidden);
    assert_eq!(app_error(conferences::publish(&svc, &Actor::Anonymous, c.id).await), AppError::Unauthorized);
    assert_eq!(app_error(conferences::by_slug_for_organizer(&svc, &binh, &c.slug).await), AppError::Forbidden);
    assert!(conferences::list_for_organizer(&svc, &binh).await.unwrap().is_empty());

    let root = admin(&svc, "quan-tri@bhxh.gov.vn").await;
    conferences::add_organizer(&svc, &root, c.id, "BINH@bhxh.gov.vn").await.unwrap();
    assert_eq!(conferences::list_for_organizer(&svc, &binh).await.unwrap().len(), 1);
    conferences::publish(&svc, &binh, c.id).await.unwrap();
    assert_eq!(invalid_fields(conferences::add_organizer(&svc, &root, c.id, "nobody@example.vn").await), ["email"]);
});

on_both_engines!(only_administrators_give_and_take_the_organizer_role, |svc: Service| async move {
    let an = organizer(&svc, "an@bhxh.gov.vn").await;
    let binh = organizer(&svc, "binh@bhxh.gov.vn").await;
    let root = admin(&svc, "quan-tri@bhxh.gov.vn").await;
    let c = conferences::create(&svc, &an, input("Hội nghị A")).await.unwrap();
    let organizer_ids = |svc: Service| async move {
        let mut ids: Vec<i64> =
            conferences::organizers(&svc, &Actor::System, c.id).await.unwrap().into_iter().map(|u| u.id).collect();
        ids.sort();
        ids
    };

    // An organizer cannot hand the conference to another account, nor take it from one.
    assert!(!conferences::may_change_organizers(&an));
    assert_eq!(app_error(conferences::add_organizer(&svc, &an, c.id, "binh@bhxh.gov.vn").await), AppError::Forbidden);
    assert_eq!(
        app_error(conferences::add_organizer(&svc, &Actor::Anonymous, c.id, "binh@bhxh.gov.vn").await),
        AppError::Unauthorized
    );
    assert_eq!(organizer_ids(svc.clone()).await, [an.user_id().unwrap()]);
    assert_eq!(app_error(conferences::publish(&svc, &binh, c.id).await), AppError::Forbidden);

    // An administrator can, and an organizer cannot remove anyone, not even another organizer.
    assert!(conferences::may_change_organizers(&root));
    conferences::add_organizer(&svc, &root, c.id, "binh@bhxh.gov.vn").await.unwrap();
    assert_eq!(organizer_ids(svc.clone()).await, [an.user_id().unwrap(), binh.user_id().unwrap()]);
    assert_eq!(
        app_error(conferences::remove_organizer(&svc, &an, c.id, binh.user_id().unwrap()).await),
        AppError::Forbidden
    );
    assert_eq!(
        app_error(conferences::remove_organizer(&svc, &binh, c.id, an.user_id().unwrap()).await),
        AppError::Forbidden
    );
    conferences::remove_organizer(&svc, &root, c.id, binh.user_id().unwrap()).await.unwrap();
    assert_eq!(organizer_ids(svc.clone()).await, [an.user_id().unwrap()]);
    assert_eq!(app_error(conferences::publish(&svc, &binh, c.id).await), AppError::Forbidden, "binh lost the role");
    assert_eq!(
        app_error(conferences::remove_organizer(&svc, &root, c.id, binh.user_id().unwrap()).await),
        AppError::NotFound,
        "no longer an organizer"
    );
    assert_eq!(
        app_error(conferences::add_organizer(&svc, &root, c.id + 1000, "binh@bhxh.gov.vn").await),
        AppError::NotFound
    );
});

on_both_engines!(concurrent_publish_has_one_winner, |svc: Service| async move {
    let an = organizer(&svc, "an@bhxh.gov.vn").await;
    let c = conferences::create(&svc, &an, input("Hội nghị A")).await.unwrap();
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let (svc, an) = (svc.clone(), an.clone());
            tokio::spawn(async move { conferences::publish(&svc, &an, c.id).await.is_ok() })
        })
        .collect();
    let mut wins = 0;
    for t in tasks {
        wins += t.await.unwrap() as i32;
    }
    assert_eq!(wins, 1);
});

on_both_engines!(export_and_import_round_trip, |svc: Service| async move {
    hoinghi_service::demo::load(&svc).await.unwrap();
    let admin = Actor::System;
    let slug = conferences::list_public(&svc).await.unwrap()[0].slug.clone();
    let exported = conferences::export(&svc, &admin, &slug).await.unwrap();
    let document = conferences::archive::document_of(&exported).unwrap();
    assert_eq!(document.agencies[0].name, "Bảo hiểm xã hội Việt Nam");
    assert_eq!(document.tables["conferences"][0]["slug"], slug.as_str());

    // Into a fresh SQLite database: the same archive back.
    let other = common::sqlite().await;
    let report = conferences::import(&other.svc, &admin, &exported).await.unwrap();
    assert_eq!(report.slug, slug);
    let again = conferences::export(&other.svc, &admin, &slug).await.unwrap();
    assert!(again == exported, "the same archive back");
    // A second import collides on the slug and stores nothing.
    assert_eq!(invalid_fields(conferences::import(&other.svc, &admin, &exported).await), ["slug"]);
    assert_eq!(count(&other.svc, "conferences").await, 1);
});
