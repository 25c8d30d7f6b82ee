//! In headless Chromium: an organizer makes a session's feedback form from the template and opens it; one
//! delegate answers from the private link with JavaScript, another without; the organizer's results page
//! shows the chart and the mean change with each answer.

use fantoccini::Locator;
use hoinghi_tests::browser::Browser;
use hoinghi_tests::http::{DEMO, Session, register_demo_delegate};
use hoinghi_tests::{Options, Server};
use reqwest::StatusCode;

async fn register(server: &Server, n: u32) -> String {
    register_demo_delegate(&Session::new(server), ("Phạm", "", &format!("Góp Ý {n}")), n).await
}

async fn answer(b: &Browser, url: &str, javascript: bool, rating: &str, comment: &str) {
    b.goto(url).await;
    if javascript {
        b.wait_ready().await;
    }
    // Every rating question gets the same mark; the free-text question a comment.
    let radios =
        b.client.find_all(Locator::Css(&format!("fieldset.radios input[type=radio][value='{rating}']"))).await.unwrap();
    assert_eq!(radios.len(), 3, "three rating questions in a session's template");
    for r in radios {
        r.click().await.unwrap();
    }
    b.fill("form.feedback-form textarea", comment).await;
    b.click("form.feedback-form button[type=submit]").await;
    b.wait_url("done=notice-feedback-saved").await;
    b.wait_text(".notice", "Đã ghi nhận góp ý").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn delegates_answer_with_and_without_javascript_and_the_chart_moves() {
    let server = Server::start(Options { demo: true, ..Default::default() }).await.unwrap();
    server.create_admin().await;
    let admin = Session::new(&server);
    admin.sign_in().await;
    let manage = format!("/manage/c/{DEMO}/feedback");
    let (_, overview) = admin.text(&manage).await;
    // The first session offered a form: its uid is in the hidden field of its "create" button.
    let marker = "name=\"session_uid\" value=\"";
    let uid = overview
        .match_indices(marker)
        .map(|(i, _)| overview[i + marker.len()..].split('"').next().unwrap().to_string())
        .find(|u| !u.is_empty())
        .expect("a session without a form");
    let r = admin.post_form(&manage, "/fn/feedback/create", &[("slug", DEMO), ("session_uid", &uid)]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let form_page = r.headers()["location"].to_str().unwrap().to_string();
    let id = form_page.rsplit('/').next().unwrap().to_string();
    let r =
        admin.post_form(&form_page, "/fn/feedback/publish", &[("slug", DEMO), ("id", &id), ("publish", "true")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let results = format!("{form_page}/results");
    let (_, before) = admin.text(&results).await;
    assert!(before.contains("<svg") && before.contains("0 (0%)"), "an empty chart");
    assert!(!before.contains("Điểm trung bình"));

    let first = register(&server, 1).await;
    let second = register(&server, 2).await;
    let js = Browser::start(true).await;
    answer(
        &js,
        &server.url(&format!("{first}/feedback/{id}")),
        true,
        "5",
        "Rất bổ ích <script>alert(1)</script>, cần thêm tài liệu.",
    )
    .await;
    let (_, after_one) = admin.text(&results).await;
    assert!(after_one.contains("Điểm trung bình: 5,00"), "the mean shows");
    assert!(after_one.contains("1 (100%)"));
    let plain = Browser::start(false).await;
    answer(&plain, &server.url(&format!("{second}/feedback/{id}")), false, "3", "Thời gian hơi ngắn.").await;

    // The organizer, in the browser, sees both answers in the chart and the comments.
    let org = Browser::start(true).await;
    org.goto(&server.url("/login")).await;
    org.wait_ready().await;
    org.fill("input[name=email]", hoinghi_tests::ADMIN_EMAIL).await;
    org.fill("input[name=password]", hoinghi_tests::ADMIN_PASSWORD).await;
    org.click("form button[type=submit]").await;
    org.wait_url("/manage").await;
    org.goto(&server.url(&results)).await;
    org.wait_ready().await;
    org.wait_text(".question-result", "Điểm trung bình: 4,00").await;
    let text = org.main_text().await;
    // The comment's markup is shown as text, never run (close() fails on any script error).
    assert!(
        text.contains("Thời gian hơi ngắn.")
            && text.contains("Rất bổ ích <script>alert(1)</script>, cần thêm tài liệu.")
    );
    let svg = org.client.find(Locator::Css(".question-result .chart svg")).await.unwrap().html(false).await.unwrap();
    assert!(svg.contains("1 (50%)"), "{svg}");
    // Editing: the first delegate changes their mark; still two respondents.
    answer(&js, &server.url(&format!("{first}/feedback/{id}")), true, "4", "Đã đọc lại tài liệu.").await;
    org.goto(&server.url(&results)).await;
    org.wait_text(".question-result", "Điểm trung bình: 3,50").await;
    assert!(org.main_text().await.contains("2 người đã trả lời"));
    js.close().await;
    plain.close().await;
    org.close().await;
    server.stop().await;
}
