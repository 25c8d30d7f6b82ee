//! Minutes and printed documents over HTTP on the demo conference: every PDF route gives a file that
//! qpdf accepts and whose text (pdftotext) holds the expected Vietnamese names and titles; strangers
//! get no PDF; the minutes' conflict and lock work through the forms, as without JavaScript.

use hoinghi_tests::http::Session;
use hoinghi_tests::{Options, Server};
use reqwest::StatusCode;
use std::process::Command;
use std::time::Instant;

const DEMO: &str = "so-ket-tap-huan-thong-tin-doi-ngoai-2017";

fn pdf_text(name: &str, bytes: &[u8]) -> String {
    let dir = std::env::temp_dir().join(format!("hoinghi-docs-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    let check = Command::new("qpdf").arg("--check").arg(&path).output().expect("qpdf");
    assert!(check.status.success(), "qpdf --check {name}: {}", String::from_utf8_lossy(&check.stdout));
    let out = Command::new("pdftotext").args(["-layout"]).arg(&path).arg("-").output().expect("pdftotext");
    assert!(out.status.success());
    if let Ok(preview) = std::env::var("HOINGHI_PREVIEW_DIR") {
        std::fs::create_dir_all(&preview).unwrap();
        let stem = name.trim_end_matches(".pdf");
        Command::new("pdftoppm")
            .args(["-r", "50", "-png", "-f", "1", "-l", "1"])
            .arg(&path)
            .arg(format!("{preview}/{stem}"))
            .status()
            .ok();
    }
    String::from_utf8(out.stdout).unwrap()
}

async fn get_pdf(s: &Session, name: &str) -> (Vec<u8>, String, f64) {
    let t = Instant::now();
    let r = s.get(&format!("/manage/c/{DEMO}/documents/{name}")).await;
    assert_eq!(r.status(), StatusCode::OK, "{name}");
    assert_eq!(r.headers()["content-type"], "application/pdf");
    assert_eq!(r.headers()["cache-control"], "private, no-store");
    let disposition = r.headers()["content-disposition"].to_str().unwrap().to_string();
    assert!(disposition.starts_with("attachment; filename=\"") && disposition.is_ascii(), "{disposition}");
    let bytes = r.bytes().await.unwrap().to_vec();
    let ms = t.elapsed().as_secs_f64() * 1000.0;
    eprintln!("{name}: {} bytes in {ms:.0} ms", bytes.len());
    let text = pdf_text(name, &bytes);
    (bytes, text, ms)
}

async fn register(s: &Session, n: u32) {
    hoinghi_tests::http::register_demo_delegate(s, ("Trần", "Thị", &format!("Hồng {n}")), n).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn every_document_is_a_valid_pdf_with_the_names() {
    let server = Server::start(Options { demo: true, ..Default::default() }).await.unwrap();
    server.create_admin().await;
    let public = Session::new(&server);
    register(&public, 1).await;
    register(&Session::new(&server), 2).await;

    // Strangers get no PDF.
    for name in ["minutes.pdf", "agenda.pdf", "badges.pdf"] {
        let r = public.get(&format!("/manage/c/{DEMO}/documents/{name}")).await;
        assert!(
            matches!(r.status(), StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN | StatusCode::NOT_FOUND),
            "{name}"
        );
        assert_ne!(r.headers().get("content-type").map(|v| v.to_str().unwrap()), Some("application/pdf"));
    }

    let s = Session::new(&server);
    s.sign_in().await;
    let (_, page) = s.text(&format!("/manage/c/{DEMO}/minutes")).await;
    assert!(page.contains("documents/badges.pdf") && page.contains("Biên bản hội nghị"));

    let (_, t, ms) = get_pdf(&s, "minutes.pdf").await;
    eprintln!("minutes (pre-filled, not saved) rendered and served in {ms:.0} ms");
    let flat = t.split_whitespace().collect::<Vec<_>>().join(" ");
    for expected in [
        "BIÊN BẢN",
        "BẢO HIỂM XÃ HỘI VIỆT NAM",
        "Đào Việt Ánh",
        "Khai mạc hội nghị",
        "ngày 18 tháng 9 năm 2017",
        "08 giờ 00 phút",
        "THƯ KÝ",
        "CHỦ TỌA",
        "doanh nghiệp FDI",
    ] {
        assert!(flat.contains(expected), "minutes lack {expected:?}:\n{t}");
    }
    let (_, t, _) = get_pdf(&s, "agenda.pdf").await;
    let flat = t.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("CHƯƠNG TRÌNH") && flat.contains("Thứ Hai, ngày 18 tháng 9 năm 2017"), "{t}");
    let (_, t, _) = get_pdf(&s, "delegates.pdf").await;
    assert!(t.contains("Trần Thị Hồng 1") && t.contains("DANH SÁCH ĐẠI BIỂU"), "{t}");
    let (_, t, _) = get_pdf(&s, "signin.pdf").await;
    assert!(t.contains("Trần Thị Hồng 1") && t.contains("KÝ TÊN"), "{t}");
    let (_, t, _) = get_pdf(&s, "badges.pdf").await;
    assert!(t.contains("Trần Thị Hồng 1") && t.contains("ĐẠI BIỂU"), "{t}");
    // Nobody checked in: no certificates, a clear refusal (not a PDF); a bad threshold is refused too.
    let r = s.get(&format!("/manage/c/{DEMO}/documents/certificates.pdf?threshold=4")).await;
    assert!(r.status().is_client_error());
    assert_ne!(r.headers()["content-type"], "application/pdf");
    let r = s.get(&format!("/manage/c/{DEMO}/documents/certificates.pdf?threshold=abc")).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = s.get(&format!("/manage/c/{DEMO}/documents/nothing.pdf")).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);

    // Checked in at the desk for a training session (plenaries are counted by the day, which earns no
    // hours): a quarter of an hour reaches a threshold of "0,25" hours and earns a certificate; the
    // delegate who was not checked in gets none.
    let desk = format!("/manage/c/{DEMO}/checkin");
    let (_, page) = s.text(&format!("{desk}?q=tran%20thi%20hong%201")).await;
    let session = page
        .match_indices("value=\"session:")
        .map(|(i, _)| page[i + 7..].split('"').next().unwrap().to_string())
        .next()
        .expect("a session at the desk");
    let id = hoinghi_tests::http::input_value(&page, "id").expect("Hồng 1 found at the desk");
    let r =
        s.post_form(&desk, "/fn/checkin/mark", &[("id", &id), ("slug", DEMO), ("scope", &session), ("q", "")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, t, _) = get_pdf(&s, "certificates.pdf?threshold=0,25").await;
    let flat = t.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("GIẤY CHỨNG NHẬN") && flat.contains("Trần Thị Hồng 1"), "{flat}");
    assert!(!flat.contains("Trần Thị Hồng 2"), "only those who attended");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn minutes_conflict_and_lock_through_the_forms() {
    let server = Server::start(Options { demo: true, ..Default::default() }).await.unwrap();
    server.create_admin().await;
    let s = Session::new(&server);
    s.sign_in().await;
    let page = format!("/manage/c/{DEMO}/minutes");
    let form = |revision: &'static str, conclusions: &'static str| {
        vec![
            ("slug", DEMO),
            ("revision", revision),
            ("input[meeting_name]", "Hội nghị sơ kết và tập huấn công tác thông tin đối ngoại"),
            ("input[issuing_agency]", "Bảo hiểm xã hội Việt Nam"),
            ("input[start_date]", "2017-09-18"),
            ("input[start_time]", "08:00"),
            ("input[end_time]", "17:00"),
            ("input[chair_name]", "Đào Việt Ánh"),
            ("input[secretary_name]", "Trần Thị Bích Ngọc"),
            ("input[proceedings][0][heading]", "Khai mạc hội nghị"),
            ("input[proceedings][0][body]", "Ông Đào Việt Ánh phát biểu khai mạc."),
            ("input[conclusions]", conclusions),
        ]
    };
    let r = s.post_form(&page, "/fn/minutes/save", &form("0", "Kết luận thứ nhất.")).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "{}", r.text().await.unwrap());
    // A second editor who also started from nothing: refused, both texts shown, nothing overwritten.
    let r = s.post_form(&page, "/fn/minutes/save", &form("0", "Kết luận thứ hai của người khác.")).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let html = r.text().await.unwrap();
    assert!(html.contains("Người khác đã lưu biên bản trước bạn"), "{html}");
    assert!(html.contains("Kết luận thứ hai của người khác.") && html.contains("Kết luận thứ nhất."));
    // Bad input comes back beside its field.
    let mut bad = form("1", "x");
    bad[6] = ("input[end_time]", "07:00");
    let r = s.post_form(&page, "/fn/minutes/save", &bad).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert_eq!(
        hoinghi_tests::http::field_error(&html, "end_time").as_deref(),
        Some("Giờ kết thúc phải sau giờ bắt đầu.")
    );
    // Read back, make final: then saves are refused with a clear message.
    for action in ["review", "final"] {
        let fields = [("slug", DEMO), ("revision", "1"), ("action", action), ("confirm", "true")];
        let r = s.post_form(&page, "/fn/minutes/state", &fields).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{action}: {}", r.text().await.unwrap());
    }
    let r = s.post_form(&page, "/fn/minutes/save", &form("1", "Sửa sau khi ký.")).await;
    assert!(r.status().is_client_error());
    let html = r.text().await.unwrap();
    assert!(html.contains("Biên bản đã ký ban hành nên đã khóa"), "{html}");
    let r = s.get(&format!("/manage/c/{DEMO}/documents/minutes.pdf")).await;
    let hash = r.headers()["x-content-sha256"].to_str().unwrap().to_string();
    assert_eq!(hash.len(), 64);
    let t = pdf_text("final-minutes.pdf", &r.bytes().await.unwrap());
    assert!(t.contains("Kết luận thứ nhất.") && t.contains("Trần Thị Bích Ngọc"));
    // A correction: a new draft version that names the one it replaces.
    let r = s
        .post_form(
            &page,
            "/fn/minutes/state",
            &[("slug", DEMO), ("revision", "1"), ("action", "correct"), ("reason", "Sửa tên người ghi biên bản")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, html) = s.text(&page).await;
    assert!(
        html.contains("Phiên bản này đính chính phiên bản 1") && html.contains("Sửa tên người ghi biên bản"),
        "{html}"
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_hundred_and_fifty_badges_over_http() {
    let server = Server::start(Options { demo: true, ..Default::default() }).await.unwrap();
    server.create_admin().await;
    let public = Session::new(&server);
    for n in 1..=150 {
        register(&public, n).await;
    }
    let s = Session::new(&server);
    s.sign_in().await;
    let (bytes, text, ms) = get_pdf(&s, "badges.pdf").await;
    eprintln!("150 badges (the demo hall seats 150): {} KB, {ms:.0} ms (release build, over HTTP)", bytes.len() / 1024);
    assert!(text.contains("Trần Thị Hồng 150"));
    server.stop().await;
}
