//! In headless Chromium, with JavaScript on: a script stored by an anonymous registrant never runs in an
//! organizer's browser, and no page of the site reports a script error, a CSP violation or a hydration
//! warning. The release build, as scripts/run serves it.

use hoinghi_tests::browser::Browser;
use hoinghi_tests::{ADMIN_EMAIL, ADMIN_PASSWORD, Options, Server};

const DEMO: &str = "so-ket-tap-huan-thong-tin-doi-ngoai-2017";
/// Sets a flag if it ever runs, wherever it lands.
const PAYLOAD: &str = "</title></textarea><script>window.__hn=1</script><img src=x onerror=window.__hn=2>";

async fn visit(b: &Browser, url: &str) {
    b.goto(url).await;
    b.wait_ready().await;
    let ran = b.client.execute("return window.__hn || 0", vec![]).await.unwrap_or_default();
    assert_eq!(ran, serde_json::json!(0), "a stored script ran on {url}");
    b.assert_clean_console().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_stored_script_never_runs_and_no_page_reports_a_problem() {
    let server = Server::start(Options { demo: true, ..Default::default() }).await.unwrap();
    server.create_admin().await;

    // An anonymous visitor registers with the payload in their names and answers, with JavaScript on.
    let delegate = Browser::start(true).await;
    visit(&delegate, &server.url(&format!("/c/{DEMO}/register"))).await;
    delegate.fill("input[name=family_name]", PAYLOAD).await;
    delegate.fill("input[name=given_name]", "An").await;
    delegate.fill("input[name=position_title]", PAYLOAD).await;
    delegate.choose("select[name=unit_id]", "Bảo hiểm xã hội tỉnh Khánh Hòa").await;
    delegate.choose("select[name=admin_unit_code]", "Tỉnh Khánh Hòa").await;
    delegate.fill("input[name=phone]", "0258 3822 901").await;
    delegate.fill("input[name=email]", "an.payload@bhxh-khanhhoa.vn").await;
    delegate.click("input[name=consent]").await;
    delegate.click("form.stack button[type=submit]").await;
    let private = delegate.wait_url("/r/").await;
    let private = private.split('?').next().unwrap().to_string();
    visit(&delegate, &private).await;
    // A refused post with JavaScript shows its errors in place, without a reload.
    visit(&delegate, &server.url(&format!("/c/{DEMO}/register"))).await;
    delegate.fill("input[name=given_name]", PAYLOAD).await;
    delegate.client.execute("window.__same_page = 1", vec![]).await.unwrap();
    delegate.click("form.stack button[type=submit]").await;
    delegate.wait_text("#f-family_name-error:not([hidden])", "Vui lòng").await;
    let same = delegate.client.execute("return window.__same_page || 0", vec![]).await.unwrap();
    assert_eq!(same, serde_json::json!(1), "the errors came without a reload");
    let ran = delegate.client.execute("return window.__hn || 0", vec![]).await.unwrap_or_default();
    assert_eq!(ran, serde_json::json!(0));
    delegate.assert_clean_console().await;

    // The organizer opens every page where the registrant's text lands, and the rest of the site.
    let admin = Browser::start(true).await;
    visit(&admin, &server.url("/login")).await;
    admin.fill("input[name=email]", ADMIN_EMAIL).await;
    admin.fill("input[name=password]", ADMIN_PASSWORD).await;
    admin.click("form button[type=submit]").await;
    admin.wait_url("/manage").await;
    admin.assert_clean_console().await;
    let manage = format!("/manage/c/{DEMO}");
    let mut pages: Vec<String> = [
        "",
        "/agenda",
        "/rooms",
        "/people",
        "/versions",
        "/registrations",
        "/registrations/new",
        "/registrations/import",
        "/registration-settings",
        "/checkin",
        "/checkin?q=an",
        "/minutes",
        "/outbox",
        "/feedback",
        "/recommendations",
    ]
    .iter()
    .map(|p| format!("{manage}{p}"))
    .collect();
    pages.extend(["/manage".to_string(), "/manage/new".into(), "/admin/users".into(), "/account/tokens".into()]);
    pages.extend(["", "/agenda", "/speakers", "/register", "/register/link"].iter().map(|p| format!("/c/{DEMO}{p}")));
    pages.extend(["/".to_string(), "/no/such/page".into()]);
    for p in &pages {
        visit(&admin, &server.url(p)).await;
    }
    // Every registration's own page, and every session's and speaker's.
    for list in [format!("{manage}/registrations"), format!("/c/{DEMO}/agenda"), format!("/c/{DEMO}/speakers")] {
        admin.goto(&server.url(&list)).await;
        let hrefs: Vec<String> = serde_json::from_value(
            admin
                .client
                .execute("return [...document.querySelectorAll('main a')].map(a => a.getAttribute('href'))", vec![])
                .await
                .unwrap_or_default(),
        )
        .unwrap_or_default();
        for h in hrefs
            .into_iter()
            .filter(|h| h.starts_with('/') && !h.ends_with(".ics") && !h.ends_with(".csv") && !h.ends_with(".xlsx"))
            .filter(|h| !h.ends_with(".xml") && !h.ends_with(".json") && !h.contains("/lang/"))
            .take(12)
        {
            visit(&admin, &server.url(&h)).await;
        }
    }
    // Islands started where there are forms, and the desk's search is live.
    admin.goto(&server.url(&format!("{manage}/checkin"))).await;
    admin.wait_ready().await;
    let live = admin.client.execute("return !!document.querySelector('form[data-live]')", vec![]).await.unwrap();
    assert_eq!(live, serde_json::json!(true), "the check-in search island started");
    admin.fill("input[name=q]", "an").await;
    admin.wait_text("#checkin-results", "An").await;
    admin.assert_clean_console().await;

    delegate.close().await;
    admin.close().await;
    server.stop().await;
}
