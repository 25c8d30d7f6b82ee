//! Realistic sample inputs, shared by the tests, the benchmark and previews. Fixed data only (no
//! clock, no randomness), so renderings are reproducible.

use crate::agenda::{Agenda, AgendaDay, AgendaSession};
use crate::badges::{Badge, BadgeSheet};
use crate::certificate::{CertificateBatch, CertificateRecipient};
use crate::delegate_list::{DelegateList, ListedDelegate};
use crate::layout::HeaderSpec;
use crate::letter::{Appendix, Letter, Part, PartColumn, PartRow, Signer};
use crate::minutes::*;
use crate::signin_sheet::{SigninRow, SigninSheet, SigninSheets};
use chrono::{NaiveDate, NaiveTime};

const FAMILY: [&str; 10] = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Đặng", "Đỗ"];
const MIDDLE: [&str; 6] = ["Văn", "Thị", "Minh", "Thu", "Quốc", "Ngọc"];
const GIVEN: [&str; 12] =
    ["An", "Bình", "Dũng", "Đức", "Hương", "Khánh", "Lan", "Nghĩa", "Phúc", "Thảo", "Tuấn", "Ánh"];
pub const PROVINCES: [&str; 8] = [
    "Thành phố Hà Nội",
    "Thành phố Hồ Chí Minh",
    "tỉnh Khánh Hòa",
    "tỉnh Thanh Hóa",
    "tỉnh Đắk Lắk",
    "thành phố Cần Thơ",
    "tỉnh Nghệ An",
    "thành phố Đà Nẵng",
];

/// The n-th of a deterministic sequence of Vietnamese names.
pub fn name(n: usize) -> String {
    format!("{} {} {}", FAMILY[n % 10], MIDDLE[(n / 10) % 6], GIVEN[(n * 7 + n / 60) % 12])
}

pub fn header() -> HeaderSpec {
    HeaderSpec {
        parent_agency: Some("Bộ Tài chính".into()),
        issuing_agency: "Bảo hiểm xã hội Việt Nam".into(),
        number: "07/BB-BHXH".into(),
        place_date: Some("Hà Nội, ngày 18 tháng 9 năm 2017".into()),
        summary: None,
    }
}

const SENTENCES: [&str; 6] = [
    "Hội nghị đã nghe báo cáo tình hình thực hiện nhiệm vụ thu bảo hiểm xã hội, bảo hiểm y tế, bảo hiểm thất nghiệp trong chín tháng đầu năm.",
    "Các đơn vị cần tăng cường phối hợp với cơ quan thuế, ngân hàng và chính quyền địa phương để đôn đốc thu nợ đọng, chống trục lợi quỹ.",
    "Đại diện Vụ Kế hoạch - Tài chính trình bày dự thảo phương án giao chỉ tiêu năm sau, có tài liệu kèm theo.",
    "Việc ứng dụng công nghệ thông tin trong giải quyết thủ tục hành chính đã giúp rút ngắn thời gian xử lý hồ sơ xuống còn 05 ngày làm việc.",
    "Ý kiến thảo luận tập trung vào chính sách hỗ trợ người lao động bị ảnh hưởng, điều chỉnh mức đóng và lộ trình mở rộng đối tượng tham gia.",
    "Thủ trưởng các đơn vị chịu trách nhiệm trước Tổng Giám đốc về kết quả thực hiện chỉ tiêu được giao.",
];

/// About `words` words of proceedings text, in paragraphs of ~5 sentences.
pub fn long_text(words: usize) -> String {
    let mut out = String::new();
    let mut count = 0;
    let mut i = 0;
    while count < words {
        let s = SENTENCES[i % SENTENCES.len()];
        count += s.split_whitespace().count();
        out.push_str(s);
        out.push(if i % 5 == 4 { '\n' } else { ' ' });
        i += 1;
    }
    out
}

/// Minutes of a two-day meeting; `body_words` sets the length of the proceedings.
pub fn minutes(body_words: usize) -> Minutes {
    let day = NaiveDate::from_ymd_opt(2017, 9, 18).unwrap_or_default();
    let at = |d: NaiveDate, h, m| d.and_time(NaiveTime::from_hms_opt(h, m, 0).unwrap_or_default());
    let items = 6;
    Minutes {
        header: header(),
        meeting_name: "Hội nghị triển khai nhiệm vụ thu bảo hiểm xã hội năm 2018".into(),
        start: at(day, 8, 0),
        end: at(day.succ_opt().unwrap_or(day), 11, 30),
        venue: "Hội trường tầng 5, trụ sở Bảo hiểm xã hội Việt Nam, số 7 Tràng Thi, quận Hoàn Kiếm, Hà Nội".into(),
        chair: Person { name: "Nguyễn Thị Minh".into(), position: "Thứ trưởng Bộ Tài chính".into() },
        secretary: Person { name: "Trần Quốc Đức".into(), position: "Chánh Văn phòng".into() },
        attendance: Attendance {
            summary: "Lãnh đạo Bảo hiểm xã hội Việt Nam; thủ trưởng các đơn vị trực thuộc; Giám đốc Bảo hiểm xã hội các tỉnh, thành phố.".into(),
            expected: 120,
            present: 117,
            by_unit: PROVINCES.iter().enumerate().map(|(i, p)| UnitCount { unit: p.to_string(), expected: 15, present: 15 - (i as u32 % 2) }).collect(),
            absentees: vec![
                Absentee { name: "Lê Văn Khánh".into(), unit: "Bảo hiểm xã hội tỉnh Nghệ An".into(), reason: "ốm".into() },
                Absentee { name: "Phạm Thị Thảo".into(), unit: "Bảo hiểm xã hội tỉnh Đắk Lắk".into(), reason: "đi công tác".into() },
            ],
            key_delegates: (0..6)
                .map(|i| KeyDelegate { name: name(i), position: "Giám đốc".into(), unit: format!("Bảo hiểm xã hội {}", PROVINCES[i]) })
                .collect(),
            guests: "Đại diện Ủy ban về các vấn đề xã hội của Quốc hội; Tổng Liên đoàn Lao động Việt Nam.".into(),
        },
        proceedings: (0..items)
            .map(|i| ProceedingItem {
                heading: ["Khai mạc, giới thiệu đại biểu", "Báo cáo kết quả thu năm 2017", "Dự thảo chỉ tiêu năm 2018", "Tham luận của các địa phương", "Thảo luận", "Phát biểu chỉ đạo"][i].into(),
                presenter: name(i + 20),
                body: long_text(body_words / items),
            })
            .collect(),
        opinions: (0..4)
            .map(|i| Opinion {
                speaker: name(i + 40),
                position: "Phó Giám đốc".into(),
                unit: format!("Bảo hiểm xã hội {}", PROVINCES[i + 2]),
                content: SENTENCES[i].into(),
            })
            .collect(),
        conclusions: format!("{}\n{}", SENTENCES[5], SENTENCES[1]),
        tasks: (0..5)
            .map(|i| AssignedTask {
                unit: format!("Bảo hiểm xã hội {}", PROVINCES[i]),
                task: SENTENCES[i % 3].into(),
                deadline: format!("{}/10/2017", 10 + i * 5),
            })
            .collect(),
        adopted: true,
        copies: Some(2),
        recipients: vec!["Bộ Tài chính (để b/c)".into(), "Tổng Giám đốc (để b/c)".into(), "Các đơn vị trực thuộc".into(), "BHXH các tỉnh, thành phố".into()],
    }
}

pub fn agenda() -> Agenda {
    let d = NaiveDate::from_ymd_opt(2017, 9, 18).unwrap_or_default();
    let t = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap_or_default();
    let titles = [
        "Đón tiếp đại biểu, phát tài liệu",
        "Khai mạc hội nghị",
        "Báo cáo kết quả thực hiện nhiệm vụ năm 2017",
        "Nghỉ giải lao",
        "Tham luận của các đơn vị",
        "Thảo luận, kết luận hội nghị",
    ];
    Agenda {
        header: HeaderSpec { number: String::new(), ..header() },
        conference_name: "Hội nghị triển khai nhiệm vụ năm 2018".into(),
        venue: "Trung tâm Hội nghị Quốc gia, Hà Nội".into(),
        days: (0..2)
            .map(|k| AgendaDay {
                date: d + chrono::Days::new(k),
                sessions: titles
                    .iter()
                    .enumerate()
                    .map(|(i, title)| AgendaSession {
                        start: t(7 + i as u32, 30),
                        end: t(8 + i as u32, 30),
                        title: title.to_string(),
                        presenter: name(i + k as usize),
                        room: format!("Phòng {}", 101 + i),
                    })
                    .collect(),
            })
            .collect(),
    }
}

pub fn delegates(n: usize) -> Vec<ListedDelegate> {
    let mut out: Vec<ListedDelegate> = (0..n)
        .map(|i| ListedDelegate {
            name: name(i),
            position: ["Giám đốc", "Phó Giám đốc", "Trưởng phòng", "Chuyên viên"][i % 4].into(),
            unit: format!("{} {}", ["Bảo hiểm xã hội", "Sở Lao động"][i % 2], PROVINCES[i % 8]),
            province: PROVINCES[i % 8].into(),
            note: String::new(),
        })
        .collect();
    out.sort_by_key(|d| (PROVINCES.iter().position(|p| *p == d.province), d.unit.clone()));
    out
}

pub fn delegate_list(n: usize) -> DelegateList {
    DelegateList {
        header: HeaderSpec { number: String::new(), ..header() },
        conference_name: "Hội nghị triển khai nhiệm vụ năm 2018".into(),
        delegates: delegates(n),
    }
}

/// Two days' sheets of `per_day` delegates each, grouped by province and unit.
pub fn signin_sheets(per_day: usize) -> SigninSheets {
    SigninSheets {
        header: HeaderSpec { number: String::new(), place_date: None, ..header() },
        conference_name: "Hội nghị triển khai nhiệm vụ năm 2018".into(),
        sheets: ["Ngày thứ nhất: Thứ Hai, ngày 18 tháng 9 năm 2017", "Ngày thứ hai: Thứ Ba, ngày 19 tháng 9 năm 2017"]
            .iter()
            .map(|title| SigninSheet {
                title: title.to_string(),
                detail: "Hội trường A".into(),
                rows: delegates(per_day)
                    .into_iter()
                    .map(|d| SigninRow {
                        name: d.name,
                        position: d.position,
                        group: format!("{} - {}", d.province, d.unit),
                    })
                    .collect(),
            })
            .collect(),
    }
}

pub fn badges(n: usize) -> BadgeSheet {
    BadgeSheet {
        conference_name: "Hội nghị triển khai nhiệm vụ năm 2018".into(),
        badges: delegates(n)
            .into_iter()
            .enumerate()
            .map(|(i, d)| Badge {
                name: d.name,
                position: d.position,
                unit: d.unit,
                role: if i % 10 == 0 { "Khách mời".into() } else { "Đại biểu".into() },
                qr_payload: format!("https://hoinghi.example.invalid/checkin/{:08}", i * 7919 % 100_000_000),
            })
            .collect(),
    }
}

pub fn certificates() -> CertificateBatch {
    CertificateBatch {
        header: HeaderSpec { number: String::new(), ..header() },
        achievement: "Đã hoàn thành chương trình tập huấn nghiệp vụ thu bảo hiểm xã hội năm 2017".into(),
        place_date: "Hà Nội, ngày 19 tháng 9 năm 2017".into(),
        signer_title: "Tổng Giám đốc".into(),
        signer_name: "Nguyễn Thị Minh".into(),
        recipients: (0..3)
            .map(|i| CertificateRecipient { name: name(i), unit: format!("Bảo hiểm xã hội {}", PROVINCES[i]) })
            .collect(),
    }
}

/// A programme of `days` days, eight sessions a day, long titles and several presenters each: two days
/// fill three pages as an appendix.
pub fn long_programme(days: u64) -> Vec<AgendaDay> {
    let d = NaiveDate::from_ymd_opt(2017, 9, 18).unwrap_or_default();
    let t = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap_or_default();
    let titles = [
        "Đón tiếp đại biểu, phát tài liệu",
        "Khai mạc hội nghị; báo cáo kết quả công tác thông tin đối ngoại giai đoạn 2013–2017 và kế hoạch giai đoạn tới",
        "Tham luận: kinh nghiệm phối hợp với cơ quan báo chí địa phương trong tuyên truyền chính sách bảo hiểm xã hội",
        "Nghỉ giải lao",
        "Thảo luận: nâng cao chất lượng sản phẩm thông tin đối ngoại bằng tiếng nước ngoài",
        "Chuyên đề: kỹ năng trả lời phỏng vấn báo chí nước ngoài về bảo hiểm xã hội, bảo hiểm y tế",
        "Chuyên đề: đóng bảo hiểm xã hội bắt buộc cho người lao động nước ngoài làm việc tại Việt Nam",
        "Kết luận của chủ trì",
    ];
    (0..days)
        .map(|k| AgendaDay {
            date: d + chrono::Days::new(k),
            sessions: titles
                .iter()
                .enumerate()
                .map(|(i, title)| AgendaSession {
                    start: t(7 + i as u32, 30),
                    end: t(8 + i as u32, 15),
                    title: title.to_string(),
                    presenter: (0..1 + i % 3)
                        .map(|j| {
                            format!(
                                "Ông {}, Phó Giám đốc Bảo hiểm xã hội {}",
                                name(i + j + k as usize),
                                PROVINCES[(i + j) % 8]
                            )
                        })
                        .collect::<Vec<_>>()
                        .join("\n"),
                    room: if i % 2 == 0 { "Hội trường A".into() } else { "Phòng họp số 2".into() },
                })
                .collect(),
        })
        .collect()
}

/// The invitation to unit `n` of a batch, with the programme as its appendix.
pub fn invitation(n: usize, programme: &[AgendaDay]) -> Letter {
    let province = PROVINCES[n % 8];
    let unit = format!("Bảo hiểm xã hội {province}");
    let number = format!("{:02}/GM-BHXH", n + 1);
    Letter {
        header: HeaderSpec {
            parent_agency: None,
            issuing_agency: "Bảo hiểm xã hội Việt Nam".into(),
            number: number.clone(),
            place_date: Some("Hà Nội, ngày 18 tháng 8 năm 2017".into()),
            summary: None,
        },
        type_name: "Giấy mời".into(),
        subject: "Dự Hội nghị sơ kết và tập huấn công tác thông tin đối ngoại".into(),
        addressees: vec![format!("Giám đốc {unit}")],
        parts: vec![
            Part::Text("Bảo hiểm xã hội Việt Nam trân trọng kính mời đại biểu của đơn vị tham dự Hội nghị sơ kết và tập huấn công tác thông tin đối ngoại.".into()),
            Part::Labelled { label: "Thời gian:".into(), value: "02 ngày, bắt đầu từ 08 giờ 00 phút, ngày 18 tháng 9 năm 2017.".into() },
            Part::Labelled { label: "Địa điểm:".into(), value: "Hội trường lớn, số 117C Nguyễn Đình Chính, phường Phú Nhuận, Thành phố Hồ Chí Minh.".into() },
            Part::Labelled { label: "Nội dung:".into(), value: "Sơ kết công tác thông tin đối ngoại giai đoạn 2013–2017; tập huấn kỹ năng thông tin đối ngoại.".into() },
            Part::Labelled { label: "Thành phần:".into(), value: "03 đại biểu: lãnh đạo đơn vị và cán bộ làm công tác thông tin đối ngoại.".into() },
            Part::Text("Đề nghị đơn vị gửi danh sách đại biểu trước ngày 05 tháng 9 năm 2017.".into()),
            Part::Qr {
                data: format!("https://hoinghi.example.invalid/n/{}", "x".repeat(43)),
                caption: format!("Đơn vị cử đại biểu trực tuyến tại https://hoinghi.example.invalid/n/{} hoặc quét mã QR bên cạnh.", "x".repeat(43)),
            },
            Part::Text("Thông tin liên hệ: bà Nguyễn Thị Minh, Vụ Hợp tác quốc tế, điện thoại 024 3936 1234./.".into()),
        ],
        signer: Signer { authority: "KT. Tổng Giám đốc".into(), position: "Phó Tổng Giám đốc".into(), name: "Đào Việt Ánh".into() },
        recipients: vec!["Như trên".into(), "Tổng Giám đốc (để b/c)".into(), "Lưu: VT, HTQT".into()],
        appendix: Some(Appendix {
            title: "Chương trình".into(),
            subtitle: "Hội nghị sơ kết và tập huấn công tác thông tin đối ngoại".into(),
            reference: format!("(Kèm theo Giấy mời số {number} ngày 18 tháng 8 năm 2017 của Bảo hiểm xã hội Việt Nam)"),
            venue: String::new(),
            days: programme.to_vec(),
        }),
        field_prefix: format!("gm{:02}-", n + 1),
        title: format!("Giấy mời số {number}"),
    }
}

/// A công văn answering a province's recommendations, with a table.
pub fn answer_letter() -> Letter {
    Letter {
        header: HeaderSpec {
            parent_agency: None,
            issuing_agency: "Bảo hiểm xã hội Việt Nam".into(),
            number: "12/BHXH-HTQT".into(),
            place_date: Some("Hà Nội, ngày 05 tháng 10 năm 2017".into()),
            summary: Some("V/v trả lời kiến nghị của Bảo hiểm xã hội tỉnh Khánh Hòa".into()),
        },
        type_name: String::new(),
        subject: String::new(),
        addressees: vec!["Bảo hiểm xã hội tỉnh Khánh Hòa".into()],
        parts: vec![
            Part::Text("Bảo hiểm xã hội Việt Nam nhận được kiến nghị của Bảo hiểm xã hội tỉnh Khánh Hòa; sau khi xem xét, Bảo hiểm xã hội Việt Nam trả lời như sau:".into()),
            Part::Table {
                columns: vec![
                    PartColumn { header: "STT".into(), weight: 0.0, center: true },
                    PartColumn { header: "Nội dung kiến nghị".into(), weight: 0.5, center: false },
                    PartColumn { header: "Trả lời".into(), weight: 0.5, center: false },
                ],
                rows: vec![
                    PartRow::Group("Chính sách".into()),
                    PartRow::Cells(vec!["1".into(), SENTENCES[0].into(), SENTENCES[5].into()]),
                    PartRow::Cells(vec!["2".into(), SENTENCES[1].into(), SENTENCES[3].into()]),
                ],
            },
            Part::Text("Bảo hiểm xã hội Việt Nam trả lời để Bảo hiểm xã hội tỉnh Khánh Hòa được biết./.".into()),
        ],
        signer: Signer { authority: "TL. Tổng Giám đốc".into(), position: "Vụ trưởng Vụ Hợp tác quốc tế".into(), name: "Nguyễn Tiến Thành".into() },
        recipients: vec!["Như trên".into(), "Lưu: VT, HTQT".into()],
        appendix: None,
        field_prefix: String::new(),
        title: "Trả lời kiến nghị".into(),
    }
}
