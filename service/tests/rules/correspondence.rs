//! Correspondence through the service layer, on SQLite and PostgreSQL: the register under 64 concurrent
//! issues (no gap, no duplicate, in one sequence and per type), numbers given outside the system, the
//! demo's 34 invitations issued at once and mailed with their PDF and link, nominations within the quota
//! (also when sent at once), revoked and renewed links, the notice of change, the conclusion notice from
//! the final minutes, the summary report and one answer letter per province.

use crate::common::{app_error, invalid_fields, organizer};
use hoinghi_domain::conference::ConferenceInput;
use hoinghi_domain::correspondence::{
    AnswerLetterText, DocumentKind, InvitationText, LinkState, RecipientInput, RegisterSettingsInput, ReportText,
    TakeNumberInput,
};
use hoinghi_domain::feedback::RecommendationUpdate;
use hoinghi_domain::registration::{RegistrationInput, SettingsInput};
use hoinghi_domain::{AppError, Locale};
use hoinghi_service::accounts::Actor;
use hoinghi_service::mail::{self, Mailer};
use hoinghi_service::reference::{AgencyInput, create_agency};
use hoinghi_service::{Service, conferences, correspondence as corr, feedback, minutes, registration};
use lettre::transport::stub::AsyncStubTransport;
use std::process::Command;

const SYSTEM: Actor = Actor::System;

async fn conference_of_agency(svc: &Service, abbreviation: &str) -> i64 {
    let agency = create_agency(
        svc,
        &SYSTEM,
        AgencyInput {
            name: format!("Cơ quan {abbreviation}"),
            abbreviation: abbreviation.into(),
            place_name: "Hà Nội".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    conferences::create(
        svc,
        &SYSTEM,
        ConferenceInput {
            title: format!("Hội nghị của {abbreviation}"),
            starts_on: "2026-10-05".into(),
            ends_on: "2026-10-06".into(),
            agency_id: agency.id.to_string(),
            ..Default::default()
        },
    )
    .await
    .unwrap()
    .id
}

fn take(kind: &str, n: usize) -> TakeNumberInput {
    TakeNumberInput {
        kind: kind.into(),
        subject: format!("Văn bản số {n} soạn ngoài hệ thống"),
        drafting_unit: "VP".into(),
        ..Default::default()
    }
}

/// Numbers `1..=n`, each once.
fn assert_sequence(mut numbers: Vec<i64>, n: i64, what: &str) {
    numbers.sort_unstable();
    assert_eq!(numbers, (1..=n).collect::<Vec<_>>(), "{what}: gaps or duplicates");
}

on_both_engines!(sixty_four_concurrent_issues_take_every_number_once, |svc: Service| async move {
    // One sequence for every document: 64 issues of mixed kinds at once.
    let single = conference_of_agency(&svc, "CQA").await;
    let kinds = ["invitation", "change_notice", "conclusion_notice", "recommendation_report", "answer_letter"];
    let tasks: Vec<_> = (0..64)
        .map(|n| {
            let svc = svc.clone();
            tokio::spawn(async move { corr::take_number(&svc, &SYSTEM, single, take(kinds[n % 5], n)).await })
        })
        .collect();
    let mut entries = Vec::new();
    for t in tasks {
        entries.push(t.await.unwrap().unwrap());
    }
    assert_sequence(entries.iter().map(|e| e.number).collect(), 64, "single sequence");
    let mut symbols: Vec<&str> = entries.iter().map(|e| e.symbol.as_str()).collect();
    symbols.sort_unstable();
    symbols.dedup();
    assert_eq!(symbols.len(), 64);
    let five = entries.iter().find(|e| e.number == 5).unwrap();
    assert!(five.symbol.starts_with("05/"), "{}", five.symbol);
    let letter = entries.iter().find(|e| e.kind == DocumentKind::AnswerLetter).unwrap();
    assert!(letter.symbol.ends_with("/CQA-VP"), "a letter: number/agency-drafting unit: {}", letter.symbol);
    let (_, year, register) = corr::register(&svc, &SYSTEM, single, None).await.unwrap();
    assert_eq!(register.len(), 64);
    assert!(register.iter().all(|e| e.year == year && !e.has_file));

    // One sequence per type: 32 invitations and 32 notices at once, each type from 1.
    let per_type = conference_of_agency(&svc, "CQB").await;
    corr::update_register_settings(
        &svc,
        &SYSTEM,
        per_type,
        RegisterSettingsInput { numbering: "per_type".into(), place_name: "Hà Nội".into() },
    )
    .await
    .unwrap();
    let tasks: Vec<_> = (0..64)
        .map(|n| {
            let svc = svc.clone();
            let kind = if n % 2 == 0 { "invitation" } else { "change_notice" };
            tokio::spawn(async move { corr::take_number(&svc, &SYSTEM, per_type, take(kind, n)).await })
        })
        .collect();
    let mut entries = Vec::new();
    for t in tasks {
        entries.push(t.await.unwrap().unwrap());
    }
    let of = |k: DocumentKind| entries.iter().filter(|e| e.kind == k).map(|e| e.number).collect::<Vec<_>>();
    assert_sequence(of(DocumentKind::Invitation), 32, "GM");
    assert_sequence(of(DocumentKind::ChangeNotice), 32, "TB");
    assert!(entries.iter().any(|e| e.symbol == "32/GM-CQB") && entries.iter().any(|e| e.symbol == "32/TB-CQB"));

    // Only administrators choose the scheme; a wrong choice is refused.
    let an = organizer(&svc, "an@cqb.gov.vn").await;
    let input = RegisterSettingsInput { numbering: "single".into(), place_name: String::new() };
    assert!(matches!(app_error(corr::update_register_settings(&svc, &an, per_type, input).await), AppError::Forbidden));
    let input = RegisterSettingsInput { numbering: "by-mood".into(), place_name: String::new() };
    assert_eq!(invalid_fields(corr::update_register_settings(&svc, &SYSTEM, per_type, input).await), ["numbering"]);
});

/// The demo conference with every province invited (3 delegates each, 5 for the host city), the minutes
/// made final, and the shared texts saved.
async fn demo(svc: &Service) -> i64 {
    let slug = hoinghi_service::demo::load(svc).await.unwrap();
    let cid = conferences::by_slug_public(svc, &slug).await.unwrap().id;
    registration::update_settings(
        svc,
        &SYSTEM,
        cid,
        SettingsInput { waitlist: "true".into(), default_unit_quota: "3".into(), ..Default::default() },
    )
    .await
    .unwrap();
    cid
}

fn pdf_tool(tool: &str, args: &[&str], bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, bytes).unwrap();
    let mut cmd = Command::new(tool);
    cmd.args(args).arg(&path);
    if tool == "pdftotext" {
        cmd.arg("-");
    }
    let out = cmd.output().unwrap_or_else(|e| panic!("{tool}: {e}"));
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

fn folded(bytes: &[u8]) -> String {
    pdf_tool("pdftotext", &["-raw"], bytes).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The messages a stub mail server receives, with base64 parts decoded.
async fn send_all(svc: &Service) -> Vec<String> {
    use base64::Engine;
    let stub = AsyncStubTransport::new_ok();
    let mailer = Mailer::stub("Hội nghị <no-reply@localhost>", stub.clone()).unwrap();
    mail::send_due(svc, &mailer).await.unwrap();
    stub.messages()
        .await
        .into_iter()
        .map(|(_, raw)| {
            // Quoted-printable soft line breaks joined; base64 text parts decoded and appended.
            let mut out = raw.replace("=\r\n", "");
            let mut block = String::new();
            let mut in_text = false;
            let mut seen_blank = false;
            for line in raw.lines() {
                if line.to_ascii_lowercase().starts_with("content-type: text/plain") {
                    in_text = true;
                    seen_blank = false;
                } else if in_text && line.is_empty() && !seen_blank {
                    seen_blank = true;
                } else if in_text && seen_blank && (line.is_empty() || line.starts_with("--")) {
                    if let Ok(d) = base64::engine::general_purpose::STANDARD.decode(block.as_bytes()) {
                        out.push_str(&String::from_utf8_lossy(&d));
                    }
                    block.clear();
                    in_text = false;
                } else if in_text && seen_blank {
                    block.push_str(line.trim());
                }
            }
            if let Ok(d) = base64::engine::general_purpose::STANDARD.decode(block.as_bytes()) {
                out.push_str(&String::from_utf8_lossy(&d));
            }
            out
        })
        .collect()
}

fn nominee(n: u32) -> RegistrationInput {
    RegistrationInput {
        family_name: "Lê".into(),
        middle_name: "Thị".into(),
        given_name: format!("Hạnh {n}"),
        position_title: "Chuyên viên".into(),
        phone: format!("0296 38{n:05}"),
        ..Default::default()
    }
}

on_both_engines!(invitations_nominations_and_the_notice_of_change, |svc: Service| async move {
    let cid = demo(&svc).await;
    let v = corr::invitations(&svc, &SYSTEM, cid).await.unwrap();
    assert_eq!(v.units.len(), 34, "one invitation per province");
    assert!(v.units.iter().all(|u| u.quota == 3 && u.link == LinkState::None));
    // Provinces in name order: An Giang first, Thành phố Hồ Chí Minh among the H's.
    assert_eq!(v.units[0].unit_name, "Bảo hiểm xã hội tỉnh An Giang");
    let at = |name: &str| v.units.iter().position(|u| u.unit_name.contains(name)).unwrap();
    assert!(at("Hà Tĩnh") < at("Hồ Chí Minh") && at("Hồ Chí Minh") < at("Khánh Hòa"), "by name without the type");
    assert!(at("Cần Thơ") < at("Đà Nẵng") && at("Đồng Tháp") < at("Gia Lai"));
    assert_eq!(v.units[0].addressee, "Giám đốc Bảo hiểm xã hội tỉnh An Giang");
    assert!(v.now.time.starts_with("02 ngày, bắt đầu từ 08 giờ 00 phút, ngày 18 tháng 9 năm 2017"), "{:?}", v.now);
    assert_eq!(v.text.signer_authority, "KT. TỔNG GIÁM ĐỐC");
    assert_eq!(v.text.signer_position, "PHÓ TỔNG GIÁM ĐỐC");

    let text = InvitationText {
        contact: "bà Nguyễn Thị Minh, Vụ Hợp tác quốc tế, điện thoại 024 3936 1234".into(),
        drafting_unit: "htqt".into(),
        recipients: "Tổng Giám đốc (để b/c)".into(),
        ..v.text.clone()
    };
    let rev = corr::save_invitation_text(&svc, &SYSTEM, cid, 0, text.clone()).await.unwrap();
    assert_eq!(rev, 1);
    // A second editor who started from nothing is told, and nothing is overwritten.
    assert!(matches!(
        app_error(corr::save_invitation_text(&svc, &SYSTEM, cid, 0, text.clone()).await),
        AppError::Conflict { .. }
    ));
    let bad = InvitationText { deadline: "30/8/2017".into(), ..text.clone() };
    assert_eq!(invalid_fields(corr::save_invitation_text(&svc, &SYSTEM, cid, 1, bad).await), ["deadline"]);
    let (an_giang, ca_mau) = (v.units[0].unit_id, v.units[at("Cà Mau")].unit_id);
    let rows = vec![
        RecipientInput {
            unit_id: an_giang.to_string(),
            email: "VanThu@bhxh-angiang.hoinghi.invalid".into(),
            ..Default::default()
        },
        RecipientInput {
            unit_id: ca_mau.to_string(),
            email: "vanthu@bhxh-camau.hoinghi.invalid".into(),
            ..Default::default()
        },
    ];
    corr::save_recipients(&svc, &SYSTEM, cid, rows).await.unwrap();
    let bad =
        vec![RecipientInput {
            unit_id: an_giang.to_string(), email: "không phải thư".into(), ..Default::default()
        }];
    assert_eq!(invalid_fields(corr::save_recipients(&svc, &SYSTEM, cid, bad).await), ["recipients.0.email"]);

    // A preview has no number and no link.
    let preview = folded(&corr::preview_invitation(&svc, &SYSTEM, cid, an_giang).await.unwrap().bytes);
    assert!(preview.contains("Số: …/GM-BHXH") && !preview.contains("/n/"), "{preview}");

    // Issuing names the revision the organizer saw.
    assert!(matches!(app_error(corr::issue_invitations(&svc, &SYSTEM, cid, 0).await), AppError::Conflict { .. }));
    let out = corr::issue_invitations(&svc, &SYSTEM, cid, 1).await.unwrap();
    assert_eq!(out.issued.len(), 34);
    assert_eq!(out.mailed, 2);
    assert_eq!(out.without_email.len(), 32);
    let mut numbers: Vec<String> = out.issued.iter().map(|i| i.symbol.clone()).collect();
    numbers.sort();
    assert_eq!(numbers.first().map(String::as_str), Some("01/GM-BHXH"));
    assert_eq!(numbers.last().map(String::as_str), Some("34/GM-BHXH"));
    assert!(matches!(app_error(corr::issue_invitations(&svc, &SYSTEM, cid, 1).await), AppError::Rejected { .. }));

    let v = corr::invitations(&svc, &SYSTEM, cid).await.unwrap();
    assert!(v.units.iter().all(|u| u.issued.is_some() && u.link == LinkState::Active));
    let link = v.units[0].link_url.clone().unwrap();
    let token = link.rsplit('/').next().unwrap().to_string();

    // Each unit's PDF and the merged one: valid, signed nowhere yet, with the number, the link, the appendix.
    let one = corr::document_pdf(&svc, &SYSTEM, cid, v.units[0].issued.as_ref().unwrap().id).await.unwrap();
    let t = folded(&one.bytes);
    assert!(t.contains("GIẤY MỜI") && t.contains("Kính gửi: Giám đốc Bảo hiểm xã hội tỉnh An Giang."), "{t}");
    assert!(t.contains("Thành phần: 03 đại biểu của đơn vị"), "{t}");
    // A long address breaks across lines where it must.
    assert!(t.replace(' ', "").contains(&link), "the nomination link is printed: {t}");
    assert!(t.contains("Phụ lục") && t.contains("(Kèm theo Giấy mời số"), "{t}");
    assert!(t.contains("Lưu: VT, HTQT."), "{t}");
    assert!(pdf_tool("qpdf", &["--check"], &one.bytes).contains("No syntax or stream encoding errors"));
    let sig = pdf_tool("pdfsig", &[], &one.bytes);
    assert_eq!(sig.matches("Signature Field Name").count(), 2, "{sig}");
    // Made again from the register, the file is byte for byte the one issued (its hash was kept).
    let (_, _, register) = corr::register(&svc, &SYSTEM, cid, None).await.unwrap();
    let entry = register.iter().find(|e| Some(e.id) == v.units[0].issued.as_ref().map(|d| d.id)).unwrap();
    use sha2::Digest;
    assert_eq!(entry.pdf_sha256, hex::encode(sha2::Sha256::digest(&one.bytes)));
    assert_eq!(register.len(), 34);
    let merged = corr::merged_invitations(&svc, &SYSTEM, cid).await.unwrap();
    assert_eq!(merged.count, 34);
    let t = folded(&merged.bytes);
    for n in 1..=34 {
        assert!(t.contains(&format!("Số: {n:02}/GM-BHXH")), "invitation {n} missing from the merged file");
    }
    assert_eq!(pdf_tool("pdfsig", &[], &merged.bytes).matches("Signature Field Name").count(), 68);

    // The outbox holds the link's place, not the link; the sender writes it in and attaches the PDF.
    let stored: Vec<(String, String)> = sqlx::query_as("SELECT to_address, body FROM outbox WHERE kind = 'invitation'")
        .fetch_all(svc.db.read())
        .await
        .unwrap();
    assert_eq!(stored.len(), 2);
    assert!(stored.iter().all(|(_, b)| b.contains("{nomination-link}") && !b.contains(&token)));
    let sent = send_all(&svc).await;
    let to_an_giang = sent.iter().find(|m| m.contains("vanthu@bhxh-angiang.hoinghi.invalid")).expect("mailed");
    assert!(to_an_giang.contains(&link), "the link written in as it is sent");
    assert!(to_an_giang.contains("application/pdf") && to_an_giang.contains("giay-moi-"), "the PDF attached");

    // The coordinator nominates up to the quota (3), then is refused with the number.
    let page = corr::nomination(&svc, &token).await.unwrap();
    assert_eq!((page.unit_name.as_str(), page.quota), ("Bảo hiểm xã hội tỉnh An Giang", 3));
    for n in 1..=3 {
        let r = corr::nominate(&svc, &token, nominee(n), Locale::Vi).await.unwrap();
        assert_eq!(r.unit_id, Some(an_giang));
        assert_eq!(r.admin_unit_code.as_deref(), Some("91"), "the unit's province");
    }
    match app_error(corr::nominate(&svc, &token, nominee(4), Locale::Vi).await) {
        AppError::Rejected { message } => {
            assert_eq!(message.render(Locale::Vi), "Đơn vị đã cử đủ 3 đại biểu theo giấy mời; không thể cử thêm.")
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(corr::nomination(&svc, &token).await.unwrap().nominees.len(), 3);
    // Eight nominations sent at once for a unit with three places: exactly three get in.
    let other = v.units[5].link_url.clone().unwrap().rsplit('/').next().unwrap().to_string();
    let tasks: Vec<_> = (10..18)
        .map(|n| {
            let (svc, other) = (svc.clone(), other.clone());
            tokio::spawn(async move { corr::nominate(&svc, &other, nominee(n), Locale::Vi).await.is_ok() })
        })
        .collect();
    let mut ok = 0;
    for t in tasks {
        ok += usize::from(t.await.unwrap());
    }
    assert_eq!(ok, 3);

    // Revoked: the link is gone at once; a new link works and is mailed; the old stays dead.
    corr::revoke_nomination_link(&svc, &SYSTEM, cid, an_giang).await.unwrap();
    assert!(matches!(app_error(corr::nomination(&svc, &token).await), AppError::NotFound));
    assert!(matches!(app_error(corr::nominate(&svc, &token, nominee(5), Locale::Vi).await), AppError::NotFound));
    corr::renew_nomination_link(&svc, &SYSTEM, cid, an_giang).await.unwrap();
    let v = corr::invitations(&svc, &SYSTEM, cid).await.unwrap();
    let fresh = v.units[0].link_url.clone().unwrap();
    assert_ne!(fresh, link);
    assert!(corr::nomination(&svc, fresh.rsplit('/').next().unwrap()).await.is_ok());
    assert!(corr::nomination(&svc, &token).await.is_err());
    let sent = send_all(&svc).await;
    assert!(sent.iter().any(|m| m.contains(&fresh)), "the new link is mailed");

    // A new venue after issue: a numbered notice of change to the same units.
    assert!(v.changed_from.is_none());
    assert!(matches!(app_error(corr::issue_change_notice(&svc, &SYSTEM, cid, 0, "").await), AppError::Rejected { .. }));
    let c = conferences::by_slug_public(&svc, "so-ket-tap-huan-thong-tin-doi-ngoai-2017").await.unwrap();
    conferences::update(
        &svc,
        &SYSTEM,
        cid,
        ConferenceInput {
            title: c.title.clone(),
            slug: c.slug.clone(),
            kind: c.kind.as_str().into(),
            starts_on: c.starts_on.to_string(),
            ends_on: c.ends_on.to_string(),
            time_zone: c.time_zone.clone(),
            venue_name: "Khách sạn Continental".into(),
            venue_address: "số 132-134 Đồng Khởi, Thành phố Hồ Chí Minh".into(),
            capacity: c.capacity.map(|n| n.to_string()).unwrap_or_default(),
            description: c.description.clone(),
            agency_id: c.agency.as_ref().map(|a| a.id.to_string()).unwrap_or_default(),
        },
    )
    .await
    .unwrap();
    let v = corr::invitations(&svc, &SYSTEM, cid).await.unwrap();
    let from = v.changed_from.clone().expect("the change is noticed");
    assert_eq!(from.venue, "Thành phố Hồ Chí Minh");
    assert!(v.change_text.body.contains("Khách sạn Continental") && v.change_text.body.contains("thay cho"));
    let out = corr::issue_change_notice(&svc, &SYSTEM, cid, 0, "").await.unwrap();
    assert_eq!(out.issued[0].symbol, "35/TB-BHXH", "the single sequence continues");
    assert_eq!(out.mailed, 2);
    let notice = folded(&corr::document_pdf(&svc, &SYSTEM, cid, out.issued[0].id).await.unwrap().bytes);
    assert!(notice.contains("THÔNG BÁO") && notice.contains("Khách sạn Continental"), "{notice}");
    // Sent to the invited units, listed in "Nơi nhận".
    assert!(notice.contains("- Bảo hiểm xã hội các tỉnh, thành phố: An Giang, Bắc Ninh,"), "{notice}");
    assert!(notice.contains("Hồ Chí Minh") && !notice.contains("Kính gửi"), "{notice}");
    let v = corr::invitations(&svc, &SYSTEM, cid).await.unwrap();
    assert!(v.changed_from.is_none() && v.notices.len() == 1);
    // Strangers and coordinators of the API have no access to the organizers' side.
    assert!(matches!(app_error(corr::invitations(&svc, &Actor::Anonymous, cid).await), AppError::Unauthorized));
});

on_both_engines!(conclusion_notice_from_the_final_minutes, |svc: Service| async move {
    let cid = demo(&svc).await;
    // Before the minutes are final there is nothing to pre-fill.
    assert!(corr::conclusion(&svc, &SYSTEM, cid).await.unwrap().is_none());
    let mut m = minutes::view(&svc, &SYSTEM, cid).await.unwrap().content;
    m.secretary_name = "Trần Thị Bích Ngọc".into();
    m.conclusions = "Hội nghị đánh giá cao kết quả công tác thông tin đối ngoại giai đoạn 2013–2017.".into();
    m.tasks = vec![hoinghi_domain::minutes::TaskInput {
        unit: "Vụ Hợp tác quốc tế".into(),
        task: "Xây dựng quy chế phối hợp với các bộ, ngành trong công tác đối ngoại".into(),
        deadline: "Quý IV/2017".into(),
    }];
    minutes::save(&svc, &SYSTEM, cid, 0, m).await.unwrap();
    minutes::send_for_review(&svc, &SYSTEM, cid, 1).await.unwrap();
    minutes::finalize(&svc, &SYSTEM, cid, 1).await.unwrap();

    let d = corr::conclusion(&svc, &SYSTEM, cid).await.unwrap().expect("pre-filled");
    assert_eq!(d.revision, 0);
    assert!(
        d.text.subject.starts_with("Kết luận của Phó Tổng Giám đốc Đào Việt Ánh tại Hội nghị"),
        "{}",
        d.text.subject
    );
    assert!(d.text.conclusions.contains("2013–2017") && d.text.tasks.len() == 1);
    assert!(d.text.proposals.contains("doanh nghiệp FDI"), "recommendations to higher levels: {}", d.text.proposals);
    let mut text = d.text.clone();
    text.drafting_unit = "VP".into();
    assert_eq!(corr::save_conclusion(&svc, &SYSTEM, cid, 0, text.clone()).await.unwrap(), 1);
    text.conclusions.push_str("\nGiao Vụ Hợp tác quốc tế theo dõi, tổng hợp.");
    assert_eq!(corr::save_conclusion(&svc, &SYSTEM, cid, 1, text.clone()).await.unwrap(), 2);
    assert!(matches!(
        app_error(corr::save_conclusion(&svc, &SYSTEM, cid, 1, text.clone()).await),
        AppError::Conflict { .. }
    ));
    assert_eq!(corr::conclusion_revisions(&svc, &SYSTEM, cid).await.unwrap().len(), 2);
    // A number given outside the system must have the form of the type.
    assert_eq!(invalid_fields(corr::issue_conclusion(&svc, &SYSTEM, cid, 2, "12/BHXH-VP").await), ["outside_number"]);
    let issued = corr::issue_conclusion(&svc, &SYSTEM, cid, 2, "").await.unwrap();
    assert_eq!(issued.symbol, "01/TB-BHXH");
    let t = folded(&corr::document_pdf(&svc, &SYSTEM, cid, issued.id).await.unwrap().bytes);
    assert!(t.contains("THÔNG BÁO") && t.contains("Số: 01/TB-BHXH") && t.contains("Phân công thực hiện:"), "{t}");
    assert!(t.contains("Giao Vụ Hợp tác quốc tế theo dõi, tổng hợp."));
    // Issued: locked, and once only.
    assert!(matches!(app_error(corr::save_conclusion(&svc, &SYSTEM, cid, 2, text).await), AppError::Rejected { .. }));
    assert!(matches!(app_error(corr::issue_conclusion(&svc, &SYSTEM, cid, 2, "").await), AppError::Rejected { .. }));
});

on_both_engines!(answers_report_and_letters_per_province, |svc: Service| async move {
    let cid = demo(&svc).await;
    let list = feedback::list_recommendations(&svc, &SYSTEM, cid).await.unwrap();
    // Answer all but one; the date defaults to today when not given.
    for (i, r) in list.iter().enumerate().skip(1) {
        feedback::update_recommendation(
            &svc,
            &SYSTEM,
            r.id,
            RecommendationUpdate {
                status: "answered".into(),
                answer: format!("Bảo hiểm xã hội Việt Nam tiếp thu, sẽ nghiên cứu thực hiện (trả lời {i})."),
                answered_by: "Vụ Hợp tác quốc tế".into(),
                answered_on: if i == 1 { "2017-10-05".into() } else { String::new() },
                for_minutes: "true".into(),
            },
        )
        .await
        .unwrap();
    }
    let bad = RecommendationUpdate {
        status: "answered".into(),
        answer: "x".into(),
        answered_on: "5/10".into(),
        ..Default::default()
    };
    assert_eq!(invalid_fields(feedback::update_recommendation(&svc, &SYSTEM, list[0].id, bad).await), ["answered_on"]);
    let list = feedback::list_recommendations(&svc, &SYSTEM, cid).await.unwrap();
    assert_eq!(list[1].answered_on.as_deref(), Some("2017-10-05"));
    assert!(list[2].answered_on.is_some());

    let v = corr::answers(&svc, &SYSTEM, cid).await.unwrap();
    assert_eq!((v.total, v.answered), (8, 7));
    let codes: Vec<&str> = v.provinces.iter().map(|p| p.admin_unit_code.as_str()).collect();
    assert_eq!(codes, ["75", "79", "56"], "Đồng Nai, Hồ Chí Minh, Khánh Hòa by name");
    let report = ReportText {
        drafting_unit: "HTQT".into(),
        signer_name: "Nguyễn Tiến Thành".into(),
        signer_position: "Vụ trưởng Vụ Hợp tác quốc tế".into(),
        signer_authority: "TL. Tổng Giám đốc".into(),
        ..v.report.text.clone()
    };
    let rev = corr::save_report(&svc, &SYSTEM, cid, 0, report).await.unwrap();
    let issued = corr::issue_report(&svc, &SYSTEM, cid, rev, "").await.unwrap();
    assert_eq!(issued.symbol, "01/BC-BHXH");
    let t = folded(&corr::document_pdf(&svc, &SYSTEM, cid, issued.id).await.unwrap().bytes);
    assert!(t.contains("BÁO CÁO") && t.contains("Kiến nghị tới: Bảo hiểm xã hội Việt Nam"), "{t}");
    assert!(t.contains("Chính phủ và các bộ, ngành (qua Bảo hiểm xã hội Việt Nam)"), "grouped by addressee: {t}");
    assert!(t.contains("Đang xem xét, chưa trả lời."), "the unanswered one: {t}");
    assert!(t.contains("Vụ Hợp tác quốc tế, 5/10/2017"), "who answered and when: {t}");

    let letter = AnswerLetterText {
        drafting_unit: "HTQT".into(),
        signer_authority: "TL. Tổng Giám đốc".into(),
        signer_position: "Vụ trưởng Vụ Hợp tác quốc tế".into(),
        signer_name: "Nguyễn Tiến Thành".into(),
        ..v.letter_text.clone()
    };
    let rev = corr::save_answer_letter(&svc, &SYSTEM, cid, 0, letter).await.unwrap();
    let letters = corr::issue_answer_letters(&svc, &SYSTEM, cid, rev, "", "").await.unwrap();
    assert_eq!(letters.len(), 3, "one letter per province that asked");
    assert!(letters.iter().all(|l| l.symbol.ends_with("/BHXH-HTQT")), "{letters:?}");
    for l in &letters {
        let bytes = corr::document_pdf(&svc, &SYSTEM, cid, l.id).await.unwrap().bytes;
        let t = folded(&bytes);
        assert!(t.contains("V/v trả lời kiến nghị của") && t.contains("Trả lời:") && !t.contains("GIẤY MỜI"), "{t}");
        assert!(pdf_tool("qpdf", &["--check"], &bytes).contains("No syntax or stream encoding errors"));
    }
    // Nothing new to answer: refused; delegates see the letter on their recommendations.
    assert!(matches!(
        app_error(corr::issue_answer_letters(&svc, &SYSTEM, cid, rev, "", "").await),
        AppError::Rejected { .. }
    ));
    let list = feedback::list_recommendations(&svc, &SYSTEM, cid).await.unwrap();
    assert!(
        list.iter().filter(|r| r.admin_unit_code.is_some() && !r.answer.is_empty()).all(|r| r.answer_letter.is_some())
    );
    assert!(list[0].answer_letter.is_none());
});
