//! Documents made in the background, on SQLite and PostgreSQL: a job answers at once, shows its steps,
//! ends with the file (served from the database) or with the refusal's own message; only the
//! conference's organizers see it. Rendering runs on the heavy-work threads, so the async threads keep
//! answering while large documents are made.

use crate::common;

use crate::common::{agency_with_units, app_error, invalid_fields, organizer};
use hoinghi_domain::agenda::SessionInput;
use hoinghi_domain::conference::ConferenceInput;
use hoinghi_domain::registration::RegistrationInput;
use hoinghi_domain::{AppError, Locale};
use hoinghi_service::accounts::Actor;
use hoinghi_service::documents::jobs;
use hoinghi_service::registration::{self, Source};
use hoinghi_service::{Service, agenda, conferences};
use std::time::{Duration, Instant};

async fn conference_with_delegates(svc: &Service, n: usize) -> (i64, Actor) {
    let an = organizer(svc, "an@bhxh.gov.vn").await;
    let (agency_id, units) = agency_with_units(svc, &[("Bảo hiểm xã hội tỉnh Khánh Hòa", "56")]).await;
    let c = conferences::create(
        svc,
        &an,
        ConferenceInput {
            title: "Hội nghị tổng kết".into(),
            starts_on: "2026-12-07".into(),
            ends_on: "2026-12-07".into(),
            agency_id: agency_id.to_string(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    for i in 0..3 {
        agenda::create(
            svc,
            &an,
            c.id,
            SessionInput {
                kind: "report".into(),
                title: format!("Báo cáo {i}"),
                day: "2026-12-07".into(),
                start: format!("{:02}:00", 8 + i),
                end: format!("{:02}:50", 8 + i),
                plenary: "true".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    }
    agenda::publish(svc, &an, c.id).await.unwrap();
    conferences::publish(svc, &an, c.id).await.unwrap();
    for k in 0..n {
        let input = RegistrationInput {
            family_name: "Võ".into(),
            given_name: format!("Đại Biểu {k}"),
            unit_id: units[0].to_string(),
            phone: format!("0977{k:06}"),
            email: format!("dai.bieu.{k}@bhxh.gov.vn"),
            consent: "true".into(),
            ..Default::default()
        };
        registration::register(svc, &Actor::Anonymous, c.id, input, Locale::Vi, Source::Delegate).await.unwrap();
    }
    (c.id, an)
}

async fn finished(svc: &Service, actor: &Actor, cid: i64, id: i64) -> jobs::DocumentJob {
    let started = Instant::now();
    loop {
        let job = jobs::job(svc, actor, cid, id).await.unwrap();
        if job.status != "running" || started.elapsed() > Duration::from_secs(60) {
            return job;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

on_both_engines!(documents_are_made_in_the_background, |svc: Service| async move {
    let (cid, an) = conference_with_delegates(&svc, 120).await;
    let started = Instant::now();
    let id = jobs::start(&svc, &an, cid, "badges", "").await.unwrap();
    assert!(started.elapsed() < Duration::from_secs(1), "answered at once");
    let first = jobs::job(&svc, &an, cid, id).await.unwrap();
    assert_eq!((first.kind.as_str(), first.steps), ("badges", jobs::STEPS));
    // Asked again while it runs: the same job, not a second one.
    if first.status == "running" {
        assert_eq!(jobs::start(&svc, &an, cid, "badges", "").await.unwrap(), id);
    }
    let done = finished(&svc, &an, cid, id).await;
    assert_eq!((done.status.as_str(), done.step, done.items), ("done", jobs::STEPS, 120));
    let file = jobs::file(&svc, &an, cid, id).await.unwrap();
    assert!(file.bytes.starts_with(b"%PDF-") && file.filename.ends_with(".pdf"));
    assert_eq!(jobs::jobs(&svc, &an, cid).await.unwrap()[0].id, id);

    // A refusal ends the job with its own message: nobody attended enough hours for a certificate.
    let refused = jobs::start(&svc, &an, cid, "certificates", "4").await.unwrap();
    let failed = finished(&svc, &an, cid, refused).await;
    assert_eq!((failed.status.as_str(), failed.error.as_str()), ("failed", "documents-error-no-certificates"));
    assert_eq!(app_error(jobs::file(&svc, &an, cid, refused).await), AppError::NotFound);

    // Bad input is refused before anything starts; strangers see nothing.
    assert_eq!(invalid_fields(jobs::start(&svc, &an, cid, "minutes-of-everything", "").await), ["kind"]);
    assert_eq!(invalid_fields(jobs::start(&svc, &an, cid, "certificates", "-3").await), ["threshold"]);
    let stranger = organizer(&svc, "la@example.vn").await;
    assert_eq!(app_error(jobs::start(&svc, &stranger, cid, "badges", "").await), AppError::Forbidden);
    assert_eq!(app_error(jobs::job(&svc, &stranger, cid, id).await), AppError::Forbidden);
    assert_eq!(app_error(jobs::file(&svc, &stranger, cid, id).await), AppError::Forbidden);
});

/// Four large documents at once leave the async threads free: a database round trip during them takes
/// milliseconds, not the seconds the renders take.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn heavy_work_leaves_the_request_threads_free() {
    let db = common::sqlite().await;
    let svc = db.svc.clone();
    let (cid, an) = conference_with_delegates(&svc, 400).await;
    let renders: Vec<_> = (0..4)
        .map(|_| {
            let (svc, an) = (svc.clone(), an.clone());
            tokio::spawn(async move { hoinghi_service::documents::badges(&svc, &an, cid).await.unwrap() })
        })
        .collect();
    let mut worst = Duration::ZERO;
    let started = Instant::now();
    while renders.iter().any(|r| !r.is_finished()) {
        let t = Instant::now();
        svc.db.ping().await.unwrap();
        tokio::task::yield_now().await;
        worst = worst.max(t.elapsed());
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let total = started.elapsed();
    for r in renders {
        assert!(r.await.unwrap().bytes.starts_with(b"%PDF-"));
    }
    eprintln!("4 × 400 badges took {total:?}; the slowest ping meanwhile {worst:?}");
    assert!(
        worst < Duration::from_millis(100) && worst * 5 < total,
        "a ping waited {worst:?} during {total:?} of rendering"
    );
}
