//! Correspondence over HTTP on the demo conference, as a browser without JavaScript: the organizer
//! invites every province (two delegates each), issues the 34 invitations at once (one merged PDF with
//! 68 empty signature fields, a unit mailed its invitation with the PDF and its link), and the unit's
//! coordinator, without an account, nominates two delegates and is refused the third with a clear
//! message; a revoked link answers 404.

use hoinghi_tests::http::{DEMO, Session, input_value};
use hoinghi_tests::{Options, Server};
use reqwest::StatusCode;
use std::process::Command;

fn pdf_tool(tool: &str, args: &[&str], bytes: &[u8]) -> String {
    let dir = std::env::temp_dir().join(format!("hoinghi-corr-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{tool}.pdf"));
    std::fs::write(&path, bytes).unwrap();
    let mut cmd = Command::new(tool);
    cmd.args(args).arg(&path);
    if tool == "pdftotext" {
        cmd.arg("-");
    }
    let out = cmd.output().unwrap_or_else(|e| panic!("{tool}: {e}"));
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

/// The first value of `attr` in an element whose opening tag holds `marker`.
fn after<'a>(html: &'a str, marker: &str) -> Option<&'a str> {
    let at = html.find(marker)? + marker.len();
    Some(&html[at..])
}

#[tokio::test(flavor = "multi_thread")]
async fn invitations_issued_and_a_unit_nominates_within_its_quota() {
    let server = Server::start(Options { demo: true, mail: true, ..Default::default() }).await.unwrap();
    server.create_admin().await;
    let s = Session::new(&server);
    s.sign_in().await;
    let manage = format!("/manage/c/{DEMO}");

    // Two delegates from every unit serving a province.
    let settings = format!("{manage}/registration-settings");
    let (_, html) = s.text(&settings).await;
    let cid = input_value(&html, "conference_id").expect("conference id");
    let r = s
        .post_form(
            &settings,
            "/fn/registration/settings/update",
            &[("conference_id", &cid), ("slug", DEMO), ("waitlist", "true"), ("default_unit_quota", "2")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    let page = format!("{manage}/correspondence/invitations");
    let (status, html) = s.text(&page).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("34 đơn vị được mời; 0 giấy mời đã phát hành."), "{html}");
    // An Giang comes first: its mailbox.
    let an_giang = input_value(&html, "recipients[0][unit_id]").expect("first unit");
    let first_row = after(&html, "name=\"recipients[0][unit_id]\"").unwrap();
    assert!(html[..html.len() - first_row.len()].contains("Bảo hiểm xã hội tỉnh An Giang"), "An Giang first");
    let r = s
        .post_form(
            &page,
            "/fn/correspondence/invitation-recipients",
            &[
                ("slug", DEMO),
                ("recipients[0][unit_id]", &an_giang),
                ("recipients[0][email]", "vanthu@bhxh-angiang.hoinghi.test"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "{}", r.text().await.unwrap());
    // A bad address comes back beside its field.
    let r = s
        .post_form(
            &page,
            "/fn/correspondence/invitation-recipients",
            &[("slug", DEMO), ("recipients[0][unit_id]", &an_giang), ("recipients[0][email]", "không phải email")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.unwrap();
    assert!(hoinghi_tests::http::field_error(&body, "recipients.0.email").is_some(), "{body}");

    // Issue all 34 at once.
    let t = std::time::Instant::now();
    let r = s.post_form(&page, "/fn/correspondence/issue-invitations", &[("slug", DEMO), ("revision", "0")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "{}", r.text().await.unwrap());
    eprintln!("34 invitations issued over HTTP in {} ms (debug build)", t.elapsed().as_millis());
    let (_, html) = s.text(&page).await;
    assert!(html.contains("34 đơn vị được mời; 34 giấy mời đã phát hành."));
    assert!(html.contains("01/GM-BHXH") && html.contains("34/GM-BHXH"));
    let link = after(&html, "<code class=\"link-url\">").unwrap().split('<').next().unwrap().to_string();
    assert!(link.starts_with(&server.base) && link.contains("/n/"), "{link}");
    let path = link.trim_start_matches(&server.base).to_string();

    // The merged file: every invitation, each with two empty signature fields, valid.
    let t = std::time::Instant::now();
    let r = s.get(&format!("{manage}/correspondence/files/invitations.pdf")).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "application/pdf");
    let merged = r.bytes().await.unwrap();
    eprintln!("merged invitations: {} bytes in {} ms (debug build)", merged.len(), t.elapsed().as_millis());
    let text = pdf_tool("pdftotext", &[], &merged);
    for n in 1..=34 {
        assert!(text.contains(&format!("Số: {n:02}/GM-BHXH")), "invitation {n}");
    }
    assert!(pdf_tool("qpdf", &["--check"], &merged).contains("No syntax or stream encoding errors"));
    assert_eq!(pdf_tool("pdfsig", &[], &merged).matches("Signature Field Name").count(), 68);

    // An Giang's mailbox gets its invitation with the PDF and its link.
    let mail = server.mail.as_ref().unwrap().wait_for("vanthu@bhxh-angiang.hoinghi.test", "Giấy mời số").await;
    assert!(mail.body.contains(&link), "{}", mail.body);

    // The coordinator, without an account and without JavaScript.
    let unit = Session::new(&server);
    let r = unit.get(&path).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["cache-control"], "private, no-store");
    assert_eq!(r.headers()["referrer-policy"], "no-referrer");
    let html = r.text().await.unwrap();
    assert!(html.contains("Đơn vị được mời 2 đại biểu; đã cử 0."), "{html}");
    let token = path.trim_start_matches("/n/").to_string();
    let nominate = |given: &'static str, phone: &'static str| {
        let (unit, path, token) = (&unit, path.clone(), token.clone());
        async move {
            unit.post_form(
                &path,
                "/fn/nomination/add",
                &[
                    ("token", &token),
                    ("family_name", "Lê"),
                    ("middle_name", "Thị"),
                    ("given_name", given),
                    ("position_title", "Chuyên viên"),
                    ("phone", phone),
                    ("admin_unit_code", "91"),
                ],
            )
            .await
        }
    };
    for (given, phone) in [("Hạnh", "0296 3800 001"), ("Thu", "0296 3800 002")] {
        let r = nominate(given, phone).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{}", r.text().await.unwrap());
    }
    let r = nominate("Mai", "0296 3800 003").await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let html = r.text().await.unwrap();
    assert!(html.contains("Đơn vị đã cử đủ 2 đại biểu theo giấy mời; không thể cử thêm."), "{html}");
    let (_, html) = unit.text(&path).await;
    assert!(html.contains("Lê Thị Hạnh") && html.contains("Lê Thị Thu") && !html.contains("Lê Thị Mai"));
    let r = unit.get(&format!("{path}/invitation.pdf")).await;
    assert_eq!(r.headers()["content-type"], "application/pdf");

    // The organizer revokes the link: it is gone at once.
    let r = s
        .post_form(
            &page,
            "/fn/correspondence/nomination-link",
            &[("slug", DEMO), ("unit_id", &an_giang), ("action", "revoke")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(unit.get(&path).await.status(), StatusCode::NOT_FOUND);
    // Strangers get none of the organizers' files.
    let r = unit.get(&format!("{manage}/correspondence/files/invitations.pdf")).await;
    assert!(r.status().is_client_error());
    server.stop().await;
}
