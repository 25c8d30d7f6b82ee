//! In headless Chromium: the organizer turns on approval; one delegate registers with JavaScript and
//! another without; the organizer approves the first, who then picks a training class on the private
//! page; the second cancels; at the desk the first is found by a name typed without diacritics and
//! checked in.

use fantoccini::Locator;
use hoinghi_tests::browser::Browser;
use hoinghi_tests::{ADMIN_EMAIL, ADMIN_PASSWORD, Options, Server};

const DEMO: &str = "so-ket-tap-huan-thong-tin-doi-ngoai-2017";

async fn go(b: &Browser, url: &str, javascript: bool) {
    b.goto(url).await;
    if javascript {
        b.wait_ready().await;
    }
}

/// Fills the public form as delegate `given` from Khánh Hòa and sends it; returns the private page URL.
async fn register(b: &Browser, server: &Server, given: &str, email: &str, phone: &str, javascript: bool) -> String {
    go(b, &server.url(&format!("/c/{DEMO}/register")), javascript).await;
    b.fill("input[name=family_name]", "Trần").await;
    b.fill("input[name=middle_name]", "Thị").await;
    b.fill("input[name=given_name]", given).await;
    b.fill("input[name=position_title]", "Chuyên viên").await;
    b.choose("select[name=unit_id]", "Bảo hiểm xã hội tỉnh Khánh Hòa").await;
    b.choose("select[name=admin_unit_code]", "Tỉnh Khánh Hòa").await;
    b.fill("input[name=phone]", phone).await;
    b.fill("input[name=email]", email).await;
    b.click("input[name=consent]").await;
    b.click("form.stack button[type=submit]").await;
    let url = b.wait_url("/r/").await;
    b.wait_text(".notice", "Đã nhận đăng ký.").await;
    url.split('?').next().unwrap().to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn delegates_register_get_approved_change_cancel_and_check_in() {
    let server = Server::start(Options { demo: true, ..Default::default() }).await.unwrap();
    server.create_admin().await;
    let admin = Browser::start(true).await;
    go(&admin, &server.url("/login"), true).await;
    admin.fill("input[name=email]", ADMIN_EMAIL).await;
    admin.fill("input[name=password]", ADMIN_PASSWORD).await;
    admin.click("form button[type=submit]").await;
    admin.wait_url("/manage").await;
    let manage = server.url(&format!("/manage/c/{DEMO}"));

    go(&admin, &format!("{manage}/registration-settings"), true).await;
    admin.click("input[name=requires_approval]").await;
    admin.click("form.stack button[type=submit]").await;
    admin.wait_text(".notice", "Đã lưu thay đổi.").await;

    // With JavaScript, then without: both land on their private page, waiting for approval.
    let js = Browser::start(true).await;
    let first = register(&js, &server, "Hồng", "hong@bhxh-khanhhoa.vn", "0258 3822 001", true).await;
    js.wait_text(".delegate-status", "Chờ duyệt").await;
    let plain = Browser::start(false).await;
    let second = register(&plain, &server, "Lan", "lan@bhxh-khanhhoa.vn", "0258 3822 002", false).await;
    plain.wait_text(".delegate-status", "Chờ duyệt").await;
    assert_ne!(first, second);

    // The organizer approves the first from the list.
    go(&admin, &format!("{manage}/registrations"), true).await;
    admin.wait_text("p.totals", "chờ duyệt 2").await;
    let row = admin
        .client
        .find(Locator::XPath("//tr[.//a[normalize-space()='Trần Thị Hồng']]//input[@type='checkbox']"))
        .await
        .expect("Hồng's row");
    row.click().await.unwrap();
    admin.set("select[name=action]", "approve").await;
    admin.click("form.bulk button[type=submit]").await;
    admin.wait_text(".notice", "Đã duyệt 1.").await;
    admin.wait_text("p.totals", "xác nhận 1 ").await;

    // Approved: the private page shows the badge code; she picks the first training class.
    go(&js, &first, true).await;
    js.wait_text(".delegate-status", "Đã xác nhận").await;
    js.wait_text(".badge-code", "Mã đăng ký:").await;
    js.click("input[name='sessions[]']").await;
    js.click("form:has(input[name='sessions[]']) button[type=submit]").await;
    js.wait_text(".notice", "Đã lưu thay đổi.").await;
    js.wait_text("main", "đã có chỗ").await;

    // Without JavaScript: cancelling needs the box ticked, then it is done.
    go(&plain, &second, false).await;
    plain.click("button.danger").await;
    plain.wait_text(".field-error, .form-error", "Vui lòng đánh dấu xác nhận hủy đăng ký.").await;
    plain.click("input[name=confirm]").await;
    plain.click("button.danger").await;
    plain.wait_text(".delegate-status", "Đã hủy").await;

    // At the desk: "tran thi hong" without diacritics finds her; one click checks her in.
    go(&admin, &format!("{manage}/checkin"), true).await;
    admin.fill("#checkin-q", "tran thi hong").await;
    admin.click("form.checkin-search button[type=submit]").await;
    let card = admin.wait_text(".checkin-card", "Trần Thị Hồng").await;
    assert!(!card.contains("Trần Thị Lan"), "the cancelled delegate is not offered: {card}");
    admin.click(".checkin-card button.primary").await;
    admin.wait_text(".notice", "Đã điểm danh: Trần Thị Hồng.").await;
    admin.wait_text(".checkin-card.done", "✓").await;

    for b in [admin, js, plain] {
        b.close().await;
    }
    server.stop().await;
}
