//! In headless Chromium: the organizer invites every province (two delegates each) and issues the
//! invitations from the invitations page; a unit's coordinator opens the nomination link in a browser
//! without JavaScript, nominates two delegates, and is refused the third with a clear message.

use hoinghi_tests::browser::Browser;
use hoinghi_tests::{ADMIN_EMAIL, ADMIN_PASSWORD, Options, Server};

const DEMO: &str = "so-ket-tap-huan-thong-tin-doi-ngoai-2017";

/// Fills the nomination form and sends it, as a browser without script.
async fn nominate(b: &Browser, given: &str, phone: &str) {
    b.fill("input[name=family_name]", "Lê").await;
    b.fill("input[name=middle_name]", "Thị").await;
    b.fill("input[name=given_name]", given).await;
    b.fill("input[name=position_title]", "Chuyên viên").await;
    b.fill("input[name=phone]", phone).await;
    b.click("form.nomination button[type=submit]").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn organizer_issues_invitations_and_a_coordinator_nominates_without_javascript() {
    let server = Server::start(Options { demo: true, ..Default::default() }).await.unwrap();
    server.create_admin().await;
    let admin = Browser::start(true).await;
    admin.goto(&server.url("/login")).await;
    admin.wait_ready().await;
    admin.fill("input[name=email]", ADMIN_EMAIL).await;
    admin.fill("input[name=password]", ADMIN_PASSWORD).await;
    admin.click("form button[type=submit]").await;
    admin.wait_url("/manage").await;
    let manage = server.url(&format!("/manage/c/{DEMO}"));

    // Two delegates from every unit serving a province.
    admin.goto(&format!("{manage}/registration-settings")).await;
    admin.wait_ready().await;
    admin.fill("input[name=default_unit_quota]", "2").await;
    admin.click("form.stack button[type=submit]").await;
    admin.wait_text(".notice", "Đã lưu thay đổi.").await;

    // The invitations page lists the 34 provinces; one click issues them all.
    admin.goto(&format!("{manage}/correspondence/invitations")).await;
    admin.wait_ready().await;
    admin.wait_text("p.meta", "34 đơn vị được mời; 0 giấy mời đã phát hành.").await;
    admin.click("form.issue-invitations button[type=submit]").await;
    admin.wait_text(".notice", "Đã phát hành giấy mời").await;
    admin.wait_text("p.meta", "34 giấy mời đã phát hành.").await;
    let link = admin.wait_text("code.link-url", "/n/").await;
    admin.close().await;

    // The coordinator of the first unit (An Giang), without JavaScript and without an account.
    let unit = Browser::start(false).await;
    unit.goto(&link).await;
    unit.wait_text(".nomination-quota", "Đơn vị được mời 2 đại biểu; đã cử 0.").await;
    nominate(&unit, "Hạnh", "0296 3800 001").await;
    unit.wait_text(".notice", "Đã cử đại biểu.").await;
    nominate(&unit, "Thu", "0296 3800 002").await;
    unit.wait_text(".notice", "Đã cử đại biểu.").await;
    unit.wait_text(".nomination-quota", "đã cử 2.").await;
    nominate(&unit, "Mai", "0296 3800 003").await;
    unit.wait_text(".form-error", "Đơn vị đã cử đủ 2 đại biểu theo giấy mời; không thể cử thêm.").await;
    let main = unit.main_text().await;
    assert!(main.contains("Lê Thị Hạnh") && main.contains("Lê Thị Thu") && !main.contains("Lê Thị Mai"), "{main}");
    unit.close().await;
    server.stop().await;
}
