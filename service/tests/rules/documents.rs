//! Printed documents through the service layer, on SQLite and PostgreSQL, read back with pdftotext: the
//! parent agency on every document, the place name on certificates, presenters with their position,
//! badge roles, sign-in sheets per day and class with units grouped, provinces in name order, and the
//! minutes' opinions naming a province once.

use crate::common::organizer;
use hoinghi_domain::Locale;
use hoinghi_domain::agenda::{RoomInput, SessionInput};
use hoinghi_domain::conference::ConferenceInput;
use hoinghi_domain::feedback::RecommendationInput;
use hoinghi_domain::people::PersonInput;
use hoinghi_domain::registration::{RegistrationInput, RegistrationStatus};
use hoinghi_service::accounts::Actor;
use hoinghi_service::reference::{AgencyInput, UnitInput, create_agency, create_unit};
use hoinghi_service::registration::{self, Source};
use hoinghi_service::{Service, agenda, conferences, documents, feedback, minutes, people};
use std::process::Command;

/// The text of a PDF in the order it is drawn (a table cell's lines together), whitespace folded.
fn pdf_text(bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, bytes).unwrap();
    let out = Command::new("pdftotext").arg("-raw").arg(&path).arg("-").output().expect("pdftotext (poppler-utils)");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap().split_whitespace().collect::<Vec<_>>().join(" ")
}

struct Setup {
    conference_id: i64,
    slug: String,
    units: Vec<i64>,
    organizer: Actor,
}

/// A conference of "Cục Văn thư và Lưu trữ nhà nước" under "Bộ Nội vụ", held at a venue whose name is not
/// a place, with a chair, a trainer, a published two-day agenda and a training class.
async fn setup(svc: &Service, agency_place: &str) -> Setup {
    let an = organizer(svc, "an@vtlt.gov.vn").await;
    let agency = create_agency(
        svc,
        &Actor::System,
        AgencyInput {
            name: "Cục Văn thư và Lưu trữ nhà nước".into(),
            abbreviation: "VTLTNN".into(),
            parent_name: "Bộ Nội vụ".into(),
            place_name: agency_place.into(),
        },
    )
    .await
    .unwrap();
    let mut units = Vec::new();
    for (name, code) in [
        ("Sở Nội vụ Thành phố Hồ Chí Minh", "79"),
        ("Sở Nội vụ tỉnh An Giang", "91"),
        ("Sở Nội vụ thành phố Cần Thơ", "92"),
        ("Sở Nội vụ tỉnh Lào Cai", "15"),
    ] {
        let u =
            create_unit(svc, &Actor::System, agency.id, UnitInput { name: name.into(), admin_unit_code: code.into() })
                .await
                .unwrap();
        units.push(u.id);
    }
    let c = conferences::create(
        svc,
        &an,
        ConferenceInput {
            title: "Hội nghị tập huấn công tác văn thư".into(),
            starts_on: "2026-07-14".into(),
            ends_on: "2026-07-15".into(),
            venue_name: "Trung tâm Hội nghị Quốc gia".into(),
            venue_address: "số 57 Phạm Hùng, phường Từ Liêm, Thành phố Hà Nội".into(),
            agency_id: agency.id.to_string(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let hall = agenda::create_room(svc, &an, c.id, RoomInput { name: "Hội trường A".into(), capacity: String::new() })
        .await
        .unwrap();
    let chair = people::create(
        svc,
        &an,
        c.id,
        PersonInput {
            family_name: "Nguyễn".into(),
            middle_name: "Thị".into(),
            given_name: "Hoa".into(),
            honorific: "bà".into(),
            position_title: "Cục trưởng Cục Văn thư và Lưu trữ nhà nước".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let trainer = people::create(
        svc,
        &an,
        c.id,
        PersonInput {
            family_name: "Trần".into(),
            middle_name: "Văn".into(),
            given_name: "Bình".into(),
            honorific: "ông".into(),
            position_title: "Trưởng phòng Nghiệp vụ văn thư".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let opening = agenda::create(
        svc,
        &an,
        c.id,
        SessionInput {
            kind: "opening".into(),
            title: "Khai mạc".into(),
            day: "2026-07-14".into(),
            start: "08:00".into(),
            end: "08:30".into(),
            room_id: hall.id.to_string(),
            plenary: "true".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    agenda::add_person(svc, &an, opening.id, &chair.id.to_string(), "chair").await.unwrap();
    let class = agenda::create(
        svc,
        &an,
        c.id,
        SessionInput {
            kind: "training".into(),
            title: "Chuyên đề: số và ký hiệu văn bản".into(),
            day: "2026-07-15".into(),
            start: "08:00".into(),
            end: "10:00".into(),
            room_id: hall.id.to_string(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    agenda::add_person(svc, &an, class.id, &trainer.id.to_string(), "trainer").await.unwrap();
    agenda::publish(svc, &an, c.id).await.unwrap();
    conferences::publish(svc, &an, c.id).await.unwrap();
    Setup { conference_id: c.id, slug: c.slug.clone(), units, organizer: an }
}

/// The training class's uid in the published agenda.
async fn class_uid(svc: &Service, s: &Setup) -> String {
    let published = agenda::public_agenda(svc, &s.slug).await.unwrap().agenda.unwrap();
    published.sessions.iter().find(|x| x.title.starts_with("Chuyên đề")).unwrap().uid.clone()
}

async fn delegate(
    svc: &Service,
    s: &Setup,
    (family, middle, given): (&str, &str, &str),
    unit: usize,
    code: &str,
) -> i64 {
    let input = RegistrationInput {
        family_name: family.into(),
        middle_name: middle.into(),
        given_name: given.into(),
        position_title: "Chuyên viên".into(),
        phone: format!("0912 {:06}", hoinghi_domain::text::search_key(given).len() * 1000 + family.len() * 10 + unit),
        unit_id: s.units[unit].to_string(),
        admin_unit_code: code.into(),
        ..Default::default()
    };
    let r =
        registration::register(svc, &s.organizer, s.conference_id, input, Locale::Vi, Source::Organizer).await.unwrap();
    assert_eq!(r.registration.status, RegistrationStatus::Confirmed);
    r.registration.id
}

on_both_engines!(every_document_prints_the_parent_agency_and_the_place, |svc: Service| async move {
    let s = setup(&svc, "Hà Nội").await;
    let cid = s.conference_id;
    let a = &s.organizer;
    let id = delegate(&svc, &s, ("Lê", "Văn", "Nam"), 1, "91").await;
    for (name, pdf) in [
        ("agenda", documents::agenda(&svc, a, cid).await.unwrap()),
        ("delegates", documents::delegate_list(&svc, a, cid).await.unwrap()),
        ("signin", documents::signin_sheets(&svc, a, cid).await.unwrap()),
    ] {
        let t = pdf_text(&pdf.bytes);
        assert!(t.contains("BỘ NỘI VỤ CỤC VĂN THƯ VÀ LƯU TRỮ NHÀ NƯỚC"), "{name}: {t}");
    }
    let (minutes_pdf, _) = minutes::render(&svc, a, cid).await.unwrap();
    assert!(pdf_text(&minutes_pdf).contains("BỘ NỘI VỤ CỤC VĂN THƯ VÀ LƯU TRỮ NHÀ NƯỚC"));

    // The certificate names the agency's seat, not the venue.
    registration::check_in(&svc, a, id, &format!("session:{}", class_uid(&svc, &s).await)).await.unwrap();
    let cert = pdf_text(&documents::certificates(&svc, a, cid, 1.0).await.unwrap().bytes);
    assert!(cert.contains("Hà Nội, ngày 15 tháng 7 năm 2026"), "{cert}");
    assert!(!cert.contains("Trung tâm Hội nghị Quốc gia, ngày"), "{cert}");
    assert!(cert.contains("BỘ NỘI VỤ"), "{cert}");
});

on_both_engines!(without_a_seat_the_place_comes_from_the_venue_address, |svc: Service| async move {
    let s = setup(&svc, "").await;
    let id = delegate(&svc, &s, ("Lê", "Văn", "Nam"), 1, "91").await;
    let a = &s.organizer;
    registration::check_in(&svc, a, id, &format!("session:{}", class_uid(&svc, &s).await)).await.unwrap();
    let cert = pdf_text(&documents::certificates(&svc, a, s.conference_id, 1.0).await.unwrap().bytes);
    assert!(cert.contains("Hà Nội, ngày 15 tháng 7 năm 2026"), "{cert}");
});

on_both_engines!(agenda_presenters_badges_and_sheets, |svc: Service| async move {
    let s = setup(&svc, "Hà Nội").await;
    let (cid, a) = (s.conference_id, s.organizer.clone());
    let t = pdf_text(&documents::agenda(&svc, &a, cid).await.unwrap().bytes);
    assert!(t.contains("Chủ trì: Bà Nguyễn Thị Hoa, Cục trưởng Cục Văn thư và Lưu trữ nhà nước"), "{t}");
    assert!(t.contains("Ông Trần Văn Bình, Trưởng phòng Nghiệp vụ văn thư"), "{t}");
    assert!(t.contains("Thứ Ba, ngày 14 tháng 7 năm 2026"), "day headings start with a capital: {t}");

    // Delegates from four provinces; the chair and the trainer registered too.
    delegate(&svc, &s, ("Phạm", "Thị", "Yến"), 0, "79").await;
    delegate(&svc, &s, ("Lê", "Văn", "Nam"), 1, "91").await;
    delegate(&svc, &s, ("Võ", "Minh", "Tâm"), 2, "92").await;
    let chair = delegate(&svc, &s, ("Nguyễn", "Thị", "Hoa"), 3, "15").await;
    delegate(&svc, &s, ("Trần", "Văn", "Bình"), 3, "15").await;
    let guest = delegate(&svc, &s, ("Đỗ", "Thu", "Hà"), 3, "15").await;
    registration::set_badge_role(&svc, &a, guest, "guest").await.unwrap();
    assert!(registration::set_badge_role(&svc, &a, guest, "king").await.is_err());
    assert!(registration::set_badge_role(&svc, &Actor::Anonymous, chair, "guest").await.is_err());
    let badges = pdf_text(&documents::badges(&svc, &a, cid).await.unwrap().bytes);
    for (role, name) in [
        ("CHỦ TRÌ", "Nguyễn Thị Hoa"),
        ("GIẢNG VIÊN", "Trần Văn Bình"),
        ("KHÁCH MỜI", "Đỗ Thu Hà"),
        ("ĐẠI BIỂU", "Phạm Thị Yến"),
    ] {
        assert!(badges.contains(&format!("{role} {name}")), "{role} {name}: {badges}");
    }

    // Provinces by name without "Tỉnh"/"Thành phố": An Giang, Cần Thơ, Hồ Chí Minh, Lào Cai.
    let list = pdf_text(&documents::delegate_list(&svc, &a, cid).await.unwrap().bytes);
    let at = |p: &str| list.find(p).unwrap_or_else(|| panic!("{p} missing: {list}"));
    assert!(at("TỈNH AN GIANG") < at("THÀNH PHỐ CẦN THƠ"), "{list}");
    assert!(
        at("THÀNH PHỐ CẦN THƠ") < at("THÀNH PHỐ HỒ CHÍ MINH") && at("THÀNH PHỐ HỒ CHÍ MINH") < at("TỈNH LÀO CAI"),
        "{list}"
    );

    // One sheet per day (the class has nobody with a seat yet), units grouped.
    let sheets = documents::signin_sheets(&svc, &a, cid).await.unwrap();
    assert_eq!(sheets.count, 2);
    let t = pdf_text(&sheets.bytes);
    assert!(t.contains("Ngày thứ nhất: Thứ Ba, ngày 14 tháng 7 năm 2026"), "{t}");
    assert!(t.contains("Ngày thứ hai: Thứ Tư, ngày 15 tháng 7 năm 2026"), "{t}");
    assert!(t.contains("Sở Nội vụ tỉnh Lào Cai"), "{t}");
    assert_eq!(t.matches("Sở Nội vụ tỉnh Lào Cai").count(), 2, "a unit's delegates under one heading per sheet: {t}");
});

on_both_engines!(minutes_opinions_name_the_province_once, |svc: Service| async move {
    let s = setup(&svc, "Hà Nội").await;
    let (cid, a) = (s.conference_id, s.organizer.clone());
    for (unit, code) in [("Sở Nội vụ tỉnh Lào Cai", "15"), ("Văn phòng Ủy ban nhân dân", "92")] {
        let rid = feedback::file_by_organizer(
            &svc,
            &a,
            cid,
            RecommendationInput {
                topic: "policy".into(),
                body: "Sớm ban hành hướng dẫn số hóa tài liệu lưu trữ.".into(),
                unit_name: unit.into(),
                admin_unit_code: code.into(),
                submitted_by: "Hoàng Văn Lực".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        feedback::update_recommendation(
            &svc,
            &a,
            rid,
            hoinghi_domain::feedback::RecommendationUpdate {
                status: "received".into(),
                for_minutes: "true".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    }
    let opinions = minutes::recommendation_opinions(&svc, cid).await.unwrap();
    let units: Vec<&str> = opinions.iter().map(|o| o.unit.as_str()).collect();
    assert_eq!(units, ["Sở Nội vụ tỉnh Lào Cai", "Văn phòng Ủy ban nhân dân (Thành phố Cần Thơ)"]);
});
