//! In headless Chromium, with the WebAssembly running: an organizer builds a two-day agenda in two
//! tracks, sees a room conflict and a person conflict flagged, publishes, moves one session and cancels
//! another, publishes again, and the change list and the public agenda show exactly that.

use hoinghi_tests::browser::Browser;
use hoinghi_tests::{ADMIN_EMAIL, ADMIN_PASSWORD, Options, Server};

async fn go(b: &Browser, url: &str) {
    b.goto(url).await;
    b.wait_ready().await;
}

async fn add_session(b: &Browser, base: &str, s: (&str, &str, &str, &str, &str, &str)) {
    let (title, day, start, end, room, track) = s;
    go(b, &format!("{base}/sessions/new")).await;
    b.fill("input[name=title]", title).await;
    b.set("select[name=day]", day).await;
    b.set("input[name=start]", start).await;
    b.set("input[name=end]", end).await;
    b.choose("select[name=room_id]", room).await;
    b.choose("select[name=track_id]", track).await;
    b.click("form.stack button[type=submit]").await;
    b.wait_text(".notice", "Đã thêm phiên.").await;
}

async fn add_person_to(b: &Browser, base: &str, title: &str, person: &str, role: &str) {
    go(b, &format!("{base}/agenda")).await;
    b.client.find(fantoccini::Locator::LinkText(title)).await.expect("session link").click().await.unwrap();
    b.wait_text("h1", title).await;
    b.wait_ready().await;
    b.choose("select[name=person_id]", person).await;
    b.choose("select[name=role]", role).await;
    b.click("form.compact button[type=submit]").await;
    b.wait_text(".people-roles", person).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn organizer_builds_publishes_and_changes_an_agenda() {
    let server = Server::start(Options::default()).await.unwrap();
    server.create_admin().await;
    let b = Browser::start(true).await;

    go(&b, &server.url("/login")).await;
    b.fill("input[name=email]", ADMIN_EMAIL).await;
    b.fill("input[name=password]", ADMIN_PASSWORD).await;
    b.click("form button[type=submit]").await;
    b.wait_url("/manage").await;

    go(&b, &server.url("/manage/new")).await;
    b.fill("input[name=title]", "Hội nghị tổng kết năm 2026").await;
    b.set("input[name=starts_on]", "2026-12-10").await;
    b.set("input[name=ends_on]", "2026-12-11").await;
    b.click("form.stack button[type=submit]").await;
    b.wait_url("/manage/c/hoi-nghi-tong-ket-nam-2026").await;
    let base = server.url("/manage/c/hoi-nghi-tong-ket-nam-2026");

    go(&b, &format!("{base}/rooms")).await;
    for room in ["Hội trường A", "Phòng B"] {
        b.fill("form.compact input[name=name]", room).await;
        b.click("form.compact button[type=submit]").await;
        b.wait_text("table.list", room).await;
    }
    for (track, colour) in [("Tổng kết", "#9b1c1c"), ("Tập huấn", "#1e40af")] {
        let forms = b.client.find_all(fantoccini::Locator::Css("form.compact")).await.unwrap();
        let form = forms.last().unwrap();
        form.find(fantoccini::Locator::Css("input[name=name]")).await.unwrap().send_keys(track).await.unwrap();
        let colour_input = form.find(fantoccini::Locator::Css("input[name=color]")).await.unwrap();
        b.client
            .execute(
                "arguments[0].value = arguments[1]",
                vec![serde_json::to_value(&colour_input).unwrap(), serde_json::json!(colour)],
            )
            .await
            .unwrap();
        form.find(fantoccini::Locator::Css("button[type=submit]")).await.unwrap().click().await.unwrap();
        b.wait_text("ul.tracks", track).await;
    }
    // One entry per track (the remove button may wrap under the name, so whitespace is collapsed).
    let mut tracks = Vec::new();
    for li in b.client.find_all(fantoccini::Locator::Css("ul.tracks li")).await.unwrap() {
        tracks.push(li.text().await.unwrap().split_whitespace().collect::<Vec<_>>().join(" "));
    }
    assert_eq!(tracks, ["Tổng kết Xóa", "Tập huấn Xóa"], "the add form is empty again after each add");

    go(&b, &format!("{base}/people")).await;
    b.fill("input[name=family_name]", "Trần").await;
    b.fill("input[name=middle_name]", "Văn").await;
    b.fill("input[name=given_name]", "Nam").await;
    b.fill("input[name=position_title]", "Trưởng phòng Truyền thông").await;
    b.click("form.stack button[type=submit]").await;
    b.wait_text(".notice", "Đã thêm người.").await;

    for s in [
        ("Khai mạc", "2026-12-10", "08:00", "08:30", "Hội trường A", "Tổng kết"),
        ("Báo cáo tổng kết", "2026-12-10", "08:30", "09:30", "Hội trường A", "Tổng kết"),
        ("Chuyên đề kỹ năng", "2026-12-10", "08:30", "10:00", "Phòng B", "Tập huấn"),
        ("Thảo luận", "2026-12-10", "09:00", "10:00", "Hội trường A", "Tổng kết"),
        ("Bế mạc", "2026-12-11", "10:00", "10:30", "Hội trường A", "Tổng kết"),
    ] {
        add_session(&b, &base, s).await;
    }
    add_person_to(&b, &base, "Báo cáo tổng kết", "Trần Văn Nam", "Báo cáo viên").await;
    add_person_to(&b, &base, "Chuyên đề kỹ năng", "Trần Văn Nam", "Giảng viên").await;

    // The editor flags both conflicts.
    go(&b, &format!("{base}/agenda")).await;
    b.wait_text(".conflicts", "Hội trường A: “Báo cáo tổng kết” và “Thảo luận” trùng giờ trong cùng một phòng.").await;
    b.wait_text(".conflicts", "Trần Văn Nam có mặt ở hai phiên cùng lúc: “Báo cáo tổng kết” và “Chuyên đề kỹ năng”.")
        .await;
    b.wait_text(".publish-bar", "chưa được công bố").await;

    b.click(".publish-bar button.primary").await;
    b.wait_url("/versions").await;
    b.wait_text(".version", "Bản số 1").await;
    assert_eq!(b.client.find_all(fantoccini::Locator::Css(".version .change.added")).await.unwrap().len(), 5);

    // Move the discussion to 10:00–11:00 (this also ends the room conflict) and cancel the closing.
    go(&b, &format!("{base}/agenda")).await;
    b.client.find(fantoccini::Locator::LinkText("Thảo luận")).await.unwrap().click().await.unwrap();
    b.wait_text("h1", "Thảo luận").await;
    b.wait_ready().await;
    b.set("form.stack input[name=start]", "10:00").await;
    b.set("form.stack input[name=end]", "11:00").await;
    b.click("form.stack button[type=submit]").await;
    b.wait_text(".notice", "Đã lưu").await;
    go(&b, &format!("{base}/agenda")).await;
    b.client.find(fantoccini::Locator::LinkText("Bế mạc")).await.unwrap().click().await.unwrap();
    b.wait_text("h1", "Bế mạc").await;
    b.wait_ready().await;
    b.click("input[name=cancelled]").await;
    b.click("form.stack button[type=submit]").await;
    b.wait_text(".notice", "Đã lưu").await;

    go(&b, &format!("{base}/agenda")).await;
    b.wait_text(".publish-bar", "có thay đổi chưa công bố").await;
    let conflicts = b.client.find_all(fantoccini::Locator::Css(".conflict")).await.unwrap();
    assert_eq!(conflicts.len(), 1, "only the person conflict is left");
    b.click(".publish-bar button.primary").await;
    b.wait_url("/versions").await;
    b.wait_text(".version", "Bản số 2").await;

    // The change list of version 2 says exactly what changed.
    let latest = b.client.find(fantoccini::Locator::Css(".version")).await.unwrap();
    let changes = latest.find_all(fantoccini::Locator::Css(".change")).await.unwrap();
    let mut texts = Vec::new();
    for c in changes {
        texts.push(c.text().await.unwrap());
    }
    assert_eq!(texts.len(), 2, "{texts:?}");
    assert!(
        texts
            .iter()
            .any(|t| t
                .starts_with("Dời “Thảo luận” từ 10/12/2026 09:00, Hội trường A sang 10/12/2026 10:00, Hội trường A")),
        "{texts:?}"
    );
    assert!(texts.iter().any(|t| t == "Hủy “Bế mạc”."), "{texts:?}");

    // Publish the conference itself, then the public agenda shows the new time and the cancellation.
    go(&b, &base).await;
    b.click(".status-actions button.primary").await;
    b.wait_text(".notice", "Đã công bố hội nghị").await;
    go(&b, &server.url("/c/hoi-nghi-tong-ket-nam-2026/agenda")).await;
    let discussion = b.wait_text(".slot", "Thảo luận").await;
    assert!(discussion.contains("10:00–11:00"), "{discussion}");
    let closing = b.wait_text(".slot", "Bế mạc").await;
    assert!(closing.contains("Đã hủy"), "{closing}");
    let page = b.main_text().await;
    assert!(page.contains("Bản số 2"));
    b.close().await;
    server.stop().await;
}
