//! In headless Chromium, with and without JavaScript: the organizer's daily work. Final minutes need a
//! ticked box; an approval says in words who waits because of a unit's quota; the dashboard's figures are
//! the database's; a search among 2,000 registrations answers its first page in under 100 ms; a session
//! moved on the agenda grid shows its conflict before it is saved; the desk checks in a delegate found by
//! part of a code; an organizer sends a private link again. axe-core finds no WCAG 2.2 AA violation on any
//! kind of page.

use fantoccini::Locator;
use hoinghi_tests::browser::Browser;
use hoinghi_tests::http::{DEMO, Session, input_value, register_demo_delegate};
use hoinghi_tests::{ADMIN_EMAIL, ADMIN_PASSWORD, Options, Server};
use sqlx::Connection;
use std::time::{Duration, Instant};

const KHANH_HOA: &str = "Bảo hiểm xã hội tỉnh Khánh Hòa";

async fn go(b: &Browser, url: &str) {
    b.goto(url).await;
    b.wait_ready().await;
}

async fn signed_in(server: &Server, javascript: bool) -> Browser {
    let b = Browser::start(javascript).await;
    go(&b, &server.url("/login")).await;
    b.fill("input[name=email]", ADMIN_EMAIL).await;
    b.fill("input[name=password]", ADMIN_PASSWORD).await;
    b.click("form button[type=submit]").await;
    b.wait_url("/manage").await;
    b
}

async fn admin_session(server: &Server) -> Session {
    let s = Session::new(server);
    s.sign_in().await;
    s
}

async fn db(server: &Server) -> sqlx::AnyConnection {
    sqlx::any::install_default_drivers();
    sqlx::AnyConnection::connect(&server.database_url()).await.expect("the server's database")
}

async fn count(server: &Server, sql: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(sql).fetch_one(&mut db(server).await).await.expect(sql);
    n
}

/// The id of the demo's unit named `name`, from the registration settings page.
async fn unit_id(s: &Session, name: &str) -> String {
    let (_, html) = s.text(&format!("/manage/c/{DEMO}/registration-settings")).await;
    let at = html.find(&format!(">{name}<")).expect("unit option");
    let open = html[..at].rfind("value=\"").unwrap() + 7;
    html[open..].split('"').next().unwrap().to_string()
}

/// Approval needed, and Khánh Hòa's quota set to `quota`.
async fn approval_with_quota(s: &Session, quota: &str) {
    let page = format!("/manage/c/{DEMO}/registration-settings");
    let (_, html) = s.text(&page).await;
    let cid = input_value(&html, "conference_id").unwrap();
    let r = s
        .post_form(
            &page,
            "/fn/registration/settings/update",
            &[("conference_id", &cid), ("slug", DEMO), ("requires_approval", "true"), ("waitlist", "true")],
        )
        .await;
    assert_eq!(r.status(), reqwest::StatusCode::SEE_OTHER, "{}", r.text().await.unwrap());
    let unit = unit_id(s, KHANH_HOA).await;
    let r = s
        .post_form(
            &page,
            "/fn/registration/quota",
            &[("conference_id", &cid), ("slug", DEMO), ("unit_id", &unit), ("quota", quota)],
        )
        .await;
    assert_eq!(r.status(), reqwest::StatusCode::SEE_OTHER, "{}", r.text().await.unwrap());
}

/// The id of the registration whose private page is `private` (from the database).
async fn registration_of(server: &Server, given: &str) -> (i64, String) {
    let (id, code): (i64, String) = sqlx::query_as("SELECT id, code FROM registrations WHERE given_name = $1")
        .bind(given)
        .fetch_one(&mut db(server).await)
        .await
        .unwrap();
    (id, code)
}

#[tokio::test(flavor = "multi_thread")]
async fn final_minutes_need_the_box_ticked_with_and_without_javascript() {
    let server = Server::start(Options { demo: true, ..Default::default() }).await.unwrap();
    server.create_admin().await;
    let page = server.url(&format!("/manage/c/{DEMO}/minutes"));
    for javascript in [true, false] {
        let b = signed_in(&server, javascript).await;
        go(&b, &page).await;
        b.fill("input[name='input[secretary_name]']", "Trần Thị Bích Ngọc").await;
        b.click("form.minutes button[type=submit]").await;
        b.wait_text(".notice", "Đã lưu biên bản").await;
        b.click("form:has(input[name=action][value=review]) button").await;
        b.wait_text(".notice", "Đã chuyển trạng thái").await;
        // The final button looks dangerous and stands apart; without the box it refuses, saying why.
        let button = b.client.find(Locator::Css(".danger-zone button.danger")).await.expect("the final button");
        assert_eq!(button.text().await.unwrap().trim_start_matches("⚠ ").trim(), "Ký ban hành (khóa)");
        let style = b
            .client
            .execute(
                "return getComputedStyle(document.querySelector('.danger-zone button.danger')).backgroundColor",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(style, "rgb(185, 28, 28)", "a solid red button");
        b.click(".danger-zone button.danger").await;
        b.wait_text(".danger-zone .field-error", "không hoàn tác được").await;
        assert!(b.main_text().await.contains("Đang đọc lại"), "still in review");
        b.click(".danger-zone input[name=confirm]").await;
        b.click(".danger-zone button.danger").await;
        b.wait_text(".notice", "Biên bản chính thức đã khóa").await;
        let state: String = sqlx::query_as::<_, (String,)>("SELECT state FROM minutes ORDER BY version DESC LIMIT 1")
            .fetch_one(&mut db(&server).await)
            .await
            .unwrap()
            .0;
        assert_eq!(state, "final");
        if javascript {
            // A correction opens a new draft for the run without JavaScript.
            b.fill("textarea[name=reason]", "Bổ sung tên người ghi biên bản").await;
            b.click("form:has(input[name=action][value=correct]) button[type=submit]").await;
            b.wait_text(".minutes-status", "Bản nháp").await;
        }
        b.close().await;
    }
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn approving_beyond_a_units_quota_says_so_with_and_without_javascript() {
    let server = Server::start(Options { demo: true, ..Default::default() }).await.unwrap();
    server.create_admin().await;
    let s = admin_session(&server).await;
    approval_with_quota(&s, "1").await;
    let public = Session::new(&server);
    for (n, given) in [(1, "Hồng"), (2, "Lan"), (3, "Mai")] {
        register_demo_delegate(&public, ("Trần", "Thị", given), n).await;
    }
    let list = server.url(&format!("/manage/c/{DEMO}/registrations?status=pending"));

    // With JavaScript: two ticked, approved at once.
    let js = signed_in(&server, true).await;
    go(&js, &list).await;
    // Nothing ticked: the message says what is missing, beside the list.
    js.click(".bulk-actions button[type=submit]").await;
    js.wait_text("#f-ids-error", "Chưa chọn đại biểu nào.").await;
    for name in ["Trần Thị Hồng", "Trần Thị Lan"] {
        let xpath = format!("//tr[.//a[normalize-space()='{name}']]//input[@type='checkbox']");
        js.client.find(Locator::XPath(&xpath)).await.expect("a row").click().await.unwrap();
    }
    js.set("select[name=action]", "approve").await;
    js.click(".bulk-actions button[type=submit]").await;
    js.wait_text(".notice", &format!("Đã duyệt 1; 1 vào danh sách chờ vì đã đủ chỉ tiêu của {KHANH_HOA}.")).await;
    js.close().await;

    // Without JavaScript: the row's own button.
    let plain = signed_in(&server, false).await;
    go(&plain, &list).await;
    let xpath = "//tr[.//a[normalize-space()='Trần Thị Mai']]//button[@name='approve_one']";
    plain.client.find(Locator::XPath(xpath)).await.expect("Mai's approve button").click().await.unwrap();
    plain.wait_text(".notice", &format!("Đã duyệt 0; 1 vào danh sách chờ vì đã đủ chỉ tiêu của {KHANH_HOA}.")).await;
    plain.close().await;
    assert_eq!(count(&server, "SELECT COUNT(*) FROM registrations WHERE status = 'waiting'").await, 2);
    assert_eq!(count(&server, "SELECT COUNT(*) FROM registrations WHERE status = 'confirmed'").await, 1);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_dashboard_shows_the_databases_figures_with_and_without_javascript() {
    let server = Server::start(Options { demo: true, ..Default::default() }).await.unwrap();
    server.create_admin().await;
    let s = admin_session(&server).await;
    approval_with_quota(&s, "2").await;
    let public = Session::new(&server);
    for (n, given) in [(1, "Hồng"), (2, "Lan"), (3, "Mai"), (4, "Cúc")] {
        register_demo_delegate(&public, ("Trần", "Thị", given), n).await;
    }
    let manage = format!("/manage/c/{DEMO}");
    let mut approve = Vec::new();
    for given in ["Hồng", "Lan", "Mai"] {
        approve.push(registration_of(&server, given).await.0.to_string());
    }
    let mut fields: Vec<(&str, &str)> = vec![("slug", DEMO), ("action", "approve")];
    fields.extend(approve.iter().map(|id| ("ids[]", id.as_str())));
    let r = s.post_form(&format!("{manage}/registrations"), "/fn/registrations/bulk", &fields).await;
    assert_eq!(r.status(), reqwest::StatusCode::SEE_OTHER);
    let r = s
        .post_form(
            &format!("{manage}/checkin"),
            "/fn/checkin/mark",
            &[("id", &approve[0]), ("slug", DEMO), ("scope", "day:2017-09-18")],
        )
        .await;
    assert_eq!(r.status(), reqwest::StatusCode::SEE_OTHER);

    let expected = [
        (
            "registered",
            count(&server, "SELECT COUNT(*) FROM registrations WHERE status IN ('pending', 'confirmed', 'waiting')")
                .await,
        ),
        ("confirmed", count(&server, "SELECT COUNT(*) FROM registrations WHERE status = 'confirmed'").await),
        ("waiting", count(&server, "SELECT COUNT(*) FROM registrations WHERE status = 'waiting'").await),
        ("pending", count(&server, "SELECT COUNT(*) FROM registrations WHERE status = 'pending'").await),
        ("checked-today", count(&server, "SELECT COUNT(DISTINCT registration_id) FROM checkins").await),
    ];
    assert_eq!(expected.map(|(_, n)| n), [4, 2, 1, 1, 1], "the setup itself");
    for javascript in [true, false] {
        let b = signed_in(&server, javascript).await;
        go(&b, &server.url(&manage)).await;
        for (figure, n) in expected {
            let shown = b
                .client
                .find(Locator::Css(&format!(".figure[data-figure='{figure}'] .number")))
                .await
                .unwrap_or_else(|_| panic!("figure {figure}"))
                .text()
                .await
                .unwrap();
            assert_eq!(shown, n.to_string(), "{figure}");
        }
        // Khánh Hòa against its quota, in the chart and in the table.
        let chart = b.client.find(Locator::Css(".units .chart svg")).await.unwrap().html(false).await.unwrap();
        assert!(chart.contains(KHANH_HOA) && chart.contains("2/2"), "{chart}");
        b.wait_text(".todo-list", "1 đăng ký chờ duyệt").await;
        b.wait_text(".checklist li.done", "Đã công bố chương trình").await;
        b.close().await;
    }
    server.stop().await;
}

/// 2,000 delegates written straight into the database (the public form would take minutes): names
/// repeat, as they do, and differ by position and unit.
async fn two_thousand(server: &Server) -> i64 {
    let mut conn = db(server).await;
    let (cid,): (i64,) =
        sqlx::query_as("SELECT id FROM conferences WHERE slug = $1").bind(DEMO).fetch_one(&mut conn).await.unwrap();
    let families = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng"];
    let middles = ["Văn", "Thị", "Minh", "Ngọc", "Hữu", "Thanh", "Đức"];
    let givens = ["Hùng", "Lan", "Ánh", "Dũng", "Hà", "Sơn", "Tuấn", "Hương", "Đức", "Thảo", "Nga"];
    let mut tx = conn.begin().await.unwrap();
    for i in 0..2000usize {
        let (family, middle, given) = (families[i % 10], middles[(i / 10) % 7], givens[(i / 70) % 11]);
        let name = hoinghi_domain::text::PersonName::new(family, middle, given);
        sqlx::query(
            "INSERT INTO registrations (conference_id, code, token_hash, family_name, middle_name, given_name, position_title, \
             organization, admin_unit_code, phone, phone_key, email, email_key, consent_at, status, search_key, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, '56', $9, $9, $10, $10, 0, $11, $12, 0, 0)",
        )
        .bind(cid)
        .bind(format!("T{:04}-{:05}", i, i * 7 % 100_000))
        .bind(format!("bulk-{i}"))
        .bind(family)
        .bind(middle)
        .bind(given)
        .bind(format!("Chuyên viên phòng {}", i % 20 + 1))
        .bind(format!("Sở Thông tin và Truyền thông số {}", i % 30 + 1))
        .bind(format!("0905{i:06}"))
        .bind(format!("dai.bieu.{i}@example.vn"))
        .bind(if i % 4 == 0 { "pending" } else { "confirmed" })
        .bind(name.search_key())
        .execute(&mut *tx)
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
    cid
}

#[tokio::test(flavor = "multi_thread")]
async fn a_search_among_two_thousand_registrations_answers_quickly_with_and_without_javascript() {
    let server = Server::start(Options { demo: true, ..Default::default() }).await.unwrap();
    server.create_admin().await;
    two_thousand(&server).await;
    let s = admin_session(&server).await;
    let list = format!("/manage/c/{DEMO}/registrations");
    // Every "Nguyễn Văn Hùng", typed without diacritics; then a status and a unit filter; then a code.
    let expected = count(
        &server,
        "SELECT COUNT(*) FROM registrations WHERE family_name = 'Nguyễn' AND middle_name = 'Văn' AND given_name = 'Hùng'",
    )
    .await;
    assert!(expected > 1, "the name repeats");
    let searches = [
        format!("{list}?q=nguyen+van+hung"),
        format!("{list}?q=tran&status=pending"),
        format!("{list}?q=T0123"),
        format!("{list}?offset=1950"),
        list.clone(),
    ];
    for url in &searches {
        s.get(url).await; // warm
        let mut best = Duration::MAX;
        for _ in 0..10 {
            let started = Instant::now();
            let r = s.get(url).await;
            assert_eq!(r.status(), reqwest::StatusCode::OK);
            let html = r.text().await.unwrap();
            best = best.min(started.elapsed());
            assert!(html.contains("class=\"list delegates\""), "{url}");
        }
        eprintln!("first page of {url}: {best:?}");
        assert!(best < Duration::from_millis(100), "{url} took {best:?}");
    }
    let (_, html) = s.text(&searches[0]).await;
    assert!(html.contains(&format!("trong {expected}")), "the count of matches");
    // Same-name people are told apart by position and unit.
    assert!(html.contains("Chuyên viên phòng") && html.contains("Sở Thông tin và Truyền thông số"));

    for javascript in [true, false] {
        let b = signed_in(&server, javascript).await;
        go(&b, &server.url(&list)).await;
        b.wait_text("main .meta", "trong 20").await; // 2,000 and the demo's own
        b.fill("#f-q", "nguyen van hung").await;
        b.click("form.filters button[type=submit]").await;
        b.wait_text("main .meta", &format!("Đại biểu 1–{} trong {expected}", expected.min(50))).await;
        let rows = b.client.find_all(Locator::Css("table.delegates tbody tr")).await.unwrap();
        assert_eq!(rows.len() as i64, expected.min(50));
        // The next page of the whole list, and back.
        go(&b, &server.url(&list)).await;
        b.click(".pager a[rel=next]").await;
        b.wait_text("main .meta", "Đại biểu 51–100").await;
        b.close().await;
    }
    server.stop().await;
}

/// Drags the handle of the session titled `title` onto the grid cell of `day` `start` in the room named
/// `room`, with the pointer events a mouse or a finger makes.
async fn drag(b: &Browser, title: &str, day: &str, start: &str, room: &str) {
    let script = "const [title, day, start, room] = arguments;\
        const card = [...document.querySelectorAll('.grid-session')].find(c => c.querySelector('.what').textContent.trim() === title);\
        const head = [...document.querySelectorAll(`.agenda-grid[data-day='${day}'] .grid-head`)].find(h => h.textContent.trim() === room);\
        const column = getComputedStyle(head).gridColumnStart;\
        const cell = [...document.querySelectorAll(`.agenda-grid[data-day='${day}'] .grid-cell[data-start='${start}']`)]\
          .find(c => getComputedStyle(c).gridColumnStart === column);\
        cell.scrollIntoView({block: 'center'});\
        const grip = card.querySelector('.grip');\
        const g = grip.getBoundingClientRect(), c = cell.getBoundingClientRect(), k = card.getBoundingClientRect();\
        const at = (type, target, x, y) => target.dispatchEvent(new PointerEvent(type, {bubbles: true, clientX: x, clientY: y, pointerId: 1, isPrimary: true}));\
        const gx = g.left + 2, gy = g.top + 2;\
        at('pointerdown', grip, gx, gy);\
        const x = c.left + c.width / 2, y = c.top + (gy - k.top) + 1;\
        at('pointermove', document, x, y);\
        at('pointerup', document, x, y);\
        return cell.dataset.start;";
    let args = vec![title.into(), day.into(), start.into(), room.into()];
    let at = b.client.execute(script, args).await.expect("drag");
    assert_eq!(at, start);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_session_moved_on_the_grid_shows_its_conflict_with_and_without_javascript() {
    let server = Server::start(Options { demo: true, ..Default::default() }).await.unwrap();
    server.create_admin().await;
    let agenda = server.url(&format!("/manage/c/{DEMO}/agenda"));
    let occupied = "Đóng bảo hiểm xã hội bắt buộc cho người lao động nước ngoài từ 1/1/2018";

    // With JavaScript: the handle dragged onto 08:00 of the second day in the great hall.
    let js = signed_in(&server, true).await;
    go(&js, &agenda).await;
    assert!(js.client.find(Locator::Css(".agenda-grid .grid-head")).await.is_ok(), "rooms as columns");
    drag(&js, "Hỏi đáp và trao đổi", "2017-09-19", "08:00", "Hội trường lớn").await;
    js.wait_url("move=").await;
    js.wait_ready().await;
    js.wait_text(".move-preview", occupied).await;
    js.wait_text(".move-preview", "xung đột nếu dời").await;
    let (start,): (i64,) = sqlx::query_as("SELECT starts_at FROM sessions WHERE title = 'Hỏi đáp và trao đổi'")
        .fetch_one(&mut db(&server).await)
        .await
        .unwrap();
    js.click(".move-preview button[type=submit]").await;
    js.wait_text(".notice", "Đã dời phiên.").await;
    js.wait_text(".conflicts", occupied).await;
    let (moved,): (i64,) = sqlx::query_as("SELECT starts_at FROM sessions WHERE title = 'Hỏi đáp và trao đổi'")
        .fetch_one(&mut db(&server).await)
        .await
        .unwrap();
    assert_eq!(start - moved, 2 * 3600, "moved from 10:00 to 08:00");
    js.close().await;

    // Without JavaScript: "Dời", then a time in the form, then the preview, then save.
    let plain = signed_in(&server, false).await;
    go(&plain, &agenda).await;
    plain
        .client
        .find(Locator::XPath(
            "//article[.//a[normalize-space()='Kết luận và bế mạc hội nghị']]//p[@class='move-link']/a",
        ))
        .await
        .expect("the move link")
        .click()
        .await
        .unwrap();
    plain.wait_text(".move-panel h2", "Kết luận và bế mạc hội nghị").await;
    plain.set("#move-start", "08:15").await;
    plain.click(".move-form button[type=submit]").await;
    plain.wait_text(".move-preview", occupied).await;
    plain.click(".move-preview button[type=submit]").await;
    plain.wait_text(".notice", "Đã dời phiên.").await;
    plain.close().await;
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_desk_checks_in_a_delegate_found_by_part_of_a_code_with_and_without_javascript() {
    let server = Server::start(Options { demo: true, ..Default::default() }).await.unwrap();
    server.create_admin().await;
    let public = Session::new(&server);
    register_demo_delegate(&public, ("Trần", "Thị", "Hồng"), 1).await;
    register_demo_delegate(&public, ("Lê", "Văn", "Tám"), 2).await;
    let desk = server.url(&format!("/manage/c/{DEMO}/checkin?scope=day:2017-09-18"));
    for (javascript, given, full) in [(true, "Hồng", "Trần Thị Hồng"), (false, "Tám", "Lê Văn Tám")] {
        let (_, code) = registration_of(&server, given).await;
        let part = code.replace('-', "")[2..7].to_lowercase();
        let b = signed_in(&server, javascript).await;
        go(&b, &desk).await;
        // Typed from the badge: five characters from its middle, then Enter.
        b.fill("#checkin-q", &format!("{part}\u{E007}")).await;
        b.wait_text(".checkin-card", full).await;
        // The focus is on the check-in button: Enter again checks in.
        let focused = async {
            for _ in 0..100 {
                let active = b.client.active_element().await.unwrap();
                if active.attr("data-checkin").await.unwrap().is_some() {
                    return active;
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            panic!("the check-in button never had the focus")
        }
        .await;
        focused.send_keys("\u{E007}").await.unwrap();
        b.wait_text(".notice", &format!("Đã điểm danh: {full}.")).await;
        b.wait_text(".checkin-card.done", full).await;
        // The search is empty again for the next in line.
        let q = b.client.find(Locator::Css("#checkin-q")).await.unwrap().prop("value").await.unwrap();
        assert_eq!(q.as_deref(), Some(""));
        b.close().await;
    }
    assert_eq!(count(&server, "SELECT COUNT(*) FROM checkins WHERE scope = 'day:2017-09-18'").await, 2);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn only_the_organizers_pages_fetch_the_organizers_islands() {
    let server = Server::start(Options { demo: true, ..Default::default() }).await.unwrap();
    server.create_admin().await;
    let wasm = |files: Vec<String>| files.into_iter().filter(|f| f.ends_with(".wasm")).collect::<Vec<_>>();
    let b = signed_in(&server, true).await;
    go(&b, &server.url(&format!("/c/{DEMO}/register"))).await;
    let delegate = wasm(b.fetched_site_files().await);
    assert_eq!(delegate.len(), 1, "a delegate's page fetches the main bundle only: {delegate:?}");
    b.assert_clean_console().await;
    // The desk's search and camera, and the agenda grid's dragging, are lazy islands: their code comes in
    // WebAssembly of its own, fetched by their pages only, and they still wake up (wait_ready).
    for page in ["checkin", "agenda"] {
        go(&b, &server.url(&format!("/manage/c/{DEMO}/{page}"))).await;
        let own: Vec<String> =
            wasm(b.fetched_site_files().await).into_iter().filter(|f| !delegate.contains(f)).collect();
        assert!(!own.is_empty(), "{page}: the organizers' islands come in WebAssembly of their own");
        b.assert_clean_console().await;
    }
    b.close().await;
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_organizer_sends_the_private_link_again_with_and_without_javascript() {
    let server = Server::start(Options { demo: true, mail: true, ..Default::default() }).await.unwrap();
    server.create_admin().await;
    let private = register_demo_delegate(&Session::new(&server), ("Trần", "Thị", "Hồng"), 1).await;
    let email = "dai.bieu.1@bhxh-khanhhoa.vn";
    let sink = server.mail.as_ref().unwrap();
    sink.wait_for(email, "Đăng ký tham dự").await;
    let (id, _) = registration_of(&server, "Hồng").await;
    let detail = server.url(&format!("/manage/c/{DEMO}/registrations/{id}"));
    for (javascript, expected) in [(true, 2), (false, 3)] {
        let b = signed_in(&server, javascript).await;
        go(&b, &detail).await;
        b.click("form.send-link button[type=submit]").await;
        b.wait_text(".notice", &format!("Đã xếp thư gửi lại đường dẫn riêng tới {email}")).await;
        b.close().await;
        let mut mails = Vec::new();
        for _ in 0..100 {
            mails = sink.messages().into_iter().filter(|m| m.to.iter().any(|t| t == email)).collect::<Vec<_>>();
            if mails.len() == expected {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert_eq!(mails.len(), expected);
        let last = mails.last().unwrap();
        assert!(last.body.contains(&format!("{}{private}", server.base)), "the same link: {}", last.body);
    }
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn every_kind_of_page_passes_axe_core() {
    let server = Server::start(Options { demo: true, ..Default::default() }).await.unwrap();
    server.create_admin().await;
    let s = admin_session(&server).await;
    approval_with_quota(&s, "5").await;
    let private = register_demo_delegate(&Session::new(&server), ("Trần", "Thị", "Hồng"), 1).await;
    let (id, _) = registration_of(&server, "Hồng").await;
    let r = s
        .post_form(
            &format!("/manage/c/{DEMO}/registrations"),
            "/fn/registrations/bulk",
            &[("slug", DEMO), ("action", "approve"), ("ids[]", &id.to_string())],
        )
        .await;
    assert_eq!(r.status(), reqwest::StatusCode::SEE_OTHER);
    // A feedback form for the conference, open, so its pages exist.
    let r = s
        .post_form(&format!("/manage/c/{DEMO}/feedback"), "/fn/feedback/create", &[("slug", DEMO), ("session_uid", "")])
        .await;
    let form = r.headers()["location"].to_str().unwrap().split('?').next().unwrap().to_string();
    let form_id = form.rsplit('/').next().unwrap().to_string();
    let r = s.post_form(&form, "/fn/feedback/publish", &[("slug", DEMO), ("id", &form_id), ("publish", "true")]).await;
    assert_eq!(r.status(), reqwest::StatusCode::SEE_OTHER);
    let mut conn = db(&server).await;
    let (session_id, uid): (i64, String) =
        sqlx::query_as("SELECT id, uid FROM sessions WHERE title = 'Hỏi đáp và trao đổi'")
            .fetch_one(&mut conn)
            .await
            .unwrap();
    let (person,): (i64,) = sqlx::query_as("SELECT MIN(id) FROM people").fetch_one(&mut conn).await.unwrap();
    let m = format!("/manage/c/{DEMO}");
    let c = format!("/c/{DEMO}");
    let public = [
        "/".to_string(),
        c.clone(),
        format!("{c}/agenda"),
        format!("{c}/sessions/{uid}"),
        format!("{c}/speakers"),
        format!("{c}/speakers/{person}"),
        format!("{c}/register"),
        format!("{c}/register/link"),
        format!("{c}/feedback/{form_id}"),
        private.clone(),
        format!("{private}/feedback/{form_id}"),
        "/login".into(),
        "/no-such-page".into(),
    ];
    let organizer = [
        "/manage".to_string(),
        "/manage/new".into(),
        m.clone(),
        format!("{m}/settings"),
        format!("{m}/agenda"),
        format!("{m}/agenda?move={session_id}&day=2017-09-19&start=08:00&room_id="),
        format!("{m}/sessions/new"),
        format!("{m}/sessions/{session_id}"),
        format!("{m}/rooms"),
        format!("{m}/people"),
        format!("{m}/people/{person}"),
        format!("{m}/versions"),
        format!("{m}/registrations"),
        format!("{m}/registrations?q=tran&status=confirmed"),
        format!("{m}/registrations/{id}"),
        format!("{m}/registrations/new"),
        format!("{m}/registrations/import"),
        format!("{m}/registration-settings"),
        format!("{m}/checkin"),
        format!("{m}/checkin?q=hong"),
        format!("{m}/outbox"),
        format!("{m}/feedback"),
        format!("{m}/feedback/{form_id}"),
        format!("{m}/feedback/{form_id}/results"),
        format!("{m}/recommendations"),
        format!("{m}/minutes"),
        "/account/tokens".into(),
        "/admin/users".into(),
    ];
    let visitor = Browser::start(true).await;
    let b = signed_in(&server, true).await;
    let mut problems = Vec::new();
    for (who, pages) in [(&visitor, &public[..]), (&b, &organizer[..])] {
        for page in pages {
            go(who, &server.url(page)).await;
            let found = who.axe_violations().await;
            eprintln!("axe {page}: {} violations", found.len());
            problems.extend(found.into_iter().map(|v| format!("{page}: {v}")));
            who.assert_clean_console().await;
        }
    }
    assert!(problems.is_empty(), "WCAG 2.2 AA violations:\n{}", problems.join("\n"));

    // Screenshots for people to look at (HOINGHI_SCREENSHOTS=folder), at a phone's width and a laptop's.
    for width in [390, 1366] {
        for (name, page) in [
            ("dashboard", m.clone()),
            ("agenda-grid", format!("{m}/agenda")),
            ("checkin", format!("{m}/checkin?q=hong")),
        ] {
            go(&b, &server.url(&page)).await;
            b.screenshot(name, width).await;
        }
        go(&visitor, &server.url(&format!("{c}/register"))).await;
        visitor.screenshot("register", width).await;
    }
    visitor.close().await;
    b.close().await;
    server.stop().await;
}
