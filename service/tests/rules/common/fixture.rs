//! A conference with something in every table of the archive, built through the service functions the
//! pages call: accounts, an agency with units, quotas and a coordinator, questions, rooms, tracks, people
//! with photos, sessions with materials, two published versions (the second after a person was deleted,
//! so the first names a row that is gone), registrations with days, classes, answers, cancellations and
//! check-ins, an uploaded list kept as a preview, the outbox, an anonymous and a named feedback form with
//! answers, recommendations with triage and answers, minutes made final then corrected, and the official
//! correspondence: the agency's register numbered per type, invitations issued to the units (one mailed,
//! one link renewed, one revoked), a number given outside the system, the conclusion notice, the summary
//! report and the answer letters, with their drafts and revisions.
//!
//! Used by the archive tests (small) and by `examples/archive_bench.rs` (120 sessions, 2,000
//! registrations, 1,000 feedback submissions).

#![allow(dead_code)]

use hoinghi_domain::Locale;
use hoinghi_domain::agenda::{RoomInput, SessionInput, TrackInput};
use hoinghi_domain::conference::ConferenceInput;
use hoinghi_domain::correspondence::{RecipientInput, RegisterSettingsInput, TakeNumberInput};
use hoinghi_domain::feedback::{AnswersInput, FeedbackFormInput, RecommendationInput, RecommendationUpdate};
use hoinghi_domain::people::PersonInput;
use hoinghi_domain::registration::{ClassQuotaInput, QuestionInput, RegistrationInput, SettingsInput, answer_key};
use hoinghi_service::accounts::{Actor, CreateUser, create_user};
use hoinghi_service::reference::{AgencyInput, UnitInput, create_agency, create_unit};
use hoinghi_service::registration::{self, Source};
use hoinghi_service::{Service, agenda, conferences, correspondence as corr, feedback, minutes, people};

pub const SLUG: &str = "tap-huan-can-tho-2025";
pub const ORGANIZER: &str = "an.nguyen@bhxh-cantho.vn";
pub const COORDINATOR: &str = "binh.tran@bhxh-vinhlong.vn";
const DAYS: [&str; 2] = ["2025-11-20", "2025-11-21"];

#[derive(Clone, Copy, Debug)]
pub struct Scale {
    pub sessions: usize,
    pub registrations: usize,
    pub submissions: usize,
}

impl Scale {
    pub const SMALL: Scale = Scale { sessions: 10, registrations: 24, submissions: 12 };
    pub const BENCH: Scale = Scale { sessions: 120, registrations: 2_000, submissions: 1_000 };
}

pub struct Fixture {
    pub conference_id: i64,
    /// The units of the conference's agency, in the order created (Cần Thơ, Vĩnh Long, Cà Mau).
    pub units: Vec<i64>,
    pub organizer: Actor,
    /// Confirmed delegates: (registration id, private token, code).
    pub delegates: Vec<(i64, String, String)>,
    pub anonymous_form: i64,
    pub named_form: i64,
}

/// The accounts the fixture refers to (organizer, coordinator), as a target database must have them for
/// an import to keep every reference.
pub async fn accounts(svc: &Service) -> Actor {
    let mut organizer = None;
    for (email, name) in [(ORGANIZER, "Nguyễn Văn An"), (COORDINATOR, "Trần Thị Bình")] {
        let user = create_user(
            svc,
            &Actor::System,
            CreateUser {
                email: email.into(),
                display_name: name.into(),
                password: "mật khẩu thử nghiệm".into(),
                is_admin: false,
            },
        )
        .await
        .expect("create account");
        organizer.get_or_insert(Actor::User { id: user.id, is_admin: false });
    }
    organizer.unwrap()
}

/// A small PNG of one colour (photos are resized and re-encoded by the service).
pub fn png(shade: u8) -> Vec<u8> {
    let img = image::RgbImage::from_pixel(48, 64, image::Rgb([shade, 90, 160]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).expect("png");
    out.into_inner()
}

pub async fn build(svc: &Service, scale: Scale) -> Fixture {
    let an = accounts(svc).await;
    let agency = create_agency(
        svc,
        &Actor::System,
        AgencyInput {
            name: "Bảo hiểm xã hội khu vực Tây Nam Bộ".into(),
            abbreviation: "BHXH TNB".into(),
            parent_name: "Bảo hiểm xã hội Việt Nam".into(),
            place_name: "Cần Thơ".into(),
        },
    )
    .await
    .unwrap();
    let mut units = Vec::new();
    for (name, code) in
        [("Bảo hiểm xã hội Cần Thơ", "92"), ("Bảo hiểm xã hội Vĩnh Long", "86"), ("Bảo hiểm xã hội Cà Mau", "96")]
    {
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
            title: "Hội nghị tập huấn nghiệp vụ thu, chi khu vực Tây Nam Bộ".into(),
            slug: SLUG.into(),
            kind: "both".into(),
            starts_on: DAYS[0].into(),
            ends_on: DAYS[1].into(),
            venue_name: "Hội trường Bảo hiểm xã hội Cần Thơ".into(),
            venue_address: "Số 1 Hòa Bình, Ninh Kiều, Cần Thơ".into(),
            capacity: (scale.registrations + 50).to_string(),
            description: "Tập huấn & trao đổi kinh nghiệm <b>thu, chi</b>.".into(),
            agency_id: agency.id.to_string(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let cid = c.id;
    conferences::publish(svc, &an, cid).await.unwrap();

    // Registration settings, quotas, a coordinator, questions.
    registration::update_settings(
        svc,
        &an,
        cid,
        SettingsInput {
            waitlist: "true".into(),
            default_unit_quota: (scale.registrations).to_string(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    registration::set_quota(svc, &an, cid, &units[0].to_string(), &(scale.registrations * 2).to_string())
        .await
        .unwrap();
    registration::add_coordinator(svc, &an, cid, COORDINATOR, &units[1].to_string()).await.unwrap();
    let shirt = registration::add_question(
        svc,
        &an,
        cid,
        QuestionInput {
            kind: "single_choice".into(),
            label: "Cỡ áo".into(),
            options: "S\nM\nL".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let note = registration::add_question(
        svc,
        &an,
        cid,
        QuestionInput {
            kind: "short_text".into(),
            label: "Ghi chú".into(),
            help: "Nếu có".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();

    // The agenda.
    let mut rooms = Vec::new();
    for (name, cap) in [("Hội trường A", "300"), ("Phòng học 1", "60"), ("Phòng học 2", "60")] {
        rooms.push(
            agenda::create_room(svc, &an, cid, RoomInput { name: name.into(), capacity: cap.into() }).await.unwrap().id,
        );
    }
    let review = agenda::create_track(svc, &an, cid, TrackInput { name: "Sơ kết".into(), color: String::new() })
        .await
        .unwrap()
        .id;
    let training = agenda::create_track(svc, &an, cid, TrackInput { name: "Tập huấn".into(), color: "#1e40af".into() })
        .await
        .unwrap()
        .id;
    let mut persons = Vec::new();
    for (i, (family, middle, given)) in
        [("Nguyễn", "Thị", "Thu"), ("Lê", "Văn", "Hải"), ("Phạm", "Ngọc", "Ánh"), ("Đỗ", "", "Quyên")]
            .into_iter()
            .enumerate()
    {
        let p = people::create(
            svc,
            &an,
            cid,
            PersonInput {
                family_name: family.into(),
                middle_name: middle.into(),
                given_name: given.into(),
                honorific: if i % 2 == 0 { "bà" } else { "ông" }.into(),
                position_title: "Phó Giám đốc".into(),
                organization: "Bảo hiểm xã hội Cần Thơ".into(),
                biography: format!("Tiểu sử số {i}."),
                email: format!("nguoi{i}@bhxh-cantho.vn"),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        if i < 2 {
            people::set_photo(svc, &an, p.id, &png(40 * i as u8)).await.unwrap();
        }
        persons.push(p.id);
    }
    // Sessions: slots of 30 minutes from 07:30, three rooms side by side, over two days.
    let mut sessions = Vec::new();
    let mut class_uid = String::new();
    for n in 0..scale.sessions {
        let room = n % 3;
        let slot = n / 3;
        let day = DAYS[slot % 2];
        let minutes = 7 * 60 + 30 + (slot / 2) * 30;
        let (start, end) = (
            format!("{:02}:{:02}", minutes / 60, minutes % 60),
            format!("{:02}:{:02}", (minutes + 30) / 60, (minutes + 30) % 60),
        );
        let is_class = room > 0;
        let s = agenda::create(
            svc,
            &an,
            cid,
            SessionInput {
                kind: if is_class { "training" } else { "report" }.into(),
                title: format!("{} số {n}", if is_class { "Chuyên đề" } else { "Báo cáo" }),
                description: format!("Nội dung phiên {n}: thu, chi bảo hiểm xã hội.\nDòng hai."),
                day: day.into(),
                start,
                end,
                room_id: rooms[room].to_string(),
                track_id: if is_class { training } else { review }.to_string(),
                capacity: if is_class { (scale.registrations / 2).max(5).to_string() } else { String::new() },
                plenary: if room == 0 { "true" } else { "" }.into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        agenda::add_person(
            svc,
            &an,
            s.id,
            &persons[n % persons.len()].to_string(),
            if is_class { "trainer" } else { "presenter" },
        )
        .await
        .unwrap();
        if n == 0 {
            agenda::add_person(svc, &an, s.id, &persons[3].to_string(), "chair").await.unwrap();
            agenda::add_link(svc, &an, s.id, "Văn bản hướng dẫn", "https://vbpl.vn/tài-liệu?id=1").await.unwrap();
            agenda::add_file(svc, &an, s.id, "Báo cáo tổng hợp", "báo cáo.pdf", b"%PDF-1.4 bao cao tong hop")
                .await
                .unwrap();
        }
        if is_class && class_uid.is_empty() {
            class_uid = s.uid.clone();
        }
        sessions.push(s);
    }
    agenda::publish(svc, &an, cid).await.unwrap();
    // Version 2: the chair of the first session is deleted (version 1 still names her), a class moves.
    people::delete(svc, &an, persons[3]).await.unwrap();
    let mut moved = SessionInput::from(&agenda::by_id(svc, &an, sessions[1].id).await.unwrap());
    moved.description.push_str(" (đã cập nhật)");
    agenda::update(svc, &an, sessions[1].id, moved).await.unwrap();
    agenda::publish(svc, &an, cid).await.unwrap();
    // Class seats per unit, one unit's own and one for every other unit (large enough to seat everyone).
    for unit in [units[0].to_string(), String::new()] {
        let quota = ClassQuotaInput {
            session_uid: class_uid.clone(),
            unit_id: unit,
            quota: (scale.registrations * 2).to_string(),
        };
        registration::set_class_quota(svc, &an, cid, quota).await.unwrap();
    }

    // Registrations.
    let mut delegates = Vec::new();
    for n in 0..scale.registrations {
        let unit = units[n % units.len()];
        let mut input = RegistrationInput {
            family_name: ["Trần", "Lê", "Nguyễn", "Huỳnh"][n % 4].into(),
            middle_name: "Thị".into(),
            given_name: format!("Hoa {n}"),
            gender: ["female", "male", ""][n % 3].into(),
            position_title: "Chuyên viên".into(),
            unit_id: unit.to_string(),
            phone: format!("09{n:08}"),
            email: format!("dai.bieu.{n}@bhxh.gov.vn"),
            days: if n % 5 == 0 { vec![DAYS[0].into()] } else { vec![] },
            sessions: if n % 2 == 0 { vec![class_uid.clone()] } else { vec![] },
            accommodation: if n % 3 == 0 { "true" } else { "" }.into(),
            dietary: if n % 7 == 0 { "Ăn chay" } else { "" }.into(),
            consent: "true".into(),
            ..Default::default()
        };
        input.answers.insert(answer_key(shirt.id), vec![["S", "M", "L"][n % 3].into()]);
        if n % 4 == 0 {
            input.answers.insert(answer_key(note.id), vec![format!("Ghi chú {n}")]);
        }
        let r = registration::register(svc, &an, cid, input, Locale::Vi, Source::Organizer).await.unwrap();
        if n % 10 == 9 {
            registration::cancel(svc, &an, &[r.registration.id], "Bận công tác").await.unwrap();
            continue;
        }
        if n % 3 == 0 {
            registration::check_in(svc, &an, r.registration.id, &format!("day:{}", DAYS[0])).await.unwrap();
        }
        delegates.push((r.registration.id, r.token, r.registration.code));
    }
    // An uploaded list waiting for its preview to be accepted.
    let list = "Họ và tên,Đơn vị,Điện thoại,Email\nPhạm Văn Minh,Bảo hiểm xã hội Cà Mau,0912000111,minh@bhxh.gov.vn\n";
    registration::preview_import(svc, &an, cid, "danh-sach.csv", list.as_bytes(), Locale::Vi).await.unwrap();

    // Feedback: the conference's form (anonymous), a class's form (named).
    let anonymous = feedback::open_form(svc, &an, cid, None).await.unwrap();
    feedback::publish_form(svc, &an, anonymous.id, true).await.unwrap();
    let named = feedback::open_form(svc, &an, cid, Some(&class_uid)).await.unwrap();
    let named = feedback::update_form(
        svc,
        &an,
        named.id,
        FeedbackFormInput { title: "Góp ý chuyên đề".into(), anonymous: String::new(), ..Default::default() },
    )
    .await
    .unwrap();
    assert!(!named.anonymous);
    feedback::publish_form(svc, &an, named.id, true).await.unwrap();
    // Every question answered: a rating, the first or n-th option, a sentence.
    let fill = |form: &hoinghi_domain::feedback::FeedbackForm, n: usize| {
        let mut out = AnswersInput::new();
        for q in &form.questions {
            let value = match q.kind.as_str() {
                "rating" => ["3", "4", "5"][n % 3].to_string(),
                "single_choice" | "multiple_choice" => q.options[n % q.options.len()].clone(),
                _ => format!("Ý kiến số {n}: cần thêm thời gian thảo luận."),
            };
            out.insert(answer_key(q.id), vec![value]);
        }
        out
    };
    for (n, (_, token, _)) in delegates.iter().take(scale.submissions).enumerate() {
        feedback::submit_by_token(svc, token, anonymous.id, fill(&anonymous, n)).await.unwrap();
    }
    // The class's form is answered by the class's delegates only: the even-numbered ones.
    for (n, (_, token, _)) in delegates.iter().step_by(2).take(3).enumerate() {
        feedback::submit_by_token(svc, token, named.id, fill(&named, n)).await.unwrap();
    }

    // Recommendations: one from a delegate, one filed by the secretariat, triaged.
    let from_delegate = feedback::file_by_token(
        svc,
        &delegates[0].1,
        RecommendationInput {
            topic: "policy".into(), body: "Đề nghị sửa hướng dẫn thu.".into(), ..Default::default()
        },
    )
    .await
    .unwrap();
    feedback::update_recommendation(
        svc,
        &an,
        from_delegate,
        RecommendationUpdate {
            status: "answered".into(),
            answer: "Đã chuyển Ban Thu.".into(),
            answered_by: "Ban Thu".into(),
            answered_on: "2026-12-03".into(),
            for_minutes: "true".into(),
        },
    )
    .await
    .unwrap();
    feedback::file_by_organizer(
        svc,
        &an,
        cid,
        RecommendationInput {
            topic: "training".into(),
            body: "Tăng thời lượng tập huấn.".into(),
            unit_name: "Bảo hiểm xã hội Cà Mau".into(),
            admin_unit_code: "96".into(),
            submitted_by: "Phạm Văn Tư".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();

    // Correspondence: one sequence per document type; invitations to every unit, Vĩnh Long's mailed and its
    // link renewed, Cà Mau's link revoked; a number given outside the system.
    corr::update_register_settings(
        svc,
        &Actor::System,
        cid,
        RegisterSettingsInput { numbering: "per_type".into(), place_name: "Cần Thơ".into() },
    )
    .await
    .unwrap();
    corr::save_recipients(
        svc,
        &an,
        cid,
        vec![RecipientInput {
            unit_id: units[1].to_string(),
            email: "vanthu@bhxh-vinhlong.hoinghi.invalid".into(),
            ..Default::default()
        }],
    )
    .await
    .unwrap();
    let text = hoinghi_domain::correspondence::InvitationText {
        deadline: "2025-11-10".into(),
        drafting_unit: "VP".into(),
        signer_position: "Giám đốc".into(),
        signer_name: "Lê Văn Hùng".into(),
        contact: "bà Trần Thị Bích Ngọc, điện thoại 0292 3820 000".into(),
        ..corr::invitations(svc, &an, cid).await.unwrap().text
    };
    let rev = corr::save_invitation_text(svc, &an, cid, 0, text).await.unwrap();
    let issued = corr::issue_invitations(svc, &an, cid, rev).await.unwrap();
    assert_eq!(issued.issued.len(), units.len());
    corr::renew_nomination_link(svc, &an, cid, units[1]).await.unwrap();
    corr::revoke_nomination_link(svc, &an, cid, units[2]).await.unwrap();
    corr::take_number(
        svc,
        &an,
        cid,
        TakeNumberInput {
            kind: "answer_letter".into(),
            subject: "Công văn gửi Sở Tài chính".into(),
            drafting_unit: "VP".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    // Answers: the secretariat's recommendation answered too, the report and the letters issued.
    let list = feedback::list_recommendations(svc, &an, cid).await.unwrap();
    for r in list.iter().filter(|r| r.answer.is_empty()) {
        feedback::update_recommendation(
            svc,
            &an,
            r.id,
            RecommendationUpdate {
                status: "answered".into(),
                answer: "Sẽ bố trí thêm một buổi tập huấn.".into(),
                answered_by: "Văn phòng".into(),
                answered_on: "2025-11-25".into(),
                for_minutes: String::new(),
            },
        )
        .await
        .unwrap();
    }
    let answers = corr::answers(svc, &an, cid).await.unwrap();
    let report = hoinghi_domain::correspondence::ReportText {
        drafting_unit: "VP".into(),
        signer_position: "Giám đốc".into(),
        signer_name: "Lê Văn Hùng".into(),
        ..answers.report.text.clone()
    };
    let rev = corr::save_report(svc, &an, cid, 0, report).await.unwrap();
    corr::issue_report(svc, &an, cid, rev, "").await.unwrap();
    let letter = hoinghi_domain::correspondence::AnswerLetterText {
        drafting_unit: "VP".into(),
        signer_position: "Giám đốc".into(),
        signer_name: "Lê Văn Hùng".into(),
        ..answers.letter_text.clone()
    };
    let rev = corr::save_answer_letter(svc, &an, cid, 0, letter).await.unwrap();
    assert!(!corr::issue_answer_letters(svc, &an, cid, rev, "", "").await.unwrap().is_empty());

    // Minutes: saved, read back, final, then corrected (a new draft version).
    let view = minutes::view(svc, &an, cid).await.unwrap();
    let mut content = view.content;
    content.chair_name = "Nguyễn Thị Thu".into();
    content.chair_position = "Phó Giám đốc".into();
    content.secretary_name = "Trần Thị Bích Ngọc".into();
    content.secretary_position = "Chuyên viên".into();
    content.conclusions = "Hội nghị thống nhất các nội dung.".into();
    let revision = match minutes::save(svc, &an, cid, 0, content.clone()).await.unwrap() {
        minutes::SaveOutcome::Saved { revision } => revision,
        other => panic!("{other:?}"),
    };
    minutes::send_for_review(svc, &an, cid, revision).await.unwrap();
    minutes::finalize(svc, &an, cid, revision).await.unwrap_or_else(|e| panic!("{e:?}"));
    // The conclusion notice from the final minutes: two revisions, then issued.
    let mut conclusion = corr::conclusion(svc, &an, cid).await.unwrap().expect("pre-filled").text;
    conclusion.drafting_unit = "VP".into();
    conclusion.signer_position = "Giám đốc".into();
    conclusion.signer_name = "Lê Văn Hùng".into();
    corr::save_conclusion(svc, &an, cid, 0, conclusion.clone()).await.unwrap();
    conclusion.proposals = "Đề nghị Bảo hiểm xã hội Việt Nam sửa hướng dẫn thu.".into();
    corr::save_conclusion(svc, &an, cid, 1, conclusion).await.unwrap();
    corr::issue_conclusion(svc, &an, cid, 2, "").await.unwrap();
    minutes::correct(svc, &an, cid, "Bổ sung kết luận").await.unwrap();
    content.conclusions.push_str(" Giao các đơn vị triển khai.");
    minutes::save(svc, &an, cid, 1, content).await.unwrap();

    Fixture { conference_id: cid, units, organizer: an, delegates, anonymous_form: anonymous.id, named_form: named.id }
}
