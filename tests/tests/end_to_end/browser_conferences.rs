//! In a real browser (headless Chromium): an organizer signs in, creates a conference, publishes it and
//! finds it on the public home page, once with JavaScript (the hydrated app) and once without.

use hoinghi_tests::browser::Browser;
use hoinghi_tests::{ADMIN_EMAIL, ADMIN_PASSWORD, Options, Server};

async fn organizer_publishes_a_conference(javascript: bool) {
    let server = Server::start(Options::default()).await.unwrap();
    server.create_admin().await;
    let b = Browser::start(javascript).await;
    let title = if javascript {
        "Hội nghị sơ kết 6 tháng đầu năm (JS)"
    } else {
        "Hội nghị sơ kết 6 tháng đầu năm (không JS)"
    };

    b.goto(&server.url("/login")).await;
    if javascript {
        b.wait_ready().await;
    }
    b.fill("input[name=email]", ADMIN_EMAIL).await;
    b.fill("input[name=password]", "sai mật khẩu").await;
    b.click("form button[type=submit]").await;
    b.wait_text(".field-error", "Email hoặc mật khẩu không đúng.").await;
    b.fill("input[name=password]", ADMIN_PASSWORD).await;
    b.click("form button[type=submit]").await;
    b.wait_url("/manage").await;
    b.wait_text("h1", "Quản lý hội nghị").await;

    b.goto(&server.url("/manage/new")).await;
    if javascript {
        b.wait_ready().await;
    }
    b.fill("input[name=title]", title).await;
    b.fill_date("input[name=starts_on]", "2026-12-10").await;
    b.fill_date("input[name=ends_on]", "2026-12-09").await;
    b.click("form.stack button[type=submit]").await;
    // End before start: the message appears beside the field, and the title is still there.
    b.wait_text("#f-ends_on-error", "Ngày kết thúc không được trước ngày bắt đầu.").await;
    let kept = b.client.find(fantoccini::Locator::Css("input[name=title]")).await.unwrap().prop("value").await.unwrap();
    assert_eq!(kept.as_deref(), Some(title));
    b.fill_date("input[name=ends_on]", "2026-12-11").await;
    b.click("form.stack button[type=submit]").await;
    b.wait_url("/manage/c/").await;
    b.wait_text(".notice", "Đã tạo hội nghị").await;

    if javascript {
        b.wait_ready().await;
    }
    b.click(".status-actions button.primary").await;
    b.wait_text(".notice", "Đã công bố hội nghị").await;
    b.wait_text(".badge", "Đã công bố").await;

    b.goto(&server.url("/")).await;
    b.wait_text(".card h3", title).await;
    b.click(".card h3 a").await;
    b.wait_text("h1", title).await;
    b.wait_text(".details", "10–11/12/2026").await;
    b.close().await;
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn with_javascript() {
    organizer_publishes_a_conference(true).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn without_javascript() {
    organizer_publishes_a_conference(false).await;
}
