//! Renders every document type and checks the PDFs with the real tools (poppler, qpdf).

mod common;

use common::*;
use hoinghi_documents::*;
use std::path::PathBuf;

const A4_W: f32 = 595.28;
const A4_H: f32 = 841.89;
const MM: f32 = 72.0 / 25.4;

fn all_documents(dir: &std::path::Path) -> Vec<(&'static str, PathBuf)> {
    vec![
        ("minutes", write(dir, "minutes.pdf", &render_minutes(&samples::minutes(1500)).unwrap())),
        ("agenda", write(dir, "agenda.pdf", &render_agenda(&samples::agenda()).unwrap())),
        ("delegates", write(dir, "delegates.pdf", &render_delegate_list(&samples::delegate_list(60)).unwrap())),
        ("signin", write(dir, "signin.pdf", &render_signin_sheets(&samples::signin_sheets(30)).unwrap())),
        ("badges", write(dir, "badges.pdf", &render_badges(&samples::badges(10)).unwrap())),
        ("certificates", write(dir, "certificates.pdf", &render_certificates(&samples::certificates()).unwrap())),
    ]
}

#[test]
fn every_document_is_valid_embeds_subset_fonts_and_has_metadata() {
    let d = dir("all");
    for (name, pdf) in all_documents(&d) {
        qpdf_check(&pdf);
        let fonts = fonts_embedded_and_subset(&pdf);
        assert!(fonts.iter().all(|f| f.contains("LiberationSerif")), "{name}: {fonts:?}");
        let info = info(&pdf);
        let size = info.lines().find(|l| l.starts_with("Page size:")).unwrap();
        let dims: Vec<f32> = size.split_whitespace().filter_map(|w| w.parse().ok()).collect();
        let expected = if name == "certificates" { [A4_H, A4_W] } else { [A4_W, A4_H] };
        assert!((dims[0] - expected[0]).abs() < 0.01 && (dims[1] - expected[1]).abs() < 0.01, "{name}: {size}");
        let title = info.lines().find(|l| l.starts_with("Title:")).unwrap();
        assert!(title.len() > "Title:".len() + 5, "{name}: {title}");
        let lang = lopdf::Document::load(&pdf).unwrap();
        let root = lang.trailer.get(b"Root").unwrap().as_reference().unwrap();
        let catalog = lang.get_dictionary(root).unwrap();
        assert_eq!(catalog.get(b"Lang").unwrap().as_str().unwrap(), b"vi", "{name}");
    }
}

#[test]
fn minutes_text_has_all_vietnamese_letters_names_and_numbers() {
    let d = dir("letters");
    let letters: String = vietnamese_letters().into_iter().collect();
    let mut m = samples::minutes(300);
    m.proceedings[0].body = format!("Kiểm tra bảng chữ cái: {letters} kết thúc.");
    let pdf = write(&d, "minutes.pdf", &render_minutes(&m).unwrap());
    for text in [text(&pdf), text_layout(&pdf)] {
        let joined: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        for c in vietnamese_letters() {
            assert!(text.contains(c), "letter {c} (U+{:04X}) missing", c as u32);
        }
        assert!(joined.contains(&letters), "letters not in order");
        for needle in [
            "07/BB-BHXH",
            "BIÊN BẢN",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "Nguyễn Thị Minh",
            "Trần Quốc Đức",
        ] {
            assert!(text.contains(needle), "{needle} missing");
        }
        assert!(text.contains("08 giờ 00 phút, ngày 18 tháng 9 năm 2017"), "start time");
        assert!(text.contains("11 giờ 30 phút, ngày 19 tháng 9 năm 2017"), "end time");
        assert!(text.contains("Hà Nội, ngày 18 tháng 9 năm 2017"));
        assert!(text.contains("Nơi nhận:") && text.contains("Lưu: VT, Hồ sơ."));
    }
}

#[test]
fn words_stay_inside_the_margins_and_body_starts_at_the_left_margin() {
    let d = dir("margins");
    let mut m = samples::minutes(6000);
    m.proceedings[1].body.push_str(&format!("\n{}", "Đ".repeat(500)));
    let pdf = write(&d, "minutes.pdf", &render_minutes(&m).unwrap());
    let (pages, words) = word_boxes(&pdf);
    assert!(pages.len() >= 5, "{} pages", pages.len());
    let (left, right, top, bottom) = (35.0 * MM, 20.0 * MM, 25.0 * MM, 20.0 * MM);
    for w in &words {
        let (pw, ph) = pages[w.page - 1];
        assert!((pw - A4_W).abs() < 0.1 && (ph - A4_H).abs() < 0.1);
        assert!(w.x_min >= left - 0.5 && w.x_max <= pw - right + 0.5, "outside left/right: {w:?}");
        if w.y_max <= top {
            // only the page number lives in the top margin, from page 2, centred
            assert!(w.page >= 2 && w.text == w.page.to_string(), "in top margin: {w:?}");
            let centre = (w.x_min + w.x_max) / 2.0;
            assert!((centre - (left + (pw - left - right) / 2.0)).abs() < 1.0, "page number not centred: {w:?}");
        } else {
            assert!(w.y_min >= top - 1.0 && w.y_max <= ph - bottom + 0.5, "outside top/bottom: {w:?}");
        }
    }
    for page in 2..=pages.len() {
        let min_x = words.iter().filter(|w| w.page == page && w.y_max > top).map(|w| w.x_min).fold(f32::MAX, f32::min);
        assert!((min_x - left).abs() < 1.0, "page {page}: body starts at {min_x}, margin {left}");
    }
    // Justified lines end at the right margin.
    let right_edge = A4_W - right;
    let flush = words.iter().filter(|w| (w.x_max - right_edge).abs() < 0.6).count();
    assert!(flush > 100, "only {flush} words at the right margin");
    assert!(!words.iter().any(|w| w.page == 1 && w.y_max <= top), "page 1 must have no number");
}

#[test]
fn two_hundred_pages_of_proceedings_render() {
    let d = dir("long");
    // ~110k words: about 200 pages
    let m = samples::minutes(110_000);
    let pdf = write(&d, "minutes.pdf", &render_minutes(&m).unwrap());
    qpdf_check(&pdf);
    let n = page_count(&pdf);
    assert!(n > 180, "{n} pages");
    let p = pages(&pdf);
    assert!(p[n - 1].contains("Lưu: VT, Hồ sơ.") || p[n - 2].contains("Lưu: VT, Hồ sơ."));
}

#[test]
fn a_500_character_word_is_broken_inside_the_margins() {
    let d = dir("longword");
    let word: String = "ngànhbảohiểmxãhội".chars().cycle().take(500).collect();
    let mut m = samples::minutes(100);
    m.proceedings[0].body = format!("Trước {word} sau.");
    m.tasks[0].task = word.clone();
    m.meeting_name = word.clone();
    let pdf = write(&d, "minutes.pdf", &render_minutes(&m).unwrap());
    qpdf_check(&pdf);
    let (_, words) = word_boxes(&pdf);
    for w in &words {
        assert!(w.x_max <= A4_W - 20.0 * MM + 0.5 && w.x_min >= 35.0 * MM - 0.5, "{w:?}");
    }
    let joined: String = text(&pdf).chars().filter(|c| !c.is_whitespace()).collect();
    assert!(joined.contains(&format!("Trước{word}sau.")), "word lost");
}

#[test]
fn empty_signature_names_nfd_and_emoji_still_give_valid_pdfs() {
    use unicode_normalization::UnicodeNormalization;
    let d = dir("bad");
    let mut m = samples::minutes(200);
    m.chair.name = String::new();
    m.secretary.name = "   ".into();
    let nfd: String = "Nguyễn Thị Hồng Nhung dự họp".nfd().collect();
    assert_ne!(nfd, "Nguyễn Thị Hồng Nhung dự họp");
    m.proceedings[0].body = format!("{nfd}. Tuyệt vời 👍🏽🎉 xong 🇻🇳.");
    m.opinions[0].speaker = "Lê Văn 😀 An".into();
    let pdf = write(&d, "minutes.pdf", &render_minutes(&m).unwrap());
    qpdf_check(&pdf);
    fonts_embedded_and_subset(&pdf);
    let t = text(&pdf);
    assert!(t.contains("Nguyễn Thị Hồng Nhung dự họp"), "NFD input not NFC in output");
    assert!(!t.contains(nfd.as_str()));
    // 👍🏽 is one "?" (the skin-tone modifier is dropped), 🎉 another; the flag is two code points.
    assert!(t.contains("Tuyệt vời ?? xong ??"), "emoji not replaced: {t}");
    assert!(t.contains("THƯ KÝ") && t.contains("CHỦ TỌA"));

    let mut b = samples::badges(3);
    b.badges[0].name = "😀".into();
    b.badges[1].qr_payload = "x".repeat(5000); // too long for a QR code
    let pdf = write(&d, "badges.pdf", &render_badges(&b).unwrap());
    qpdf_check(&pdf);
}

#[test]
fn table_header_repeats_on_every_page_of_a_long_table() {
    let d = dir("table");
    let pdf = write(&d, "delegates.pdf", &render_delegate_list(&samples::delegate_list(150)).unwrap());
    qpdf_check(&pdf);
    let p = pages(&pdf);
    assert!(p.len() >= 3, "{} pages", p.len());
    for (i, page) in p.iter().enumerate() {
        assert!(page.contains("Họ và tên") && page.contains("Chức vụ"), "header missing on page {}", i + 1);
    }
    let t = text(&pdf);
    for i in 1..=150 {
        let n = i.to_string();
        assert!(t.lines().any(|l| l.trim() == n || l.trim().starts_with(&format!("{n} "))), "row {i} missing");
    }
    assert!(t.contains("Tổng số: 150 đại biểu"));
    // A province or unit heading never ends a page: the last row of each full page is numbered.
    let layout = text_layout(&pdf);
    let layout_pages: Vec<&str> = layout.split('\u{c}').filter(|p| !p.trim().is_empty()).collect();
    for (i, page) in layout_pages.iter().enumerate().take(layout_pages.len() - 1) {
        let last = page.lines().rev().find(|l| !l.trim().is_empty()).unwrap().trim();
        assert!(last.starts_with(|c: char| c.is_ascii_digit()), "page {} ends with a heading: {last}", i + 1);
    }

    let pdf = write(&d, "signin.pdf", &render_signin_sheets(&samples::signin_sheets(40)).unwrap());
    for (i, page) in pages(&pdf).iter().enumerate() {
        assert!(page.contains("Ký tên"), "sign-in header missing on page {}", i + 1);
    }
}

#[test]
fn signature_block_is_never_split() {
    let d = dir("signature");
    // Vary the length so the closing falls at every position on the page.
    for words in (0..24).map(|i| 800 + i * 23) {
        let mut m = samples::minutes(words);
        m.chair.name = "Nguyễn Thị Chủ Tọa".into();
        m.secretary.name = "Trần Văn Thư Ký".into();
        let pdf = write(&d, &format!("m{words}.pdf"), &render_minutes(&m).unwrap());
        let p = pages(&pdf);
        // the signer's name alone on a line (it also appears in the "Chủ trì" line above)
        let with_chair: Vec<usize> =
            (0..p.len()).filter(|&i| p[i].lines().any(|l| l.trim() == "Nguyễn Thị Chủ Tọa")).collect();
        assert_eq!(with_chair.len(), 1, "{words} words");
        let page = &p[with_chair[0]];
        assert!(
            page.contains("Trần Văn Thư Ký") && page.contains("THƯ KÝ") && page.contains("CHỦ TỌA"),
            "{words} words: split"
        );
        assert!(page.contains("Cuộc họp kết thúc vào"), "{words} words: closing line separated");
    }
}

#[test]
fn output_is_deterministic() {
    let m = samples::minutes(2000);
    let a = render_minutes(&m).unwrap();
    let b = render_minutes(&m).unwrap();
    assert!(a == b, "two renderings differ");
    let b1 = render_badges(&samples::badges(5)).unwrap();
    let b2 = render_badges(&samples::badges(5)).unwrap();
    assert!(b1 == b2);
}

#[test]
fn badges_are_eight_per_page_with_qr_codes() {
    let d = dir("badges");
    let pdf = write(&d, "badges.pdf", &render_badges(&samples::badges(17)).unwrap());
    assert_eq!(page_count(&pdf), 3);
    let p = pages(&pdf);
    let names = samples::badges(17).badges;
    for (i, b) in names.iter().enumerate() {
        assert!(p[i / 8].contains(&b.name), "badge {i} not on page {}", i / 8 + 1);
    }
}

#[test]
fn structs_deserialize_from_json() {
    let json = serde_json::json!({
        "header": {"issuing_agency": "Bảo hiểm xã hội Việt Nam", "number": "01/BB-BHXH"},
        "meeting_name": "Họp giao ban",
        "start": "2025-01-05T08:00:00",
        "end": "2025-01-05T09:15:00",
        "venue": "Phòng họp số 2",
        "chair": {"name": "Lê Thị An"},
        "secretary": {"name": "Phạm Văn Bình"}
    });
    let m: Minutes = serde_json::from_value(json).unwrap();
    let d = dir("json");
    let pdf = write(&d, "m.pdf", &render_minutes(&m).unwrap());
    qpdf_check(&pdf);
    let t = text(&pdf);
    assert!(t.contains("08 giờ 00 phút, ngày 05 tháng 01 năm 2025") && t.contains("09 giờ 15 phút"));
    assert_eq!(page_count(&pdf), 1);
}

#[test]
fn letters_carry_empty_signature_fields_and_number_their_appendix_apart() {
    let d = dir("correspondence");
    let programme = samples::long_programme(2);
    let letter = samples::invitation(4, &programme);
    let pdf = write(&d, "invitation.pdf", &render_letter(&letter).unwrap());
    qpdf_check(&pdf);
    fonts_embedded_and_subset(&pdf);
    let fields = signature_fields(&pdf);
    assert_eq!(
        fields,
        vec![("gm05-signer".to_string(), true), ("gm05-agency-seal".to_string(), true)],
        "pdfsig: {fields:?}"
    );
    let p = pages(&pdf);
    let t = text(&pdf);
    for needle in ["GIẤY MỜI", "Số: 05/GM-BHXH", "Kính gửi:", "KT. TỔNG GIÁM ĐỐC", "PHÓ TỔNG GIÁM ĐỐC", "Đào Việt Ánh"]
    {
        assert!(t.contains(needle), "{needle} missing:\n{t}");
    }
    // The letter, then the appendix on pages of its own, numbered from its own first page.
    let appendix = p.iter().position(|page| page.contains("Phụ lục")).expect("appendix");
    assert!(
        appendix >= 1 && p.len() - appendix >= 3,
        "appendix of {} pages from page {}",
        p.len() - appendix,
        appendix + 1
    );
    assert!(p[appendix].contains("(Kèm theo Giấy mời số 05/GM-BHXH"));
    let (_, words) = word_boxes(&pdf);
    let top = 25.0 * MM;
    let number_on = |page: usize| words.iter().find(|w| w.page == page && w.y_max <= top).map(|w| w.text.clone());
    assert_eq!(number_on(1), None, "no number on the letter's first page");
    assert_eq!(number_on(appendix + 1), None, "no number on the appendix's first page");
    assert_eq!(number_on(appendix + 2).as_deref(), Some("2"), "the appendix counts its own pages");
    // Deterministic, fields included.
    assert!(render_letter(&letter).unwrap() == render_letter(&letter).unwrap());

    let pdf = write(&d, "answer.pdf", &render_letter(&samples::answer_letter()).unwrap());
    qpdf_check(&pdf);
    let t = text(&pdf);
    assert!(t.contains("V/v trả lời kiến nghị") && t.contains("Số: 12/BHXH-HTQT") && !t.contains("GIẤY MỜI"), "{t}");
    assert_eq!(signature_fields(&pdf).len(), 2);
}

#[test]
fn thirty_four_invitations_merge_into_one_file_under_two_megabytes() {
    let d = dir("merged");
    let programme = samples::long_programme(2);
    let letters: Vec<Letter> = (0..34).map(|n| samples::invitation(n, &programme)).collect();
    let t = std::time::Instant::now();
    let merged = render_letters(&letters, "Giấy mời").unwrap();
    let ms = t.elapsed().as_millis();
    let pdf = write(&d, "merged.pdf", &merged);
    eprintln!("34 invitations merged: {} pages, {} bytes, {ms} ms (this build)", page_count(&pdf), merged.len());
    assert!(merged.len() < 2 * 1024 * 1024, "{} bytes", merged.len());
    qpdf_check(&pdf);
    fonts_embedded_and_subset(&pdf);
    let fields = signature_fields(&pdf);
    assert_eq!(fields.len(), 68, "two fields per invitation: {fields:?}");
    let mut names: Vec<&String> = fields.iter().map(|(n, _)| n).collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), 68, "field names are unique");
    let t = text(&pdf);
    for n in 1..=34 {
        assert!(t.contains(&format!("Số: {n:02}/GM-BHXH")), "invitation {n} missing");
    }
}

#[test]
fn agenda_columns_fit_their_content() {
    let d = dir("agenda-columns");
    let mut a = samples::agenda();
    a.days = samples::long_programme(2);
    let pdf = write(&d, "agenda.pdf", &render_agenda(&a).unwrap());
    qpdf_check(&pdf);
    let (_, words) = word_boxes(&pdf);
    // Every word printed in the content and "who" columns is a whole word of the input: nothing is cut
    // inside a word or a syllable.
    let mut known: std::collections::HashSet<String> =
        ["Nội", "dung", "Thực", "hiện", "Thứ", "Hai,", "Ba,", "ngày", "18", "19", "tháng", "9", "năm", "2017"]
            .iter()
            .map(|s| s.to_string())
            .collect();
    for day in &a.days {
        for s in &day.sessions {
            for w in [s.title.as_str(), s.presenter.as_str()].join(" ").split_whitespace() {
                known.insert(w.to_string());
            }
        }
    }
    // The column headings: "Nội dung" and "Địa điểm" on one line.
    let head = |a: &str, b: &str| {
        let i = (0..words.len() - 1).find(|&i| words[i].text == a && words[i + 1].text == b);
        words[i.unwrap_or_else(|| panic!("no heading {a} {b}"))].clone()
    };
    let (content, room) = (head("Nội", "dung"), head("Địa", "điểm"));
    let mut checked = 0;
    for w in words.iter().filter(|w| {
        (w.page > 1 || w.y_min >= content.y_min)
            && w.y_min > 25.0 * MM
            && w.x_min >= content.x_min - 1.0
            && w.x_max <= room.x_min
    }) {
        assert!(known.contains(&w.text), "cut word {w:?}");
        checked += 1;
    }
    assert!(checked > 300, "{checked} words checked");
    // Times and room names stay on one line: "Hội trường" is always followed by "A" on the same line.
    for (i, w) in words.iter().enumerate() {
        if w.text == "trường" {
            let next = &words[i + 1];
            assert!(next.text == "A" && (next.y_min - w.y_min).abs() < 1.0, "room name broken: {w:?} {next:?}");
        }
        if w.text.len() == 5 && w.text.as_bytes()[2] == b':' {
            let next = &words[i + 1];
            assert!((next.y_min - w.y_min).abs() < 1.0, "time broken after {w:?}");
        }
    }
    let t = text(&pdf);
    assert!(t.contains("Thứ Hai, ngày 18 tháng 9 năm 2017") && t.contains("Thực hiện"), "{t}");
}

#[test]
fn signin_sheets_come_one_per_day_with_units_grouped() {
    let d = dir("signin");
    let pdf = write(&d, "signin.pdf", &render_signin_sheets(&samples::signin_sheets(8)).unwrap());
    qpdf_check(&pdf);
    let p = pages(&pdf);
    assert_eq!(p.len(), 2, "one page per day for 8 delegates");
    assert!(p[0].contains("Ngày thứ nhất") && p[1].contains("Ngày thứ hai"));
    assert!(p[0].contains("tỉnh Khánh Hòa - Bảo hiểm xã hội tỉnh Khánh Hòa"), "{}", p[0]);
}
