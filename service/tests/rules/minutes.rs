//! Minutes through the service layer, on SQLite and PostgreSQL: the pre-fill from the demo's published
//! agenda, revisions and their conflicts, the lock of final minutes, corrections, bad input, the PDF.

use crate::common::{app_error, invalid_fields};
use hoinghi_domain::AppError;
use hoinghi_domain::minutes::{MinutesState, TaskInput};
use hoinghi_service::accounts::Actor;
use hoinghi_service::minutes::{self, SaveOutcome};
use hoinghi_service::{Service, conferences, documents};

async fn demo(svc: &Service) -> i64 {
    let slug = hoinghi_service::demo::load(svc).await.unwrap();
    conferences::by_slug_public(svc, &slug).await.unwrap().id
}

fn saved(o: SaveOutcome) -> i64 {
    match o {
        SaveOutcome::Saved { revision } => revision,
        SaveOutcome::Conflict(c) => panic!("unexpected conflict: {c:?}"),
    }
}

on_both_engines!(prefill_follows_the_published_agenda, |svc: Service| async move {
    let cid = demo(&svc).await;
    let v = minutes::view(&svc, &Actor::System, cid).await.unwrap();
    assert!(v.current.is_none());
    assert_eq!(v.revision, 0);
    let c = v.content;
    assert_eq!(c.meeting_name, "Hội nghị sơ kết và tập huấn công tác thông tin đối ngoại");
    assert_eq!(c.chair_name, "Đào Việt Ánh");
    assert_eq!(c.start_date, "2017-09-18");
    assert_eq!(c.start_time, "08:00", "the welcome break is not the start");
    assert!(c.proceedings.len() >= 8, "{:?}", c.proceedings);
    assert!(c.proceedings[0].heading.starts_with("Khai mạc hội nghị"));
    assert!(c.proceedings.iter().all(|p| p.heading != "Đón tiếp đại biểu"), "breaks are left out");
    let discussion = c.proceedings.iter().find(|p| p.heading.starts_with("Thảo luận")).unwrap();
    assert!(
        discussion.presenter.contains("Dương Văn Hào, Giám đốc Bảo hiểm xã hội tỉnh Khánh Hòa"),
        "{}",
        discussion.presenter
    );
    assert!(c.key_delegates.contains("Đào Việt Ánh | Phó Tổng Giám đốc Bảo hiểm xã hội Việt Nam"));
    // The demo's recommendations are all selected for the minutes: they arrive as delegates' opinions.
    assert_eq!(c.opinions.len(), 8, "{:?}", c.opinions);
    let fdi = c.opinions.iter().find(|o| o.content.contains("doanh nghiệp FDI")).expect("the HCMC recommendation");
    assert_eq!(fdi.speaker, "Nguyễn Thị Thu");
    assert!(fdi.unit.starts_with("Bảo hiểm xã hội Thành phố Hồ Chí Minh"), "{}", fdi.unit);
    // The pre-fill saves as is.
    assert_eq!(saved(minutes::save(&svc, &Actor::System, cid, 0, c).await.unwrap()), 1);
});

on_both_engines!(a_stale_save_is_a_conflict_with_both_texts, |svc: Service| async move {
    let cid = demo(&svc).await;
    let mut a = minutes::view(&svc, &Actor::System, cid).await.unwrap().content;
    assert_eq!(saved(minutes::save(&svc, &Actor::System, cid, 0, a.clone()).await.unwrap()), 1);
    // Two editors start from revision 1.
    let mut b = a.clone();
    a.conclusions = "Kết luận của người thứ nhất.".into();
    b.conclusions = "Kết luận của người thứ hai.".into();
    assert_eq!(saved(minutes::save(&svc, &Actor::System, cid, 1, a.clone()).await.unwrap()), 2);
    match minutes::save(&svc, &Actor::System, cid, 1, b.clone()).await.unwrap() {
        SaveOutcome::Conflict(c) => {
            assert_eq!(c.yours.conclusions, "Kết luận của người thứ hai.");
            assert_eq!(c.current.conclusions, "Kết luận của người thứ nhất.");
            assert_eq!(c.current_revision, 2);
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    // Nothing was overwritten; a second "first save" is a conflict too.
    let v = minutes::view(&svc, &Actor::System, cid).await.unwrap();
    assert_eq!((v.revision, v.content.conclusions.as_str()), (2, "Kết luận của người thứ nhất."));
    assert_eq!(v.revisions.len(), 2);
    assert!(matches!(minutes::save(&svc, &Actor::System, cid, 0, b.clone()).await.unwrap(), SaveOutcome::Conflict(_)));
    // Saving on top of the current revision works.
    assert_eq!(saved(minutes::save(&svc, &Actor::System, cid, 2, b).await.unwrap()), 3);
});

on_both_engines!(final_minutes_are_locked_and_corrected_by_a_new_version, |svc: Service| async move {
    let cid = demo(&svc).await;
    let mut c = minutes::view(&svc, &Actor::System, cid).await.unwrap().content;
    c.secretary_name = "Trần Thị Bích Ngọc".into();
    c.tasks = vec![TaskInput {
        unit: "Vụ Hợp tác quốc tế".into(),
        task: "Tổng hợp kiến nghị".into(),
        deadline: "30/9/2017".into(),
    }];
    let r = saved(minutes::save(&svc, &Actor::System, cid, 0, c.clone()).await.unwrap());
    // Final only after reading back, and of the revision seen.
    assert!(matches!(app_error(minutes::finalize(&svc, &Actor::System, cid, r).await), AppError::Rejected { .. }));
    minutes::send_for_review(&svc, &Actor::System, cid, r).await.unwrap();
    assert!(matches!(app_error(minutes::finalize(&svc, &Actor::System, cid, r + 5).await), AppError::Conflict { .. }));
    let hash = minutes::finalize(&svc, &Actor::System, cid, r).await.unwrap();
    assert_eq!(hash.len(), 64);
    let v = minutes::view(&svc, &Actor::System, cid).await.unwrap();
    let fin = v.current.clone().unwrap();
    assert_eq!(fin.state, MinutesState::Final);
    assert_eq!(fin.pdf_hash.as_deref(), Some(hash.as_str()));
    assert_eq!(fin.content_hash.as_ref().map(String::len), Some(64));
    // Locked: any save is refused with a clear message.
    match app_error(minutes::save(&svc, &Actor::System, cid, r, c.clone()).await) {
        AppError::Rejected { message } => assert_eq!(message.key, "minutes-error-final-locked"),
        other => panic!("{other:?}"),
    }
    // The PDF of final minutes is the one hashed.
    let (pdf, stored) = minutes::render(&svc, &Actor::System, cid).await.unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    assert_eq!(stored.as_deref(), Some(hash.as_str()));
    // A correction needs a reason, and makes a new draft version naming the final one.
    assert_eq!(invalid_fields(minutes::correct(&svc, &Actor::System, cid, "  ").await), ["reason"]);
    let new_id = minutes::correct(&svc, &Actor::System, cid, "Sửa tên đơn vị được giao nhiệm vụ").await.unwrap();
    let v = minutes::view(&svc, &Actor::System, cid).await.unwrap();
    let cur = v.current.unwrap();
    assert_eq!((cur.id, cur.version, cur.state), (new_id, 2, MinutesState::Draft));
    assert_eq!((cur.replaces_id, cur.replaces_version), (Some(fin.id), Some(1)));
    assert_eq!(cur.correction_reason, "Sửa tên đơn vị được giao nhiệm vụ");
    assert_eq!(v.content, minutes::view(&svc, &Actor::System, cid).await.unwrap().content);
    assert_eq!(v.content.secretary_name, "Trần Thị Bích Ngọc");
    assert_eq!(v.versions.len(), 2);
    assert_eq!(v.versions[1].state, MinutesState::Final, "the final version stays final");
    assert_eq!(saved(minutes::save(&svc, &Actor::System, cid, 1, v.content).await.unwrap()), 2);
    // Only final minutes are corrected.
    assert!(matches!(app_error(minutes::correct(&svc, &Actor::System, cid, "lý do").await), AppError::Rejected { .. }));
});

on_both_engines!(bad_input_gets_field_messages, |svc: Service| async move {
    let cid = demo(&svc).await;
    let mut c = minutes::view(&svc, &Actor::System, cid).await.unwrap().content;
    c.meeting_name = "   ".into();
    c.end_date = c.start_date.clone();
    c.start_time = "10:00".into();
    c.end_time = "09:30".into();
    c.present = "nhiều".into();
    c.venue = "x".repeat(501);
    c.by_unit = "Khánh Hòa | năm | 4".into();
    c.tasks = vec![TaskInput { unit: String::new(), task: "Báo cáo".into(), deadline: String::new() }];
    let r = minutes::save(&svc, &Actor::System, cid, 0, c.clone()).await;
    assert_eq!(invalid_fields(r), ["by_unit", "end_time", "meeting_name", "present", "tasks.0.unit", "venue"]);
    match app_error(minutes::save(&svc, &Actor::System, cid, 0, c).await) {
        AppError::Invalid { fields } => {
            let end = fields.iter().find(|f| f.field == "end_time").unwrap();
            assert_eq!(end.message.render(hoinghi_domain::Locale::Vi), "Giờ kết thúc phải sau giờ bắt đầu.");
        }
        other => panic!("{other:?}"),
    }
    // Decomposed (NFD) text is stored composed; emoji and a long word still give a PDF.
    let mut c = minutes::view(&svc, &Actor::System, cid).await.unwrap().content;
    c.meeting_name = "Ho\u{0302}\u{0323}i nghi\u{0323} 🎉".into();
    c.conclusions = "a".repeat(3000);
    saved(minutes::save(&svc, &Actor::System, cid, 0, c).await.unwrap());
    let v = minutes::view(&svc, &Actor::System, cid).await.unwrap();
    assert_eq!(v.content.meeting_name, "Hội nghị 🎉");
    let (pdf, hash) = minutes::render(&svc, &Actor::System, cid).await.unwrap();
    assert!(pdf.starts_with(b"%PDF") && hash.is_none());
    // Strangers see nothing.
    assert!(matches!(app_error(minutes::view(&svc, &Actor::Anonymous, cid).await), AppError::Unauthorized));
});

on_both_engines!(printed_documents_render, |svc: Service| async move {
    let cid = demo(&svc).await;
    let a = documents::agenda(&svc, &Actor::System, cid).await.unwrap();
    assert!(a.bytes.starts_with(b"%PDF") && a.count >= 12 && a.filename.is_ascii());
    let s = documents::signin_sheets(&svc, &Actor::System, cid).await.unwrap();
    assert_eq!(s.count, 2, "one sheet per day; no class has a delegate with a seat yet");
    assert!(documents::delegate_list(&svc, &Actor::System, cid).await.unwrap().bytes.starts_with(b"%PDF"));
    assert!(documents::badges(&svc, &Actor::System, cid).await.unwrap().bytes.starts_with(b"%PDF"));
    assert!(matches!(
        app_error(documents::certificates(&svc, &Actor::System, cid, 4.0).await),
        AppError::Rejected { .. }
    ));
    assert_eq!(invalid_fields(documents::parse_threshold("không")), ["threshold"]);
});
