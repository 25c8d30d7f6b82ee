//! The correspondence of the demo conference, made through the same service functions the pages call, on
//! a fresh SQLite file, written to a folder for checking (pdftotext, pdffonts, qpdf, pdfsig, pdftoppm):
//! the 34 invitations (three delegates per province) one file each and merged, a notice of change after
//! the venue moves, the conclusion notice from the final minutes, the summary report of recommendations
//! and one answer letter per province that filed one. Prints the time each step took.
//!
//! Run: `cargo run --release -p hoinghi-service --example correspondence_demo [OUT_DIR]`

use hoinghi_domain::conference::ConferenceInput;
use hoinghi_domain::correspondence::{AnswerLetterText, InvitationText, RecipientInput, ReportText};
use hoinghi_domain::feedback::RecommendationUpdate;
use hoinghi_domain::registration::SettingsInput;
use hoinghi_service::accounts::Actor;
use hoinghi_service::{Service, Settings, conferences, correspondence as corr, feedback, minutes, registration};
use std::path::PathBuf;
use std::time::Instant;

fn write(dir: &std::path::Path, name: &str, bytes: &[u8]) -> anyhow::Result<()> {
    std::fs::write(dir.join(name), bytes)?;
    println!("  {name}: {} bytes", bytes.len());
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let out = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "correspondence-demo".into()));
    std::fs::create_dir_all(&out)?;
    let db = tempfile::tempdir()?;
    let svc = Service::start(&format!("sqlite://{}/demo.db", db.path().display()), 4, Settings::for_tests()).await?;
    let a = Actor::System;
    let slug = hoinghi_service::demo::load(&svc).await?;
    let c = conferences::by_slug_public(&svc, &slug).await?;
    let cid = c.id;
    registration::update_settings(
        &svc,
        &a,
        cid,
        SettingsInput { waitlist: "true".into(), default_unit_quota: "3".into(), ..Default::default() },
    )
    .await?;

    // Invitations: the shared text, one unit's mailbox, then all 34 at once.
    let v = corr::invitations(&svc, &a, cid).await?;
    let text = InvitationText {
        contact: "bà Nguyễn Thị Minh, Vụ Hợp tác quốc tế, điện thoại 024 3936 1234".into(),
        drafting_unit: "HTQT".into(),
        recipients: "Tổng Giám đốc (để b/c)\nCác Phó Tổng Giám đốc".into(),
        notes: "Kinh phí đi lại, lưu trú của đại biểu do đơn vị cử đại biểu chi trả theo quy định.".into(),
        ..v.text.clone()
    };
    let rev = corr::save_invitation_text(&svc, &a, cid, v.revision, text).await?;
    let rows = vec![RecipientInput {
        unit_id: v.units[0].unit_id.to_string(),
        email: "vanthu@bhxh-angiang.hoinghi.invalid".into(),
        ..Default::default()
    }];
    corr::save_recipients(&svc, &a, cid, rows).await?;
    let t = Instant::now();
    let issued = corr::issue_invitations(&svc, &a, cid, rev).await?;
    println!("issued {} invitations in {:.0} ms (numbers, register, links, mail, hashes)", issued.issued.len(), ms(t));
    let t = Instant::now();
    for (i, d) in issued.issued.iter().enumerate() {
        let pdf = corr::document_pdf(&svc, &a, cid, d.id).await?;
        std::fs::write(out.join(format!("invitation-{:02}.pdf", i + 1)), &pdf.bytes)?;
    }
    println!("34 invitation files made again from the register in {:.0} ms", ms(t));
    let t = Instant::now();
    let merged = corr::merged_invitations(&svc, &a, cid).await?;
    println!("merged file in {:.0} ms", ms(t));
    write(&out, "invitations-merged.pdf", &merged.bytes)?;

    // The venue moves: the notice of change.
    conferences::update(
        &svc,
        &a,
        cid,
        ConferenceInput {
            title: c.title.clone(),
            slug: c.slug.clone(),
            kind: c.kind.as_str().into(),
            starts_on: c.starts_on.to_string(),
            ends_on: c.ends_on.to_string(),
            time_zone: c.time_zone.clone(),
            venue_name: "Hội trường Bảo hiểm xã hội Thành phố Hồ Chí Minh".into(),
            venue_address: "số 117C Nguyễn Đình Chính, phường Phú Nhuận, Thành phố Hồ Chí Minh".into(),
            capacity: c.capacity.map(|n| n.to_string()).unwrap_or_default(),
            description: c.description.clone(),
            agency_id: c.agency.as_ref().map(|x| x.id.to_string()).unwrap_or_default(),
        },
    )
    .await?;
    let change = corr::issue_change_notice(&svc, &a, cid, 0, "").await?;
    write(&out, "change-notice.pdf", &corr::document_pdf(&svc, &a, cid, change.issued[0].id).await?.bytes)?;

    // The minutes made final, then the conclusion notice from them.
    let mut m = minutes::view(&svc, &a, cid).await?.content;
    m.secretary_name = "Trần Thị Bích Ngọc".into();
    m.secretary_position = "Chuyên viên Vụ Hợp tác quốc tế".into();
    m.attendance_summary = "Lãnh đạo Bảo hiểm xã hội Việt Nam; lãnh đạo Vụ Hợp tác quốc tế; lãnh đạo và cán bộ làm công tác thông tin đối ngoại của Bảo hiểm xã hội các tỉnh, thành phố.".into();
    m.conclusions = "Hội nghị đánh giá cao kết quả công tác thông tin đối ngoại của ngành giai đoạn 2013–2017, đặc biệt là hợp tác với Ngân hàng Thế giới, Liên minh châu Âu và Tổ chức Lao động quốc tế.\nCác đơn vị cần đa dạng hóa hình thức thông tin, đẩy mạnh ứng dụng công nghệ thông tin và chuẩn bị chu đáo việc đóng bảo hiểm xã hội bắt buộc cho người lao động nước ngoài từ ngày 01 tháng 01 năm 2018.".into();
    m.tasks = vec![
        hoinghi_domain::minutes::TaskInput {
            unit: "Vụ Hợp tác quốc tế".into(),
            task: "Xây dựng dự thảo quy chế phối hợp với các bộ, ngành trong công tác đối ngoại".into(),
            deadline: "Quý IV/2017".into(),
        },
        hoinghi_domain::minutes::TaskInput {
            unit: "Bảo hiểm xã hội các tỉnh, thành phố".into(),
            task: "Cử cán bộ đầu mối về thông tin đối ngoại, báo cáo về Vụ Hợp tác quốc tế".into(),
            deadline: "31/10/2017".into(),
        },
    ];
    minutes::save(&svc, &a, cid, 0, m).await?;
    minutes::send_for_review(&svc, &a, cid, 1).await?;
    minutes::finalize(&svc, &a, cid, 1).await?;
    let d = corr::conclusion(&svc, &a, cid).await?.expect("the minutes are final");
    let mut text = d.text;
    text.drafting_unit = "HTQT".into();
    let rev = corr::save_conclusion(&svc, &a, cid, 0, text).await?;
    let conclusion = corr::issue_conclusion(&svc, &a, cid, rev, "").await?;
    write(&out, "conclusion-notice.pdf", &corr::document_pdf(&svc, &a, cid, conclusion.id).await?.bytes)?;

    // Answers: all but one recommendation answered; the report, then a letter per province.
    let list = feedback::list_recommendations(&svc, &a, cid).await?;
    for (i, r) in list.iter().enumerate().skip(1) {
        feedback::update_recommendation(
            &svc,
            &a,
            r.id,
            RecommendationUpdate {
                status: "answered".into(),
                answer: [
                    "Bảo hiểm xã hội Việt Nam tiếp thu; Vụ Hợp tác quốc tế chủ trì xây dựng kế hoạch thực hiện trong năm 2018.",
                    "Đề nghị đã được đưa vào dự thảo quy chế phối hợp, dự kiến ban hành trong quý I năm 2018.",
                    "Kinh phí hoạt động đối ngoại của địa phương được bố trí trong dự toán năm 2018 theo hướng dẫn của Vụ Kế hoạch - Tài chính.",
                ][i % 3]
                    .into(),
                answered_by: "Vụ Hợp tác quốc tế".into(),
                answered_on: "2017-10-05".into(),
                for_minutes: "true".into(),
            },
        )
        .await?;
    }
    let v = corr::answers(&svc, &a, cid).await?;
    let signer = ("TL. Tổng Giám đốc", "Vụ trưởng Vụ Hợp tác quốc tế", "Nguyễn Tiến Thành");
    let report = ReportText {
        signer_authority: signer.0.into(),
        signer_position: signer.1.into(),
        signer_name: signer.2.into(),
        drafting_unit: "HTQT".into(),
        recipients: "Tổng Giám đốc (để b/c)".into(),
        ..v.report.text.clone()
    };
    let rev = corr::save_report(&svc, &a, cid, 0, report).await?;
    let report = corr::issue_report(&svc, &a, cid, rev, "").await?;
    write(&out, "recommendations-report.pdf", &corr::document_pdf(&svc, &a, cid, report.id).await?.bytes)?;
    let letter = AnswerLetterText {
        signer_authority: signer.0.into(),
        signer_position: signer.1.into(),
        signer_name: signer.2.into(),
        drafting_unit: "HTQT".into(),
        ..v.letter_text.clone()
    };
    let rev = corr::save_answer_letter(&svc, &a, cid, 0, letter).await?;
    for (i, l) in corr::issue_answer_letters(&svc, &a, cid, rev, "", "").await?.iter().enumerate() {
        let pdf = corr::document_pdf(&svc, &a, cid, l.id).await?;
        write(&out, &format!("answer-letter-{}.pdf", i + 1), &pdf.bytes)?;
    }

    let (_, year, entries) = corr::register(&svc, &a, cid, None).await?;
    println!("register {year}: {} lines", entries.len());
    for e in entries.iter().filter(|e| e.kind != hoinghi_domain::correspondence::DocumentKind::Invitation) {
        println!("  {} {} {}", e.symbol, e.issued_on, e.subject);
    }
    Ok(())
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}
